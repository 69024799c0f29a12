#include "core/text_search.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

// AVX2 is not part of x86-64's baseline: its loop is compiled for that target
// alone and called only when the processor reports AVX2 at run time (always,
// in a build for AVX2 machines, -mavx2).
#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__)
#define TRAILPROOF_TEXT_SEARCH_AVX2_DISPATCH 1
#endif

namespace trailproof {

// Named inside the anonymous namespace so that a unity build batch sees no clash.
namespace {
namespace text_search_impl {

constexpr std::array<std::uint8_t, 256> make_text_byte_ranks() noexcept {
    std::array<std::uint8_t, 256> r{};
    for (std::size_t b = 0; b < r.size(); ++b) r[b] = 40; // controls, non-ASCII, rare punctuation
    for (unsigned char c = 'A'; c <= 'Z'; ++c) r[c] = 100; // camel-case humps, "AWS"
    r['A'] = 130;
    r['I'] = 120;
    r['S'] = 120;
    r[' '] = 90; // compact JSON: spaces only inside values (user agents)
    r['_'] = 110;
    r['{'] = 150;
    r['}'] = 150;
    r['['] = 80;
    r[']'] = 80;
    r['='] = 60;
    for (unsigned char c = '0'; c <= '9'; ++c) r[c] = 200; // times, account ids, addresses
    r['.'] = 190;
    r['-'] = 190;
    r['/'] = 185;
    // Lowercase letters by English frequency, nudged for CloudTrail's own words
    // (amazonaws.com, eventName, userIdentity).
    constexpr std::string_view k_lower = "etaosinrcumldwhpgfvybkzxjq";
    for (std::size_t i = 0; i < k_lower.size(); ++i)
        r[static_cast<unsigned char>(k_lower[i])] = static_cast<std::uint8_t>(240 - 4 * i);
    r['"'] = 255;
    r[':'] = 250;
    r[','] = 245;
    return r;
}

constexpr std::array<std::uint8_t, 256> k_text_byte_ranks = make_text_byte_ranks();

struct Filter {
    std::size_t first = 0;
    std::size_t second = 0;
};

// The rarest byte's position (the earliest of equals) and the rarest of the
// others (the latest of equals, so the two lie apart).
Filter choose_filter(std::string_view needle) noexcept {
    Filter f;
    if (needle.size() < 2) return f;
    const auto rank = [&](std::size_t i) { return k_text_byte_ranks[static_cast<unsigned char>(needle[i])]; };
    for (std::size_t i = 1; i < needle.size(); ++i)
        if (rank(i) < rank(f.first)) f.first = i;
    f.second = f.first == 0 ? 1 : 0;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (i != f.first && rank(i) <= rank(f.second)) f.second = i;
    if (f.second < f.first) std::swap(f.first, f.second);
    return f;
}

// Positions [0, count) are candidates: count = hay size - needle size + 1 > 0.
// Each loop reads hay[p + first] and hay[p + second] for p < count only, and
// second < needle size, so every byte read lies inside the haystack.

[[gnu::noinline]] std::size_t find_scalar(const char* hay, std::size_t count, std::string_view needle, Filter f) noexcept {
    const char c1 = needle[f.first];
    const char c2 = needle[f.second];
    for (std::size_t p = 0; p < count; ++p)
        if (hay[p + f.first] == c1 && hay[p + f.second] == c2 &&
            std::memcmp(hay + p, needle.data(), needle.size()) == 0)
            return p;
    return std::string_view::npos;
}

#if defined(__SSE2__)

// The block at p: bit i set when position p + i passes the filter.
inline std::uint32_t sse2_mask(const char* hay, std::size_t p, Filter f, __m128i b1, __m128i b2) noexcept {
    const __m128i h1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hay + p + f.first));
    const __m128i h2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hay + p + f.second));
    const __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(h1, b1), _mm_cmpeq_epi8(h2, b2));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(eq));
}

// The first candidate of `mask` (bit i = position p + i) that matches whole.
inline std::size_t verify(const char* hay, std::size_t p, std::uint32_t mask, std::string_view needle) noexcept {
    while (mask != 0) {
        const std::size_t at = p + static_cast<std::size_t>(__builtin_ctz(mask));
        if (std::memcmp(hay + at, needle.data(), needle.size()) == 0) return at;
        mask &= mask - 1;
    }
    return std::string_view::npos;
}

// count >= 16: full blocks, then one block ending at the last candidate with
// the positions already tested masked off.
[[gnu::noinline]] std::size_t find_sse2(const char* hay, std::size_t count, std::string_view needle, Filter f) noexcept {
    constexpr std::size_t k_width = 16;
    const __m128i b1 = _mm_set1_epi8(needle[f.first]);
    const __m128i b2 = _mm_set1_epi8(needle[f.second]);
    std::size_t p = 0;
    for (; p + k_width <= count; p += k_width) {
        const std::uint32_t mask = sse2_mask(hay, p, f, b1, b2);
        if (mask != 0) {
            const std::size_t at = verify(hay, p, mask, needle);
            if (at != std::string_view::npos) return at;
        }
    }
    if (p == count) return std::string_view::npos;
    const std::size_t q = count - k_width;
    const std::uint32_t mask = sse2_mask(hay, q, f, b1, b2) & (0xffffu << (p - q));
    return mask == 0 ? std::string_view::npos : verify(hay, q, mask, needle);
}

#endif // __SSE2__

#if defined(TRAILPROOF_TEXT_SEARCH_AVX2_DISPATCH)

