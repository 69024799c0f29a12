#include "core/text_arena.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace trailproof {

namespace {
// Blocks grow from 4 KiB to 64 KiB: one reused event settles on a few blocks,
// and the many events of a batch in flight (detect --threads) stay small.
constexpr std::size_t k_first_block = 4 * 1024;
constexpr std::size_t k_max_block = 64 * 1024;
} // namespace

char* TextArena::reserve(std::size_t size) {
    while (m_current < m_blocks.size()) {
        Block& b = m_blocks[m_current];
        if (b.size - b.used >= size) return b.data.get() + b.used;
        ++m_current;
    }
    Block b;
    const std::size_t grown = k_first_block << std::min<std::size_t>(m_blocks.size(), 4);
    b.size = std::max(size, std::min(grown, k_max_block));
    b.data = std::make_unique<char[]>(b.size);
    m_blocks.push_back(std::move(b));
    m_current = m_blocks.size() - 1;
    return m_blocks.back().data.get();
}

std::string_view TextArena::commit(char* begin, std::size_t used) noexcept {
    m_blocks[m_current].used += used;
    return {begin, used};
}

std::string_view TextArena::store(std::string_view text) {
    if (text.empty()) return {};
    char* p = reserve(text.size());
    std::memcpy(p, text.data(), text.size());
    return commit(p, text.size());
}

bool TextArena::owns(std::string_view text) const noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(text.data());
    for (const Block& b : m_blocks) {
        const auto begin = reinterpret_cast<std::uintptr_t>(b.data.get());
        if (at >= begin && at + text.size() <= begin + b.size) return true;
    }
    return false;
}

void TextArena::clear() noexcept {
    for (Block& b : m_blocks) b.used = 0;
    m_current = 0;
}

} // namespace trailproof
