#pragma once
// Compiled matchers: the hot path. Everything here is noexcept and allocation
// free; needles are lowered at compile time (unless |cased), haystacks folded
// byte by byte (ascii.h), regexes are RE2 objects compiled once and shared
// read-only, and fields are read by FieldId only (rsigma matcher/mod.rs).
//
// Event values: String, Number and Bool values are matched through their text
// (a Number's text is its JSON literal); Null values count as absent; Object and
// Array values never match a value (rules name dotted leaf paths instead).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "rules/ip_network.h"
#include "rules/literal_set.h"
#include "rules/predicate_memo.h"
#include "rules/regex_bounds.h"
#include "rules/sigma_string.h"

namespace re2 {
class RE2;
}

namespace trailproof::rules {

// A Sigma string compiled for matching. Common shapes (exact, contains,
// startswith, endswith) get a direct comparison; the rest runs the glob matcher.
class StringPattern {
public:
    StringPattern() = default;
    // Lowers `value` unless `cased`.
    StringPattern(SigmaString value, bool cased);

    // Inline (below): every String value test runs it, most on short values.
    [[nodiscard]] bool match(std::string_view text) const noexcept;
    // Appends what match() depends on (shape, case, text, parts) to `key` (predicate_set.h).
    void append_key(std::string& key) const;
    // The literal when the pattern is a plain substring match (`contains`), else nullopt.
    [[nodiscard]] std::optional<std::string_view> contains_literal() const noexcept;
    // The literal when the pattern is a plain whole-value match (index keys), else nullopt.
    [[nodiscard]] std::optional<std::string_view> exact() const noexcept;
    [[nodiscard]] bool cased() const noexcept { return m_cased; }

private:
    enum class Shape : std::uint8_t { Exact, Contains, StartsWith, EndsWith, Everything, Glob };
    Shape m_shape = Shape::Exact;
    bool m_cased = false;
    std::string m_text;             // Exact/Contains/StartsWith/EndsWith
    std::vector<SigmaPart> m_parts; // Glob
};

// The glob matcher over parts (exposed for the reference-regex property test).
// Text parts must already be lowered unless `cased`.
[[nodiscard]] bool match_glob(const std::vector<SigmaPart>& parts, std::string_view text, bool cased) noexcept;

inline bool StringPattern::match(std::string_view text) const noexcept {
    switch (m_shape) {
    case Shape::Exact: return equals_folded(text, m_text, m_cased);
    case Shape::Contains: return find_folded(text, m_text, m_cased) != std::string_view::npos;
    case Shape::StartsWith: return equals_at(text, 0, m_text, m_cased);
    case Shape::EndsWith:
        return text.size() >= m_text.size() && equals_at(text, text.size() - m_text.size(), m_text, m_cased);
    case Shape::Everything: return true;
    case Shape::Glob: return match_glob(m_parts, text, m_cased);
    }
    return false;
}

enum class NumberOp : std::uint8_t { Eq, Lt, Lte, Gt, Gte };
enum class TimePart : std::uint8_t { Minute, Hour, Day, Week, Month, Year };
enum class RefMode : std::uint8_t { Equals, Contains, StartsWith, EndsWith };

struct ValueMatcher {
    enum class Kind : std::uint8_t {
        String,   // pattern against the value's text
        Number,   // a YAML number: equal Number values, or text equal to its canonical text
        Bool,     // a YAML bool: Bool values, or the text "true"/"false" (any case)
        Regex,    // RE2 partial match (substring semantics; ^ $ anchor)
        Cidr,     // the text is an IP address inside the network
        Compare,  // numeric comparison; non-numeric values do not match
        FieldRef, // compare with the values of another field of the same event
        Time,     // a part of an ISO-8601 timestamp compared with a number
    };
    Kind kind = Kind::String;
    StringPattern pattern;
    double number = 0;
    std::string number_text;
    bool boolean = false;
    NumberOp op = NumberOp::Eq;
    TimePart time_part = TimePart::Hour;
    std::shared_ptr<const re2::RE2> regex;
    // Regex: read from its pattern; texts it rejects are not given to RE2.
    RegexBounds regex_bounds;
    std::vector<IpNetwork> networks; // Cidr: any of them (an |expand list gives several)
    FieldId other = k_no_field;
    RefMode ref_mode = RefMode::Equals;
    bool cased = false;

