// read_models / compile_models diagnostics: exact text, every error of a file in one run.

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

BOOST_FIXTURE_TEST_SUITE(models_reader, ModelsFixture)

BOOST_AUTO_TEST_CASE(reads_a_full_model) {
    load(R"(models:
  - id: AM-UD
    description: Account creation on domain by user
    scope: user
    feature: [service_name, host]
    activity_types: [account-creation]
    train_when:
      eventSource: [identitystore.amazonaws.com, ds-data.amazonaws.com]
    convergence: {alpha: 2, confidence: 0.9, min_observations: 25}
    ageing_days: 90
    max_values: 500
    cloudtrail_relevance: high
)");
    BOOST_TEST(!result.has_warnings());
    BOOST_TEST_REQUIRE(models.size() == 1u);
    const CompiledModel& m = models.model(0);
    BOOST_TEST(m.id == "AM-UD");
    BOOST_TEST(m.description == "Account creation on domain by user");
    BOOST_TEST(m.file == "models.yml");
    BOOST_TEST(m.line == 2);
    BOOST_TEST(m.signature == "user|service_name+host");
    BOOST_TEST(m.convergence.alpha == 2.0);
    BOOST_TEST(m.convergence.confidence == 0.9);
    BOOST_TEST(m.convergence.min_observations == 25u);
    BOOST_TEST(m.ageing_ms == 90 * k_day);
    BOOST_TEST(m.max_values == 500u);
    BOOST_TEST(m.train_rule != UINT32_MAX);
    BOOST_TEST(models.activity_types() == std::vector<std::string>{"account-creation"});
    BOOST_TEST(models.groups()[m.group].name == "user");
    BOOST_TEST(models.partitionable());
}

BOOST_AUTO_TEST_CASE(defaults_and_groups) {
    load(R"(models:
  - {id: A, scope: user, feature: x}
  - {id: B, scope: user, feature: y}
  - {id: C, scope: peer_group, feature: x}
  - {id: B-D, feature: x}
  - {id: E, scope: {fields: [app]}, feature: x}
  - {id: F, scope: host, feature: x}
  - {id: G, scope: zone, feature: x}
)");
    BOOST_TEST_REQUIRE(models.size() == 7u);
    const CompiledModel& a = models.model(0);
    BOOST_TEST(a.convergence.alpha == 1.0);
    BOOST_TEST(a.convergence.confidence == 0.8);
    BOOST_TEST(a.convergence.min_observations == 10u);
    BOOST_TEST(a.ageing_ms == 0);
    BOOST_TEST(a.max_values == k_default_max_values);
    BOOST_TEST(models.model(1).group == a.group);   // both user: one entity record
    BOOST_TEST(models.model(1).member == 1u);
    BOOST_TEST(models.model(0).value_slot == models.model(2).value_slot); // feature x computed once
    std::vector<std::string> names;
    for (const auto& g : models.groups()) names.push_back(g.name);
    BOOST_TEST(names == (std::vector<std::string>{"user", "peer_group", "org", "fields:app", "host", "zone"}));
    BOOST_TEST(models.model(3).signature == "org|x");
    BOOST_TEST(!models.partitionable());
}

BOOST_AUTO_TEST_CASE(every_error_of_a_file_in_one_run) {
    try_load(R"(models:
  - id: M1
    scope: galaxy
    feature: src_country
  - id: B-Buckets
    scope: user
    feature: bucket_name
  - id: M3
    feature: []
  - id: M4
    scope: user
    feature: [a, a]
    convergence: {alpha: 0, confidence: 1.5, min_observations: 2.5, beta: 1}
    ageing_days: -3
    colour: blue
  - id: M5
    scope: {fields: []}
    feature: x
  - scope: user
    feature: x
  - id: OK
    scope: org
    feature: x
)");
    BOOST_TEST(result.render_text() ==
               R"(models.yml:3:12: error[model.bad_scope]: scope 'galaxy' is not one of user, peer_group, org, host, zone or {fields: [...]}
  |     scope: galaxy
  |            ^
models.yml:6:12: error[model.scope_mismatch]: model 'B-Buckets' is an organization model ('B-' prefix) but its scope is user
  |     scope: user
  |            ^
models.yml:8:5: error[load.missing_key]: missing required key 'scope'
  |   - id: M3
  |     ^
models.yml:9:14: error[model.bad_feature]: feature must name at least one field
  |     feature: []
  |              ^
models.yml:12:18: error[model.bad_feature]: feature names 'a' twice
  |     feature: [a, a]
  |                  ^
models.yml:13:26: error[model.bad_value]: 'alpha' must be a number greater than 0, found '0'
  |     convergence: {alpha: 0, confidence: 1.5, min_observations: 2.5, beta: 1}
  |                          ^
models.yml:13:41: error[model.bad_value]: 'confidence' must be a number greater than 0 and at most 1, found '1.5'
  |     convergence: {alpha: 0, confidence: 1.5, min_observations: 2.5, beta: 1}
  |                                         ^
models.yml:13:64: error[model.bad_value]: 'min_observations' must be a whole number from 1 to 4294967295, found '2.5'
  |     convergence: {alpha: 0, confidence: 1.5, min_observations: 2.5, beta: 1}
  |                                                                ^
models.yml:14:18: error[model.bad_value]: 'ageing_days' must be a whole number from 1 to 4294967295, found '-3'
  |     ageing_days: -3
  |                  ^
models.yml:17:21: error[model.bad_scope]: scope fields must name at least one field
  |     scope: {fields: []}
  |                     ^
models.yml:19:5: error[load.missing_key]: missing required key 'id'
  |   - scope: user
  |     ^
models.yml:13:69: warning[load.unknown_key]: unknown convergence key 'beta'
  |     convergence: {alpha: 0, confidence: 1.5, min_observations: 2.5, beta: 1}
  |                                                                     ^
models.yml:15:5: warning[load.unknown_key]: unknown model key 'colour'
  |     colour: blue
  |     ^
)");
    BOOST_TEST_REQUIRE(models.size() == 1u); // the good one still compiles
    BOOST_TEST(models.model(0).id == "OK");
}

