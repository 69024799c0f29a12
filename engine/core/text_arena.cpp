#include "core/text_arena.h"

#include <algorithm>
#include <cstring>

namespace trailproof {

namespace {
constexpr std::size_t k_block_size = 64 * 1024;
}

char* TextArena::reserve(std::size_t size) {
    while (m_current < m_blocks.size()) {
        Block& b = m_blocks[m_current];
        if (b.size - b.used >= size) return b.data.get() + b.used;
        ++m_current;
    }
    Block b;
    b.size = std::max(size, k_block_size);
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

void TextArena::clear() noexcept {
    for (Block& b : m_blocks) b.used = 0;
    m_current = 0;
}

} // namespace trailproof
