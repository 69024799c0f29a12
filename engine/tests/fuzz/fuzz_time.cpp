// Time parsing: the first line is a `time.format` value (named or a pattern),
// the rest a timestamp. Every parser must return, never read out of bounds, and
// a successful parse must land in the range civil time can represent.

#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "parse/time_parse.h"

using namespace trailproof::parse;

namespace {

// Years 0000..9999 (what four-digit years and epoch values within the checks allow), in ms,
// with a day of slack for zone offsets.
constexpr std::int64_t k_min_ms = -62'167'219'200'000 - 86'400'000;
constexpr std::int64_t k_max_ms = 253'402'300'800'000 + 86'400'000;

void check(bool ok, std::int64_t ms, bool bounded) {
    if (ok && bounded) TP_FUZZ_REQUIRE(ms >= k_min_ms && ms <= k_max_ms);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = tp_fuzz::as_text(data, size);
    std::size_t newline = text.find('\n');
    std::string_view format_text = newline == std::string_view::npos ? std::string_view{} : text.substr(0, newline);
    std::string_view value = newline == std::string_view::npos ? text : text.substr(newline + 1);

    std::int64_t ms = 0;
    check(parse_iso8601(value, ms), ms, true);
    check(parse_cef_date(value, ms), ms, true);
    (void)parse_epoch_ms(value, ms);
    (void)parse_epoch_s(value, ms);
    TimeFormat format;
    std::string error;
    if (compile_time_format(format_text, format, error)) {
        (void)parse_time(value, format, ms);
    } else {
        TP_FUZZ_REQUIRE(!error.empty());
    }
    return 0;
}