    // With a memo, a Cidr test reads the address through its parse cache
    // (PredicateMemo::ip_bytes); the result is the same.
    [[nodiscard]] bool match(const Value& value, const Event& event, PredicateMemo* memo = nullptr) const noexcept;
};

// ValueMatcher::match with its commonest kind, String, inline (the same
// result: a String matcher reads the text of any non-null value).
inline bool match_value(const ValueMatcher& m, const Value& value, const Event& event, PredicateMemo* memo) noexcept {
    if (m.kind == ValueMatcher::Kind::String) return value.kind != ValueKind::Null && m.pattern.match(value.text);
    return m.match(value, event, memo);
}

// One value of a detection item after modifiers: one or more alternatives (OR),
// e.g. base64offset's three strings. Under |all every group must match, but the
// alternatives inside a group stay OR-ed (pySigma SigmaExpansion).
using ValueGroup = std::vector<ValueMatcher>;

struct ItemMatcher {
    enum class Kind : std::uint8_t {
        Values,   // any value of `field` matches any group (or every group under |all)
        Exists,   // |exists: the field has a non-null value == `exists`
        Null,     // f: null: the field is absent or only JSON null
        Keywords, // the groups are searched in Event::raw
    };
    Kind kind = Kind::Values;
    FieldId field = k_no_field;
    bool all = false;
    // |every (extension): every value of the field matches (each element of a list);
    // a field without values does not match.
    bool every = false;
    bool negate = false; // |neq negates the whole item (absent field -> true)
    bool exists = true;
    std::vector<ValueGroup> groups;
    // Index support: set when the item is a positive whole-value match on plain
    // literals (as written); `all` then means each literal is required.
    std::vector<std::string> index_literals;
    // As written, for explanations (rules/rule_trace.h): the key
    // ("eventName|contains") and the values. Never read by match().
    std::string key;
    std::vector<std::string> written;
    // Values without |all or |every: the String `contains` alternatives of every
    // group merged into one-pass searches (literal_set.h), the case-insensitive
    // and the |cased ones apart, when a kind has two or more; `others` are the
    // alternatives left. Set by merge_contains_literals (predicate_set.h).
    std::shared_ptr<const LiteralSet> folded_literals, cased_literals;
    std::vector<ValueMatcher> others;
    bool merged = false;
    // The shared predicate this item is (predicate_set.h); k_no_predicate until assigned.
    std::uint32_t predicate = k_no_predicate;

