// CorrelationSet::compile: resolves what the runtime reads for every reference
// of every correlation (fields, aliases, inner group-by positions), the fire
// mode, the chain order and generate: false suppression. README.md lists the
// decisions; the messages below are tested verbatim in compile_test.cpp.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/diagnostic_builder.h"
#include "correlate/correlation_set.h"

namespace trailproof::correlate {

namespace {

using rules::CorrelationOp;
using rules::CorrelationRule;
using rules::CorrelationType;

bool is_closing(const std::vector<rules::CorrelationCondition>& condition) {
    return std::any_of(condition.begin(), condition.end(), [](const auto& c) {
        return c.op == CorrelationOp::Lt || c.op == CorrelationOp::Lte || c.op == CorrelationOp::Eq ||
               c.op == CorrelationOp::Neq;
    });
}

std::string op_name(CorrelationOp op) {
    switch (op) {
    case CorrelationOp::Gt: return "gt";
    case CorrelationOp::Gte: return "gte";
    case CorrelationOp::Lt: return "lt";
    case CorrelationOp::Lte: return "lte";
    case CorrelationOp::Eq: return "eq";
    case CorrelationOp::Neq: return "neq";
    }
    return "?";
}

std::string number_text(double v) {
    if (v == static_cast<double>(static_cast<std::int64_t>(v))) return std::to_string(static_cast<std::int64_t>(v));
    return std::to_string(v);
}

class Compiler {
public:
    Compiler(const rules::RuleSet& rules, FieldRegistry& registry, const CorrelationOptions& options,
             std::vector<CompiledCorrelation>& out, LoadResult& result)
        : m_rules(rules), m_registry(registry), m_options(options), m_out(out), m_result(result) {}

    void compile(std::uint32_t c);

private:
    void error(std::string_view code, std::string message) {
        add(Severity::Error, code, std::move(message));
        m_ok = false;
    }
    void warning(std::string_view code, std::string message) { add(Severity::Warning, code, std::move(message)); }
    void add(Severity severity, std::string_view code, std::string message);

    // True when `name` (an alias map key) names reference `k`: as written in
    // `rules`, or the target's id or name.
    [[nodiscard]] bool names_ref(std::string_view name, std::uint32_t k) const;
    // Where reference `k` supplies the correlation-level field `name` (group-by
    // entry or condition field), after aliases. False after reporting an error.
    bool resolve(const std::string& name, std::uint32_t k, FieldSource& out);
    void check_reachable();

