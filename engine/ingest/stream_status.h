#pragma once
// Status of a byte stream read (raw or decoded). Errors are sticky: once a read
// reports End or Failed, every later read reports the same.

#include <cstdint>

namespace trailproof::ingest {

enum class StreamStatus : std::uint8_t {
    Ok,     // bytes were delivered
    End,    // clean end of the input
    Failed, // the input is damaged or unreadable from here on; the stream holds the reason
};

} // namespace trailproof::ingest
