#pragma once
// What every fuzz target shares: the libFuzzer entry point's signature and a
// check that aborts (so libFuzzer and the replay runner both see a crash) when an
// invariant the target asserts does not hold.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace tp_fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace tp_fuzz

#define TP_FUZZ_REQUIRE(cond)                                                                    \
    do {                                                                                         \
        if (!(cond)) ::tp_fuzz::fail(#cond, __FILE__, __LINE__);                                 \
    } while (false)
