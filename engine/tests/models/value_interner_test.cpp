// ValueInterner: strings -> dense ids over paged text. Every interned text reads
// back byte for byte (short ones packed into shared pages, long ones in pages of
// their own, the empty string), ids are dense and stable across index growth,
// find() never adds, and bytes() counts every page, span and index slot.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "models/value_interner.h"

using namespace trailproof::models;

BOOST_AUTO_TEST_SUITE(models_value_interner)

BOOST_AUTO_TEST_CASE(texts_read_back_and_ids_stay_dense) {
    constexpr std::uint32_t seed = 1313;
    std::cout << "models_value_interner seed " << seed << "\n";
    std::mt19937 rng(seed);
    ValueInterner interner;
    std::vector<std::string> texts;
    // Lengths around every boundary: 0, one-byte and two-byte varint lengths
    // (127/128), a quarter page (a page of its own above 16 KiB), beyond a page.
    const std::vector<std::size_t> lengths{0, 1, 7, 8, 20, 127, 128, 300, 16383, 16384, 16385, 70000};
    for (int i = 0; i < 6000; ++i) {
        const std::size_t length = i < 12 ? lengths[static_cast<std::size_t>(i)] : rng() % 200;
        std::string t(length, '\0');
        for (char& c : t) c = static_cast<char>('a' + rng() % 26);
        if (i >= 12) t += std::to_string(i); // distinct
        texts.push_back(std::move(t));
    }
    texts.emplace_back("\x1f\0\xff", 3); // separator, NUL and a high byte are plain bytes
    for (std::size_t i = 0; i < texts.size(); ++i) {
        BOOST_TEST(interner.find(texts[i]) == k_no_value);
        BOOST_REQUIRE(interner.intern(texts[i]) == static_cast<ValueId>(i));
    }
    BOOST_TEST(interner.size() == texts.size());
    std::size_t text_bytes = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        BOOST_REQUIRE(interner.text(static_cast<ValueId>(i)) == texts[i]);
        BOOST_REQUIRE(interner.find(texts[i]) == static_cast<ValueId>(i));
        BOOST_REQUIRE(interner.intern(texts[i]) == static_cast<ValueId>(i)); // again: same id, nothing added
        text_bytes += texts[i].size();
    }
    BOOST_TEST(interner.size() == texts.size());
    BOOST_TEST(interner.text(static_cast<ValueId>(texts.size())).empty()); // out of range: empty
    BOOST_TEST(interner.find("not interned") == k_no_value);
    // Every text byte is counted, and the pages leave little unused: at most the
    // fill page's tail, a length byte or two per text, the spans and the index.
    BOOST_TEST(interner.bytes() >= text_bytes);
    BOOST_TEST(interner.bytes() < text_bytes + (64u << 10) + texts.size() * (2 + 12 * 2 + 4 * 3));

    interner.clear();
    BOOST_TEST(interner.size() == 0u);
    BOOST_TEST(interner.find(texts[5]) == k_no_value);
    BOOST_TEST(interner.intern(texts[5]) == 0u);
    BOOST_TEST(interner.text(0) == texts[5]);
}

// Pages start at 1 KiB and double up to 64 KiB: a small state (a pack with a
// few models) holds a small page, and texts longer than the page they would
// start get a page of their own; every text still reads back.
BOOST_AUTO_TEST_CASE(a_small_interner_holds_small_pages) {
    ValueInterner small;
    for (int i = 0; i < 20; ++i) (void)small.intern("user-" + std::to_string(i));
    BOOST_TEST(small.bytes() < 2048u);
    BOOST_TEST(small.text(7) == "user-7");

    ValueInterner growing;
    std::vector<std::string> texts;
    for (int i = 0; i < 3000; ++i) {
        // Now and then a text longer than the next page (1 KiB, 2 KiB, ...) but under 16 KiB.
        const auto n = static_cast<std::size_t>(i);
        const std::size_t length = n % 97 == 0 ? 900 + n * 4 : 10 + n % 50;
        texts.push_back(std::string(length, static_cast<char>('a' + i % 26)) + std::to_string(i));
        BOOST_REQUIRE(growing.intern(texts.back()) == static_cast<ValueId>(i));
    }
    std::size_t text_bytes = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        BOOST_REQUIRE(growing.text(static_cast<ValueId>(i)) == texts[i]);
        BOOST_REQUIRE(growing.find(texts[i]) == static_cast<ValueId>(i));
        text_bytes += texts[i].size();
    }
    BOOST_TEST(growing.bytes() < text_bytes + (64u << 10) + texts.size() * (2 + 12 * 2 + 4 * 3));
}

namespace {
// stable_hash as written (a partial last word read byte by byte): partition
// assignments depend on its values, so any faster form must give the same.
std::uint64_t reference_hash(const std::string& text) {
    auto mix = [](std::uint64_t x) {
        x ^= x >> 32;
        x *= 0xd6e8feb86659fd93ULL;
        x ^= x >> 32;
        return x;
    };
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (text.size() * 0xc2b2ae3d27d4eb4fULL);
    for (std::size_t at = 0; at < text.size(); at += 8) {
        std::uint64_t w = 0;
        for (std::size_t i = at; i < text.size() && i < at + 8; ++i)
            w |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])) << (8 * (i - at));
        h = (h ^ mix(w)) * 0x9fb21c651e98df25ULL;
    }
    return mix(h);
}
} // namespace

// The hash never changes: pinned values, and the first definition's value for
// every length up to 40 (each tail length, with and without a whole word before
// it) over random bytes, high ones included.
BOOST_AUTO_TEST_CASE(stable_hash_keeps_its_values) {
    BOOST_TEST(stable_hash("") == 0x17fb89ee9dcab42aULL);
    BOOST_TEST(stable_hash("a") == 0xc962a980bcf09fb7ULL);
    BOOST_TEST(stable_hash("US") == 0xb67337bf14eb97a4ULL);
    BOOST_TEST(stable_hash("Mozilla") == 0xc944fa26ef38b908ULL);
    BOOST_TEST(stable_hash("arn:aws:iam::123456789012:user/alice") == 0x93ddd9425ceeaa4aULL);
    const unsigned seed = 1313;
    std::cout << "stable_hash_keeps_its_values: seed " << seed << "\n";
    std::mt19937 random(seed);
    for (std::size_t length = 0; length <= 40; ++length)
        for (int round = 0; round < 20; ++round) {
            std::string text(length, '\0');
            for (char& c : text) c = static_cast<char>(random() & 0xff);
            // A view into a longer buffer: the hash reads nothing past its end.
            const std::string padded = text + "tail";
            BOOST_REQUIRE(stable_hash(std::string_view(padded).substr(0, length)) == reference_hash(text));
        }
}

BOOST_AUTO_TEST_SUITE_END()
