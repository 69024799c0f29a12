#pragma once
// Strings -> dense 32-bit ids, once per partition. Histograms, entity keys,
// session sets and alert records hold ids, never strings (DESIGN.md
// "Performance shape"). find() is the hot-path lookup: no allocation, so a
// const check() can ask "was this value ever seen?" without interning it.
//
// Ids are local to one ModelState: the state file stores the strings, and a
// reload re-interns them (ids may differ; nothing depends on their values).

#include <cstdint>
#include <memory>
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
    // The text of `id`; the view is valid until clear() (texts never move).
    [[nodiscard]] std::string_view text(ValueId id) const noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return m_spans.size(); }
    // Heap bytes held (capacities), for stats.
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept;

private:
    // Where a text lives: its page and its offset there. The text is stored as
    // a varint length, then the bytes. 12 bytes: the hash's low half is kept so
    // a probe rejects most other strings without touching their page.
    struct Span {
        std::uint32_t page;
        std::uint32_t offset;
        std::uint32_t hash; // low bits of stable_hash: the home slot, checked before comparing bytes
    };
    [[nodiscard]] std::string_view text_at(const Span& s) const noexcept;
    [[nodiscard]] std::size_t probe(std::string_view text, std::uint64_t hash) const noexcept;
    [[nodiscard]] Span store(std::string_view text, std::uint32_t hash);
    void grow();

    // Texts live in pages filled in order: the first of k_first_page_bytes, each
    // next one twice the last up to k_page_bytes (a small state, such as a pack
    // with a few models, holds a small page, not 64 KiB); a text longer than a
    // quarter of k_page_bytes, or than the page it would start, gets a page of
    // its own, of its exact size. A growing single buffer would hold up to half
    // its size unused after each growth (and copy everything on it); pages leave
    // at most the tail of the current one.
    static constexpr std::size_t k_page_bytes = std::size_t{64} << 10;
    static constexpr std::size_t k_first_page_bytes = std::size_t{1} << 10;
    struct Page {
        std::unique_ptr<char[]> bytes;
        std::size_t size = 0; // allocated
    };
    std::vector<Page> m_pages;
    std::uint32_t m_fill_page = UINT32_MAX; // the page being filled (UINT32_MAX: none yet)
    std::size_t m_fill_used = 0;            // bytes used in it
    std::vector<Span> m_spans;              // by id
    std::vector<std::uint32_t> m_index;     // open addressing, linear probing: id + 1, 0 = empty; at most 3/4 full (open_index.h)
};

} // namespace trailproof::models
