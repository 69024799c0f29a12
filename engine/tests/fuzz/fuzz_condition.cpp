// The Sigma condition parser: any text either parses or gives one error with an
// offset inside the text; a parsed condition printed and parsed again is the
// same tree (the round trip STYLE.md §5 names).

#include <string>

#include "fuzz_check.h"
#include "rules/condition_parser.h"

using namespace trailproof::rules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = tp_fuzz::as_text(data, size);
    ConditionParse parsed = parse_condition(text);
    TP_FUZZ_REQUIRE(parsed.expr.has_value() != parsed.error.has_value());
    if (parsed.error) {
        TP_FUZZ_REQUIRE(parsed.error->offset <= text.size());
        TP_FUZZ_REQUIRE(!parsed.error->message.empty());
        return 0;
    }
    const std::string printed = print_condition(*parsed.expr);
    ConditionParse again = parse_condition(printed);
    TP_FUZZ_REQUIRE(again.expr.has_value());
    TP_FUZZ_REQUIRE(same_condition(*parsed.expr, *again.expr));
    TP_FUZZ_REQUIRE(print_condition(*again.expr) == printed);
    return 0;
}
