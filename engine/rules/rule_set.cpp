#include "rules/rule_set.h"

#include <algorithm>

#include "core/ascii.h"
#include "rules/predicate_set.h"
#include "rules/rule_set_data.h"

namespace trailproof::rules {

RuleSet::RuleSet() : m_data(std::make_unique<RuleSetData>()) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

std::size_t RuleSet::size() const noexcept {
    return m_data ? m_data->rules.size() : 0;
}

const RuleMeta& RuleSet::meta(std::uint32_t rule) const noexcept {
    return m_data->metas[rule];
}

std::uint32_t RuleSet::find(std::string_view id) const noexcept {
    if (!m_data) return UINT32_MAX;
    auto it = m_data->by_id.find(std::string(id));
    return it == m_data->by_id.end() ? UINT32_MAX : it->second;
}

namespace {
// What match() reads of candidate `r`, as its plans hold it (rule_set_data.h).
RuleSetData::Candidate candidate_of(const RuleSetData& data, std::uint32_t r) noexcept {
    const auto base = static_cast<std::uint32_t>(data.predicate_count);
    return {r, data.requirements.check_of(r), data.groups[r] == k_no_predicate ? k_no_predicate : base + data.groups[r]};
}
} // namespace

void RuleSet::match(const Event& event, std::vector<std::uint32_t>& hits) const noexcept {
    hits.clear();
    if (!m_data) return;
    const auto& rules = m_data->rules;
    const auto& required = m_data->requirements;
    const std::uint32_t list = m_data->index.candidate_list(event, false);
    if (list != RuleIndex::k_several) { // one list (nearly every event): its plan
        for (const auto& c : list == RuleIndex::k_always_list ? m_data->always_plan : m_data->plans[list])
            if (required.passes(c.check, event) && match_plain(rules[c.rule], event)) hits.push_back(c.rule);
        return;
    }
    m_data->index.for_each_candidate(event, false, [&](std::uint32_t r) {
        if (required.may_match(r, event) && rules[r].match(event)) hits.push_back(r);
    });
}

namespace {
// The index of the event's activity type in `names` (lowered), compared as
// CompiledRule::activity_allowed compares it; names.size() for any other type.
std::size_t activity_of(const std::vector<std::string>& names, const Event& event) noexcept {
    for (std::size_t a = 0; a < names.size(); ++a)
        if (equals_folded(event.activity_type, names[a], false)) return a;
    return names.size();
}
} // namespace

void RuleSet::match(const Event& event, PredicateMemo& memo, std::vector<std::uint32_t>& hits) const noexcept {
    hits.clear();
    if (!m_data) return;
    memo.begin(memo_size());
    const RuleSetData& data = *m_data;
    const auto& rules = data.rules;
    const auto& required = data.requirements;
    // `gate_known`: the candidate comes from an activity plan, whose rules' gates allow the event.
    // Always inlined: GCC made it a call per candidate (bench/README.md, "Issue 13, seventh round").
    const auto take = [&](const RuleSetData::Candidate& c, bool gate_known) __attribute__((always_inline)) {
        // A rule that needs a field the event lacks is not evaluated (field_requirement.h).
        if (c.slot == k_no_predicate) {
            if (required.passes(c.check, event) && match_memoized(rules[c.rule], event, memo, gate_known))
                hits.push_back(c.rule);
            return;
        }
        // Rules with the same gate and condition share one result: the first evaluates it.
        // A result already there is the rule's match, its requirement untested: the
        // requirement is necessary, so a true result implies it.
        const int known = memo.get(c.slot);
        bool hit = known != 0;
        if (known < 0) {
            if (!required.passes(c.check, event)) return;
            hit = match_memoized(rules[c.rule], event, memo, gate_known);
            memo.set(c.slot, hit);
        }
        if (hit) hits.push_back(c.rule);
    };
    const std::uint32_t list = data.index.candidate_list(event, true);
    if (list != RuleIndex::k_several) {
        // One list (nearly every event): walk its plan, where each candidate's
        // requirement check and group slot lie beside its rule number; with
        // activity gates, the plan of the event's activity type (no gate read).
        const std::vector<RuleSetData::Candidate>* plan =
            list == RuleIndex::k_always_list ? &data.always_plan : &data.plans[list];
        // An empty plan (most of bench/sigma1's events) is not split: one test less per event.
        const bool gate_known = !plan->empty() && !data.activity_names.empty();
        if (gate_known) {
            const std::size_t number = list == RuleIndex::k_always_list ? data.plans.size() : list;
            const std::size_t names = data.activity_names.size();
            plan = &data.activity_plans[number * (names + 1) + activity_of(data.activity_names, event)];
        }
        for (const auto& c : *plan) take(c, gate_known);
        return;
    }
    data.index.for_each_candidate(event, true, [&](std::uint32_t r) { take(candidate_of(data, r), false); });
}

void RuleSet::match_full_scan(const Event& event, std::vector<std::uint32_t>& hits) const noexcept {
    hits.clear();
    if (!m_data) return;
    for (std::uint32_t r = 0; r < m_data->rules.size(); ++r)
        if (m_data->rules[r].match(event)) hits.push_back(r);
}

void RuleSet::candidates(const Event& event, std::vector<std::uint32_t>& out) const noexcept {
    out.clear();
    if (!m_data) return;
    m_data->index.for_each_candidate(event, false, [&](std::uint32_t r) { out.push_back(r); });
}

bool RuleSet::matches_nothing(const Event& event, PredicateMemo& memo,
                              std::vector<std::uint32_t>& scratch) const noexcept {
    if (!m_data) return true;
    // Some indexed rule is a candidate unless the candidates are the always list.
    if (m_data->index.candidate_list(event, true) != RuleIndex::k_always_list) return false;
    match(event, memo, scratch); // the candidates are the always list
    return scratch.empty();
}

namespace {
void add_fields_read(const DetectionMatcher& d, std::vector<FieldId>& out) {
    for (const ItemMatcher& item : d.items) {
        if (item.kind != ItemMatcher::Kind::Keywords) out.push_back(item.field);
        for (const ValueGroup& group : item.groups)
            for (const ValueMatcher& v : group)
                if (v.kind == ValueMatcher::Kind::FieldRef) out.push_back(v.other);
        for (const ValueMatcher& v : item.others)
            if (v.kind == ValueMatcher::Kind::FieldRef) out.push_back(v.other);
    }
    for (const DetectionMatcher& child : d.children) add_fields_read(child, out);
}
} // namespace

std::vector<FieldId> RuleSet::fields_read(std::uint32_t rule) const {
    std::vector<FieldId> out;
    if (!m_data) return out;
    for (const DetectionMatcher& d : m_data->rules[rule].detections) add_fields_read(d, out);
    std::erase(out, k_no_field);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool RuleSet::reads_activity_type(std::uint32_t rule) const noexcept {
    return m_data && !m_data->rules[rule].activity_types.empty();
}

std::vector<std::vector<FieldId>> RuleSet::required_fields(std::uint32_t rule) const {
    return m_data ? m_data->requirements.checked(rule) : std::vector<std::vector<FieldId>>{};
}

std::vector<std::vector<FieldId>> RuleSet::field_requirement(std::uint32_t rule) const {
    return m_data ? m_data->derived_requirements[rule] : std::vector<std::vector<FieldId>>{};
}

namespace {
// RuleSetData::activity_plans from `plans` and `always_plan`.
void build_activity_plans(RuleSetData& data) {
    data.activity_names.clear();
    data.activity_plans.clear();
    std::vector<std::string> names;
    for (const CompiledRule& rule : data.rules)
        names.insert(names.end(), rule.activity_types.begin(), rule.activity_types.end());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    // activity_of finds at most one name for an event only when the names are lowered (the compiler lowers them).
    const bool lowered =
        std::all_of(names.begin(), names.end(), [](const std::string& n) { return ascii_lowered(n) == n; });
    if (names.empty() || names.size() > RuleSetData::k_max_activity_names || !lowered) return;
    const auto allows = [&](const CompiledRule& rule, std::size_t name) {
        const auto& types = rule.activity_types;
        if (types.empty()) return true;
        return name < names.size() && std::find(types.begin(), types.end(), names[name]) != types.end();
    };
    const auto split = [&](const std::vector<RuleSetData::Candidate>& plan) {
        for (std::size_t name = 0; name <= names.size(); ++name) {
            auto& out = data.activity_plans.emplace_back();
            for (const auto& c : plan)
                if (allows(data.rules[c.rule], name)) out.push_back(c);
        }
    };
    for (const auto& plan : data.plans) split(plan);
    split(data.always_plan);
    data.activity_names = std::move(names);
}
} // namespace

void finish_rule_set_data(RuleSetData& data, const PredicateInterner& predicates, FieldId event_name,
                          std::shared_ptr<NameIds> event_names) {
    data.index.build(data.keys, event_name, std::move(event_names));
    data.predicate_count = predicates.size();
    data.group_count = predicates.group_count();
    PredicateInterner::keep_shared(data.groups);
    auto& derived = data.derived_requirements;
    derived.clear();
    std::vector<bool> implied(data.rules.size(), false);
    const auto& always = data.index.always();
    for (std::uint32_t r = 0; r < data.rules.size(); ++r) {
        derived.push_back(derive_field_requirement(data.rules[r]));
        // Only the eventName lists visit an indexed rule: the event has an eventName.
        implied[r] = data.keys[r].indexed && !std::binary_search(always.begin(), always.end(), r);
    }
    data.requirements.build(derived, event_name, implied);
    // The plans match() walks: each list of the index with its rules' checks and group slots.
    const auto plan_of = [&](const std::vector<std::uint32_t>& list) {
        std::vector<RuleSetData::Candidate> plan;
        plan.reserve(list.size());
        for (const std::uint32_t r : list) plan.push_back(candidate_of(data, r));
        return plan;
    };
    data.plans.clear();
    for (const auto& list : data.index.lists()) data.plans.push_back(plan_of(list));
    data.always_plan = plan_of(always);
    build_activity_plans(data);
}

const std::vector<IndexPair>& RuleSet::index_pairs(std::uint32_t rule) const noexcept {
    return m_data->keys[rule].pairs;
}

std::size_t RuleSet::predicate_count() const noexcept {
    return m_data ? m_data->predicate_count : 0;
}

std::size_t RuleSet::group_count() const noexcept {
    return m_data ? m_data->group_count : 0;
}

std::size_t RuleSet::memo_size() const noexcept {
    return m_data ? m_data->predicate_count + m_data->group_count : 0;
}

namespace {

void collect_contains_literals(const DetectionMatcher& d, std::vector<ContainsLiterals>& out) {
    for (const auto& item : d.items) {
        if (item.kind != ItemMatcher::Kind::Values || item.all || item.every || item.negate) continue;
        ContainsLiterals folded{item.field, false, {}}, cased{item.field, true, {}};
        split_contains_literals(item, folded.literals, cased.literals);
        if (!folded.literals.empty()) out.push_back(std::move(folded));
        if (!cased.literals.empty()) out.push_back(std::move(cased));
    }
    for (const auto& child : d.children) collect_contains_literals(child, out);
}

} // namespace

std::vector<ContainsLiterals> RuleSet::contains_literals() const {
    std::vector<ContainsLiterals> out;
    if (!m_data) return out;
    for (const auto& rule : m_data->rules)
        for (const auto& d : rule.detections) collect_contains_literals(d, out);
    return out;
}

bool RuleSet::unindexed(std::uint32_t rule) const noexcept {
    return !m_data->keys[rule].indexed;
}

const std::vector<CorrelationRule>& RuleSet::correlations() const noexcept {
    static const std::vector<CorrelationRule> k_none; // a moved-from set
    return m_data ? m_data->correlations : k_none;
}

} // namespace trailproof::rules
