#pragma once
// Strings -> dense 32-bit ids, once per partition. Histograms, entity keys,
// session sets and alert records hold ids, never strings (DESIGN.md
// "Performance shape"). find() is the hot-path lookup: no allocation, so a
// const check() can ask "was this value ever seen?" without interning it.
//
// Ids are local to one ModelState: the state file stores the strings, and a
// reload re-interns them (ids may differ; nothing depends on their values).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::models {

using ValueId = std::uint32_t;
inline constexpr ValueId k_no_value = UINT32_MAX;

// A 64-bit hash of the bytes that is the same on every platform and run
// (std::hash is not), so it may also pick partitions. Never change it without
// a migration: partition assignments depend on it.
[[nodiscard]] std::uint64_t stable_hash(std::string_view text) noexcept;

class ValueInterner {
public:
    // Returns the id of `text`, copying it in when new.
    ValueId intern(std::string_view text) { return intern(text, stable_hash(text)); }
    // The same, with `hash` == stable_hash(text) already computed (the hot path
    // hashes each key once per event).
    ValueId intern(std::string_view text, std::uint64_t hash);
    // Returns the id of `text`, or k_no_value. Never allocates.
    [[nodiscard]] ValueId find(std::string_view text) const noexcept { return find(text, stable_hash(text)); }
    // The same, with `hash` == stable_hash(text).
    [[nodiscard]] ValueId find(std::string_view text, std::uint64_t hash) const noexcept;
    // The text of `id`; the view is valid until the next intern() or clear().
    [[nodiscard]] std::string_view text(ValueId id) const noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return m_spans.size(); }
    // Heap bytes held (capacities), for stats.
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept;

private:
    struct Span {
        std::uint64_t offset;
        std::uint32_t length;
        std::uint32_t hash; // low bits of stable_hash, checked before comparing bytes
    };
    [[nodiscard]] std::size_t probe(std::string_view text, std::uint64_t hash) const noexcept;
    void grow();

    std::vector<char> m_bytes;          // every text back to back (grown by half, not doubled)
    std::vector<Span> m_spans;          // by id
    std::vector<std::uint32_t> m_index; // open addressing, linear probing: id + 1, 0 = empty; at most 3/4 full
};

} // namespace trailproof::models
