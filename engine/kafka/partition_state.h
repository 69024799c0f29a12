#pragma once
// The state of one topic-partition: a Detector's models, sessions and
// correlation windows plus the next offset they cover, in one file saved
// atomically (state::AtomicFile through Detector::save_state), so a state file
// and the offset it covers can never disagree. Layout: a TPRB bundle
// (state/state_bundle.h) with the detector's sections and one "kafka/offset"
// section: str topic, i32 partition, i64 next offset (core/byte_codec.h).

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/detector.h"
#include "state/state_result.h"

namespace trailproof::kafka {

// "<dir>/<topic>.<partition>.state". Kafka topic names hold only [a-zA-Z0-9._-],
// so the name is a plain file name; a name outside that set is refused by the broker.
[[nodiscard]] std::string partition_state_path(std::string_view dir, std::string_view topic, std::int32_t partition);

// Saves `detector`'s whole state and `next_offset` to the partition's file, atomically.
[[nodiscard]] state::StateResult save_partition_state(const pipeline::Detector& detector, std::string_view dir,
                                                      std::string_view topic, std::int32_t partition,
                                                      std::int64_t next_offset);

// Loads the partition's file into `detector` and sets `next_offset`. Missing
// (a partition never saved) leaves the detector fresh and `next_offset`
// unchanged; a file without the offset section, or one saved for another
// topic-partition, is Corrupt and names the file; after any error but Missing
// the detector holds no usable state: discard it (the consumer stops).
[[nodiscard]] state::StateResult load_partition_state(pipeline::Detector& detector, std::string_view dir,
                                                      std::string_view topic, std::int32_t partition,
                                                      std::int64_t& next_offset);

} // namespace trailproof::kafka
