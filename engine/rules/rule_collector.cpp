#include "core/diagnostic_codes.h"
#include "rules/rule_collector.h"

#include <map>
#include <string>

namespace trailproof::rules {

namespace {

std::string where(const std::string& file, int line) {
    return file + ":" + std::to_string(line);
}

struct Owner {
    std::string file;
    int line = 0;
    bool correlation = false;
};

} // namespace

void collect_ids(std::vector<LoadedRule>& rules, std::vector<LoadedCorrelation>& correlations,
                 std::vector<DiagnosticSink>& sinks) {
    std::map<std::string, Owner, std::less<>> ids;
    std::map<std::string, Owner, std::less<>> names;
    auto check = [&](const DocumentMeta& doc, SourcePos id_pos, SourcePos name_pos, bool correlation,
                     DiagnosticSink& sink, bool& has_errors) {
        // The first document to use `key` as its id (or name) owns it; a later one is an error.
        const auto claim = [&](std::map<std::string, Owner, std::less<>>& owners, const std::string& key,
                               std::string_view code, const char* what, SourcePos pos) {
            if (key.empty()) return;
            auto [it, inserted] = owners.emplace(key, Owner{doc.file, doc.line, correlation});
            if (inserted) return;
            sink.error(code,
                       std::string(what) + " '" + key + "' is already used by the " +
                           (it->second.correlation ? "correlation" : "rule") + " at " +
                           where(it->second.file, it->second.line),
                       pos);
            has_errors = true;
        };
        claim(ids, doc.id, codes::load_duplicate_id, "id", id_pos);
        claim(names, doc.name, codes::rule_duplicate_name, "name", name_pos);
    };
    // Documents in file order, rules and correlations interleaved by position.
    std::size_t r = 0, c = 0;
    while (r < rules.size() || c < correlations.size()) {
        const bool take_rule =
            c >= correlations.size() ||
            (r < rules.size() &&
             (rules[r].source < correlations[c].source ||
              (rules[r].source == correlations[c].source && rules[r].ast.pos.line < correlations[c].ast.pos.line)));
        if (take_rule) {
            auto& rule = rules[r++];
            auto& sink = sinks[rule.source];
            sink.set_item("rule", item_label(rule.ast.meta));
            check(rule.ast.meta, rule.ast.id_pos, rule.ast.name_pos, false, sink, rule.ast.has_errors);
        } else {
            auto& corr = correlations[c++];
            auto& sink = sinks[corr.source];
            sink.set_item("correlation", item_label(corr.ast.rule));
            check(corr.ast.rule, corr.ast.id_pos, corr.ast.name_pos, true, sink, corr.ast.has_errors);
        }
    }
}

std::vector<CorrelationRule> resolve_correlations(const std::vector<LoadedRule>& rules,
                                                  std::vector<LoadedCorrelation>& correlations,
                                                  std::vector<DiagnosticSink>& sinks) {
    // Lookup tables: id first, then name (pySigma SigmaCollection.__getitem__).
    using Lookup = std::map<std::string, std::size_t, std::less<>>;
    Lookup rule_by_id, rule_by_name, corr_by_id, corr_by_name;
    const auto add = [](Lookup& by_id, Lookup& by_name, const DocumentMeta& doc, std::size_t i) {
        if (!doc.id.empty()) by_id.emplace(doc.id, i);
        if (!doc.name.empty()) by_name.emplace(doc.name, i);
    };
    for (std::size_t i = 0; i < rules.size(); ++i) add(rule_by_id, rule_by_name, rules[i].ast.meta, i);
    for (std::size_t i = 0; i < correlations.size(); ++i) add(corr_by_id, corr_by_name, correlations[i].ast.rule, i);

    struct Target {
        bool is_correlation = false;
        std::size_t index = 0;
    };
    std::vector<std::vector<Target>> targets(correlations.size());
    std::vector<bool> ok(correlations.size());
    for (std::size_t i = 0; i < correlations.size(); ++i) {
        auto& corr = correlations[i];
        auto& sink = sinks[corr.source];
        sink.set_item("correlation", item_label(corr.ast.rule));
        bool fine = !corr.ast.has_errors;
        const auto& names = corr.ast.rule.rules;
        for (std::size_t k = 0; k < names.size(); ++k) {
            const std::string& ref = names[k];
            const SourcePos pos = k < corr.ast.rule_pos.size() ? corr.ast.rule_pos[k] : corr.ast.pos;
            auto find = [&](const auto& by_id, const auto& by_name) -> std::optional<std::size_t> {
                if (auto it = by_id.find(ref); it != by_id.end()) return it->second;
                if (auto it = by_name.find(ref); it != by_name.end()) return it->second;
                return std::nullopt;
            };
            if (auto r = find(rule_by_id, rule_by_name)) {
                if (rules[*r].compiled == UINT32_MAX) {
                    sink.error(codes::rule_unknown_rule_reference,
                               "correlation references rule '" + ref + "', which has errors", pos);
                    fine = false;
                }
                targets[i].push_back({false, *r});
            } else if (auto c = find(corr_by_id, corr_by_name)) {
                targets[i].push_back({true, *c});
            } else {
                sink.error(codes::rule_unknown_rule_reference,
                           "correlation references '" + ref + "', which is not the id or name of any rule", pos);
                fine = false;
            }
        }
        ok[i] = fine;
    }

    // Cycles: depth-first over correlation -> correlation edges.
    std::vector<int> state(correlations.size(), 0); // 0 new, 1 on stack, 2 done
    std::vector<bool> in_cycle(correlations.size(), false);
    auto visit = [&](auto&& self, std::size_t i) -> bool {
        if (state[i] == 1) return true;
        if (state[i] == 2) return in_cycle[i];
        state[i] = 1;
        bool cycle = false;
        for (const auto& t : targets[i])
            if (t.is_correlation && self(self, t.index)) cycle = true;
        state[i] = 2;
        if (cycle) in_cycle[i] = true;
        return cycle;
    };
    for (std::size_t i = 0; i < correlations.size(); ++i) {
        if (state[i] == 0) (void)visit(visit, i);
        if (in_cycle[i] && ok[i]) {
            auto& corr = correlations[i];
            auto& sink = sinks[corr.source];
            sink.set_item("correlation", item_label(corr.ast.rule));
            sink.error(codes::rule_correlation_cycle,
                       "correlation '" + item_label(corr.ast.rule) + "' references itself through its rules",
                       corr.ast.pos);
            ok[i] = false;
        }
    }

    // A correlation over a failed correlation fails too; repeat until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < correlations.size(); ++i) {
            if (!ok[i]) continue;
            for (std::size_t k = 0; k < targets[i].size(); ++k) {
                const auto& t = targets[i][k];
                if (!t.is_correlation || ok[t.index]) continue;
                auto& corr = correlations[i];
                auto& sink = sinks[corr.source];
                sink.set_item("correlation", item_label(corr.ast.rule));
                sink.error(codes::rule_unknown_rule_reference,
                           "correlation references correlation '" + corr.ast.rule.rules[k] + "', which has errors",
                           k < corr.ast.rule_pos.size() ? corr.ast.rule_pos[k] : corr.ast.pos);
                ok[i] = false;
                changed = true;
                break;
            }
        }
    }

    std::vector<std::uint32_t> new_index(correlations.size(), UINT32_MAX);
    std::uint32_t next = 0;
    for (std::size_t i = 0; i < correlations.size(); ++i)
        if (ok[i]) new_index[i] = next++;
    std::vector<CorrelationRule> out;
    for (std::size_t i = 0; i < correlations.size(); ++i) {
        if (!ok[i]) continue;
        CorrelationRule c = correlations[i].ast.rule;
        c.refs.clear();
        for (const auto& t : targets[i])
            c.refs.push_back({t.is_correlation, t.is_correlation ? new_index[t.index] : rules[t.index].compiled});
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace trailproof::rules
