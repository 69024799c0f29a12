#pragma once
// The engine's loaded content: every pack compiled, sharing one FieldRegistry,
// one set of context tables and one enricher. load() builds it on the side and
// hands it out only when the whole load succeeded; from then on it never
// changes and is shared const by every detector and thread (falco's
// load_rules: compile aside, swap in whole).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "context/context_tables.h"
#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "correlate/correlation_set.h"
#include "enrich/derived_fields.h"
#include "enrich/enricher.h"
#include "load/content_limits.h"
#include "load/pack_info.h"
#include "load/pack_source.h"
#include "models/model_set.h"
#include "models/rule_binding.h"
#include "parse/parser_set.h"
#include "rules/rule_set.h"

namespace trailproof::load {

// Run-time choices that change what content compiles to.
struct LoadOptions {
    std::vector<std::string> context_dirs; // --context: tables that replace the packs' tables of the same name
    enrich::EnrichOptions enrich;          // --geoip-country, --geoip-asn
    // A pack that reuses a pack not among the paths loads that pack too, found in
    // a folder beside it (validate checks one pack of a content folder).
    bool with_reused_packs = false;
    ContentLimits limits; // --max-yaml-depth, --max-yaml-aliases, --max-condition-depth
};

// One pack, compiled. Model and correlation states keep references into it, so
// it lives in place inside Content and never moves.
struct CompiledPack {
    PackInfo info;
    std::size_t parser_group = 0; // index into Content::parser_groups
    rules::RuleSet rules;
    std::vector<alerts::AlertSource> alert_sources; // [rule]
    models::ModelSet models;
    models::RuleBindings bindings;              // the rules bound to models
    correlate::CorrelationSet correlations;
    std::vector<alerts::AlertSource> correlation_sources; // [correlation]
    enrich::DerivedFields derived;              // `field_derived:`
};

class Content {
public:
    Content() = default;
    Content(const Content&) = delete;
    Content& operator=(const Content&) = delete;

    FieldRegistry registry;
    // Parser groups: group 0 is the built-in CloudTrail parser alone; each pack
    // with parsers has a group of its parsers followed by the built-in one.
    std::vector<parse::ParserSet> parser_groups;
    std::vector<std::unique_ptr<CompiledPack>> packs; // in load order
    std::unique_ptr<alerts::AlertBuilder> alert_builder;
    context::ContextTables context; // every pack's context/ tables, then --context overrides
    enrich::Enricher enricher;      // only the derived fields some rule uses
    // Quiet events (pipeline/README.md): no pack reads more of an event that no
    // rule of any pack can match than its user and time (no models, session
    // fields, correlations or derived fields; rules outside the eventName index
    // read no enriched field and no activity type), so detect reads each
    // record's head first (ParserSet::head_plan) and the rest only when some
    // rule may match it.
    bool head_first = false;

    // The pack with this id, or nullptr.
    [[nodiscard]] const CompiledPack* find_pack(std::string_view id) const noexcept;
};

// What a load produced: every diagnostic; the packs found and what was read of
// each, even when the load failed (the validator checks them); and the compiled
// content, only when there was no error.
struct Loaded {
    LoadResult result;
    std::vector<PackInfo> packs;            // in load order
    std::vector<PackSource> sources;        // parallel to packs
    std::size_t requested = 0;              // packs[0, requested) are the paths'; the rest are reused packs found beside
    std::shared_ptr<const Content> content; // null unless result.successful()
};

// Finds the packs under each path (load/pack_discovery.h), reads, checks and
// compiles all of them; every diagnostic of every file lands in the result.
[[nodiscard]] Loaded load(const std::vector<std::string>& paths, const LoadOptions& options = {});

} // namespace trailproof::load
