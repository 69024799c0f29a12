#include "state/state_frame.h"

#include <algorithm>

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

StateResult read_frame(std::string_view bytes, std::string_view magic, std::uint32_t version, std::string_view name,
                       std::string_view& payload) {
    payload = {};
    auto fail = [&](StateCode code, const std::string& what) {
        return StateResult{code, std::string(name) + ": " + what, {}};
    };
    if (bytes.empty()) return fail(StateCode::Empty, "state file is empty");
    // A short file that starts like our magic was cut off; anything else is not ours.
    const std::size_t head = std::min(bytes.size(), magic.size());
    if (bytes.substr(0, head) != magic.substr(0, head))
        return fail(StateCode::NotState, "not a trailproof state file (no " + std::string(magic) + " header)");
    if (bytes.size() < k_frame_header_size)
        return fail(StateCode::Truncated, "state file is truncated (" + std::to_string(bytes.size()) +
                                              " bytes, the header alone is " + std::to_string(k_frame_header_size) +
                                              ")");
    ByteReader r(bytes.substr(magic.size()));
    std::uint32_t found_version = 0, checksum = 0, reserved = 0;
    std::uint64_t length = 0;
    (void)r.u32(found_version);
    (void)r.u64(length);
    (void)r.u32(checksum);
    (void)r.u32(reserved);
    if (found_version != version)
        return fail(StateCode::WrongVersion, "state file version " + std::to_string(found_version) +
                                                 " is not supported (this build reads version " +
                                                 std::to_string(version) + ")");
    const std::uint64_t available = bytes.size() - k_frame_header_size;
    if (length > available)
        return fail(StateCode::Truncated, "state file is truncated (" + std::to_string(bytes.size()) +
                                              " bytes, expected " + std::to_string(length + k_frame_header_size) +
                                              ")");
    if (length < available)
        return fail(StateCode::Corrupt,
                    "state file is corrupt (" + std::to_string(available - length) + " bytes after the payload)");
    if (reserved != 0) return fail(StateCode::Corrupt, "state file is corrupt (reserved header bytes are set)");
    const std::string_view body = bytes.substr(k_frame_header_size);
    if (crc32(body) != checksum) return fail(StateCode::ChecksumMismatch, "state file is corrupt (checksum mismatch)");
    payload = body;
    return {};
}

} // namespace trailproof::state
