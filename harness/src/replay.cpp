#include "replay.h"

#include <algorithm>
#include <tuple>

#include "core/diagnostic_builder.h"
#include "core/edit_distance.h"
#include "pipeline/detector.h"

namespace trailproof::harness {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "]";
}

// The title of rule or correlation `id` of `pack`, "" when it has none.
std::string title_of(const load::CompiledPack& pack, const std::string& id) {
    const std::uint32_t r = pack.rules.find(id);
    if (r != UINT32_MAX) return pack.alert_sources[r].title;
    for (const auto& c : pack.correlation_sources)
        if (c.id == id) return c.title;
    return {};
}

// How failures name a rule: its id and, when it has one, its title in quotes.
std::string named(const load::CompiledPack& pack, const std::string& id) {
    const std::string title = title_of(pack, id);
    return title.empty() ? id : id + " \"" + title + "\"";
}

std::string ndjson(const std::vector<std::string>& records) {
    std::string out;
    for (const auto& r : records) {
        out += r;
        out += '\n';
    }
    return out;
}

// The ids a reference of `kind` may name in `pack`.
std::vector<std::string_view> known_ids(const load::Content& content, const load::CompiledPack& pack,
                                        const std::string& kind) {
    std::vector<std::string_view> out;
    if (kind == "rule") {
        for (const auto& source : pack.alert_sources) out.push_back(source.id);
        for (const auto& source : pack.correlation_sources) out.push_back(source.id);
    } else if (kind == "model") {
        for (std::uint32_t m = 0; m < pack.models.size(); ++m) out.push_back(pack.models.model(m).id);
    } else if (kind == "parser") {
        const auto& parsers = content.parser_groups[pack.parser_group];
        for (std::size_t p = 0; p < parsers.size(); ++p) out.push_back(parsers.name(p));
    }
    return out;
}

} // namespace

std::string did_you_mean_id(std::string_view unknown, const std::vector<std::string_view>& known) {
    return did_you_mean(unknown, known, std::max<std::size_t>(3, unknown.size() / 4), true);
}

namespace {

bool mentions_rule(const Scenario& s, const std::string& rule) {
    if (std::find(s.covers_rules.begin(), s.covers_rules.end(), rule) != s.covers_rules.end()) return true;
    return std::any_of(s.alerts.begin(), s.alerts.end(), [&](const ExpectedAlert& a) { return a.rule == rule; });
}

// Rules a scenario shows firing (positive) or staying silent (negative).
void add_coverage(const Scenario& s, PackReplay& out) {
    std::set<std::string> expected;
    for (const auto& a : s.alerts) expected.insert(a.rule);
    std::set<std::string> rules(s.covers_rules.begin(), s.covers_rules.end());
    rules.insert(expected.begin(), expected.end());
    for (const auto& r : rules) {
        auto it = out.rules.find(r);
        if (it == out.rules.end()) continue;
        bool positive = s.kind == ScenarioKind::Positive ||
                        (s.kind == ScenarioKind::Unspecified && expected.count(r));
        if (s.kind == ScenarioKind::Negative && expected.count(r)) positive = true; // expects it anyway
        (positive ? it->second.positive : it->second.negative)++;
    }
    for (const auto& p : s.covers_parsers) {
        auto it = out.parsers.find(p);
        if (it != out.parsers.end()) it->second.positive++;
    }
    // A training scenario shows a model converge and trigger; a negative one shows it silent.
    for (const auto& m : s.covers_models) {
        auto it = out.models.find(m);
        if (it == out.models.end()) continue;
        (s.kind == ScenarioKind::Negative ? it->second.negative : it->second.positive)++;
    }
}

} // namespace

