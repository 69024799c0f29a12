#include "state/state_bundle.h"

#include "core/byte_codec.h"
#include "state/checksum.h"
#include "state/state_frame.h"

namespace trailproof::state {

namespace {
constexpr std::string_view k_magic = "TPRB";
constexpr std::uint32_t k_version = 1;

StateResult fail(StateCode code, std::string_view name, const std::string& what) {
    return {code, std::string(name) + ": " + what, {}};
}
} // namespace

std::string encode_bundle(const std::vector<StateSection>& sections) {
    std::string payload;
    ByteWriter p(payload);
    p.u32(static_cast<std::uint32_t>(sections.size()));
    for (const auto& s : sections) {
        p.u32(static_cast<std::uint32_t>(s.name.size()));
        p.bytes(s.name);
        p.u64(s.bytes.size());
        p.bytes(s.bytes);
    }
    return frame_payload(k_magic, k_version, payload);
}

StateResult decode_bundle(std::string_view bytes, std::string_view name, std::vector<StateSection>& out) {
    out.clear();
    std::string_view payload;
    if (StateResult frame = read_frame(bytes, k_magic, k_version, name, payload); !frame.ok()) return frame;
    ByteReader r(payload);
    std::uint32_t count = 0;
    if (!r.u32(count)) return fail(StateCode::Corrupt, name, "state file is corrupt (section count)");
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t name_length = 0;
        std::uint64_t size = 0;
        std::string_view section_name, section_bytes;
        if (!r.u32(name_length) || !r.bytes(name_length, section_name) || !r.u64(size) ||
            !r.bytes(size, section_bytes))
            return fail(StateCode::Corrupt, name, "state file is corrupt (section " + std::to_string(i) + ")");
        out.push_back({std::string(section_name), std::string(section_bytes)});
    }
    if (r.remaining() != 0) return fail(StateCode::Corrupt, name, "state file is corrupt (bytes after the sections)");
    return {};
}

StateResult save_bundle(const std::vector<StateSection>& sections, const std::string& path,
                        const SaveOptions& options) {
    return write_state_file(encode_bundle(sections), path, options);
}

StateResult load_bundle(const std::string& path, std::vector<StateSection>& out) {
    out.clear();
    std::string bytes;
    if (StateResult r = read_state_file(path, bytes); !r.ok()) return r;
    return decode_bundle(bytes, path, out);
}

} // namespace trailproof::state
