#pragma once
// Loaded and compiled content: every pack's parsers and rules, sharing one
// FieldRegistry. Built once by load_content and then used read-only.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "core/diagnostic.h"
#include "core/field_registry.h"
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
};

struct Content {
    FieldRegistry registry;
    std::vector<PackInfo> packs;
    parse::ParserSet parsers;                   // every pack's parsers in load order, then the built-in default
    std::vector<rules::RuleSet> rule_sets;      // one per pack (ids are unique per pack)
    std::vector<std::vector<alerts::AlertSource>> alert_sources; // [pack][rule]
    std::unique_ptr<alerts::AlertBuilder> alert_builder;
};

// Finds the packs under each path: a folder with pack.yml is one pack; a folder
// whose subfolders hold pack.yml files is a set of packs; any other folder is a
// bare rules folder (every *.yml below it is a Sigma rule), e.g. SigmaHQ's rules.
// Reads, checks and compiles all of them; every diagnostic of every file lands in
// the result. `out` is usable only when the result is successful.
[[nodiscard]] LoadResult load_content(const std::vector<std::string>& paths, Content& out);

} // namespace trailproof::harness
