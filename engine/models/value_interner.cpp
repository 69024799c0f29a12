#include "models/value_interner.h"

#include "models/dense_array.h"
#include "models/open_index.h"

#include <algorithm>

namespace trailproof::models {

namespace {

// Eight bytes as a little-endian word, whatever the host order (compilers turn this into one load).
std::uint64_t load_le(const char* p, std::size_t n) noexcept {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i) w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return w;
}

std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}

} // namespace

std::uint64_t stable_hash(std::string_view text) noexcept {
    // Word at a time: feature values are often long (ARNs, user agents), and this
    // hash runs for every slot of every event.
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (text.size() * 0xc2b2ae3d27d4eb4fULL);
    const char* p = text.data();
    std::size_t n = text.size();
    for (; n >= 8; p += 8, n -= 8) h = (h ^ mix(load_le(p, 8))) * 0x9fb21c651e98df25ULL;
    if (n > 0) h = (h ^ mix(load_le(p, n))) * 0x9fb21c651e98df25ULL;
    return mix(h);
}

std::string_view ValueInterner::text_at(const Span& s) const noexcept {
    const char* p = m_pages[s.page].bytes.get() + s.offset;
    std::size_t length = 0;
    for (unsigned shift = 0;; shift += 7) { // LEB128, written by store()
        const auto byte = static_cast<unsigned char>(*p++);
        length |= static_cast<std::size_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) break;
    }
    return {p, length};
}

std::size_t ValueInterner::probe(std::string_view text, std::uint64_t hash) const noexcept {
    // m_index is at most 3/4 full, so the loop ends on an empty slot.
    const std::size_t slots = m_index.size();
    const auto short_hash = static_cast<std::uint32_t>(hash);
    std::size_t i = index_home(short_hash, slots); // the span's hash, so a growth needs no rehash
    for (;;) {
        const std::uint32_t entry = m_index[i];
        if (entry == 0) return i;
        const Span& s = m_spans[entry - 1];
        if (s.hash == short_hash && text_at(s) == text) return i;
        i = index_next(i, slots);
    }
}

ValueId ValueInterner::find(std::string_view text, std::uint64_t hash) const noexcept {
    if (m_index.empty()) return k_no_value;
    const std::uint32_t entry = m_index[probe(text, hash)];
    return entry == 0 ? k_no_value : entry - 1;
}

ValueInterner::Span ValueInterner::store(std::string_view text, std::uint32_t hash) {
    unsigned char prefix[10];
    std::size_t prefix_size = 0;
    for (std::size_t n = text.size();; n >>= 7) {
        prefix[prefix_size++] = static_cast<unsigned char>((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        if (n <= 0x7f) break;
    }
    const std::size_t need = prefix_size + text.size();
    Span span{0, 0, hash};
    char* at = nullptr;
    const bool fits = m_fill_page != UINT32_MAX && m_pages[m_fill_page].size - m_fill_used >= need;
    const std::size_t next_page = m_fill_page == UINT32_MAX
                                      ? k_first_page_bytes
                                      : std::min(k_page_bytes, 2 * m_pages[m_fill_page].size);
    if (need > k_page_bytes / 4 || (!fits && need > next_page)) { // a page of its own; the page being filled stays
        m_pages.push_back({std::make_unique<char[]>(need), need});
        span.page = static_cast<std::uint32_t>(m_pages.size() - 1);
        at = m_pages.back().bytes.get();
    } else {
        if (!fits) {
            m_pages.push_back({std::make_unique<char[]>(next_page), next_page});
            m_fill_page = static_cast<std::uint32_t>(m_pages.size() - 1);
            m_fill_used = 0;
        }
        span.page = m_fill_page;
        span.offset = static_cast<std::uint32_t>(m_fill_used);
        at = m_pages[m_fill_page].bytes.get() + m_fill_used;
        m_fill_used += need;
    }
    std::copy(prefix, prefix + prefix_size, at);
    std::copy(text.begin(), text.end(), at + prefix_size);
    return span;
}

ValueId ValueInterner::intern(std::string_view text, std::uint64_t hash) {
    if (index_over(m_spans.size() + 1, m_index.size())) grow();
    const std::size_t slot = probe(text, hash);
    if (m_index[slot] != 0) return m_index[slot] - 1;
    const auto id = static_cast<ValueId>(m_spans.size());
    make_room(m_spans); // a good part of the state's bytes (dense_array.h)
    m_spans.push_back(store(text, static_cast<std::uint32_t>(hash)));
    m_index[slot] = id + 1;
    return id;
}

void ValueInterner::grow() {
    std::vector<std::uint32_t> index(grown_index(m_index.size(), 64), 0);
    m_index.swap(index);
    const std::size_t slots = m_index.size();
    for (std::uint32_t id = 0; id < m_spans.size(); ++id) {
        // Ids are distinct: the first empty slot from the home slot is the one (no
        // comparison); the home comes from the span's hash, so no text is read.
        std::size_t i = index_home(m_spans[id].hash, slots);
        while (m_index[i] != 0) i = index_next(i, slots);
        m_index[i] = id + 1;
    }
}

std::string_view ValueInterner::text(ValueId id) const noexcept {
    if (id >= m_spans.size()) return {};
    return text_at(m_spans[id]);
}

std::size_t ValueInterner::bytes() const noexcept {
    std::size_t text_bytes = 0;
    for (const Page& page : m_pages) text_bytes += page.size;
    return text_bytes + m_pages.capacity() * sizeof(Page) + m_spans.capacity() * sizeof(Span) +
           m_index.capacity() * sizeof(std::uint32_t);
}

void ValueInterner::clear() noexcept {
    m_pages.clear();
    m_fill_page = UINT32_MAX;
    m_fill_used = 0;
    m_spans.clear();
    m_index.clear();
}

} // namespace trailproof::models
