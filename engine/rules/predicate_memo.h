#pragma once
// The per-event memo of predicate results (rules/predicate_set.h): owned by the
// caller's per-thread scratch (one per worker), never shared between threads.
// One 32-bit stamp per predicate holds (event epoch << 1 | result); starting a
// new event bumps the epoch, so forgetting every result is O(1) and the steady
// state allocates nothing (the stamps grow once, to the largest set matched).
// It also keeps the last address a `|cidr` test parsed (ip_bytes), so the
// cidr items of every pack read an event's sourceIPAddress once.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/ip_text.h"

namespace trailproof::rules {

inline constexpr std::uint32_t k_no_predicate = UINT32_MAX;

class PredicateMemo {
public:
    // Starts an event: forgets every result and makes room for `count`
    // predicates (allocates only when a bigger set than before is matched).
    void begin(std::size_t count) {
        if (m_stamps.size() < count) m_stamps.resize(count, 0);
        if (++m_epoch > k_max_epoch) { // after 2^31 events: clear once, start again
            std::fill(m_stamps.begin(), m_stamps.end(), 0u);
            m_epoch = 1;
        }
    }
    // The result of `id` for this event: 0 false, 1 true, -1 not evaluated yet.
    [[nodiscard]] int get(std::uint32_t id) const noexcept {
        const std::uint32_t s = m_stamps[id];
        return (s >> 1) == m_epoch ? static_cast<int>(s & 1u) : -1;
    }
    void set(std::uint32_t id, bool value) noexcept { m_stamps[id] = (m_epoch << 1) | (value ? 1u : 0u); }
    [[nodiscard]] std::size_t capacity() const noexcept { return m_stamps.size(); }

    // parse_ip_bytes(text, ...) through a one-entry cache keyed by the text
    // itself (not where it lies, so it never goes stale: valid across packs
    // and events): returns what parse_ip_bytes returns and points `bytes` at
    // the parsed bytes (the cache's, or `scratch` for a text too long to be an
    // address, which is not cached). `bytes` is valid until the next call.
    [[nodiscard]] int ip_bytes(std::string_view text, std::array<std::uint8_t, 16>& scratch,
                               const std::array<std::uint8_t, 16>*& bytes) noexcept {
        if (text.size() > sizeof m_ip_text) { // 45: the longest textual IPv6 address
            bytes = &scratch;
            return parse_ip_bytes(text, scratch);
        }
        bytes = &m_ip_bytes;
        // An empty view may have no data pointer: memcmp/memcpy must not see it.
        if (text.size() == m_ip_size && (text.empty() || std::memcmp(text.data(), m_ip_text, text.size()) == 0))
            return m_ip_length;
        m_ip_length = parse_ip_bytes(text, m_ip_bytes);
        if (!text.empty()) std::memcpy(m_ip_text, text.data(), text.size());
        m_ip_size = text.size();
        return m_ip_length;
    }

private:
    static constexpr std::uint32_t k_max_epoch = (1u << 31) - 1;
    std::vector<std::uint32_t> m_stamps;
    std::uint32_t m_epoch = 0; // stamps start at 0 = "epoch 0", never a live event's
    // ip_bytes' cache: the text (m_ip_size bytes; SIZE_MAX = empty) and its parse.
    std::size_t m_ip_size = SIZE_MAX;
    char m_ip_text[45] = {};
    int m_ip_length = 0;
    std::array<std::uint8_t, 16> m_ip_bytes{};
};

} // namespace trailproof::rules
