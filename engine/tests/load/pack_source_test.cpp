// load keeps what it read (load::PackSource), whether or not the load succeeds;
// a pack that reuses another compiles that pack's documents without reading its
// files again, and what both compiles find in them is reported once.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/diagnostic_codes.h"
#include "load/content.h"

namespace fs = std::filesystem;
using namespace trailproof;

namespace {

// A content folder in the temp directory, removed at the end of the test.
class TempContent {
public:
    TempContent() {
        static int counter = 0;
        m_root = fs::temp_directory_path() /
                 ("tp_load_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
        fs::remove_all(m_root);
        fs::create_directories(m_root);
    }
    TempContent(const TempContent&) = delete;
    TempContent& operator=(const TempContent&) = delete;
    ~TempContent() {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }

    void write(const std::string& path, const std::string& text) const {
        const fs::path file = m_root / path;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }
    [[nodiscard]] std::string path(const std::string& relative) const { return (m_root / relative).string(); }

private:
    fs::path m_root;
};

const std::string k_login = R"YAML(title: Root console login
id: B-LOGIN
logsource: {product: aws, service: cloudtrail}
tags: [attack.t1078.004]
detection:
  selection:
    eventSource: signin.amazonaws.com
    userIdentity.type: Root
  condition: selection
)YAML";

const std::string k_bad_regex = R"YAML(title: Bad regex
id: B-REGEX
logsource: {product: aws}
detection:
  sel:
    userAgent|re: 'aws-cli/(2\.'
  condition: sel
)YAML";

const std::string k_model = R"YAML(models:
  - id: M-CREATORS
    description: Principals who create users
    scope: user
    feature: eventName
)YAML";

// Pack b: one rule file with a warning (no eventName), one with a bad regex, a model.
// Pack a: reuses b's login rule and model.
void write_packs(const TempContent& c) {
    c.write("b/pack.yml", "id: b\ntitle: B\ndocumented:\n  counts: {rules: 2}\n");
    c.write("b/rules/login.yml", k_login);
    c.write("b/rules/regex.yml", k_bad_regex);
    c.write("b/models/creators.yml", k_model);
    c.write("a/pack.yml", "id: a\ntitle: A\nreuse:\n  pack: b\n  rules: [B-LOGIN]\n  models: [M-CREATORS]\n");
}

std::size_t count(const std::vector<Diagnostic>& list, std::string_view code, std::string_view file) {
    return static_cast<std::size_t>(std::count_if(list.begin(), list.end(), [&](const Diagnostic& d) {
        return d.code == code && d.file == file;
    }));
}

} // namespace

BOOST_AUTO_TEST_SUITE(pack_source)

BOOST_AUTO_TEST_CASE(what_was_read_is_kept_when_the_load_fails) {
    TempContent c;
    write_packs(c);
    const load::Loaded loaded = load::load({c.path("b")});
    BOOST_TEST(!loaded.result.successful()); // the bad regex
    BOOST_TEST(!loaded.content);
    BOOST_REQUIRE(loaded.sources.size() == 1u);
    const load::PackSource& b = loaded.sources[0];
    BOOST_REQUIRE(b.rule_files.size() == 2u);
    BOOST_TEST(b.rule_files[1].rules.size() == 1u); // the rule the compiler rejected
    BOOST_TEST(b.rule_files[1].rules[0].meta.id == "B-REGEX");
    BOOST_TEST(b.models.size() == 1u);
    BOOST_REQUIRE(b.documented.has_value());
    BOOST_TEST(b.documented->find("counts") != nullptr);
    BOOST_TEST(b.text_of(c.path("b/rules/login.yml")) == k_login);
    BOOST_TEST(b.text_of(c.path("b/models/creators.yml")) == k_model);
}

BOOST_AUTO_TEST_CASE(a_reused_file_is_read_once_and_reported_once) {
    TempContent c;
    write_packs(c);
    c.write("b/rules/regex.yml", "");
    const load::Loaded loaded = load::load({c.path("a"), c.path("b")});
    BOOST_TEST(loaded.result.successful(), loaded.result.render_text());
    BOOST_TEST(count(loaded.result.warnings(), codes::rule_unindexed, c.path("b/rules/login.yml")) == 1u);
    BOOST_REQUIRE(loaded.content);
    const load::CompiledPack* a = loaded.content->find_pack("a");
    BOOST_REQUIRE(a);
    BOOST_REQUIRE(a->rules.size() == 1u);
    BOOST_TEST(a->rules.meta(0).id == "B-LOGIN");
    BOOST_TEST(a->rules.meta(0).pack == "a"); // alerts of the reused rule are a's
    BOOST_TEST(a->models.size() == 1u);
    BOOST_TEST(loaded.sources[0].reused == 1u);
    BOOST_TEST(loaded.sources[0].rule_files.empty()); // a's own: none; b's are b's
}

