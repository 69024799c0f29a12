#pragma once
// Loaded and compiled content: every pack's parsers and rules, sharing one
// FieldRegistry. Built once by load_content and then used read-only.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "context/context_tables.h"
#include "correlate/correlation_set.h"
#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "derived_fields.h"
#include "enrich/enricher.h"
#include "models/model_set.h"
#include "models/rule_binding.h"
#include "parse/parser_set.h"
#include "parse/record_parser.h"
#include "rules/rule_set.h"

namespace trailproof::harness {

// pack.yml, as far as loading needs it (the validator reads `documented:` itself).
struct PackInfo {
    std::string id;
    std::string title;
    std::string vendor;
    std::string dir;       // the pack's folder, as given on the command line
    bool plain_sigma = false; // `sigma: true`: ids must be UUIDs
    std::map<std::string, std::string, std::less<>> field_map; // rule field name -> event field name
    std::vector<std::string> parser_files;
    std::vector<std::string> parser_names; // the parsers this pack declares, in order
    std::vector<std::string> rule_files;
    std::vector<std::string> model_files;
    std::string context_dir; // the pack's context/ folder, or "" when it has none
    // `reuse: {pack, rules, models}`: content taken from another pack instead of copied.
    std::string reuse_pack;
    std::vector<std::string> reuse_rules;
    std::vector<std::string> reuse_models;
    std::vector<DerivedFieldInfo> derived; // `field_derived:`
};

// Run-time choices that change what content compiles to.
struct ContentOptions {
    std::vector<std::string> context_dirs; // --context: tables that replace the packs' tables of the same name
    enrich::EnrichOptions enrich;          // --geoip-country, --geoip-asn
};

// Not movable: the enricher and enriched events view the context tables in place.
struct Content {
    Content() = default;
    Content(const Content&) = delete;
    Content& operator=(const Content&) = delete;

    FieldRegistry registry;
    std::vector<PackInfo> packs;
    // Parser groups: group 0 is the built-in CloudTrail parser alone; each pack
    // with parsers has a group of its parsers followed by the built-in one.
    std::vector<parse::ParserSet> parser_groups;
    std::vector<std::size_t> pack_parser_group; // [pack] -> index into parser_groups
    std::vector<rules::RuleSet> rule_sets;      // one per pack (ids are unique per pack)
    std::vector<std::vector<alerts::AlertSource>> alert_sources; // [pack][rule]
    // Behavioural models and the rules bound to them, per pack (held by pointer:
    // model and correlation states keep references to them).
    std::vector<std::unique_ptr<models::ModelSet>> model_sets;      // [pack]
    std::vector<std::unique_ptr<models::RuleBindings>> bindings;    // [pack]
    std::vector<std::unique_ptr<correlate::CorrelationSet>> correlation_sets; // [pack]
    std::vector<std::vector<alerts::AlertSource>> correlation_sources;       // [pack][correlation]
    std::vector<std::unique_ptr<DerivedFields>> derived;                     // [pack]
    std::unique_ptr<alerts::AlertBuilder> alert_builder;
    context::ContextTables context;             // every pack's context/ tables, then --context overrides
    enrich::Enricher enricher;                  // only the derived fields some rule uses
};

// Finds the packs under each path: a folder with pack.yml is one pack; a folder
// whose subfolders hold pack.yml files is a set of packs; any other folder is a
// bare rules folder (every *.yml below it is a Sigma rule), e.g. SigmaHQ's rules.
// Reads, checks and compiles all of them; every diagnostic of every file lands in
// the result. `out` is usable only when the result is successful.
[[nodiscard]] LoadResult load_content(const std::vector<std::string>& paths, Content& out,
                                      const ContentOptions& options = {});

} // namespace trailproof::harness