BOOST_AUTO_TEST_CASE(file_level_errors) {
    try_load("models: {a: 1}\nextra: 2\n");
    BOOST_TEST(diagnostics_text() == R"(models.yml:1:9: error[load.wrong_type]: 'models' must be a list of models, found a map
  | models: {a: 1}
  |         ^
models.yml:2:1: warning[load.unknown_key]: unknown key 'extra'
  | extra: 2
  | ^
)");
    try_load("models:\n  - id: [x\n");
    BOOST_TEST(result.errors().size() == 1u);
    BOOST_TEST(result.errors()[0].code == "load.yaml_parse");
    try_load("- just a list\n");
    BOOST_TEST(diagnostics_text() == R"(models.yml:1:1: error[load.wrong_type]: a model file must be a map with 'models', found a list
  | - just a list
  | ^
)");
}

BOOST_AUTO_TEST_CASE(duplicate_ids_across_files) {
    std::vector<ModelInfo> infos;
    LoadResult r;
    r.merge(read_models("models:\n  - {id: UA-UC, scope: user, feature: src_country}\n", "a.yml", infos, "pack-a"));
    r.merge(read_models("models:\n  - id: X\n    scope: user\n    feature: x\n  - id: UA-UC\n    scope: org\n    feature: y\n",
                        "b.yml", infos, "pack-b"));
    r.merge(compile_models(std::move(infos), registry, models));
    BOOST_TEST(r.render_text() == R"(b.yml:5:5: error[load.duplicate_id]: model id 'UA-UC' is already defined at a.yml:2
  |   - id: UA-UC
  |     ^
)");
    BOOST_TEST_REQUIRE(r.errors().size() == 1u);
    BOOST_TEST(r.errors()[0].context_chain == (std::vector<std::string>{"pack 'pack-b'", "model 'UA-UC'"}));
    BOOST_TEST(models.size() == 2u);
    BOOST_TEST(models.model(models.find("UA-UC")).signature == "user|src_country");
}

// train_when errors come from the Sigma compiler but point into the model file.
BOOST_AUTO_TEST_CASE(train_when_errors_point_into_the_model_file) {
    try_load(R"(models:
  - id: T1
    scope: user
    feature: x
    train_when:
      eventName|contans: CreateUser
  - id: T2
    scope: user
    feature: x
    train_when: {sourceIPAddress|cidr: 'not-a-cidr', eventName: x}
  - id: T3
    scope: user
    feature: x
    train_when: {eventName: [a, b]}
)");
    BOOST_TEST_REQUIRE(result.errors().size() == 2u);
    const Diagnostic& first = result.errors()[0];
    BOOST_TEST(render_text(first) == R"(models.yml:6:17: error[rule.unknown_modifier]: unknown modifier 'contans'; did you mean 'contains'?
  |       eventName|contans: CreateUser
  |                 ^)");
    BOOST_TEST(first.item_kind == "model");
    BOOST_TEST(first.item_id == "T1");
    BOOST_TEST(first.context_chain == (std::vector<std::string>{"model 'T1'", "train_when", "field 'eventName|contans'"}));
    const Diagnostic& second = result.errors()[1];
    BOOST_TEST(second.code == "rule.bad_cidr");
    BOOST_TEST(second.file == "models.yml");
    BOOST_TEST(second.line == 10);
    BOOST_TEST(second.column == 40); // the opening quote, as for a rule
    BOOST_TEST(!result.has_warnings()); // no "unindexed" warning for a training filter
    BOOST_TEST_REQUIRE(models.size() == 1u);
    BOOST_TEST(models.model(0).id == "T3");
}

BOOST_AUTO_TEST_CASE(train_when_keeps_yaml_typing_and_odd_scalars) {
    load(R"(models:
  - id: Q
    scope: user
    feature: x
    train_when:
      - {readOnly: 'false', note: "a: b # c", count: 010}
      - {"weird key": -1}
)");
    auto make = [&](std::string_view read_only, std::string_view note, std::string_view count) {
        auto b = event();
        b.user("u").str("x", "v").str("readOnly", read_only).str("note", note).str("count", count);
        run(b.build());
        return state->inspect("Q", "u").observations;
    };
    // 'false' quoted is the string "false"; 010 plain is the number 8 (YAML 1.1).
    BOOST_TEST(make("false", "a: b # c", "8") == 1u);
    BOOST_TEST(make("false", "a: b # c", "010") == 1u);
    auto b = event();
    run(b.user("u").str("x", "v").str("weird key", "-1").build());
    BOOST_TEST(state->inspect("Q", "u").observations == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