    // With a memo, an assigned predicate is evaluated at most once per memo event.
    [[nodiscard]] bool match(const Event& event, PredicateMemo* memo = nullptr) const noexcept;
    // The item itself, never its memo stamp (a memo only lends its parse cache).
    [[nodiscard]] bool evaluate(const Event& event, PredicateMemo* memo = nullptr) const noexcept;
};

struct DetectionMatcher {
    bool any_of = false; // AnyOf: children OR-ed; else items AND-ed
    std::vector<ItemMatcher> items;
    std::vector<DetectionMatcher> children;
    std::uint32_t predicate = k_no_predicate; // shared when another detection is the same (predicate_set.h)
    [[nodiscard]] bool match(const Event& event, PredicateMemo* memo = nullptr) const noexcept;
};

struct ConditionNode {
    enum class Op : std::uint8_t { Detection, And, Or, Not, AtLeast, False };
    Op op = Op::False;
    std::uint32_t detection = 0;
    std::uint32_t count = 0; // AtLeast: "N of" needs N children to match
    std::vector<ConditionNode> children;
    [[nodiscard]] bool match(const std::vector<DetectionMatcher>& detections, const Event& event,
                             PredicateMemo* memo = nullptr) const noexcept;
};

struct CompiledRule {
    std::vector<DetectionMatcher> detections; // by ConditionNode::detection
    std::vector<std::string> detection_names; // parallel to detections (explanations only)
    std::vector<std::string> conditions;      // the condition texts as written, OR-ed (explanations only)
    ConditionNode condition;
    std::vector<std::string> activity_types; // lowered; empty = every event
    std::uint32_t activity_predicate = k_no_predicate; // the activity_types gate, shared by rules with the same list
    // The condition is an Or whose children all name detections of items (not
    // any_of): set by the compiler (ors_item_detections below), read by
    // match_one_detection; false sends the rule to CompiledRule::match.
    bool ors_item_detections = false;
    [[nodiscard]] bool match(const Event& event, PredicateMemo* memo = nullptr) const noexcept;
    // Event::activity_type is one of activity_types (or there are none).
    [[nodiscard]] bool activity_allowed(const Event& event) const noexcept;
};

// True when `condition` is an Or (of at least one child) whose children all
// name detections of `detections` that are not any_of.
[[nodiscard]] bool ors_item_detections(const ConditionNode& condition, const std::vector<DetectionMatcher>& detections) noexcept;

// ItemMatcher::evaluate, with the two commonest items done inline: `|exists`,
// and a Values item of one value (one group of one matcher, no |all, |every
// or merged literals): any of the field's values matches it. The same result,
// negation included; every other item calls evaluate. Always inlined: left
// to the compiler it became a call per item once StringPattern::match was
// inline (measured: 2.2M instructions on the all-packs run). Inlining the
// items of several values as well cost 16M more (the candidate loop grew).
[[gnu::always_inline]] inline bool evaluate_item(const ItemMatcher& item, const Event& event, PredicateMemo* memo) noexcept {
    if (item.kind == ItemMatcher::Kind::Exists) return (event.present(item.field) == item.exists) != item.negate;
    if (item.kind == ItemMatcher::Kind::Values && !item.all && !item.every && !item.merged && item.groups.size() == 1 &&
        item.groups.front().size() == 1) {
        const ValueMatcher& m = item.groups.front().front();
        bool result = false;
        for (const Value* v = event.first(item.field); v; v = event.next(*v))
            if (match_value(m, *v, event, memo)) {
                result = true;
                break;
            }
        return result != item.negate;
    }
    return item.evaluate(event, memo);
}

// DetectionMatcher::match for a detection of items (not any_of), inline:
// the detection's stamp, then each item's stamp or evaluation, in the order
// and with the stamps detection_evaluate has.
template <bool Memoized>
[[gnu::always_inline]] inline bool match_item_detection(const DetectionMatcher& d, const Event& event,
                                                        PredicateMemo* memo) noexcept {
    if (Memoized && d.predicate != k_no_predicate) {
        const int known = memo->get(d.predicate);
        if (known >= 0) return known != 0;
    }
    bool result = true;
    for (const ItemMatcher& item : d.items) {
        bool hit = false;
        if (!Memoized || item.predicate == k_no_predicate) {
            hit = evaluate_item(item, event, memo);
        } else if (const int known = memo->get(item.predicate); known >= 0) {
            hit = known != 0;
        } else {
            hit = evaluate_item(item, event, memo);
            memo->set(item.predicate, hit);
        }
        if (!hit) {
            result = false;
            break;
        }
    }
    if (Memoized && d.predicate != k_no_predicate) memo->set(d.predicate, result);
    return result;
}

// CompiledRule::match, with the shapes nearly every rule has evaluated here,
// inline in the caller's candidate loop: a condition that names one detection
// of items, or (CompiledRule::ors_item_detections) ORs such detections
// ("a or b", "1 of sel*"): the same tests in the same order, and with a memo
// reading and leaving the same stamps (activity gate, detections, items),
// without a call per level. Any other shape goes to CompiledRule::match. Held
// equal to the full scan (CompiledRule::match without a memo) by the index,
// requirement and predicate property tests (plain == memoized == full scan).
// Always inlined: the candidate loops call it once per candidate (measured:
// out of line it cost 0.3% of the all-packs run). `gate_known`: the caller
// knows the activity gate allows the event (RuleSetData::activity_plans), so
// it is neither read nor tested here (CompiledRule::match still tests it).
template <bool Memoized>
[[gnu::always_inline]] inline bool match_one_detection(const CompiledRule& rule, const Event& event,
                                                       PredicateMemo* memo, bool gate_known = false) noexcept {
    const bool one = rule.condition.op == ConditionNode::Op::Detection;
    if (one ? rule.detections[rule.condition.detection].any_of : !rule.ors_item_detections)
        return rule.match(event, memo);
    if (!gate_known && !rule.activity_types.empty()) {
        bool allowed = false;
        if (Memoized && rule.activity_predicate != k_no_predicate) {
            const int known = memo->get(rule.activity_predicate);
            allowed = known >= 0 ? known != 0 : rule.activity_allowed(event);
            if (known < 0) memo->set(rule.activity_predicate, allowed);
        } else {
            allowed = rule.activity_allowed(event);
        }
        if (!allowed) return false;
    }
    if (one) return match_item_detection<Memoized>(rule.detections[rule.condition.detection], event, memo);
    for (const ConditionNode& child : rule.condition.children)
        if (match_item_detection<Memoized>(rule.detections[child.detection], event, memo)) return true;
    return false;
}

// rule.match(event, &memo) and rule.match(event), through match_one_detection.
// Both always inlined into RuleSet::match's loops (measured: match_plain left
// to the compiler was a call per candidate, 1.8M instructions on all packs).
[[gnu::always_inline]] inline bool match_memoized(const CompiledRule& rule, const Event& event, PredicateMemo& memo,
                                                  bool gate_known = false) noexcept {
    return match_one_detection<true>(rule, event, &memo, gate_known);
}
[[gnu::always_inline]] inline bool match_plain(const CompiledRule& rule, const Event& event) noexcept {
    return match_one_detection<false>(rule, event, nullptr);
}

} // namespace trailproof::rules
