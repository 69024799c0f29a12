#include "models/value_interner.h"

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

std::size_t ValueInterner::probe(std::string_view text, std::uint64_t hash) const noexcept {
    // m_index is a power of two and at most 3/4 full, so the loop ends on an empty slot.
    const std::size_t mask = m_index.size() - 1;
    const auto short_hash = static_cast<std::uint32_t>(hash);
    std::size_t i = static_cast<std::size_t>(hash >> 32) & mask;
    for (;;) {
        const std::uint32_t entry = m_index[i];
        if (entry == 0) return i;
        const Span& s = m_spans[entry - 1];
        if (s.hash == short_hash && s.length == text.size() &&
            std::string_view(m_bytes.data() + s.offset, s.length) == text)
            return i;
        i = (i + 1) & mask;
    }
}

ValueId ValueInterner::find(std::string_view text, std::uint64_t hash) const noexcept {
    if (m_index.empty()) return k_no_value;
    const std::uint32_t entry = m_index[probe(text, hash)];
    return entry == 0 ? k_no_value : entry - 1;
}

ValueId ValueInterner::intern(std::string_view text, std::uint64_t hash) {
    if ((m_spans.size() + 1) * 4 > m_index.size() * 3) grow();
    const std::size_t slot = probe(text, hash);
    if (m_index[slot] != 0) return m_index[slot] - 1;
    const auto id = static_cast<ValueId>(m_spans.size());
    // The strings are most of the state's bytes: grow by half, not double.
    if (m_spans.size() == m_spans.capacity()) m_spans.reserve(m_spans.capacity() + m_spans.capacity() / 2 + 16);
    if (m_bytes.capacity() - m_bytes.size() < text.size())
        m_bytes.reserve(std::max(m_bytes.size() + text.size(), m_bytes.capacity() + m_bytes.capacity() / 2 + 256));
    m_spans.push_back({m_bytes.size(), static_cast<std::uint32_t>(text.size()), static_cast<std::uint32_t>(hash)});
    m_bytes.insert(m_bytes.end(), text.begin(), text.end());
    m_index[slot] = id + 1;
    return id;
}

void ValueInterner::grow() {
    std::vector<std::uint32_t> index(m_index.empty() ? 64 : m_index.size() * 2, 0);
    m_index.swap(index);
    for (std::uint32_t id = 0; id < m_spans.size(); ++id) {
        const Span& s = m_spans[id];
        const std::string_view t(m_bytes.data() + s.offset, s.length);
        m_index[probe(t, stable_hash(t))] = id + 1;
    }
}

std::string_view ValueInterner::text(ValueId id) const noexcept {
    if (id >= m_spans.size()) return {};
    const Span& s = m_spans[id];
    return {m_bytes.data() + s.offset, s.length};
}

std::size_t ValueInterner::bytes() const noexcept {
    return m_bytes.capacity() + m_spans.capacity() * sizeof(Span) + m_index.capacity() * sizeof(std::uint32_t);
}

void ValueInterner::clear() noexcept {
    m_bytes.clear();
    m_spans.clear();
    m_index.clear();
}

} // namespace trailproof::models
