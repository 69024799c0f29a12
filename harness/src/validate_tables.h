#pragma once
// The reference tables `trailproof validate` checks content against: MITRE
// ATT&CK (content/attack/*.tsv) and the AWS API operations CloudTrail records
// (content/aws/*.tsv). Read once per folder, then queried read-only.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace trailproof::harness {

struct Technique {
    std::string id, name, parent_id;
    std::vector<std::string> tactics; // shortnames, e.g. "defense-evasion"
    bool deprecated = false;
    bool revoked = false;
    std::string revoked_by; // direct replacement only; follow with AttackTables::replacement_chain
};

struct Tactic {
    std::string id, shortname, name;
};

// One row of the name history: `name` was used from `first_version` to `last_version`.
struct TechniqueName {
    std::string name, first_version, last_version;
};

class AttackTables {
public:
    // Reads enterprise-techniques.tsv, enterprise-tactics.tsv and
    // enterprise-technique-name-history.tsv from `dir`; problems go to the result.
    [[nodiscard]] LoadResult read(const std::string& dir);

    [[nodiscard]] const Technique* technique(std::string_view id) const;
    // A tactic by shortname ("defense-evasion") or id ("TA0005"), or nullptr.
    [[nodiscard]] const Tactic* tactic(std::string_view name_or_id) const;
    // The revocation chain after `id`: for T1073 -> {T1574.002, T1574.001}. Empty when
    // `id` is not revoked. Stops on a loop or an unknown id.
    [[nodiscard]] std::vector<std::string> replacement_chain(std::string_view id) const;
    // Every name `id` has had, oldest first; empty when it was never renamed.
    [[nodiscard]] const std::vector<TechniqueName>& name_history(std::string_view id) const;
    // The newest ATT&CK version the tables cover ("18.1").
    [[nodiscard]] const std::string& version() const noexcept { return m_version; }

private:
    std::map<std::string, Technique, std::less<>> m_techniques;
    std::map<std::string, Tactic, std::less<>> m_tactics; // by shortname and by id
    std::map<std::string, std::vector<TechniqueName>, std::less<>> m_history;
    std::string m_version;
};

class AwsTables {
public:
    // Reads api-operations.tsv, non-sdk-events.tsv and event-name-variants.tsv from
    // `dir` (service-event-sources.tsv adds sources with no listed operation).
    [[nodiscard]] LoadResult read(const std::string& dir);

    [[nodiscard]] bool known_source(std::string_view source) const;
    // A known source, or a near miss of one: it names "amazonaws", or it is dotted
    // and close to a known source (`ecc2.amazonaws.co`). Anything else (a Windows
    // event provider) belongs to another log source: no misspelling, but a rule
    // that needs it can never fire on CloudTrail.
    [[nodiscard]] bool looks_like_source(std::string_view source) const;
    // (source, name) is an operation CloudTrail records, including Lambda's
    // versioned wire names (<Op>20150331, <Op>20150331v2).
    [[nodiscard]] bool known_pair(std::string_view source, std::string_view name) const;
    // The name is an operation of some source.
    [[nodiscard]] bool known_name(std::string_view name) const;
    // Sources that record `name`, sorted.
    [[nodiscard]] std::vector<std::string> sources_of(std::string_view name) const;

    // The closest known source: same text ignoring case first, then the smallest
    // edit distance (ties: alphabetical). Empty when nothing is within reach.
    [[nodiscard]] std::string suggest_source(std::string_view source) const;
    // The closest known name among the operations of `sources` (every source when
    // empty): the recorded variant of an SDK name (Lambda CreateFunction ->
    // CreateFunction20150331), then the same text ignoring case, then the smallest
    // edit distance. Empty when nothing is within reach.
    [[nodiscard]] std::string suggest_name(std::string_view name, const std::vector<std::string>& sources) const;

private:
    [[nodiscard]] std::string compute_suggestion(std::string_view name, const std::vector<std::string>& sources) const;
    mutable std::map<std::string, std::string> m_suggestions; // "name\tsource..." -> suggest_name's answer
    std::set<std::string, std::less<>> m_sources;
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> m_names_by_source;
    std::map<std::string, std::set<std::string>, std::less<>> m_sources_by_name;
    std::map<std::string, std::string, std::less<>> m_variants; // "source\tsdk_op" -> recorded name
};

} // namespace trailproof::harness
