// Rule YAML loading: read -> collect -> compile of one file of any bytes. The
// loader reports every problem as a diagnostic with a position and never throws
// out of compile_rules.

#include <string>
#include <vector>

#include "core/field_registry.h"
#include "fuzz_check.h"
#include "rules/rule_set.h"

using namespace trailproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<rules::RuleSource> sources{{"rule.yml", std::string(tp_fuzz::as_text(data, size)), "fuzz"}};
    FieldRegistry registry;
    rules::RuleSet set;
    LoadResult result = rules::compile_rules(sources, registry, rules::CompileOptions{}, set);
    for (const Diagnostic& d : result.errors()) TP_FUZZ_REQUIRE(!d.code.empty());
    (void)result.render_text();
    (void)result.render_json();
    return 0;
}
