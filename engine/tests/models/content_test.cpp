// The shipped model files load cleanly, and every behavioural rule kind of the
// Exabeam reference (../shared/reference/exabeam: first-time, abnormal, nth-new,
// new/dormant user, session counts) can be bound to them.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Reads every content/<pack>/models/*.yml of `pack` into `infos`.
LoadResult read_pack(std::string_view pack, std::vector<ModelInfo>& infos) {
    LoadResult result;
    const std::filesystem::path dir = std::filesystem::path(TRAILPROOF_SOURCE_DIR) / "content" / pack / "models";
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
        result.merge(read_models(read_file(f), "content/" + std::string(pack) + "/models/" + f.filename().string(), infos, pack));
    return result;
}

// Reference rules with a model, and the extension keys that express them
// (kind from the reference: -F first-time, -A abnormal, -new abnormal by a new
// user, -2 / -3 the n-th new value of a session).
struct RefRule {
    const char* id;
    const char* extension;
};
const RefRule k_reference_rules[] = {
    {"DORMANT-USER", "facts: {dormant_days: 30}"},
    {"NEW-USER-F", "facts: {new_user: true}"},
    {"AE-UA-F", "model: {ref: AE-UA, trigger: first_time}"},
    {"UA-GC-F", "model: {ref: UA-GC, trigger: first_time}"},
    {"UA-GC-A", "model: {ref: UA-GC, trigger: abnormal}"},
    {"UA-OC-F", "model: {ref: UA-OC, trigger: first_time}"},
    {"UA-OC-A", "model: {ref: UA-OC, trigger: abnormal}"},
    {"UA-UC-new", "model: {ref: UA-UC, trigger: abnormal}\nfacts: {first_seen_within_days: 14}"},
    {"UA-GC-new", "model: {ref: UA-GC, trigger: abnormal}\nfacts: {first_seen_within_days: 14}"},
    {"UA-OC-new", "model: {ref: UA-OC, trigger: abnormal}\nfacts: {first_seen_within_days: 14}"},
    {"UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"},
    {"UA-UC-A", "model: {ref: UA-UC, trigger: abnormal}"},
    {"AC-UH-F", "model: {ref: AC-UH, trigger: first_time}"},
    {"AC-UH-A", "model: {ref: AC-UH, trigger: abnormal}"},
    {"AM-UA-AC-A", "model: {ref: AC-UH, trigger: abnormal, unconverged: true}"},
    {"AM-GA-AC-A", "model: {ref: AC-GH, trigger: abnormal, unconverged: true}"},
    {"AC-OZ-F", "model: {ref: AC-OZ, trigger: first_time}"},
    {"AC-OZ-A", "model: {ref: AC-OZ, trigger: abnormal}"},
    {"AC-OH-F", "model: {ref: AC-OH, trigger: first_time}"},
    {"AC-OH-A", "model: {ref: AC-OH, trigger: abnormal}"},
    {"AC-UT-TOW-A", "model: {ref: AC-UT-TOW, trigger: abnormal}"},
    {"A-AC-DhU-system-F", "model: {ref: A-AC-DhU-system, trigger: first_time}"},
    {"A-AC-DhU-system-A", "model: {ref: A-AC-DhU-system, trigger: abnormal}"},
    {"AM-UD-F", "model: {ref: AM-UD, trigger: first_time}"},
    {"AM-UD-A", "model: {ref: AM-UD, trigger: abnormal}"},
    {"EM-InB-Perm-N-F", "model: {ref: EM-InB-Perm-N, trigger: first_time}"},
    {"EM-InB-Perm-N-A", "model: {ref: EM-InB-Perm-N, trigger: abnormal}"},
    {"UA-UI-F", "model: {ref: UA-UI-new, trigger: first_time}"},
    {"UA-UC-Two", "session: {distinct: src_country, gte: 2}"},
    {"UA-UC-Three", "session: {distinct: src_country, gte: 3}"},
    {"APP-UApp-F", "model: {ref: APP-UApp, trigger: first_time}"},
    {"APP-UApp-A", "model: {ref: APP-UApp, trigger: abnormal}"},
    {"APP-AppU-F", "model: {ref: APP-AppU, trigger: first_time}"},
    {"APP-AppG-F", "model: {ref: APP-AppG, trigger: first_time}"},
    {"APP-GApp-A", "model: {ref: APP-GApp, trigger: abnormal}"},
    {"APP-UTi", "model: {ref: APP-UTi, trigger: abnormal}"},
    {"APP-UAg-F", "model: {ref: APP-UAg, trigger: first_time}"},
    {"APP-UAg-2", "model: {ref: APP-UAg, trigger: nth_new, n: 2}"},
    {"APP-UAg-3", "model: {ref: APP-UAg, trigger: nth_new, n: 3}"},
    {"APP-UOs-F", "model: {ref: APP-UOs-New, trigger: first_time}"},
    {"APP-UsH-F", "model: {ref: APP-UsH, trigger: first_time}"},
    {"APP-UsH-A", "model: {ref: APP-UsH, trigger: abnormal}"},
    {"APP-UOb-F", "model: {ref: APP-UOb, trigger: first_time}"},
    {"APP-UOb-A", "model: {ref: APP-UOb, trigger: abnormal}"},
    {"APP-UappA-F", "model: {ref: APP-UappA, trigger: first_time}"},
    {"APP-UappA-A", "model: {ref: APP-UappA, trigger: abnormal}"},
    {"APP-GappA-F", "model: {ref: APP-GappA, trigger: first_time}"},
    {"APP-GappA-A", "model: {ref: APP-GappA, trigger: abnormal}"},
    {"APP-AA-F", "model: {ref: APP-AA, trigger: first_time}"},
    {"APP-AA-A", "model: {ref: APP-AA, trigger: abnormal}"},
    {"APP-UId-F", "model: {ref: APP-UId, trigger: first_time}"},
    {"APP-IdU-F", "model: {ref: APP-IdU, trigger: first_time}"},
    {"APP-UMime-F", "model: {ref: APP-UMime, trigger: first_time}"},
    {"APP-UMime-A", "model: {ref: APP-UMime, trigger: abnormal}"},
    {"APP-GMime-F", "model: {ref: APP-GMime, trigger: first_time}"},
    {"APP-GMime-A", "model: {ref: APP-GMime, trigger: abnormal}"},
    {"APP-OMime-F", "model: {ref: APP-OMime, trigger: first_time}"},
    {"APP-OMime-A", "model: {ref: APP-OMime, trigger: abnormal}"},
    {"APP-AppSz-F", "model: {ref: APP-AppSz, trigger: first_time}"},
    {"APP-AT-PRIV", "model: {ref: APP-AT-PRIV, trigger: abnormal}"},
    {"APP-AppED-F", "model: {ref: APP-AppED, trigger: first_time}"},
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_content, ModelsFixture)

