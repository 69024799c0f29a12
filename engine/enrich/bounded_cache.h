#pragma once
// A fixed-size cache from a string to a small value, one per worker. Source IPs
// and user agents repeat a lot, so each distinct string is classified once.
//
// All memory is reserved in the constructor (slot index, entries, key bytes), so
// find() and insert() never allocate. When the entry or key-byte budget is full,
// insert() clears everything and starts over: simpler than LRU, and the working
// set of a trail refills in a few events. Values are copied out by the caller,
// so a clear never leaves a caller holding a dangling pointer for longer than
// until its next insert().
//
// The entry found or inserted last is tried first, by its stored key bytes,
// before the key is hashed: the parser groups that accept one record ask for
// the same source address and user agent one after the other (and so do
// records of one session), so all but the first ask cost a length test and a
// memcmp instead of a hash and a probe (bench/README.md, "Issue 13: once per
// record"). The answer and the counts are exactly those of the probe: the last
// entry is in the cache, and it is compared by bytes, not by where the key lies.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace trailproof::enrich {

struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t clears = 0; // times the cache was full and emptied
};

template <class V>
class BoundedCache {
public:
    // `max_entries` 0 disables caching. `max_key_bytes` bounds the stored key text.
    BoundedCache(std::size_t max_entries, std::size_t max_key_bytes)
        : m_max_entries(max_entries), m_key_capacity(max_entries == 0 ? 0 : max_key_bytes) {
        if (m_max_entries == 0) return;
        std::size_t slots = 2;
        while (slots < 2 * m_max_entries) slots *= 2;
        m_slots.assign(slots, 0);
        m_entries.reserve(m_max_entries);
        // Not zeroed (a megabyte per worker): key bytes are read only where written.
        m_keys = std::make_unique_for_overwrite<char[]>(m_key_capacity == 0 ? 1 : m_key_capacity);
    }

    // The cached value for `key`, or nullptr. Valid until the next insert().
    const V* find(std::string_view key) noexcept {
        if (m_max_entries == 0) {
            ++m_stats.misses;
            return nullptr;
        }
        if (m_last != 0) {
            const Entry& e = m_entries[m_last - 1];
            if (key_of(e) == key) {
                ++m_stats.hits;
                return &e.value;
            }
        }
        const std::size_t h = std::hash<std::string_view>{}(key);
        for (std::size_t i = h & (m_slots.size() - 1);; i = (i + 1) & (m_slots.size() - 1)) {
            const std::uint32_t slot = m_slots[i];
            if (slot == 0) break;
            const Entry& e = m_entries[slot - 1];
            if (e.hash == h && key_of(e) == key) {
                ++m_stats.hits;
                m_last = slot;
                return &e.value;
            }
        }
        ++m_stats.misses;
        return nullptr;
    }

    // Caches `value` for `key` (which find() just missed). Clears the cache first
    // when it is full. A key longer than a quarter of the key budget is not cached,
    // so one huge string cannot flush everything.
    void insert(std::string_view key, const V& value) noexcept {
        if (m_max_entries == 0 || key.size() > m_key_capacity / 4) return;
        if (m_entries.size() == m_max_entries || m_key_used + key.size() > m_key_capacity) clear();
        const std::size_t h = std::hash<std::string_view>{}(key);
        std::size_t i = h & (m_slots.size() - 1);
        while (m_slots[i] != 0) i = (i + 1) & (m_slots.size() - 1);
        if (!key.empty()) std::memcpy(m_keys.get() + m_key_used, key.data(), key.size());
        m_entries.push_back(Entry{h, m_key_used, key.size(), value}); // within reserved capacity
        m_key_used += key.size();
        m_slots[i] = static_cast<std::uint32_t>(m_entries.size());
        m_last = m_slots[i];
    }

    // Forgets every entry (not counted in stats().clears, which counts "full").
    void reset() noexcept {
        std::fill(m_slots.begin(), m_slots.end(), 0u);
        m_entries.clear();
        m_key_used = 0;
        m_last = 0;
    }

    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }
    [[nodiscard]] const CacheStats& stats() const noexcept { return m_stats; }

private:
    struct Entry {
        std::size_t hash;
        std::size_t key_offset;
        std::size_t key_size;
        V value;
    };

    std::string_view key_of(const Entry& e) const noexcept { return {m_keys.get() + e.key_offset, e.key_size}; }

    void clear() noexcept {
        reset(); // vectors keep their capacity
        ++m_stats.clears;
    }

    std::size_t m_max_entries;
    std::size_t m_key_capacity;
    std::size_t m_key_used = 0;
    std::vector<std::uint32_t> m_slots; // 0 = empty, else entry index + 1; at most half full
    std::uint32_t m_last = 0;           // the entry found or inserted last (index + 1), 0 = none
    std::vector<Entry> m_entries;
    std::unique_ptr<char[]> m_keys;
    CacheStats m_stats;
};

} // namespace trailproof::enrich
