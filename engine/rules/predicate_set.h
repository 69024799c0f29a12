#pragma once
// Rules as a shared predicate set: identical items, detections and activity-type
// gates of a RuleSet get one predicate id each, and a per-thread PredicateMemo
// remembers each one's result for the current event, so `eventType: AwsApiCall`,
// named by dozens of rules, is evaluated at most once per event; conditions read
// the memo. Two items share an id only when everything match() reads is equal
// (field, kind, all/every/neq/exists, every value matcher with its shape, case,
// text, number, regex pattern and options, networks, fieldref target), so
// sharing can never change a result: the memoized match is the plain match
// (tests/rules/predicate_test.cpp holds it on random rules).

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/matcher.h"

namespace trailproof::rules {

// Load time: numbers every distinct predicate of a set of compiled rules.
class PredicateInterner {
public:
    // Sets the predicate ids of every item, detection and activity gate of
    // `rule`, and returns its condition group: rules whose activity gate and
    // condition (its shape over the detections' predicate ids) are the same
    // have one group, so one result per event serves them all (RuleSet::match).
    std::uint32_t assign(CompiledRule& rule);
    [[nodiscard]] std::size_t size() const noexcept { return m_ids.size(); }
    [[nodiscard]] std::size_t group_count() const noexcept { return m_groups.size(); }
    // Replaces each group of `groups` (assign's results, by rule) that only one
    // rule has by k_no_predicate: that rule is evaluated without a group slot.
    static void keep_shared(std::vector<std::uint32_t>& groups);

private:
    std::uint32_t intern(std::string key);
    void assign(DetectionMatcher& detection);
    std::unordered_map<std::string, std::uint32_t> m_ids;
    std::unordered_map<std::string, std::uint32_t> m_groups;
};

// Merges the `contains` literals of a Values item without |all/|every into
// one-pass searches (ItemMatcher::folded_literals/cased_literals); the item
// matches exactly as before. Never under |all. Called by PredicateInterner::assign.
void merge_contains_literals(ItemMatcher& item);
// The `contains` literals of an item's string values, appended to `folded`
// (case-insensitive) or `cased`; what merge_contains_literals merges.
void split_contains_literals(const ItemMatcher& item, std::vector<std::string>& folded,
                             std::vector<std::string>& cased);

// The canonical text of what ItemMatcher::match reads (equal text <=> same result
// on every event); exposed for the tests.
[[nodiscard]] std::string predicate_key(const ItemMatcher& item);

} // namespace trailproof::rules