BOOST_AUTO_TEST_CASE(a_reused_pack_loads_from_beside_when_asked) {
    TempContent c;
    write_packs(c);
    const load::Loaded alone = load::load({c.path("a")});
    BOOST_TEST(count(alone.result.errors(), codes::pack_reuse_unknown_pack, c.path("a") + "/pack.yml") == 1u);
    load::LoadOptions options;
    options.with_reused_packs = true;
    const load::Loaded with = load::load({c.path("a")}, options);
    BOOST_TEST(with.requested == 1u);
    BOOST_REQUIRE(with.packs.size() == 2u);
    BOOST_TEST(with.packs[1].id == "b");
    BOOST_TEST(with.sources[0].reused == 1u);
    BOOST_TEST(count(with.result.errors(), codes::pack_reuse_unknown_pack, c.path("a") + "/pack.yml") == 0u);
    const load::ReuseInfo& reuse = with.packs[0].reuse;
    BOOST_TEST(reuse.declared);
    BOOST_TEST(reuse.pack_pos.line == 4);
    BOOST_REQUIRE(reuse.rule_pos.size() == 1u);
    BOOST_TEST(reuse.rule_pos[0].line == 5);
    BOOST_TEST(reuse.rule_pos[0].column == 11);
}

// pack.yml `principal:`: each pack's events are resolved with its own policy; packs
// without parsers share the built-in parser's group when their policies are equal.
BOOST_AUTO_TEST_CASE(principal_policy_is_per_pack) {
    TempContent c;
    c.write("plain/pack.yml", "id: plain\ntitle: Plain\n");
    c.write("plain/rules/login.yml", k_login);
    c.write("arn1/pack.yml", "id: arn1\ntitle: ARN 1\nprincipal: {resolve: false}\n");
    c.write("arn2/pack.yml", "id: arn2\ntitle: ARN 2\nprincipal:\n  resolve: no\n");
    c.write("saml/pack.yml", "id: saml\ntitle: SAML\nprincipal:\n  human_roles: [okta-engineers, 'SAML-*']\n");
    const load::Loaded loaded = load::load({c.path("plain"), c.path("arn1"), c.path("arn2"), c.path("saml")});
    BOOST_TEST(loaded.result.successful(), loaded.result.render_text());
    BOOST_REQUIRE(loaded.content);
    const load::Content& content = *loaded.content;
    const auto group = [&](std::string_view id) { return content.find_pack(id)->parser_group; };
    BOOST_TEST(group("plain") == 0u);
    BOOST_TEST(group("arn1") != 0u);
    BOOST_TEST(group("arn2") == group("arn1"));
    BOOST_TEST(group("saml") != 0u);
    BOOST_TEST(group("saml") != group("arn1"));
    BOOST_TEST(content.parser_groups.size() == 3u);
    BOOST_TEST(content.parser_groups[group("plain")].principal().policy().resolve);
    BOOST_TEST(!content.parser_groups[group("arn1")].principal().policy().resolve);
    BOOST_TEST(content.parser_groups[group("saml")].principal().policy().human_roles ==
               (std::vector<std::string>{"okta-engineers", "SAML-*"}));
}

BOOST_AUTO_TEST_CASE(principal_policy_errors) {
    TempContent c;
    c.write("p/pack.yml", "id: p\ntitle: P\nprincipal:\n  resolve: maybe\n  human_roles: okta\n  who: me\n");
    const load::Loaded loaded = load::load({c.path("p")});
    std::string text;
    for (const auto& d : loaded.result.errors()) text += render_text(d) + "\n";
    for (const auto& d : loaded.result.warnings()) text += render_text(d) + "\n";
    const std::string file = c.path("p/pack.yml");
    BOOST_TEST(text == file + ":4:12: error[load.wrong_type]: 'resolve' must be true or false, found 'maybe'\n"
                              "  |   resolve: maybe\n"
                              "  |            ^\n" +
                           file + ":5:16: error[load.wrong_type]: 'human_roles' must be a list of strings, found 'okta'\n"
                                  "  |   human_roles: okta\n"
                                  "  |                ^\n" +
                           file + ":6:3: warning[load.unknown_key]: unknown key 'who' in 'principal'\n"
                                  "  |   who: me\n"
                                  "  |   ^\n");
}

