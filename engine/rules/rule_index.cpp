#include "rules/rule_index.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "core/ascii.h"

namespace trailproof::rules {

namespace {

// One way to satisfy a condition: the eventName / eventSource literals it needs
// (nullopt = unconstrained). A requirement is an OR of alternatives.
struct Alternative {
    std::optional<std::vector<std::string>> names;
    std::optional<std::vector<std::string>> sources;
};
using Requirement = std::vector<Alternative>;

constexpr std::size_t k_max_alternatives = 1024;

Requirement unconstrained() {
    return Requirement{Alternative{}};
}

// Either side alone is a necessary condition (a field may hold several values, so
// intersecting the two sets could drop a rule that matches); keep the smaller.
std::optional<std::vector<std::string>> pick(const std::optional<std::vector<std::string>>& a,
                                             const std::optional<std::vector<std::string>>& b) {
    if (!a) return b;
    if (!b) return a;
    return a->size() <= b->size() ? a : b;
}

Requirement both(const Requirement& a, const Requirement& b) {
    if (a.size() * b.size() > k_max_alternatives) return unconstrained();
    Requirement out;
    for (const auto& x : a)
        for (const auto& y : b) out.push_back({pick(x.names, y.names), pick(x.sources, y.sources)});
    return out;
}

Requirement either(Requirement a, const Requirement& b) {
    if (a.size() + b.size() > k_max_alternatives) return unconstrained();
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

class Deriver {
public:
    Deriver(FieldId event_name, FieldId event_source) : m_name(event_name), m_source(event_source) {}

    Requirement of_item(const ItemMatcher& item) {
        if (item.field == m_name && item.field != k_no_field) m_mentions_name = true;
        if (item.kind != ItemMatcher::Kind::Values || item.negate || item.index_literals.empty())
            return unconstrained();
        // Under |all every literal is required, so the first alone is a necessary condition.
        std::vector<std::string> literals =
            item.all ? std::vector<std::string>{item.index_literals.front()} : item.index_literals;
        if (item.field == m_name) return Requirement{Alternative{std::move(literals), std::nullopt}};
        if (item.field == m_source) return Requirement{Alternative{std::nullopt, std::move(literals)}};
        return unconstrained();
    }

    Requirement of_detection(const DetectionMatcher& d) {
        if (d.any_of) {
            Requirement out;
            for (const auto& c : d.children) out = either(std::move(out), of_detection(c));
            return out.empty() ? unconstrained() : out;
        }
        Requirement out = unconstrained();
        for (const auto& item : d.items) out = both(out, of_item(item));
        return out;
    }

    Requirement of_node(const ConditionNode& n, const std::vector<DetectionMatcher>& detections) {
        switch (n.op) {
        case ConditionNode::Op::Detection: return of_detection(detections[n.detection]);
        case ConditionNode::Op::And: {
            Requirement out = unconstrained();
            for (const auto& c : n.children) out = both(out, of_node(c, detections));
            return out;
        }
        case ConditionNode::Op::Or:
        case ConditionNode::Op::AtLeast: { // at least one child must hold either way
            Requirement out;
            for (const auto& c : n.children) out = either(std::move(out), of_node(c, detections));
            return out.empty() ? unconstrained() : out;
        }
        case ConditionNode::Op::Not:
            for (const auto& c : n.children) (void)of_node(c, detections); // still note eventName mentions
            return unconstrained();
        case ConditionNode::Op::False: return {};
        }
        return unconstrained();
    }

    [[nodiscard]] bool mentions_name() const noexcept { return m_mentions_name; }

private:
    FieldId m_name;
    FieldId m_source;
    bool m_mentions_name = false;
};

} // namespace

RuleKeys derive_rule_keys(const CompiledRule& rule, FieldId event_name, FieldId event_source) {
    Deriver deriver(event_name, event_source);
    const Requirement req = deriver.of_node(rule.condition, rule.detections);
    RuleKeys keys;
    keys.mentions_event_name = deriver.mentions_name();
    keys.indexed = std::all_of(req.begin(), req.end(), [](const Alternative& a) { return a.names.has_value(); });
    if (!keys.indexed) return keys;
    for (const auto& alt : req) {
        const std::vector<std::string> any_source{std::string()};
        for (const auto& name : *alt.names)
            for (const auto& source : alt.sources ? *alt.sources : any_source) {
                IndexPair pair{source, name};
                if (std::find(keys.pairs.begin(), keys.pairs.end(), pair) == keys.pairs.end())
                    keys.pairs.push_back(std::move(pair));
            }
    }
    return keys;
}

void RuleIndex::build(const std::vector<RuleKeys>& keys, FieldId event_name, std::shared_ptr<NameIds> names) {
    m_event_name = event_name;
    m_lists.clear();
    m_list_of.clear();
    m_always.clear();
    m_rule_count = keys.size();
    for (std::size_t r = 0; r < keys.size(); ++r) {
        const auto rule = static_cast<std::uint32_t>(r);
        // resolve() lowers into a 256-byte stack buffer; longer keys go to the always list.
        const bool long_key = std::any_of(keys[r].pairs.begin(), keys[r].pairs.end(),
                                          [](const IndexPair& p) { return p.event_name.size() > 256; });
        if (!keys[r].indexed || long_key) {
            m_always.push_back(rule);
            continue;
        }
        for (const auto& pair : keys[r].pairs) {
            const std::uint32_t id = names->intern(ascii_lowered(pair.event_name));
            if (id >= m_list_of.size()) m_list_of.resize(id + 1, k_no_list);
            if (m_list_of[id] == k_no_list) {
                m_list_of[id] = static_cast<std::uint32_t>(m_lists.size());
                m_lists.emplace_back();
            }
            auto& list = m_lists[m_list_of[id]];
            if (list.empty() || list.back() != rule) list.push_back(rule);
        }
    }
    for (auto& list : m_lists) {
        std::vector<std::uint32_t> merged;
        merged.reserve(list.size() + m_always.size());
        std::set_union(list.begin(), list.end(), m_always.begin(), m_always.end(), std::back_inserter(merged));
        list = std::move(merged);
    }
    m_names = std::move(names);
}

std::uint32_t RuleIndex::resolve(std::string_view event_name) const noexcept {
    // Lower into a stack buffer: no allocation; a value longer than every key cannot match one.
    char buf[256] = {}; // zeroed: GCC 12 -O2 otherwise warns maybe-uninitialized through std::hash
    if (!m_names || event_name.size() > m_names->max_length() || event_name.size() > sizeof buf)
        return NameIds::k_none;
    for (std::size_t i = 0; i < event_name.size(); ++i) buf[i] = ascii_lower(event_name[i]);
    return m_names->find(std::string_view(buf, event_name.size()));
}

void RuleIndex::resolve_all(const Event& event, Event::RulesMemo& out) const noexcept {
    out.name_count = 0;
    out.name_overflow = false;
    for (const Value* v = event.first(m_event_name); v; v = event.next(*v)) {
        if (v->kind == ValueKind::Null) continue;
        const std::uint32_t id = resolve(v->text);
        if (id == NameIds::k_none) continue;
        if (std::find(out.name_ids, out.name_ids + out.name_count, id) != out.name_ids + out.name_count) continue;
        if (out.name_count == Event::RulesMemo::k_max_names) {
            out.name_overflow = true;
            break;
        }
        out.name_ids[out.name_count++] = id;
    }
    out.table = m_names.get();
    out.field = m_event_name;
    out.table_size = m_names ? m_names->size() : 0;
}

std::uint32_t RuleIndex::candidate_list(const Event& event, bool remember) const noexcept {
    if (!m_names) return k_always_list; // never built: no rules
    // As for_each_candidate: the event's ids, resolved again when stale. The
    // current memo (nearly always: the first pack left it) is read without
    // setting up the local copy a stale one needs (measured: bench/README.md,
    // "Issue 13, seventh round").
    if (const Event::RulesMemo& memo = event.rules_memo(); is_current(memo)) return list_of_names(memo);
    return candidate_list_resolved(event, remember);
}

std::uint32_t RuleIndex::candidate_list_resolved(const Event& event, bool remember) const noexcept {
    Event::RulesMemo local;
    return list_of_names(names_of(event, remember, local));
}

std::uint32_t RuleIndex::list_of_names(const Event::RulesMemo& names) const noexcept {
    if (names.name_overflow) return k_several;
    std::uint32_t found = k_always_list;
    for (std::size_t i = 0; i < names.name_count; ++i) {
        const std::uint32_t id = names.name_ids[i];
        if (id >= m_list_of.size() || m_list_of[id] == k_no_list) continue;
        if (found != k_always_list) return k_several; // distinct ids have distinct lists
        found = m_list_of[id];
    }
    return found;
}

} // namespace trailproof::rules
