#pragma once
// The checks behind check_documented (validate_documented.h), one file each:
// inventory (validate_inventory.cpp), MITRE list and names (validate_mitre.cpp),
// use cases (validate_use_cases.cpp), counts and waivers (validate_counts.cpp).
// What they share: the pack indexed the way its documentation names things, and
// the way a finding is reported or waived.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/diagnostic.h"
#include "validate_documented.h"
#include "validate_documented_reader.h"
#include "validate_pack.h"
#include "validate_relevance.h"
#include "validate_tables.h"

namespace trailproof::harness {

// What the pack holds, by the ids and names its documentation uses.
struct DocumentedIndex {
    // Rules by id (the first document of an id); base rules without an id alert
    // through their correlation and are left out.
    std::map<std::string, const RuleDoc*> rules;
    std::map<std::string, const models::ModelInfo*> models; // own and reused, by id
    std::set<std::string> unable;                // ids of the rules that cannot fire on CloudTrail
    std::set<std::string> techniques;            // every technique the rules tag
    std::set<std::string> types;                 // every activity type of rules, models and own parsers, lowered
    std::set<std::string> parsers;               // own parser names
    std::map<std::string, std::string> first_rule_of; // technique -> first rule tagging it
    bool incomplete = false; // a rule file has a YAML error: some ids are known, their contents are not
};

// `relevance` is parallel to facts.rules.
[[nodiscard]] DocumentedIndex index_pack(const PackFacts& facts, const std::vector<Relevance>& relevance);

// The findings of the documentation checks, each reported once (a rule the
// documentation lists twice is compared twice).
class DocumentedFindings {
public:
    DocumentedFindings(const PackFacts& facts, LoadResult& out) : m_facts(facts), m_out(out) {}

    void add(Severity severity, std::string_view code, std::string message, const std::string& file, int line,
             int column, const char* kind = "", const std::string& id = {});
    // An error, or the waived warning when `waiver` (the reason) is set.
    void finding(const std::string& waiver, std::string_view code, std::string message, const std::string& file,
                 int line, int column, const char* kind, const std::string& id);

    [[nodiscard]] const PackFacts& facts() const noexcept { return m_facts; }

private:
    const PackFacts& m_facts;
    LoadResult& m_out;
    std::set<std::tuple<std::string, std::string, int, int, std::string>> m_seen; // code, file, line, column, message
};

// Documented rules, models and parsers against the pack's.
void check_inventory(const DocumentedIndex& pack, const Documented& doc, const AttackTables& attack,
                     DocumentedFindings& out);

// The documented unable-to-fire list against the rules found unable (validate_inventory.cpp).
void check_unable_list(const DocumentedIndex& pack, const Documented& doc, DocumentedFindings& out);

// The documented MITRE list: ids current, names ATT&CK's (or a former name), each
// tagged by some rule, and every tagged technique documented.
void check_mitre(const DocumentedIndex& pack, const Documented& doc, const AttackTables& attack,
                 DocumentedFindings& out);

// Use cases: the names rules give exist, the listed rule ids agree, the counts match.
void check_use_cases(const DocumentedIndex& pack, const Documented& doc, DocumentedFindings& out);

// The figure derived from the pack ("rules", "models", ...).
[[nodiscard]] long derived_figure(const DocumentedIndex& pack, std::string_view figure);

// One documented figure against the derived one, with the waivers that may explain
// a difference; `scope` prefixes messages ("use case 'X': " or "").
CountRow compare_figure(const std::string& scope, const std::string& figure, const Figure* documented, long derived,
                        const std::vector<Waiver>& waivers, DocumentedFindings& out);

// The pack-level rows, in the order of k_figures, then the other documented figures.
[[nodiscard]] std::vector<CountRow> count_rows(const DocumentedIndex& pack, const Documented& doc,
                                               DocumentedFindings& out);

} // namespace trailproof::harness
