#include "ingest/padded_buffer.h"

#include <cstring>

namespace trailproof::ingest {

void PaddedBuffer::reserve_tail(std::size_t extra) {
    if (m_capacity - m_size >= extra && m_data) return;
    std::size_t wanted = m_size + extra;
    std::size_t capacity = m_capacity < 4096 ? 4096 : m_capacity;
    while (capacity < wanted) capacity *= 2; // geometric growth: amortized, steady state allocates nothing
    auto grown = std::make_unique_for_overwrite<char[]>(capacity + k_padding);
    if (m_size != 0) std::memcpy(grown.get(), m_data.get(), m_size);
    std::memset(grown.get() + m_size, 0, k_padding);
    m_data = std::move(grown);
    m_capacity = capacity;
}

void PaddedBuffer::commit(std::size_t count) noexcept {
    m_size += count;
    std::memset(m_data.get() + m_size, 0, k_padding);
}

void PaddedBuffer::drop_front(std::size_t offset) noexcept {
    if (offset == 0) return;
    std::size_t rest = m_size - offset;
    if (rest != 0) std::memmove(m_data.get(), m_data.get() + offset, rest);
    m_moved += rest;
    m_size = rest;
    std::memset(m_data.get() + m_size, 0, k_padding);
}

void PaddedBuffer::clear() noexcept {
    m_size = 0;
    if (m_data) std::memset(m_data.get(), 0, k_padding);
}

} // namespace trailproof::ingest
