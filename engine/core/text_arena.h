#pragma once
// Per-event storage for text that is not a view into the input (unescaped CEF
// values, generated values). Memory is kept across clear(), so the steady state
// allocates nothing; stored views stay valid until clear().

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace trailproof {

class TextArena {
public:
    // Copies `text` into the arena and returns a view of the copy (valid until clear()).
    std::string_view store(std::string_view text);
    // Reserves `size` bytes and returns a pointer to them; commit with the used length.
    char* reserve(std::size_t size);
    std::string_view commit(char* begin, std::size_t used) noexcept;
    void clear() noexcept;
    // True when `text` lies in one of the arena's blocks.
    [[nodiscard]] bool owns(std::string_view text) const noexcept;
    // Calls `f(std::string_view)` with the used part of each block that holds
    // text since clear(): every view the arena handed out lies in one of them.
    template <class F>
    void for_each_used(F&& f) const {
        for (const Block& b : m_blocks)
            if (b.used > 0) f(std::string_view(b.data.get(), b.used));
    }

private:
    struct Block {
        std::unique_ptr<char[]> data;
        std::size_t size = 0;
        std::size_t used = 0;
    };
    std::vector<Block> m_blocks;
    std::size_t m_current = 0;
};

} // namespace trailproof