__attribute__((target("avx2"))) inline std::uint32_t avx2_mask(const char* hay, std::size_t p, Filter f, __m256i b1,
                                                                __m256i b2) noexcept {
    const __m256i h1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(hay + p + f.first));
    const __m256i h2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(hay + p + f.second));
    const __m256i eq = _mm256_and_si256(_mm256_cmpeq_epi8(h1, b1), _mm256_cmpeq_epi8(h2, b2));
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(eq));
}

// count >= 32: as find_sse2, 32 positions at once, two blocks per step while
// they last (the inner loop has no call, so the broadcast bytes stay in
// registers; candidates are verified outside it).
__attribute__((target("avx2"))) std::size_t find_avx2(const char* hay, std::size_t count, std::string_view needle,
                                                      Filter f) noexcept {
    constexpr std::size_t k_width = 32;
    const char* const at1 = hay + f.first;
    const char* const at2 = hay + f.second;
    const char c1 = needle[f.first];
    const char c2 = needle[f.second];
    std::size_t p = 0;
    for (;;) {
        const __m256i b1 = _mm256_set1_epi8(c1);
        const __m256i b2 = _mm256_set1_epi8(c2);
        std::uint32_t mask0 = 0;
        std::uint32_t mask1 = 0;
        for (; p + 2 * k_width <= count; p += 2 * k_width) {
            const __m256i e0 = _mm256_and_si256(
                _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at1 + p)), b1),
                _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at2 + p)), b2));
            const __m256i e1 = _mm256_and_si256(
                _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at1 + p + k_width)), b1),
                _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at2 + p + k_width)), b2));
            if (!_mm256_testz_si256(_mm256_or_si256(e0, e1), _mm256_or_si256(e0, e1))) {
                mask0 = static_cast<std::uint32_t>(_mm256_movemask_epi8(e0));
                mask1 = static_cast<std::uint32_t>(_mm256_movemask_epi8(e1));
                break;
            }
        }
        if (p + 2 * k_width > count) break;
        std::size_t at = verify(hay, p, mask0, needle);
        if (at == std::string_view::npos) at = verify(hay, p + k_width, mask1, needle);
        if (at != std::string_view::npos) return at;
        p += 2 * k_width;
    }
    const __m256i b1 = _mm256_set1_epi8(c1);
    const __m256i b2 = _mm256_set1_epi8(c2);
    if (p + k_width <= count) {
        const std::uint32_t mask = avx2_mask(hay, p, f, b1, b2);
        const std::size_t at = mask == 0 ? std::string_view::npos : verify(hay, p, mask, needle);
        if (at != std::string_view::npos) return at;
        p += k_width;
    }
    if (p == count) return std::string_view::npos;
    const std::size_t q = count - k_width;
    const std::uint32_t mask = avx2_mask(hay, q, f, b1, b2) & (0xffffffffu << (p - q));
    return mask == 0 ? std::string_view::npos : verify(hay, q, mask, needle);
}

bool cpu_has_avx2() noexcept {
#if defined(__AVX2__)
    return true;
#else
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return has;
#endif
}

#endif // TRAILPROOF_TEXT_SEARCH_AVX2_DISPATCH

// `widest`: the widest loop allowed (tests force each one). Inline, with the
// loops out of line, so a search costs a few instructions besides its loop.
inline std::size_t find_filtered(std::string_view hay, std::string_view needle, Filter f,
                                 TextSearchPath widest = TextSearchPath::Auto) noexcept {
    if (needle.empty()) return 0;
    if (hay.size() < needle.size()) return std::string_view::npos;
    if (needle.size() == 1 && widest == TextSearchPath::Auto) {
        const void* at = std::memchr(hay.data(), needle[0], hay.size());
        return at == nullptr ? std::string_view::npos
                             : static_cast<std::size_t>(static_cast<const char*>(at) - hay.data());
    }
    const std::size_t count = hay.size() - needle.size() + 1;
#if defined(TRAILPROOF_TEXT_SEARCH_AVX2_DISPATCH)
    if (widest == TextSearchPath::Auto && count >= 32 && cpu_has_avx2())
        return find_avx2(hay.data(), count, needle, f);
#endif
#if defined(__SSE2__)
    if (widest != TextSearchPath::Scalar && count >= 16) return find_sse2(hay.data(), count, needle, f);
#endif
    return find_scalar(hay.data(), count, needle, f);
}

} // namespace text_search_impl
} // namespace

std::uint8_t text_byte_rank(unsigned char byte) noexcept { return text_search_impl::k_text_byte_ranks[byte]; }

TextNeedle::TextNeedle(std::string_view text) : m_text(text) {
    const text_search_impl::Filter f = text_search_impl::choose_filter(m_text);
    m_first = f.first;
    m_second = f.second;
}

std::size_t TextNeedle::find_in(std::string_view hay) const noexcept {
    return text_search_impl::find_filtered(hay, m_text, text_search_impl::Filter{m_first, m_second});
}

std::size_t find_text(std::string_view hay, std::string_view needle) noexcept {
    if (hay.size() < needle.size()) return std::string_view::npos;
    return text_search_impl::find_filtered(hay, needle, text_search_impl::choose_filter(needle));
}

std::size_t find_text_via(std::string_view hay, std::string_view needle, TextSearchPath widest) noexcept {
    if (hay.size() < needle.size()) return std::string_view::npos;
    return text_search_impl::find_filtered(hay, needle, text_search_impl::choose_filter(needle), widest);
}

} // namespace trailproof
