// The behavioural model stage: cost per event and state size.
//
// DESIGN.md "Performance shape": the UEBA content updates ~25 models per event,
// so this stage, not JSON, decides throughput. The workload is synthetic and
// deterministic (fixed seed): 2000 principals in 12 peer groups, 25 models
// shaped like the Exabeam CIM2 CloudTrail pack (user, peer group, org, per-app
// and tuple scopes; tuple, hour and day features; a train_when filter) and rules
// with every trigger kind, fact and session condition.
//
// Suites (same corpus, same binary):
//   models_update_steady   begin_event + train on a warmed state (values known)
//   models_update_cold     the same corpus into a fresh state each iteration
//   models_pipeline        begin_event + rule match + check + score + train
//   models_state_growth    1M generated events into one fresh state: bytes per
//                          entity and per million events
//   state_encode / state_decode   the state file format, bytes/s
//
// Counters: items/s (events), models (per event), state_bytes_per_entity,
// state_bytes_per_user, state_bytes_per_1M_events, alerts.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "models/model_reader.h"
#include "models/model_set.h"
#include "models/model_state.h"
#include "models/rule_binding.h"
#include "rules/rule_set.h"
#include "state/state_file.h"

using namespace trailproof;
using namespace trailproof::models;

namespace {

constexpr std::string_view k_models = R"(models:
  - {id: UA-OC, scope: org, feature: src_country}
  - {id: UA-GC, scope: peer_group, feature: src_country}
  - {id: UA-UC, scope: user, feature: src_country}
  - {id: UA-UI-new, scope: user, feature: src_isp}
  - {id: AE-UA, scope: user, feature: activity_type}
  - {id: AE-GA, scope: peer_group, feature: activity_type}
  - {id: AC-UT-TOW, scope: user, feature: day_of_week, activity_types: [account-creation]}
  - {id: AC-UH, scope: user, feature: host, activity_types: [account-creation]}
  - {id: AC-OH, scope: org, feature: host, activity_types: [account-creation]}
  - {id: APP-AppSz, scope: {fields: [app]}, feature: src_zone}
  - {id: APP-IdU, scope: {fields: [userIdentity.accessKeyId]}, feature: user}
  - {id: APP-UId, scope: user, feature: userIdentity.accessKeyId}
  - {id: APP-AA, scope: {fields: [app]}, feature: operation}
  - {id: APP-GappA, scope: peer_group, feature: operation}
  - {id: APP-UappA, scope: user, feature: operation}
  - {id: APP-UOb, scope: user, feature: object, max_values: 1000}
  - {id: APP-UsH, scope: {fields: [user, app]}, feature: src_ip, ageing_days: 30}
  - {id: APP-UOs-New, scope: user, feature: [ua_os, ua_browser]}
  - {id: APP-UAg, scope: user, feature: user_agent, ageing_days: 90}
  - {id: APP-UTi, scope: user, feature: hour_of_day}
  - {id: APP-GApp, scope: peer_group, feature: app}
  - {id: APP-AppG, scope: {fields: [app]}, feature: user_peer_group}
  - {id: APP-AppU, scope: {fields: [app]}, feature: user}
  - {id: APP-UApp, scope: user, feature: app}
  - {id: APP-AT-PRIV, scope: {fields: [operation]}, feature: user_is_privileged, train_when: {readOnly: false}}
)";

std::string rule(std::string_view id, std::string_view extension) {
    return "title: " + std::string(id) + "\nid: " + std::string(id) +
           "\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    user|exists: true\n  condition: sel\n" +
           std::string(extension) + "\n---\n";
}

