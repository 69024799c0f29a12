#pragma once
// One framed input record, before parsing.

#include <cstddef>
#include <string_view>

#include "core/origin.h"

namespace trailproof {

// Every RawRecord's bytes are followed by at least k_padding readable bytes, so
// simdjson can parse them in place (simdjson requires SIMDJSON_PADDING == 64 in 3.x;
// parse/ static_asserts the two agree).
inline constexpr std::size_t k_padding = 64;

enum class RecordFormat : std::uint8_t {
    Json, // one JSON value (object expected): NDJSON line, Records member, whole-file document
    Text, // a non-JSON text line (CEF, syslog collector lines)
};

struct RawRecord {
    std::string_view bytes; // view into the reader's buffer; valid until the reader's next call
    Origin origin;
    RecordFormat format = RecordFormat::Json;
};

} // namespace trailproof
