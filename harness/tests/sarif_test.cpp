// `validate --sarif`: the log holds every property SARIF 2.1.0 requires (checked
// by walking the parsed JSON, object by object), its URIs are relative to
// %SRCROOT% whatever path was typed, and each detection rule has a helpUri.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <simdjson.h>

#include "cli_run.h"
#include "temp_tree.h"
#include "validate.h"
#include "validate_report.h"

namespace fs = std::filesystem;
using namespace trailproof;
using namespace trailproof::harness;
using test::TempTree;

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

const std::string k_sarif_root = TRAILPROOF_SOURCE_DIR;

bool has(const object& o, const char* key) { return o.at_key(key).error() == simdjson::SUCCESS; }

// The string at `e`, "" when it is absent or no string.
std::string text(simdjson::simdjson_result<element> e) {
    std::string_view v;
    return e.get(v) ? std::string() : std::string(v);
}

// Each problem with the log, as "where: what"; empty = the required properties
// of SARIF 2.1.0 (sarifLog, run, tool, toolComponent, reportingDescriptor,
// result, message, artifactLocation, region, reportingDescriptorReference,
// toolComponentReference) are all present and consistent.
std::vector<std::string> sarif_problems(const std::string& sarif) {
    std::vector<std::string> out;
    simdjson::dom::parser parser;
    element root;
    if (parser.parse(sarif).get(root)) return {"not JSON"};
    object log;
    if (root.get(log)) return {"sarifLog is not an object"};
    if (text(log["version"]) != "2.1.0") out.push_back("sarifLog: version is not 2.1.0");
    array runs;
    if (log["runs"].get(runs)) return {"sarifLog: no runs array"};
    for (element run_e : runs) {
        object run;
        if (run_e.get(run)) {
            out.push_back("run is not an object");
            continue;
        }
        object driver;
        if (run["tool"]["driver"].get(driver)) {
            out.push_back("run: no tool.driver");
            continue;
        }
        if (text(driver["name"]).empty()) out.push_back("tool.driver: no name");
        std::vector<std::string> rule_ids;
        array rules;
        if (!driver["rules"].get(rules))
            for (element r : rules) {
                rule_ids.push_back(text(r["id"]));
                if (rule_ids.back().empty()) out.push_back("reportingDescriptor: no id");
            }
        std::vector<std::string> base_ids;
        object bases;
        if (!run["originalUriBaseIds"].get(bases))
            for (auto field : bases) {
                base_ids.emplace_back(field.key);
                object loc;
                if (field.value.get(loc)) out.push_back("originalUriBaseIds: not an artifactLocation");
                else if (has(loc, "uri")) out.push_back("originalUriBaseIds: uri given (an absolute path leaks)");
            }
        std::vector<std::vector<std::string>> taxa_ids; // [taxonomy][taxon]
        std::vector<std::string> taxonomy_names;
        array taxonomies;
        if (!run["taxonomies"].get(taxonomies))
            for (element t : taxonomies) {
                taxonomy_names.push_back(text(t["name"]));
                if (taxonomy_names.back().empty()) out.push_back("taxonomy: no name");
                taxa_ids.emplace_back();
                array taxa;
                if (!t["taxa"].get(taxa))
                    for (element taxon : taxa) {
                        taxa_ids.back().push_back(text(taxon["id"]));
                        if (taxa_ids.back().back().empty()) out.push_back("taxon: no id");
                        const std::string help = text(taxon["helpUri"]);
                        if (has(taxon.get_object().value_unsafe(), "helpUri") && help.rfind("https://", 0) != 0)
                            out.push_back("taxon " + taxa_ids.back().back() + ": helpUri '" + help + "' is no URL");
                    }
            }
        array results;
        if (run["results"].get(results)) {
            out.push_back("run: no results array");
            continue;
        }
        for (element r : results) {
            const std::string rule_id = text(r["ruleId"]);
            std::uint64_t index = 0;
            if (r["ruleIndex"].get(index) || index >= rule_ids.size() || rule_ids[index] != rule_id)
                out.push_back("result " + rule_id + ": ruleIndex does not name its ruleId");
            if (text(r["message"]["text"]).empty()) out.push_back("result " + rule_id + ": no message.text");
            const std::string level = text(r["level"]);
            if (level != "error" && level != "warning" && level != "note" && level != "none")
                out.push_back("result " + rule_id + ": level '" + level + "'");
            array locations;
            if (!r["locations"].get(locations))
                for (element l : locations) {
                    object artifact;
                    if (l["physicalLocation"]["artifactLocation"].get(artifact)) {
                        out.push_back("result " + rule_id + ": no artifactLocation");
                        continue;
                    }
                    const std::string uri = text(artifact["uri"]);
                    if (uri.empty() || uri.front() == '/' || uri.find(':') != std::string::npos)
                        out.push_back("result " + rule_id + ": uri '" + uri + "' is not relative");
                    const std::string base = text(artifact["uriBaseId"]);
                    if (std::find(base_ids.begin(), base_ids.end(), base) == base_ids.end())
                        out.push_back("result " + rule_id + ": uriBaseId '" + base + "' not in originalUriBaseIds");
                    std::int64_t line = 0;
                    if (!l["physicalLocation"]["region"]["startLine"].get(line) && line < 1)
                        out.push_back("result " + rule_id + ": startLine < 1");
                }
            array taxa;
            if (!r["taxa"].get(taxa))
                for (element t : taxa) {
                    std::uint64_t taxonomy = 0, taxon = 0;
                    if (t["toolComponent"]["index"].get(taxonomy) || taxonomy >= taxa_ids.size() ||
                        text(t["toolComponent"]["name"]) != taxonomy_names[taxonomy] || t["index"].get(taxon) ||
                        taxon >= taxa_ids[taxonomy].size() || taxa_ids[taxonomy][taxon] != text(t["id"]))
                        out.push_back("result " + rule_id + ": taxa reference does not resolve");
                }
        }
    }
    return out;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

ValidateOptions tables() {
    ValidateOptions options;
    options.attack_dir = k_sarif_root + "/content/attack";
    options.aws_dir = k_sarif_root + "/content/aws";
    return options;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sarif)

// Every finding of the multi-defect pack, typed as an absolute path: valid, no
// absolute path anywhere, every finding about a rule names it through taxa.
BOOST_AUTO_TEST_CASE(required_properties_and_no_absolute_path) {
    const std::string pack = k_sarif_root + "/harness/tests/data/validate/multi-defect";
    const ValidateReport report = validate_packs({pack}, tables());
    BOOST_REQUIRE(report.errors() > 0u);
    const std::string sarif = render_validate_sarif(report);
    BOOST_TEST(sarif_problems(sarif).empty(), sarif);
    BOOST_TEST(sarif.find(k_sarif_root) == std::string::npos, sarif);
    BOOST_TEST(sarif.find("\"uri\":\"multi-defect/rules/MINI-VPC.yml\",\"uriBaseId\":\"SRCROOT\"") !=
                   std::string::npos,
               sarif);
    BOOST_TEST(sarif.find("\"taxa\":[{\"id\":\"MINI-VPC\",\"index\":3,\"toolComponent\":{\"name\":\"mini\",\"index\":0}}]") !=
                   std::string::npos,
               sarif);
    // MINI-TRAIL's file does not parse: no technique, no helpUri; the duplicate MINI-LOGIN is listed once.
    BOOST_TEST(count(sarif, "\"helpUri\":") == 3u);
    BOOST_TEST(sarif.find("already used by the rule at multi-defect/rules/MINI-LOGIN-copy.yml:1") != std::string::npos);
}

// The same pack typed relative to another working folder gives the same log.
BOOST_AUTO_TEST_CASE(same_log_whatever_path_was_typed) {
    const test::Run absolute =
        test::run_cli("validate -q --attack content/attack --aws content/aws --format sarif " + k_sarif_root +
                      "/harness/tests/data/validate/wrong-count");
    const test::Run relative = test::run_cli(
        "validate -q --attack ../../../../content/attack --aws ../../../../content/aws --format sarif wrong-count",
        "/dev/null", k_sarif_root + "/harness/tests/data/validate");
    BOOST_TEST(absolute.code == 1);
    BOOST_TEST(absolute.out == relative.out);
    BOOST_TEST(absolute.out.find("\"uri\":\"wrong-count/pack.yml\",\"uriBaseId\":\"SRCROOT\"") != std::string::npos,
               absolute.out);
}

// helpUri: the rule's own references first, then the pack's reference, then the
// ATT&CK page of its first technique.
BOOST_AUTO_TEST_CASE(help_uri_from_references_pack_or_attack) {
    BOOST_TEST(rule_help_uri({"not a url", "https://example.org/rule"}, "https://example.org/pack", {"T1078.004"}) ==
               "https://example.org/rule");
    BOOST_TEST(rule_help_uri({"see the runbook"}, "https://example.org/pack", {"T1078.004"}) ==
               "https://example.org/pack");
    BOOST_TEST(rule_help_uri({}, "", {"T1078.004", "T1098"}) == "https://attack.mitre.org/techniques/T1078/004/");
    BOOST_TEST(rule_help_uri({}, "", {"T1098"}) == "https://attack.mitre.org/techniques/T1098/");
    BOOST_TEST(rule_help_uri({}, "", {}).empty());

    TempTree tree("sarif_help");
    tree.write("content/p/pack.yml", "id: p\ntitle: P\nreference: https://example.org/p-rules\n");
    tree.write("content/p/rules/a.yml", "title: A\nid: P-A\nlogsource: {product: aws, service: cloudtrail}\n"
                                        "references: [https://example.org/a]\ntags: [attack.t1098]\n"
                                        "detection:\n  s: {eventName: CreateUser}\n  condition: s\n");
    tree.write("content/p/rules/b.yml", "title: B\nid: P-B\nlogsource: {product: aws, service: cloudtrail}\n"
                                        "tags: [attack.t1098]\n"
                                        "detection:\n  s: {eventName: DeleteUser}\n  condition: s\n");
    const ValidateReport report = validate_packs({tree.path("content/p")}, tables());
    BOOST_REQUIRE(report.packs.size() == 1u);
    const auto& rules = report.packs[0].rules;
    BOOST_REQUIRE(rules.size() == 2u);
    BOOST_TEST(rules[0].id == "P-A");
    BOOST_TEST(rules[0].help_uri == "https://example.org/a");
    BOOST_TEST(rules[1].id == "P-B");
    BOOST_TEST(rules[1].help_uri == "https://example.org/p-rules");
    BOOST_TEST(sarif_problems(render_validate_sarif(report)).empty());
}

BOOST_AUTO_TEST_SUITE_END()
