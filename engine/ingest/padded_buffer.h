#pragma once
// A growable byte buffer that always keeps k_padding zeroed bytes after its
// data, inside the same allocation, so RawRecord views into it can be parsed in
// place (simdjson reads up to k_padding bytes past a document's end).

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/raw_record.h"

namespace trailproof::ingest {

class PaddedBuffer {
public:
    PaddedBuffer() = default;

    [[nodiscard]] char* data() noexcept { return m_data.get(); }
    [[nodiscard]] const char* data() const noexcept { return m_data.get(); }
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }

    // Makes room for `extra` bytes after size() (plus padding). May move the data,
    // which invalidates every pointer into the buffer; keeps capacity otherwise.
    void reserve_tail(std::size_t extra);
    // Where the next reserve_tail'd bytes go.
    [[nodiscard]] char* tail() noexcept { return m_data.get() + m_size; }
    // Marks `count` bytes written at tail() as data and re-zeroes the padding after them.
    void commit(std::size_t count) noexcept;
    // Drops the first `offset` bytes, moving the rest to the front (the partial line carry).
    void drop_front(std::size_t offset) noexcept;
    void clear() noexcept;
    [[nodiscard]] std::size_t capacity() const noexcept { return m_capacity; }
    // Bytes drop_front moved so far (a quadratic framer shows here).
    [[nodiscard]] std::uint64_t bytes_moved() const noexcept { return m_moved; }

private:
    std::unique_ptr<char[]> m_data;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0; // bytes usable for data; the allocation is k_padding larger
    std::uint64_t m_moved = 0;
};

} // namespace trailproof::ingest