LoadResult check_references(const load::Content& content, const std::vector<Scenario>& scenarios) {
    LoadResult out;
    std::set<std::tuple<std::string, int, int>> reported; // a file's pack is named once, seen by each scenario
    std::vector<std::string_view> pack_ids;
    for (const auto& pack : content.packs) pack_ids.push_back(pack->info.id);
    for (const auto& s : scenarios) {
        const load::CompiledPack* pack = content.find_pack(s.pack);
        for (const auto& ref : s.references) {
            if (!reported.emplace(s.file, ref.pos.line, ref.pos.column).second) continue;
            std::string message;
            std::string_view code;
            if (ref.kind == "pack") {
                if (pack) continue;
                code = codes::replay_unknown_pack;
                message = "fixture names pack '" + ref.id + "', which is not loaded" + did_you_mean_id(ref.id, pack_ids);
            } else {
                if (!pack) continue; // reported at the pack
                const std::vector<std::string_view> known = known_ids(content, *pack, ref.kind);
                if (std::find(known.begin(), known.end(), ref.id) != known.end()) continue;
                code = ref.kind == "rule" ? codes::replay_unknown_rule
                       : ref.kind == "model" ? codes::replay_unknown_model
                                             : codes::replay_unknown_parser;
                message = "scenario '" + s.name + "' names " + ref.kind + " '" + ref.id + "', which pack '" + s.pack +
                          "' does not have" + did_you_mean_id(ref.id, known);
            }
            Diagnostic d = diagnostic_at(code, message, s.file, ref.pos.line, ref.pos.column).item("scenario", s.name);
            d.snippet = ref.snippet;
            out.add(std::move(d));
        }
    }
    return out;
}

int PackReplay::passed() const {
    return static_cast<int>(std::count_if(scenarios.begin(), scenarios.end(), [](const auto& r) { return r.passed; }));
}

int PackReplay::failed() const { return static_cast<int>(scenarios.size()) - passed(); }

