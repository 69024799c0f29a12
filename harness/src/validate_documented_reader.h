#pragma once
// Reads a pack's `documented:` block (pack.yml, as load kept it) into one shape,
// whatever the vendor's: Exabeam's inventory with counts and waivers, Sekoia's
// rule list with its unable-to-fire figure. Shape problems are findings.
//
//   documented:
//     counts: {rules: 80, models: 33, mitre_ttps: 9, activity_types: 4, parsers: 4}
//     rules: 6                       # a figure may also sit directly under documented
//     waivers: [{figure: parsers, documented: 4, derived: 5, waiver: why},
//               {missing: parsers, ids: [a, b], waiver: why}]
//     mitre: [{id: T1078, name: Valid Accounts, waiver: why}]
//     parsers: [name, ...]
//     rules | inventory: [{id, title | description, mitre | attack, tactics,
//                          activity_types, use_cases, effort, file, waiver}]
//     models: [{id, description, activity_types}]
//     use_cases: [{name, rules: N, models: N, ..., rule_ids, model_ids, waivers}]
//     unable_to_fire: 20
//     unable_to_fire_rules: [{id, title}]
//     activity_type_equivalents: {documented type: [pack types]}

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "validate_pack.h"
#include "yaml/yaml_tree.h"

namespace trailproof::harness {

// A scalar of the block and where it was written (1-based; 0 when absent).
struct Located {
    std::string text;
    int line = 0, column = 0;
};

struct Figure {
    long value = 0;
    int line = 0, column = 0;
};

struct Waiver {
    std::string figure;           // a count waiver: the figure it explains
    std::string missing;          // a presence waiver: rules | models | parsers
    std::vector<std::string> ids; // presence waiver: the ids it covers (all when empty)
    std::optional<long> documented, derived;
    std::string reason;
    int line = 0, column = 0;
};

struct MitreEntry {
    Located id, name;
    std::string waiver;
};

// A documented rule or model.
struct Item {
    Located id, title, effort, file;
    std::vector<Located> mitre, tactics, activity_types, use_cases, other_use_cases;
    bool has_mitre = false, has_tactics = false, has_types = false, has_use_cases = false;
    std::string waiver;
};

struct UseCase {
    Located name;
    std::map<std::string, Figure> counts;
    std::vector<Located> rule_ids;
    bool has_rule_ids = false;
    std::vector<Waiver> waivers;
};

struct Documented {
    std::map<std::string, Figure> counts;
    std::vector<std::string> extra_figures; // documented figures with no derivation, in file order
    std::vector<Waiver> waivers;
    bool has_mitre = false, has_parsers = false, has_rules = false, has_models = false, has_unable = false;
    std::vector<MitreEntry> mitre;
    std::vector<Located> parsers;
    std::vector<Item> rules, models;
    std::vector<UseCase> use_cases;
    std::vector<Located> unable;
    std::map<std::string, std::vector<std::string>> equivalents; // lowered documented type -> lowered pack types
};

// The figures every pack report shows, in order.
inline constexpr const char* k_figures[] = {"rules", "models", "mitre_ttps", "activity_types", "parsers",
                                            "unable_to_fire"};

// The pack's `documented:` block (empty when it has none); shape problems go to `out`.
[[nodiscard]] Documented read_documented(const PackFacts& facts, LoadResult& out);

} // namespace trailproof::harness
