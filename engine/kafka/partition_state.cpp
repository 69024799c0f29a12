#include "kafka/partition_state.h"

#include <vector>

#include "core/byte_codec.h"
#include "state/state_bundle.h"

namespace trailproof::kafka {

namespace {
constexpr std::string_view k_offset_section = "kafka/offset";
}

std::string partition_state_path(std::string_view dir, std::string_view topic, std::int32_t partition) {
    std::string path(dir);
    if (!path.empty() && path.back() != '/') path += '/';
    path.append(topic);
    path += '.';
    path += std::to_string(partition);
    path += ".state";
    return path;
}

state::StateResult save_partition_state(const pipeline::Detector& detector, std::string_view dir,
                                        std::string_view topic, std::int32_t partition, std::int64_t next_offset) {
    std::string bytes;
    ByteWriter out(bytes);
    out.str(topic);
    out.i32(partition);
    out.i64(next_offset);
    const std::vector<state::StateSection> sections{{std::string(k_offset_section), std::move(bytes)}};
    return detector.save_state(partition_state_path(dir, topic, partition), sections);
}

state::StateResult load_partition_state(pipeline::Detector& detector, std::string_view dir, std::string_view topic,
                                        std::int32_t partition, std::int64_t& next_offset) {
    const std::string path = partition_state_path(dir, topic, partition);
    std::vector<state::StateSection> sections;
    state::StateResult result = detector.load_state(path, sections);
    if (!result.ok()) return result;
    const auto corrupt = [&](const std::string& what) {
        return state::StateResult{state::StateCode::Corrupt, path + ": state file is corrupt (" + what + ")", {}};
    };
    const state::StateSection* offset = nullptr;
    for (const auto& section : sections) {
        if (section.name == k_offset_section) offset = &section;
        else return corrupt("unknown state section '" + section.name + "'");
    }
    if (!offset) return corrupt("no kafka/offset section");
    ByteReader in(offset->bytes);
    std::string_view saved_topic;
    std::int32_t saved_partition = 0;
    std::int64_t saved_offset = 0;
    if (!in.str(saved_topic) || !in.i32(saved_partition) || !in.i64(saved_offset) || in.remaining() != 0 ||
        saved_offset < 0)
        return corrupt("malformed kafka/offset section");
    if (saved_topic != topic || saved_partition != partition)
        return corrupt("saved for " + std::string(saved_topic) + "/" + std::to_string(saved_partition));
    next_offset = saved_offset;
    return result;
}

} // namespace trailproof::kafka