BOOST_AUTO_TEST_CASE(shipped_model_files_load_cleanly) {
    for (const auto& [pack, count] : {std::pair<std::string_view, std::size_t>{"exabeam-cim2-aws-cloudtrail", 34},
                                      {"exabeam-account-manipulation", 5}}) {
        std::vector<ModelInfo> infos;
        LoadResult r = read_pack(pack, infos);
        ModelSet set;
        r.merge(compile_models(std::move(infos), registry, set));
        BOOST_TEST(r.render_text() == "", pack);
        BOOST_TEST(set.size() == count, pack);
    }
}

BOOST_AUTO_TEST_CASE(every_reference_behavioural_rule_binds) {
    std::vector<ModelInfo> infos;
    LoadResult r = read_pack("exabeam-cim2-aws-cloudtrail", infos);
    r.merge(compile_models(std::move(infos), registry, models));
    std::string text;
    for (const auto& rule : k_reference_rules) text += rule_doc(rule.id, rule.extension);
    r.merge(rules::compile_rules({{"reference.yml", text, ""}}, registry, rules::CompileOptions{}, rules));
    r.merge(bind_rules(models, rules, registry, bindings));
    BOOST_TEST(r.successful(), r.render_text());
    BOOST_TEST(bindings.bindings().size() == std::size(k_reference_rules));
    for (const auto& b : bindings.bindings()) BOOST_TEST(!b.broken, rules.meta(b.rule).id);
    // Every model of the pack is the target of at least one rule.
    std::vector<bool> used(models.size(), false);
    for (const auto& b : bindings.bindings())
        if (b.model != k_no_model) used[b.model] = true;
    for (std::uint32_t m = 0; m < models.size(); ++m)
        BOOST_TEST((used[m] || models.model(m).id == "AE-GA"), models.model(m).id); // AE-GA: only -new rules, no model id
}

// The packs' own rules (written by the content authors) bind to their models:
// no model.* diagnostic (rules-stage problems are the rules tests' business).
BOOST_AUTO_TEST_CASE(shipped_rules_bind_to_shipped_models) {
    for (std::string_view pack : {"exabeam-cim2-aws-cloudtrail", "exabeam-account-manipulation"}) {
        FieldRegistry reg;
        std::vector<ModelInfo> infos;
        LoadResult r = read_pack(pack, infos);
        ModelSet set;
        r.merge(compile_models(std::move(infos), reg, set));
        const std::filesystem::path dir = std::filesystem::path(TRAILPROOF_SOURCE_DIR) / "content" / pack / "rules";
        std::vector<rules::RuleSource> sources;
        if (std::filesystem::exists(dir))
            for (const auto& e : std::filesystem::directory_iterator(dir))
                if (e.path().extension() == ".yml")
                    sources.push_back({"content/" + std::string(pack) + "/rules/" + e.path().filename().string(),
                                       read_file(e.path()), std::string(pack)});
        std::sort(sources.begin(), sources.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
        rules::RuleSet rule_set;
        (void)rules::compile_rules(sources, reg, rules::CompileOptions{}, rule_set);
        RuleBindings bound;
        r.merge(bind_rules(set, rule_set, reg, bound));
        std::string model_diagnostics;
        for (const auto& d : r.errors()) model_diagnostics += render_text(d) + "\n";
        for (const auto& d : r.warnings())
            if (d.code.starts_with("model.") || d.code.starts_with("load.")) model_diagnostics += render_text(d) + "\n";
        BOOST_TEST(model_diagnostics == "", pack);
        BOOST_TEST_MESSAGE(pack << ": " << bound.bindings().size() << " of " << rule_set.size() << " rules bound");
    }
}

BOOST_AUTO_TEST_SUITE_END()
