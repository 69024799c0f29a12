#pragma once
// A small direct-mapped memo from a key text to its stable_hash and its id in
// one ValueInterner, per ModelState. begin_event hashes and looks up ~20 slot
// values per event, and real trails repeat the same principals, services,
// hours and countries constantly: a text seen before costs a cheap index, a
// length test and a memcmp instead of a full hash and an interner probe
// (bench/README.md, "Issue 13, sixth round").
//
// Keyed by the exact bytes (stored inline, so the memo never views an event),
// bounded in size (k_entries slots of k_text_bytes; a longer text is not
// memoized), no allocation after construction. It never changes an answer:
// the hash is the text's stable_hash, and an entry's id is the interner's answer
// when it was remembered, k_no_value while the interner lacks the text: the owner
// tells it every text it interns afterwards (learn), so the id is never stale
// (ids of a ValueInterner are never reused until clear(); forget() must follow
// every clear() of the interner).

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "models/value_interner.h"

namespace trailproof::models {

class KeyMemo {
public:
    static constexpr std::size_t k_entries = 1024;   // a power of two
    static constexpr std::size_t k_text_bytes = 111; // longer texts are not memoized (an entry is 128 bytes)

    struct Entry {
        std::uint64_t hash = 0;   // stable_hash of the text
        ValueId id = k_no_value;  // its id, or k_no_value while the interner lacks it
        std::uint8_t size = k_unused;
        char text[k_text_bytes];
    };

    // The entry holding exactly `text`, or nullptr.
    [[nodiscard]] Entry* find(std::string_view text) noexcept {
        if (text.size() > k_text_bytes) return nullptr;
        Entry& e = m_entries[index_of(text)];
        if (e.size != text.size() || !same_bytes(e.text, text.data(), text.size())) return nullptr;
        return &e;
    }

    // Stores `text` (replacing whatever shared its slot); a longer text is ignored.
    void remember(std::string_view text, std::uint64_t hash, ValueId id) noexcept {
        if (text.size() > k_text_bytes) return;
        Entry& e = m_entries[index_of(text)];
        e.hash = hash;
        e.id = id;
        e.size = static_cast<std::uint8_t>(text.size());
        if (!text.empty()) std::memcpy(e.text, text.data(), text.size());
    }

    // The interner now holds `text` as `id` (the owner calls it on every intern):
    // an entry holding the text takes the id.
    void learn(std::string_view text, ValueId id) noexcept {
        if (Entry* e = find(text)) e->id = id;
    }

    // Forgets every entry (the interner was cleared: its ids mean nothing now).
    void forget() noexcept {
        for (Entry& e : m_entries) e.size = k_unused;
    }

    // The slot of `text` (exposed for the tests, which pick colliding texts).
    [[nodiscard]] static std::size_t index_of(std::string_view text) noexcept {
        // Not stable_hash: a few loads and one multiply. Keys differ mostly at
        // their ends (ARNs, tuples) or are short (hours, days, countries).
        const char* p = text.data();
        const std::size_t n = text.size();
        std::uint64_t w = n * 0x9e3779b97f4a7c15ULL;
        if (n >= 8) {
            w ^= load8(p);
            w = (w ^ (w >> 29)) * 0xbf58476d1ce4e5b9ULL ^ load8(p + n - 8);
            w = (w ^ (w >> 29)) * 0xbf58476d1ce4e5b9ULL ^ load8(p + n / 2 - 4);
        } else if (n >= 4) {
            w ^= load4(p) | (std::uint64_t{load4(p + n - 4)} << 32);
        } else if (n > 0) {
            w ^= static_cast<unsigned char>(p[0]) | static_cast<unsigned>(static_cast<unsigned char>(p[n / 2])) << 8 |
                 static_cast<unsigned>(static_cast<unsigned char>(p[n - 1])) << 16;
        }
        w *= 0x94d049bb133111ebULL;
        return static_cast<std::size_t>(w >> (64 - k_index_bits));
    }

    // The n bytes at a and b are equal (public for the tests). Keys are mostly short
    // (hours, days, countries, types): up to 16 bytes, two overlapping loads from each
    // side compare them without a call.
    [[nodiscard]] static bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
        if (n > 16) return std::memcmp(a, b, n) == 0;
        if (n >= 8) return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
        if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
        return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
    }

private:
    static constexpr std::uint8_t k_unused = 0xff; // no text is that long (k_text_bytes < 255)
    static_assert(k_text_bytes < k_unused);
    static constexpr unsigned k_index_bits = std::bit_width(k_entries) - 1;
    static_assert(std::has_single_bit(k_entries) && k_entries > 1);

    static std::uint64_t load8(const char* p) noexcept {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    }
    static std::uint32_t load4(const char* p) noexcept {
        std::uint32_t w;
        std::memcpy(&w, p, 4);
        return w;
    }

    std::array<Entry, k_entries> m_entries{};
};

} // namespace trailproof::models