std::string rules_text() {
    std::string out;
    for (const char* m : {"UA-OC", "UA-GC", "UA-UC", "UA-UI-new", "AE-UA", "AC-UH", "APP-AA", "APP-UappA", "APP-UsH",
                          "APP-UOs-New", "APP-UAg", "APP-UApp", "APP-AppU"})
        out += rule(std::string(m) + "-F", "score: 10\nmodel: {ref: " + std::string(m) + ", trigger: first_time}");
    for (const char* m : {"UA-GC", "UA-UC", "AC-UT-TOW", "APP-GappA", "APP-UTi", "APP-GApp", "APP-AT-PRIV"})
        out += rule(std::string(m) + "-A", "score: 10\nmodel: {ref: " + std::string(m) + ", trigger: abnormal}");
    out += rule("APP-UAg-2", "score: 20\nmodel: {ref: APP-UAg, trigger: nth_new, n: 2}");
    out += rule("APP-UAg-3", "score: 30\nmodel: {ref: APP-UAg, trigger: nth_new, n: 3}");
    out += rule("NEW-USER-F", "score: 5\nfacts: {new_user: true}");
    out += rule("DORMANT-USER", "score: 40\nfacts: {dormant_days: 14}");
    out += rule("UA-UC-Two", "score: 30\nsession: {distinct: src_country, gte: 2}");
    return out;
}

// String pools the generated events point into.
struct Pools {
    std::vector<std::string> users, groups, countries, isps, agents, oses, browsers, apps, operations, ips, zones,
        keys, hosts, objects;
    Pools() {
        auto fill = [](std::vector<std::string>& v, std::size_t n, std::string_view prefix) {
            for (std::size_t i = 0; i < n; ++i) v.push_back(std::string(prefix) + std::to_string(i));
        };
        fill(users, 2000, "arn:aws:iam::123456789012:user/u");
        fill(groups, 12, "group-");
        fill(countries, 30, "C");
        fill(isps, 60, "isp-");
        fill(agents, 300, "aws-cli/2.");
        fill(oses, 6, "os-");
        fill(browsers, 8, "browser-");
        fill(apps, 40, "svc");
        fill(operations, 400, "Op");
        fill(ips, 5000, "10.1.");
        fill(zones, 8, "zone-");
        fill(keys, 2500, "AKIA");
        fill(hosts, 20, "1234567890");
        fill(objects, 100000, "bucket/key/");
    }
};

// One generated event; `fill` puts it in a reusable Event.
struct Generator {
    const Pools& p;
    FieldRegistry& registry;
    std::mt19937_64 rng{20240611};
    std::int64_t time = 1'700'000'000'000;
    FieldId f_user, f_group, f_country, f_isp, f_agent, f_os, f_browser, f_app, f_operation, f_ip, f_zone, f_key, f_host,
        f_object, f_priv, f_readonly;

    Generator(const Pools& pools, FieldRegistry& r)
        : p(pools), registry(r), f_user(r.intern("user")), f_group(r.intern("user_peer_group")),
          f_country(r.intern("src_country")), f_isp(r.intern("src_isp")), f_agent(r.intern("user_agent")),
          f_os(r.intern("ua_os")), f_browser(r.intern("ua_browser")), f_app(r.intern("app")),
          f_operation(r.intern("operation")), f_ip(r.intern("src_ip")), f_zone(r.intern("src_zone")),
          f_key(r.intern("userIdentity.accessKeyId")), f_host(r.intern("host")), f_object(r.intern("object")),
          f_priv(r.intern("user_is_privileged")), f_readonly(r.intern("readOnly")) {}

    // Skewed pick: mostly a per-user habit, sometimes anything.
    const std::string& habit(const std::vector<std::string>& pool, std::size_t user, unsigned spread_percent) {
        if (rng() % 100 < spread_percent) return pool[rng() % pool.size()];
        return pool[(user * 7919) % pool.size()];
    }

    void fill(Event& e) {
        e.reset(registry.size());
        time += static_cast<std::int64_t>(rng() % 400); // ~5 events/s
        const std::size_t u = rng() % p.users.size();
        auto str = [&](FieldId f, const std::string& s) { e.add(f, Value{ValueKind::String, s, 0, -1}); };
        str(f_user, p.users[u]);
        str(f_group, p.groups[u % p.groups.size()]);
        str(f_country, habit(p.countries, u, 3));
        str(f_isp, habit(p.isps, u, 5));
        str(f_agent, habit(p.agents, u, 8));
        str(f_os, habit(p.oses, u, 2));
        str(f_browser, habit(p.browsers, u, 2));
        const std::string& app = habit(p.apps, u, 30);
        str(f_app, app);
        str(f_operation, habit(p.operations, u, 40));
        str(f_ip, habit(p.ips, u, 10));
        str(f_zone, habit(p.zones, u, 5));
        str(f_key, p.keys[u % p.keys.size()]);
        str(f_host, habit(p.hosts, u, 10));
        str(f_object, p.objects[rng() % p.objects.size()]);
        e.add(f_priv, Value{ValueKind::Bool, u % 10 == 0 ? "true" : "false", 0, -1});
        e.add(f_readonly, Value{ValueKind::Bool, rng() % 3 == 0 ? "false" : "true", 0, -1});
        e.time_ms = time;
        e.activity_type = rng() % 50 == 0 ? "account-creation" : "app-activity";
    }
};

