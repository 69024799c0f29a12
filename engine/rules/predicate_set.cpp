#include "rules/predicate_set.h"

#include <re2/re2.h>

#include <bit>

namespace trailproof::rules {

namespace {

void add_number(std::string& key, std::uint64_t n) {
    key += std::to_string(n);
    key += ',';
}

void add_text(std::string& key, std::string_view text) {
    add_number(key, text.size());
    key += text;
}

void add_value(std::string& key, const ValueMatcher& m) {
    using Kind = ValueMatcher::Kind;
    add_number(key, static_cast<std::uint64_t>(m.kind));
    switch (m.kind) {
    case Kind::String: m.pattern.append_key(key); break;
    case Kind::Number:
        add_number(key, std::bit_cast<std::uint64_t>(m.number));
        add_text(key, m.number_text);
        break;
    case Kind::Bool: add_number(key, m.boolean ? 1 : 0); break;
    case Kind::Regex: {
        if (!m.regex) {
            key += '-';
            break;
        }
        const RE2::Options& o = m.regex->options();
        add_text(key, m.regex->pattern());
        add_number(key, (o.case_sensitive() ? 1u : 0u) | (o.dot_nl() ? 2u : 0u) | (o.never_nl() ? 4u : 0u) |
                            (o.one_line() ? 8u : 0u) | (o.longest_match() ? 16u : 0u) | (o.literal() ? 32u : 0u) |
                            (o.posix_syntax() ? 64u : 0u) | (o.perl_classes() ? 128u : 0u) |
                            (o.word_boundary() ? 256u : 0u));
        break;
    }
    case Kind::Cidr:
        add_number(key, m.networks.size());
        for (const IpNetwork& n : m.networks) {
            const auto& bytes = n.bytes();
            key.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            add_number(key, n.is_v6() ? 1 : 0);
            add_number(key, static_cast<std::uint64_t>(n.prefix()));
        }
        break;
    case Kind::Compare:
        add_number(key, static_cast<std::uint64_t>(m.op));
        add_number(key, std::bit_cast<std::uint64_t>(m.number));
        break;
    case Kind::FieldRef:
        add_number(key, m.other);
        add_number(key, static_cast<std::uint64_t>(m.ref_mode));
        add_number(key, m.cased ? 1 : 0);
        break;
    case Kind::Time:
        add_number(key, static_cast<std::uint64_t>(m.time_part));
        add_number(key, static_cast<std::uint64_t>(m.op));
        add_number(key, std::bit_cast<std::uint64_t>(m.number));
        break;
    }
}

} // namespace

std::string predicate_key(const ItemMatcher& item) {
    std::string key = "I";
    add_number(key, static_cast<std::uint64_t>(item.kind));
    add_number(key, item.field);
    add_number(key, (item.all ? 1u : 0u) | (item.every ? 2u : 0u) | (item.negate ? 4u : 0u) |
                        (item.exists ? 8u : 0u));
    add_number(key, item.groups.size());
    for (const ValueGroup& group : item.groups) {
        add_number(key, group.size());
        for (const ValueMatcher& m : group) add_value(key, m);
    }
    return key;
}

void split_contains_literals(const ItemMatcher& item, std::vector<std::string>& folded,
                             std::vector<std::string>& cased) {
    for (const ValueGroup& group : item.groups)
        for (const ValueMatcher& m : group)
            if (m.kind == ValueMatcher::Kind::String)
                if (const auto literal = m.pattern.contains_literal())
                    (m.pattern.cased() ? cased : folded).emplace_back(*literal);
}

void merge_contains_literals(ItemMatcher& item) {
    if (item.kind != ItemMatcher::Kind::Values || item.all || item.every) return;
    std::vector<std::string> folded, cased;
    split_contains_literals(item, folded, cased);
    const bool merge_folded = folded.size() >= 2, merge_cased = cased.size() >= 2;
    if (!merge_folded && !merge_cased) return;
    std::vector<ValueMatcher> others;
    for (const ValueGroup& group : item.groups)
        for (const ValueMatcher& m : group) {
            const bool is_literal = m.kind == ValueMatcher::Kind::String && m.pattern.contains_literal();
            if (is_literal && (m.pattern.cased() ? merge_cased : merge_folded)) continue;
            others.push_back(m);
        }
    if (merge_folded) item.folded_literals = std::make_shared<const LiteralSet>(folded, false);
    if (merge_cased) item.cased_literals = std::make_shared<const LiteralSet>(cased, true);
    item.others = std::move(others);
    item.merged = true;
}

std::uint32_t PredicateInterner::intern(std::string key) {
    const auto next = static_cast<std::uint32_t>(m_ids.size());
    return m_ids.emplace(std::move(key), next).first->second;
}

void PredicateInterner::assign(DetectionMatcher& detection) {
    std::string key = detection.any_of ? "D|" : "D&";
    for (ItemMatcher& item : detection.items) {
        item.predicate = intern(predicate_key(item));
        merge_contains_literals(item);
        add_number(key, item.predicate);
    }
    key += '/';
    for (DetectionMatcher& child : detection.children) {
        assign(child);
        add_number(key, child.predicate);
    }
    detection.predicate = intern(std::move(key));
}

namespace {

// The condition's shape with each detection named by its predicate id.
void add_condition(std::string& key, const ConditionNode& node, const std::vector<DetectionMatcher>& detections) {
    add_number(key, static_cast<std::uint64_t>(node.op));
    if (node.op == ConditionNode::Op::Detection) {
        add_number(key, detections[node.detection].predicate);
        return;
    }
    add_number(key, node.count);
    add_number(key, node.children.size());
    for (const ConditionNode& child : node.children) add_condition(key, child, detections);
}

} // namespace

void PredicateInterner::keep_shared(std::vector<std::uint32_t>& groups) {
    std::unordered_map<std::uint32_t, std::uint32_t> rules_of;
    for (const std::uint32_t g : groups) ++rules_of[g];
    for (std::uint32_t& g : groups)
        if (rules_of[g] < 2) g = k_no_predicate;
}

std::uint32_t PredicateInterner::assign(CompiledRule& rule) {
    for (DetectionMatcher& d : rule.detections) assign(d);
    if (!rule.activity_types.empty()) {
        std::string key = "A";
        for (const auto& t : rule.activity_types) add_text(key, t);
        rule.activity_predicate = intern(std::move(key));
    }
    std::string key;
    add_number(key, rule.activity_predicate);
    add_condition(key, rule.condition, rule.detections);
    const auto next = static_cast<std::uint32_t>(m_groups.size());
    return m_groups.emplace(std::move(key), next).first->second;
}

} // namespace trailproof::rules
