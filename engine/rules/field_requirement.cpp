#include "rules/field_requirement.h"

#include <algorithm>
#include <unordered_map>

namespace trailproof::rules {

namespace {

// Drops duplicate clauses and every clause that a smaller one implies (a clause
// holds whenever one of its subsets does), then keeps the k_max_clauses
// smallest. Each step only weakens the requirement, never strengthens it.
FieldRequirement simplified(FieldRequirement req) {
    for (auto& clause : req) {
        std::sort(clause.begin(), clause.end());
        clause.erase(std::unique(clause.begin(), clause.end()), clause.end());
    }
    std::sort(req.begin(), req.end(), [](const FieldClause& a, const FieldClause& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    req.erase(std::unique(req.begin(), req.end()), req.end());
    FieldRequirement out;
    for (auto& clause : req) {
        if (clause.empty() || clause.size() > k_max_clause_fields) continue; // an empty clause never arises
        const bool implied = std::any_of(out.begin(), out.end(), [&](const FieldClause& kept) {
            return std::includes(clause.begin(), clause.end(), kept.begin(), kept.end());
        });
        if (!implied) out.push_back(std::move(clause));
        if (out.size() == k_max_clauses) break;
    }
    return out;
}

// Both sides must hold: every clause of each.
FieldRequirement both(FieldRequirement a, const FieldRequirement& b) {
    a.insert(a.end(), b.begin(), b.end());
    return simplified(std::move(a));
}

// One side must hold: a clause of the result is one clause of each side joined
// (the cross product); "no requirement" on either side gives none.
FieldRequirement either(const FieldRequirement& a, const FieldRequirement& b) {
    FieldRequirement out;
    for (const auto& x : a)
        for (const auto& y : b) {
            FieldClause joined = x;
            joined.insert(joined.end(), y.begin(), y.end());
            out.push_back(std::move(joined));
        }
    return simplified(std::move(out));
}

FieldRequirement of_item(const ItemMatcher& item) {
    if (item.field == k_no_field || item.negate) return {};
    switch (item.kind) {
    case ItemMatcher::Kind::Values:
        // Every value test reads a value of the field (ValueMatcher::match): with
        // no value no group matches; `|all` over no groups would hold, so it needs none.
        if (item.groups.empty()) return {};
        return {{item.field}};
    case ItemMatcher::Kind::Exists: return item.exists ? FieldRequirement{{item.field}} : FieldRequirement{};
    case ItemMatcher::Kind::Null:
    case ItemMatcher::Kind::Keywords: return {};
    }
    return {};
}

// Mirrors detection_evaluate (matcher.cpp): AnyOf reads only its children, a
// map only its items.
FieldRequirement of_detection(const DetectionMatcher& d) {
    if (d.any_of) {
        if (d.children.empty()) return {};
        FieldRequirement out = of_detection(d.children.front());
        for (std::size_t i = 1; i < d.children.size() && !out.empty(); ++i) out = either(out, of_detection(d.children[i]));
        return out;
    }
    FieldRequirement out;
    for (const auto& item : d.items) out = both(std::move(out), of_item(item));
    return out;
}

FieldRequirement of_node(const ConditionNode& n, const std::vector<DetectionMatcher>& detections) {
    switch (n.op) {
    case ConditionNode::Op::Detection:
        return n.detection < detections.size() ? of_detection(detections[n.detection]) : FieldRequirement{};
    case ConditionNode::Op::And: {
        FieldRequirement out;
        for (const auto& c : n.children) out = both(std::move(out), of_node(c, detections));
        return out;
    }
    case ConditionNode::Op::Or:
    case ConditionNode::Op::AtLeast: { // "N of" holds only when some child holds
        if (n.children.empty()) return {};
        FieldRequirement out = of_node(n.children.front(), detections);
        for (std::size_t i = 1; i < n.children.size() && !out.empty(); ++i)
            out = either(out, of_node(n.children[i], detections));
        return out;
    }
    case ConditionNode::Op::Not:   // holds when its child fails, e.g. on an absent field
    case ConditionNode::Op::False: // never holds; requiring nothing is still correct
        return {};
    }
    return {};
}

} // namespace

FieldRequirement derive_field_requirement(const CompiledRule& rule) {
    return simplified(of_node(rule.condition, rule.detections));
}

void RequirementTable::build(const std::vector<FieldRequirement>& requirements, FieldId implied,
                             const std::vector<bool>& implied_for) {
    m_check.assign(requirements.size(), k_nothing);
    m_clauses.clear();
    std::unordered_map<FieldId, std::size_t> needed_by; // rules with a clause naming the field
    for (const auto& req : requirements) {
        FieldClause fields;
        for (const auto& clause : req) fields.insert(fields.end(), clause.begin(), clause.end());
        std::sort(fields.begin(), fields.end());
        fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
        for (const FieldId f : fields) ++needed_by[f];
    }
    const auto weight = [&](const FieldClause& clause) {
        std::size_t w = 0;
        for (const FieldId f : clause) w += needed_by[f];
        return w;
    };
    for (std::size_t r = 0; r < requirements.size(); ++r) {
        const FieldClause* best = nullptr;
        for (const auto& clause : requirements[r]) {
            const bool names_implied = std::find(clause.begin(), clause.end(), implied) != clause.end();
            if (names_implied && r < implied_for.size() && implied_for[r]) continue;
            if (std::any_of(clause.begin(), clause.end(), [](FieldId f) { return (f & k_clause_bit) != 0; }))
                continue; // not representable (never happens: ids are dense)
            if (!best || clause.size() < best->size() || (clause.size() == best->size() && weight(clause) < weight(*best)))
                best = &clause;
        }
        if (!best) continue;
        if (best->size() == 1) {
            m_check[r] = best->front();
        } else {
            m_check[r] = k_clause_bit | static_cast<std::uint32_t>(m_clauses.size());
            m_clauses.push_back(*best);
        }
    }
}

bool RequirementTable::any_present(std::uint32_t clause, const Event& event) const noexcept {
    for (const FieldId f : m_clauses[clause])
        if (event.present(f)) return true;
    return false;
}

FieldRequirement RequirementTable::checked(std::uint32_t rule) const {
    if (rule >= m_check.size() || m_check[rule] == k_nothing) return {};
    const std::uint32_t check = m_check[rule];
    if ((check & k_clause_bit) == 0) return {{check}};
    return {m_clauses[check & ~k_clause_bit]};
}

} // namespace trailproof::rules