ScenarioResult run_scenario(const std::shared_ptr<const load::Content>& content, int pack, const Scenario& s, const std::set<std::string>& disabled) {
    ScenarioResult result;
    result.scenario = &s;
    pipeline::Detector detector(content);
    detector.restrict_to_pack(pack);
    if (!disabled.empty()) detector.disable_rules(disabled);

    if (!s.history.empty()) {
        pipeline::DetectInputs history;
        history.buffers.emplace_back(s.name + "#history", ndjson(s.history));
        (void)detector.run(history, {});
    }

    std::vector<alerts::Alert> fired;
    struct Parsed {
        std::string parser, activity_type;
        std::map<std::string, std::string> fields;
    };
    std::vector<Parsed> parsed;
    std::set<std::string> wanted_fields;
    for (const auto& p : s.parsed)
        for (const auto& [f, v] : p.fields) wanted_fields.insert(f);

    pipeline::DetectInputs inputs;
    if (!s.events.empty()) inputs.buffers.emplace_back(s.name, ndjson(s.events));
    inputs.paths = s.files;
    if (s.learn_until_ms || s.learn_head_ms) {
        pipeline::LearnOptions learn;
        learn.until_ms = s.learn_until_ms;
        learn.head_ms = s.learn_head_ms;
        detector.set_learning(learn);
    }
    std::vector<models::NotableSession> notables;
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&](const alerts::Alert& a) { fired.push_back(a); };
    hooks.on_notable = [&](const std::string&, const models::NotableSession& n) { notables.push_back(n); };
    hooks.on_event = [&](const Event& e, int, const SourceTable&) {
        Parsed p;
        p.parser = content->parser_groups[content->packs[static_cast<std::size_t>(pack)]->parser_group].name(e.parser);
        p.activity_type = std::string(e.activity_type);
        for (const auto& f : wanted_fields) {
            FieldId id = content->registry.find(f);
            if (id != k_no_field) p.fields[f] = std::string(e.text(id));
        }
        parsed.push_back(std::move(p));
    };
    pipeline::DetectSummary summary = detector.run(inputs, hooks);

    auto fail = [&](std::string message) { result.failures.push_back(std::move(message)); };
    const load::CompiledPack& compiled = *content->packs[static_cast<std::size_t>(pack)];
    std::map<std::string, std::vector<const alerts::Alert*>> by_rule;
    for (const auto& a : fired) by_rule[a.source->id].push_back(&a);
    for (const auto& [rule, list] : by_rule) result.fired[rule] = static_cast<int>(list.size());

    for (const auto& want : s.alerts) {
        const auto& got = by_rule[want.rule];
        if (static_cast<int>(got.size()) != want.count)
            fail("expected " + std::to_string(want.count) + " alert" + (want.count == 1 ? "" : "s") + " of " +
                 named(compiled, want.rule) + ", got " + std::to_string(got.size()));
        for (const auto* a : got) {
            if (want.check_mitre) {
                std::vector<std::string> have = a->source->techniques;
                std::sort(have.begin(), have.end());
                if (have != want.mitre)
                    fail("alert of " + named(compiled, want.rule) + ": expected MITRE " + join(want.mitre) + ", got " + join(have));
            }
            if (!want.entity.empty() && a->user != want.entity)
                fail("alert of " + named(compiled, want.rule) + " at " + a->origin + ": expected entity " + want.entity + ", got " +
                     (a->user.empty() ? "none" : a->user));
        }
    }
    if (s.only)
        for (const auto& [rule, list] : by_rule) {
            bool expected = std::any_of(s.alerts.begin(), s.alerts.end(), [&](const auto& a) { return a.rule == rule; });
            if (!expected)
                fail("unexpected " + std::to_string(list.size()) + " alert" + (list.size() == 1 ? "" : "s") + " of " +
                     named(compiled, rule) + " (first at " + list.front()->origin + ")");
        }
    if (s.check_notables) {
        // Every notable session, in order: its user and its signals' rule ids.
        const auto render = [](const std::string& user, const std::vector<std::string>& rules) {
            return user + " " + join(rules);
        };
        std::vector<std::string> want, got;
        for (const auto& n : s.notables) want.push_back(render(n.user, n.signals));
        for (const auto& n : notables) {
            std::vector<std::string> rules;
            for (const auto& a : n.alerts) rules.push_back(a.rule);
            got.push_back(render(n.user, rules));
        }
        if (want != got) {
            std::string w, g;
            for (const auto& x : want) w += "\n    " + x;
            for (const auto& x : got) g += "\n    " + x;
            fail("expected " + std::to_string(want.size()) + " notable session" + (want.size() == 1 ? "" : "s") +
                 (w.empty() ? "" : ":" + w) + "\n  got " + std::to_string(got.size()) + (g.empty() ? "" : ":" + g));
        }
    }
    if (s.rejected >= 0 && static_cast<int>(summary.records_rejected) != s.rejected)
        fail("expected " + std::to_string(s.rejected) + " rejected records, got " +
             std::to_string(summary.records_rejected));
    for (const auto& want : s.parsed) {
        if (want.event < 0 || static_cast<std::size_t>(want.event) >= parsed.size()) {
            fail("expected a parsed event #" + std::to_string(want.event) + ", got " + std::to_string(parsed.size()) +
                 " events");
            continue;
        }
        const Parsed& got = parsed[static_cast<std::size_t>(want.event)];
        std::string at = "event #" + std::to_string(want.event) + ": ";
        if (!want.parser.empty() && got.parser != want.parser)
            fail(at + "expected parser " + want.parser + ", got " + got.parser);
        if (!want.activity_type.empty() && got.activity_type != want.activity_type)
            fail(at + "expected activity type " + want.activity_type + ", got " + got.activity_type);
        for (const auto& [field, value] : want.fields) {
            auto it = got.fields.find(field);
            std::string have = it == got.fields.end() ? "" : it->second;
            if (have != value) fail(at + "expected " + field + " = '" + value + "', got '" + have + "'");
        }
    }
    result.passed = result.failures.empty();
    return result;
}

