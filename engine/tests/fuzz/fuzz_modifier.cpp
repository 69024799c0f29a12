// Modifier values: the first line is a modifier chain ("contains|all",
// "base64offset|contains", "cidr", "re|i", "gt", ...), every other line a value.
// The rule built from them compiles (or is rejected with a diagnostic); when it
// compiles, it is matched against events carrying each value, and the indexed
// match must equal the full scan (the index may add candidates, never lose a hit).

#include <algorithm>
#include <string>
#include <vector>

#include "core/field_registry.h"
#include "core/json_text.h"
#include "fuzz_check.h"
#include "rules/rule_set.h"
#include "support/event_builder.h"

using namespace trailproof;

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        std::size_t newline = text.find('\n');
        out.push_back(text.substr(0, newline));
        if (newline == std::string_view::npos) break;
        text.remove_prefix(newline + 1);
    }
    return out;
}

bool numeric(std::string_view value) {
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == '+';
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096) return 0;
    std::vector<std::string_view> lines = split_lines(tp_fuzz::as_text(data, size));
    if (lines.empty()) return 0;
    std::string chain;
    for (char c : lines[0])
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '|' || c == '_')
            chain += c;
    std::string yaml = "title: m\nid: m\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n"
                       "    requestParameters.value";
    if (!chain.empty()) yaml += "|" + chain;
    yaml += ":\n";
    for (std::size_t i = 1; i < lines.size(); ++i) {
        // Numbers go in plain (YAML types them), everything else as a JSON string,
        // which YAML reads as a double-quoted scalar.
        yaml += "      - " + (numeric(lines[i]) ? std::string(lines[i]) : json_quote(lines[i])) + "\n";
    }
    if (lines.size() == 1) yaml += "      - ''\n";
    yaml += "  condition: sel\n";

    std::vector<rules::RuleSource> sources{{"rule.yml", yaml, "fuzz"}};
    FieldRegistry registry;
    rules::RuleSet set;
    LoadResult result = rules::compile_rules(sources, registry, rules::CompileOptions{}, set);
    if (!result.successful() || set.size() == 0) return 0;

    std::vector<std::uint32_t> hits, full;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        tp_test::EventBuilder builder(registry);
        builder.name("PutObject").str("requestParameters.value", lines[i]);
        if (numeric(lines[i])) builder.num("requestParameters.value", std::strtod(std::string(lines[i]).c_str(), nullptr), lines[i]);
        const Event& event = builder.build();
        set.match(event, hits);
        set.match_full_scan(event, full);
        TP_FUZZ_REQUIRE(hits == full);
    }
    return 0;
}
