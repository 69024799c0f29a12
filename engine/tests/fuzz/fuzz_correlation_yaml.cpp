// Correlation YAML: two plain rules the correlation may reference, then the
// fuzzed document(s) after `---`. Reading, reference resolution and the
// correlation compiler must report problems as diagnostics, never crash.

#include <string>
#include <vector>

#include "core/field_registry.h"
#include "correlate/correlation_set.h"
#include "fuzz_check.h"
#include "fuzz_rules.h"
#include "rules/rule_set.h"

using namespace trailproof;

namespace {

constexpr std::string_view k_rule_b = R"(title: b
id: rule-b
name: rule_b
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: CreateUser}
  condition: sel
---
)";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(tp_fuzz::k_rule_a);
    text += k_rule_b;
    text += tp_fuzz::as_text(data, size);
    std::vector<rules::RuleSource> sources{{"correlations.yml", std::move(text), "fuzz"}};
    FieldRegistry registry;
    rules::RuleSet set;
    LoadResult result = rules::compile_rules(sources, registry, rules::CompileOptions{}, set);
    correlate::CorrelationSet correlations;
    result.merge(correlate::CorrelationSet::compile(set, registry, correlate::CorrelationOptions{}, correlations));
    (void)result.render_text();
    return 0;
}
