#pragma once
// What `trailproof validate` knows about one pack: every rule document, model
// and parser with the source position of each fact, read independently of the
// compiled RuleSet. Why not RuleSet/RuleMeta: a rule that fails to compile (an
// unresolved placeholder, a bad regex) is left out of the RuleSet, yet its tags,
// model reference and eventName literals must still be checked in the same run;
// and a finding should point at the offending tag or value, not at the rule's
// first line.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "load/content.h"
#include "core/diagnostic.h"
#include "models/model_info.h"
#include "parse/parser_info.h"

namespace trailproof::harness {

// A scalar with its position in `file` (1-based; 0 when unknown).
struct Located {
    std::string text;
    int line = 0;
    int column = 0;
};

struct ValueFact {
    std::string text;
    bool null = false;   // `f: null` / `f: ~`
    bool string = true;  // written as a string (quoted or a plain non-number)
    int line = 0, column = 0;
};

struct ItemFact {
    std::string key;    // as written: "eventName|contains"
    std::string field;  // before the first '|'; "" for keywords
    std::string mapped; // after the pack's field map
    std::vector<std::string> modifiers;
    std::vector<ValueFact> values;
    int line = 0, column = 0; // of the key
};

// A named detection: a map (items AND-ed), a list of maps (children OR-ed) or keywords.
struct DetectionFact {
    bool any_of = false;
    bool keywords = false;
    std::vector<ItemFact> items;
    std::vector<DetectionFact> children;
};

struct RuleFact {
    std::string file;
    std::string pack;     // the pack the file belongs to (differs for reused rules)
    bool reused = false;  // loaded through `reuse:` from another pack
    bool parsed = true;   // false: the file has a YAML error; only `id` was recovered
    Located id, name, title, effort, relevance, model_ref;
    std::string relevance_reason;
    int line = 0, column = 0; // where the document starts
    std::vector<Located> tags, activity_types, use_cases;
    std::vector<std::pair<Located, DetectionFact>> detections;
    std::vector<Located> conditions;
    bool correlation = false;
    std::vector<Located> correlation_fields; // group-by and condition field
};

struct ReuseFact {
    Located pack;                 // `reuse.pack`
    std::string dir;              // the referenced pack's folder, "" when not found
    std::vector<Located> rules, models;
};

struct PackFacts {
    load::PackInfo info;
    std::string pack_file;  // <dir>/pack.yml
    std::string root;       // the content root: the pack folder's parent
    std::vector<RuleFact> rules;             // own rule documents, then reused ones
    std::vector<models::ModelInfo> models;   // own models, then reused ones
    std::vector<parse::ParserInfo> parsers;  // own parsers, in load order
    // Parsers of the pack named by `reuse:`: a view that reuses another pack's rules
    // gets its events through that pack's parsers.
    std::vector<parse::ParserInfo> reused_parsers;
    std::set<std::string, std::less<>> derived_fields; // pack.yml field_derived names
    ReuseFact reuse;
    bool has_reuse = false;
    std::map<std::string, std::string, std::less<>> texts; // file -> text, for snippets

    // The event field a rule field names (load::FieldMap::map).
    [[nodiscard]] std::string map_field(std::string_view name) const { return info.field_map.map(name); }
};

// Reads every fact of `pack` (as discovered by load_content). Problems found only
// by this reader (model schema, unresolvable `reuse:`) go to `result`; YAML errors
// of rule files are load_content's to report and are not repeated.
[[nodiscard]] PackFacts read_pack_facts(const load::PackInfo& pack, LoadResult& result);

// The folder of the pack that `pack_dir`'s pack.yml names in `reuse.pack`, looked
// up beside it; "" when it reuses nothing or the pack is not there.
[[nodiscard]] std::string reused_pack_dir(const std::string& pack_dir);

// Reads the rule documents of one file (used for the pack's own and reused rules).
void read_rule_file(const std::string& file, const std::string& text, const PackFacts& facts, const std::string& pack,
                    std::vector<RuleFact>& out);

// A diagnostic at `line`:`column` of `file`, with the source line as snippet.
[[nodiscard]] Diagnostic make_finding(const PackFacts& facts, Severity severity, std::string_view code,
                                      std::string message, const std::string& file, int line, int column,
                                      std::string item_kind = {}, std::string item_id = {});

} // namespace trailproof::harness
