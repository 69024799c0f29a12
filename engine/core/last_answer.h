#pragma once
// One remembered answer, keyed by the bytes of a few texts: a worker's memo for
// a pure function of those texts that the parser groups of one record ask one
// after the other (the users-table lookup of enrichment, the principal of the
// parse stage), so each distinct input is answered once per record
// (bench/README.md, "Issue 13: once per record").
//
// The key's bytes are copied in: find() answers only texts equal byte for byte
// to those the answer was remembered for, wherever they lie and however long
// ago, so no answer reaches an input that differs (another record, another
// group's field map) and no view into a parser's buffer is kept. A key of more
// than `Bytes` bytes in all is not remembered. Storage is inline: nothing is
// allocated. Not thread-safe: one per worker.

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace trailproof {

template <class V, std::size_t Parts, std::size_t Bytes>
class LastAnswer {
public:
    using Key = std::array<std::string_view, Parts>;

    // The answer remembered for exactly these texts, or nullptr. Valid until the
    // next remember() or forget().
    [[nodiscard]] const V* find(const Key& key) const noexcept {
        if (!m_valid) return nullptr;
        std::size_t at = 0;
        for (std::size_t i = 0; i < Parts; ++i) {
            if (key[i].size() != m_sizes[i]) return nullptr;
            if (!key[i].empty() && std::memcmp(m_bytes.data() + at, key[i].data(), key[i].size()) != 0) return nullptr;
            at += key[i].size();
        }
        return &m_value;
    }

    // Whether `key` is short enough to be remembered (`Bytes` in all).
    [[nodiscard]] static bool fits(const Key& key) noexcept {
        std::size_t total = 0;
        for (const std::string_view part : key) total += part.size();
        return total <= Bytes;
    }

    // Remembers `value` as the answer for `key` (forgets the last one when the key is too long).
    void remember(const Key& key, const V& value) noexcept {
        if (!fits(key)) {
            m_valid = false;
            return;
        }
        std::size_t at = 0;
        for (std::size_t i = 0; i < Parts; ++i) {
            if (!key[i].empty()) std::memcpy(m_bytes.data() + at, key[i].data(), key[i].size());
            m_sizes[i] = key[i].size();
            at += key[i].size();
        }
        m_value = value;
        m_valid = true;
    }

    void forget() noexcept { m_valid = false; }

private:
    std::array<char, Bytes> m_bytes{};
    std::array<std::size_t, Parts> m_sizes{};
    V m_value{};
    bool m_valid = false;
};

} // namespace trailproof