std::vector<PackReplay> replay(const std::shared_ptr<const load::Content>& content, const std::vector<Scenario>& scenarios,
                               const ReplayOptions& options) {
    std::vector<PackReplay> out;
    std::size_t runs = 0;
    for (std::size_t p = 0; p < content->packs.size(); ++p) {
        const load::CompiledPack& pack = *content->packs[p];
        const load::PackInfo& info = pack.info;
        const auto& packs = options.only_packs;
        if (!packs.empty() && std::find(packs.begin(), packs.end(), info.id) == packs.end()) continue;
        PackReplay pr;
        pr.pack = info.id;
        const auto& rules = pack.rules;
        // Every rule that can alert: base rules a correlation suppresses (generate:
        // false) speak only through it, so the correlation is covered instead.
        const auto& correlations = pack.correlations;
        for (std::uint32_t r = 0; r < rules.size(); ++r)
            if (!correlations.suppressed(r))
                pr.rules[pack.alert_sources[r].id] = {};
        for (const auto& c : pack.correlation_sources) pr.rules[c.id] = {};
        for (const auto& [id, cov] : pr.rules) pr.titles[id] = title_of(pack, id);
        for (const auto& name : info.parser_names) pr.parsers[name] = {};
        const auto& model_set = pack.models;
        for (std::uint32_t m = 0; m < model_set.size(); ++m) pr.models[model_set.model(m).id] = {};

        for (const auto& s : scenarios) {
            if (s.pack != info.id) continue;
            if (!options.only_rules.empty() &&
                std::none_of(options.only_rules.begin(), options.only_rules.end(),
                             [&](const std::string& r) { return mentions_rule(s, r); }))
                continue;
            if (options.only_scenarios && !options.only_scenarios->count({s.file, s.line})) continue;
            pr.scenarios.push_back(run_scenario(content, static_cast<int>(p), s));
            if (options.on_scenario) options.on_scenario(++runs);
            const ScenarioResult& res = pr.scenarios.back();
            if (s.kind == ScenarioKind::Baseline) {
                // False positives within budget prove nothing about a rule.
                pr.baseline_alerts = std::max(pr.baseline_alerts, 0);
                for (const auto& [rule, n] : res.fired) pr.baseline_alerts += n;
                continue;
            }
            if (!res.passed) continue;
            add_coverage(s, pr);
            for (const auto& a : s.alerts) {
                std::uint32_t r = rules.find(a.rule);
                if (r != UINT32_MAX)
                    for (const auto& t : pack.alert_sources[r].techniques) pr.proven_techniques.insert(t);
                for (const auto& c : pack.correlation_sources)
                    if (c.id == a.rule)
                        for (const auto& t : c.techniques) pr.proven_techniques.insert(t);
            }
        }
        for (const auto& s : pr.scenarios)
            for (const auto& a : s.scenario->alerts)
                if (!pr.rules.count(a.rule))
                    pr.failures.push_back("scenario " + s.scenario->name + " expects rule " + a.rule +
                                          ", which pack " + info.id + " does not have");

        // Coverage is a property of the whole fixture set; a filtered run proves only what it ran.
        if (options.only_rules.empty() && !options.only_scenarios) {
            for (const auto& [rule, cov] : pr.rules) {
                std::uint32_t r = rules.find(rule);
                bool can_fire = r == UINT32_MAX || rules.meta(r).cloudtrail_relevance != "none";
                if (can_fire && cov.positive == 0) pr.failures.push_back("rule " + named(pack, rule) + " has no passing positive scenario");
                if (cov.negative == 0) pr.failures.push_back("rule " + named(pack, rule) + " has no passing negative scenario");
            }
            for (const auto& [parser, cov] : pr.parsers)
                if (cov.positive == 0) pr.failures.push_back("parser " + parser + " has no passing scenario");
            for (const auto& [model, cov] : pr.models)
                if (cov.positive + cov.negative == 0)
                    pr.failures.push_back("model " + model + " has no passing scenario");
            if (pr.baseline_alerts < 0 && !pr.scenarios.empty())
                pr.failures.push_back("pack " + info.id + " has no benign baseline scenario (kind: baseline)");
        }

        if (options.mutate) {
            // A positive scenario must fail once the rule it proves is gone; if it
            // still passes, it proves nothing about that rule.
            for (const auto& res : pr.scenarios) {
                if (!res.passed || res.scenario->kind == ScenarioKind::Baseline) continue;
                for (const auto& a : res.scenario->alerts) {
                    std::set<std::string> disabled{info.id + "/" + a.rule};
                    const bool passed = run_scenario(content, static_cast<int>(p), *res.scenario, disabled).passed;
                    if (options.on_scenario) options.on_scenario(++runs);
                    if (passed)
                        pr.mutation_survivors.push_back("scenario " + res.scenario->name +
                                                        " still passes with rule " + named(pack, a.rule) + " disabled");
                }
            }
        }
        out.push_back(std::move(pr));
    }
    return out;
}

} // namespace trailproof::harness