struct Setup {
    FieldRegistry registry;
    ModelSet models;
    rules::RuleSet rules;
    RuleBindings bindings;
    Pools pools;
    std::deque<Event> corpus; // pre-built events (views into `pools`)
    bool ok = true;
    std::string error;

    explicit Setup(std::size_t events) {
        std::vector<ModelInfo> infos;
        LoadResult r = read_models(k_models, "bench-models.yml", infos);
        r.merge(compile_models(std::move(infos), registry, models));
        r.merge(rules::compile_rules({{"bench-rules.yml", rules_text(), ""}}, registry, {}, rules));
        r.merge(bind_rules(models, rules, registry, bindings));
        if (!r.successful()) {
            ok = false;
            error = r.render_text();
            return;
        }
        Generator gen(pools, registry);
        for (std::size_t i = 0; i < events; ++i) gen.fill(corpus.emplace_back());
    }
};

Setup& corpus_setup() {
    static Setup setup(50'000);
    return setup;
}

// The full model-stage pipeline for one event; returns alerts and folds their rule ids into `hash`.
std::size_t pipeline(const Setup& s, ModelState& state, const Event& e, std::vector<std::uint32_t>& hits,
                     std::uint64_t& hash) {
    std::size_t alerts = 0;
    state.begin_event(e);
    s.rules.match(e, hits);
    for (std::uint32_t r : hits) {
        const RuleBinding* b = s.bindings.find(r);
        if (b && !state.check(*b, e)) continue;
        ++alerts;
        hash = (hash ^ r) * 1099511628211ULL;
        state.add_alert_score(e, s.rules.meta(r).score, r);
    }
    state.train(e);
    return alerts;
}

// State size counters; `events` > 0 adds the size per million events (only
// meaningful after a million-event run: state grows sub-linearly).
void report_size(benchmark::State& bm, const ModelState& state, std::size_t events) {
    const StateStats st = state.stats();
    bm.counters["entities"] = static_cast<double>(st.entities);
    bm.counters["users"] = static_cast<double>(st.users);
    bm.counters["values"] = static_cast<double>(st.values);
    bm.counters["overflow"] = static_cast<double>(st.overflow);
    bm.counters["state_bytes"] = static_cast<double>(st.bytes);
    bm.counters["state_bytes_per_entity"] = static_cast<double>(st.bytes) / static_cast<double>(st.entities);
    bm.counters["state_bytes_per_user"] = static_cast<double>(st.bytes) / static_cast<double>(st.users);
    if (events > 0) bm.counters["state_bytes_per_1M_events"] = static_cast<double>(st.bytes) * 1e6 / static_cast<double>(events);
}

// Verify, then measure: two fresh runs must agree and must alert.
bool verify(benchmark::State& bm, const Setup& s) {
    if (!s.ok) {
        bm.SkipWithError(s.error.c_str());
        return false;
    }
    std::size_t alerts[2] = {0, 0};
    std::uint64_t hashes[2] = {14695981039346656037ULL, 14695981039346656037ULL};
    std::vector<std::uint32_t> hits;
    for (int run = 0; run < 2; ++run) {
        ModelState state(s.models, s.bindings);
        for (const Event& e : s.corpus) alerts[run] += pipeline(s, state, e, hits, hashes[run]);
    }
    if (alerts[0] == 0 || alerts[0] != alerts[1] || hashes[0] != hashes[1]) {
        bm.SkipWithError("the model pipeline is not deterministic or produced no alert");
        return false;
    }
    bm.counters["alerts"] = static_cast<double>(alerts[0]);
    return true;
}

void models_update_steady(benchmark::State& bm) {
    const Setup& s = corpus_setup();
    if (!verify(bm, s)) return;
    ModelState state(s.models, s.bindings);
    for (const Event& e : s.corpus) {
        state.begin_event(e);
        state.train(e);
    }
    for (auto _ : bm) {
        for (const Event& e : s.corpus) {
            state.begin_event(e);
            state.train(e);
        }
        benchmark::ClobberMemory();
    }
    bm.SetItemsProcessed(bm.iterations() * static_cast<std::int64_t>(s.corpus.size()));
    bm.counters["models"] = static_cast<double>(s.models.size());
}

void models_update_cold(benchmark::State& bm) {
    const Setup& s = corpus_setup();
    if (!verify(bm, s)) return;
    std::unique_ptr<ModelState> state;
    for (auto _ : bm) {
        state = std::make_unique<ModelState>(s.models, s.bindings);
        for (const Event& e : s.corpus) {
            state->begin_event(e);
            state->train(e);
        }
        benchmark::ClobberMemory();
    }
    bm.SetItemsProcessed(bm.iterations() * static_cast<std::int64_t>(s.corpus.size()));
    bm.counters["models"] = static_cast<double>(s.models.size());
    report_size(bm, *state, 0);
}

void models_pipeline(benchmark::State& bm) {
    const Setup& s = corpus_setup();
    if (!verify(bm, s)) return;
    std::vector<std::uint32_t> hits;
    hits.reserve(s.rules.size());
    std::uint64_t hash = 0;
    for (auto _ : bm) {
        ModelState state(s.models, s.bindings);
        std::size_t alerts = 0;
        for (const Event& e : s.corpus) alerts += pipeline(s, state, e, hits, hash);
        benchmark::DoNotOptimize(alerts);
    }
    bm.SetItemsProcessed(bm.iterations() * static_cast<std::int64_t>(s.corpus.size()));
}

void models_state_growth(benchmark::State& bm) {
    Setup& s = corpus_setup();
    if (!verify(bm, s)) return;
    constexpr std::size_t k_events = 1'000'000;
    std::unique_ptr<ModelState> state;
    for (auto _ : bm) {
        state = std::make_unique<ModelState>(s.models, s.bindings);
        Generator gen(s.pools, s.registry);
        Event e;
        for (std::size_t i = 0; i < k_events; ++i) {
            gen.fill(e);
            state->begin_event(e);
            state->train(e);
        }
        benchmark::ClobberMemory();
    }
    bm.SetItemsProcessed(bm.iterations() * static_cast<std::int64_t>(k_events));
    report_size(bm, *state, k_events);
    bm.counters["file_bytes_per_1M_events"] = static_cast<double>(state::encode_state(*state).size());
}

void state_encode(benchmark::State& bm) {
    const Setup& s = corpus_setup();
    if (!verify(bm, s)) return;
    ModelState state(s.models, s.bindings);
    for (const Event& e : s.corpus) {
        state.begin_event(e);
        state.train(e);
    }
    std::size_t bytes = 0;
    for (auto _ : bm) {
        std::string file = state::encode_state(state);
        bytes = file.size();
        benchmark::DoNotOptimize(bytes);
    }
    bm.SetBytesProcessed(bm.iterations() * static_cast<std::int64_t>(bytes));
    bm.counters["file_bytes"] = static_cast<double>(bytes);
}

void state_decode(benchmark::State& bm) {
    const Setup& s = corpus_setup();
    if (!verify(bm, s)) return;
    ModelState state(s.models, s.bindings);
    for (const Event& e : s.corpus) {
        state.begin_event(e);
        state.train(e);
    }
    const std::string file = state::encode_state(state);
    ModelState loaded(s.models, s.bindings);
    for (auto _ : bm) {
        const state::StateResult r = state::decode_state(file, "bench", loaded);
        if (!r.ok()) {
            bm.SkipWithError(r.message.c_str());
            return;
        }
    }
    bm.SetBytesProcessed(bm.iterations() * static_cast<std::int64_t>(file.size()));
}

} // namespace

BENCHMARK(models_update_steady)->Unit(benchmark::kMillisecond);
BENCHMARK(models_update_cold)->Unit(benchmark::kMillisecond);
BENCHMARK(models_pipeline)->Unit(benchmark::kMillisecond);
BENCHMARK(models_state_growth)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(state_encode)->Unit(benchmark::kMillisecond);
BENCHMARK(state_decode)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
