#include "state/state_frame.h"

#include "core/byte_codec.h"
#include "state/checksum.h"

namespace trailproof::state {

std::string frame_payload(std::string_view magic, std::uint32_t version, std::string_view payload) {
    std::string file;
    file.reserve(k_frame_header_size + payload.size());
    ByteWriter w(file);
    w.bytes(magic);
    w.u32(version);
    w.u64(payload.size());
    w.u32(crc32(payload));
    w.u32(0);
    w.bytes(payload);
    return file;
}

} // namespace trailproof::state