    const rules::RuleSet& m_rules;
    FieldRegistry& m_registry;
    const CorrelationOptions& m_options;
    std::vector<CompiledCorrelation>& m_out;
    LoadResult& m_result;
    CompiledCorrelation* m_cc = nullptr;
    bool m_ok = true;
};

void Compiler::add(Severity severity, std::string_view code, std::string message) {
    const CorrelationRule& r = m_cc->source;
    const std::string& label = rules::item_label(r); // as the rules stage labels it
    m_result.add(diagnostic(severity, code, std::move(message), r.file, r.line)
                     .item("correlation", label)
                     .in_pack(r.pack)
                     .context("correlation '" + label + "'"));
}

bool Compiler::names_ref(std::string_view name, std::uint32_t k) const {
    const CorrelationRule& r = m_cc->source;
    if (name == r.rules[k]) return true;
    const rules::CorrelationRef& ref = r.refs[k];
    if (ref.is_correlation) return rules::is_named(m_out[ref.index].source, name);
    return rules::is_named(m_rules.meta(ref.index), name);
}

bool Compiler::resolve(const std::string& name, std::uint32_t k, FieldSource& out) {
    const CorrelationRule& r = m_cc->source;
    std::string field = name;
    std::vector<std::string> more; // an alias's fallback fields
    if (auto alias = r.aliases.find(name); alias != r.aliases.end()) {
        auto hit = std::find_if(alias->second.begin(), alias->second.end(),
                                [&](const auto& entry) { return names_ref(entry.first, k); });
        if (hit == alias->second.end()) {
            error(codes::correlate_bad_alias, "alias '" + name + "' has no field for rule '" + r.rules[k] + "'");
            return false;
        }
        field = hit->second.front();
        more.assign(hit->second.begin() + 1, hit->second.end());
    }
    const rules::CorrelationRef& ref = r.refs[k];
    if (!ref.is_correlation) {
        const auto id = [&](const std::string& f) { return m_registry.intern(m_options.map_field ? m_options.map_field(f) : f); };
        out.field = id(field);
        for (const auto& f : more) out.fallback.push_back(id(f));
        return true;
    }
    if (!more.empty()) {
        error(codes::correlate_bad_alias, "alias '" + name + "' maps correlation '" + r.rules[k] +
                                              "' to several fields; an inner correlation supplies one group-by field");
        return false;
    }
    // Chaining: an inner correlation's alert carries only its group-by values.
    const auto& inner = m_out[ref.index].group_by;
    auto pos = std::find(inner.begin(), inner.end(), field);
    if (pos == inner.end()) {
        error(codes::correlate_bad_group_by, "field '" + field + "' is not a group-by field of correlation '" +
                                            r.rules[k] + "', so its alerts never carry it");
        return false;
    }
    out.inner = static_cast<std::uint32_t>(pos - inner.begin());
    return true;
}

void Compiler::check_reachable() {
    // A lower bound the aggregate can never reach is almost surely a typo.
    const CorrelationRule& r = m_cc->source;
    if (m_cc->mode != FireMode::Rising) return;
    double need = 0; // the smallest aggregate the lower bounds accept
    for (const auto& cond : r.condition)
        need = std::max(need, cond.op == CorrelationOp::Gt ? std::floor(cond.value) + 1 : std::ceil(cond.value));
    if (r.type == CorrelationType::Temporal || r.type == CorrelationType::TemporalOrdered) {
        std::size_t most = m_cc->refs.size(); // ordered: positions; unordered: distinct targets
        if (r.type == CorrelationType::Temporal) {
            most = 0;
            for (std::uint32_t k = 0; k < m_cc->refs.size(); ++k) if (m_cc->refs[k].slot == k) ++most;
        }
        if (need > static_cast<double>(most))
            warning(codes::correlate_never_fires, "condition needs " + number_text(need) +
                                                 " matched rules but the correlation lists only " +
                                                 std::to_string(most));
    } else if (need > static_cast<double>(m_options.max_entries)) {
        warning(codes::correlate_never_fires, "condition needs " + number_text(need) + " hits in one group but a group holds at most " +
                                             std::to_string(m_options.max_entries));
    }
}

void Compiler::compile(std::uint32_t c) {
    m_cc = &m_out[c];
    m_ok = true;
    const CorrelationRule& r = m_cc->source;

    switch (r.type) {
    case CorrelationType::EventCount:
    case CorrelationType::ValueCount:
    case CorrelationType::Temporal:
    case CorrelationType::TemporalOrdered: break;
    default:
        error(codes::correlate_unsupported_type, "correlation type '" + r.type_name +
                                                "' is not evaluated; supported types are event_count, value_count, "
                                                "temporal and temporal_ordered");
        return;
    }
    if (r.refs.size() != r.rules.size() || r.refs.empty()) {
        error(codes::correlate_bad_reference, "correlation has no resolved rules");
        return;
    }

    constexpr std::int64_t k_max_seconds = std::numeric_limits<std::int64_t>::max() / 1000;
    m_cc->timespan_ms = r.timespan_seconds > k_max_seconds ? std::numeric_limits<std::int64_t>::max()
                                                           : r.timespan_seconds * 1000;
    m_cc->mode = is_closing(r.condition) ? FireMode::Closing : FireMode::Rising;
    m_cc->group_by = r.group_by;

    const auto n = static_cast<std::uint32_t>(r.refs.size());
    m_cc->refs.resize(n);
    for (std::uint32_t k = 0; k < n; ++k) {
        CompiledRef& ref = m_cc->refs[k];
        ref.is_correlation = r.refs[k].is_correlation;
        ref.index = r.refs[k].index;
        ref.slot = k;
        for (std::uint32_t j = 0; j < k; ++j)
            if (r.refs[j].is_correlation == ref.is_correlation && r.refs[j].index == ref.index) {
                ref.slot = j;
                break;
            }
        if (ref.slot != k && r.type != CorrelationType::TemporalOrdered)
            error(codes::correlate_duplicate_reference,
                  "'rules' lists '" + r.rules[k] + "' twice; only temporal_ordered may repeat a rule");
        if (ref.is_correlation && !m_out[ref.index].enabled)
            error(codes::correlate_bad_reference,
                  "correlation references correlation '" + r.rules[k] + "', which cannot be evaluated");
    }
    if (!m_ok) return;

    for (const auto& [alias, fields] : r.aliases)
        for (const auto& entry : fields) {
            bool found = false;
            for (std::uint32_t k = 0; k < n && !found; ++k) found = names_ref(entry.first, k);
            if (!found)
                error(codes::correlate_bad_alias,
                      "alias '" + alias + "' maps '" + entry.first + "', which is not one of the correlation's rules");
        }
    if (!m_ok) return;

    for (std::uint32_t k = 0; k < n; ++k) {
        CompiledRef& ref = m_cc->refs[k];
        ref.group.resize(r.group_by.size());
        for (std::size_t g = 0; g < r.group_by.size(); ++g) (void)resolve(r.group_by[g], k, ref.group[g]);
        if (r.type == CorrelationType::ValueCount) {
            ref.value.resize(r.condition_fields.size());
            for (std::size_t f = 0; f < r.condition_fields.size(); ++f)
                (void)resolve(r.condition_fields[f], k, ref.value[f]);
        }
    }
    if (!m_ok) return;
    check_reachable();
    m_cc->enabled = true;
}

// 0 for correlations over base rules only, else 1 + the deepest inner one.
// The rules stage guarantees there are no cycles.
std::vector<std::uint32_t> chain_levels(const std::vector<CorrelationRule>& cs) {
    constexpr std::uint32_t k_unknown = UINT32_MAX;
    std::vector<std::uint32_t> level(cs.size(), k_unknown);
    auto visit = [&](auto&& self, std::size_t c, std::size_t depth) -> std::uint32_t {
        if (level[c] != k_unknown) return level[c];
        if (depth > cs.size()) return 0; // a cycle slipped through: stop, never recurse forever
        std::uint32_t l = 0;
        for (const auto& ref : cs[c].refs)
            if (ref.is_correlation && ref.index < cs.size()) l = std::max(l, self(self, ref.index, depth + 1) + 1);
        return level[c] = l;
    };
    for (std::size_t c = 0; c < cs.size(); ++c) (void)visit(visit, c, 0);
    return level;
}

std::string ref_identity(const rules::RuleSet& rules, const std::vector<CompiledCorrelation>& out,
                         const rules::CorrelationRef& ref) {
    if (ref.is_correlation) return "c:" + out[ref.index].key;
    return "r:" + rules::item_label(rules.meta(ref.index));
}

// Everything saved windows depend on; a changed signature drops saved state.
std::string make_signature(const rules::RuleSet& rules, const std::vector<CompiledCorrelation>& out,
                           const CompiledCorrelation& cc) {
    const CorrelationRule& r = cc.source;
    constexpr char k_sep = '\x1f';
    std::string s = r.type_name + k_sep + std::to_string(cc.timespan_ms);
    s += k_sep;
    for (const auto& g : r.group_by) s += "g:" + g + k_sep;
    for (const auto& ref : r.refs) s += ref_identity(rules, out, ref) + k_sep;
    for (const auto& cond : r.condition) s += op_name(cond.op) + ":" + number_text(cond.value) + k_sep;
    for (const auto& f : r.condition_fields) s += "f:" + f + k_sep;
    for (const auto& [alias, fields] : r.aliases)
        for (const auto& [rule, names] : fields) {
            s += "a:" + alias + "/" + rule + "=";
            for (std::size_t i = 0; i < names.size(); ++i) s += (i ? "|" : "") + names[i];
            s += k_sep;
        }
    return s;
}

} // namespace

LoadResult CorrelationSet::compile(const rules::RuleSet& rules, FieldRegistry& registry,
                                   const CorrelationOptions& options, CorrelationSet& out) {
    LoadResult result;
    CorrelationSet set;
    set.m_max_groups = std::max<std::size_t>(options.max_groups, 1);
    set.m_max_entries = std::max<std::size_t>(options.max_entries, 1);
    CorrelationOptions effective = options;
    effective.max_groups = set.m_max_groups;
    effective.max_entries = set.m_max_entries;

    const auto& cs = rules.correlations();
    const auto n = static_cast<std::uint32_t>(cs.size());
    set.m_correlations.resize(n);
    std::map<std::string, int> key_uses;
    for (std::uint32_t c = 0; c < n; ++c) {
        CompiledCorrelation& cc = set.m_correlations[c];
        cc.source = cs[c];
        std::string key = !cs[c].id.empty() ? cs[c].id : !cs[c].name.empty() ? cs[c].name : cs[c].title;
        const int use = ++key_uses[key];
        cc.key = use == 1 ? key : key + "#" + std::to_string(use);
    }

    const std::vector<std::uint32_t> levels = chain_levels(cs);
    std::vector<std::uint32_t> order(n);
    for (std::uint32_t c = 0; c < n; ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return levels[a] < levels[b]; });

    // Inner before outer, so an outer correlation sees its inner ones compiled.
    Compiler compiler(rules, registry, effective, set.m_correlations, result);
    for (std::uint32_t c : order) {
        set.m_correlations[c].level = levels[c];
        compiler.compile(c);
    }
    for (std::uint32_t c : order)
        if (set.m_correlations[c].enabled) {
            set.m_order.push_back(c);
            set.m_correlations[c].signature = make_signature(rules, set.m_correlations, set.m_correlations[c]);
        }

    set.m_suppressed.assign(rules.size(), 0);
    set.m_referenced.assign(rules.size(), 0);
    set.m_corr_suppressed.assign(n, 0);
    for (std::uint32_t c : set.m_order) {
        const CompiledCorrelation& cc = set.m_correlations[c];
        for (const auto& ref : cc.refs) {
            if (!ref.is_correlation) set.m_referenced[ref.index] = 1;
            // Spec: with generate: false only the correlation emits. A rule shared by
            // several correlations is suppressed as soon as one of them says so.
            if (!cc.source.generate) (ref.is_correlation ? set.m_corr_suppressed : set.m_suppressed)[ref.index] = 1;
        }
    }
    out = std::move(set);
    return result;
}

} // namespace trailproof::correlate