// `alerting:` in pack.yml sets every rule's kind; a rule's own key wins; a
// correlation stays an alert; an unknown style is an error at the value.
BOOST_AUTO_TEST_CASE(alerting_style_of_pack_and_rule) {
    TempContent c;
    c.write("p/pack.yml", "id: p\ntitle: P\nalerting: risk-based\n");
    c.write("p/rules/r.yml", k_login + "---\n" +
                                 "title: Own style\nid: B-OWN\nalerting: standalone\nlogsource: {product: aws, service: "
                                 "cloudtrail}\ndetection:\n  sel: {eventName: GetObject}\n  condition: sel\n");
    c.write("q/pack.yml", "id: q\ntitle: Q\n");
    c.write("q/rules/r.yml", "title: Risky\nid: Q-RISK\nalerting: risk-based\nlogsource: {product: aws, service: "
                             "cloudtrail}\ndetection:\n  sel: {eventName: GetObject}\n  condition: sel\n");
    const load::Loaded loaded = load::load({c.path("p"), c.path("q")});
    BOOST_TEST_REQUIRE(loaded.result.successful(), loaded.result.render_text());
    BOOST_TEST(loaded.packs[0].risk_based);
    BOOST_TEST(!loaded.packs[1].risk_based);
    const auto& p = *loaded.content->packs[0];
    const auto& q = *loaded.content->packs[1];
    BOOST_TEST_REQUIRE(p.alert_sources.size() == 2u);
    BOOST_TEST(p.alert_sources[p.rules.find("B-LOGIN")].signal);
    BOOST_TEST(!p.alert_sources[p.rules.find("B-OWN")].signal);
    BOOST_TEST(q.alert_sources[q.rules.find("Q-RISK")].signal);

    TempContent bad;
    bad.write("p/pack.yml", "id: p\ntitle: P\nalerting: scored\n");
    bad.write("p/rules/r.yml", "title: Bad\nid: B-BAD\nalerting: loud\nlogsource: {product: aws, service: cloudtrail}\n"
                               "detection:\n  sel: {eventName: GetObject}\n  condition: sel\n");
    const load::Loaded failed = load::load({bad.path("p")});
    std::string text;
    for (const auto& d : failed.result.errors()) text += render_text(d) + "\n";
    BOOST_TEST(text == bad.path("p/pack.yml") + ":3:11: error[pack.bad_alerting]: alerting 'scored' is not one of "
                                                "risk-based, standalone\n"
                                                "  | alerting: scored\n"
                                                "  |           ^\n" +
                           bad.path("p/rules/r.yml") + ":3:11: error[pack.bad_alerting]: alerting 'loud' is not one "
                                                       "of risk-based, standalone\n"
                                                       "  | alerting: loud\n"
                                                       "  |           ^\n");
}

// content/README.md once documented `plain_sigma: true`; the key is `sigma:`.
// The warning names the key it stands for, and close typos get the closest key.
BOOST_AUTO_TEST_CASE(an_unknown_pack_key_suggests_the_known_one) {
    TempContent c;
    c.write("p/pack.yml", "id: p\ntitle: P\nplain_sigma: true\nvendr: x\nsomething: 1\n");
    const load::Loaded loaded = load::load({c.path("p")});
    BOOST_TEST(loaded.result.successful(), loaded.result.render_text());
    std::string text;
    for (const auto& d : loaded.result.warnings())
        if (d.code == codes::load_unknown_key) text += d.message + "\n";
    BOOST_TEST(text == "unknown key 'plain_sigma' in pack.yml; did you mean 'sigma'?\n"
                       "unknown key 'vendr' in pack.yml; did you mean 'vendor'?\n"
                       "unknown key 'something' in pack.yml\n");
    BOOST_TEST(!loaded.packs[0].plain_sigma); // the unknown key turns nothing on
}

BOOST_AUTO_TEST_SUITE_END()
