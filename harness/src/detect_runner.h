#pragma once
// `trailproof detect`: inputs -> ingest -> parse -> rules -> alerts, in input order.

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "content.h"

namespace trailproof::harness {

struct DetectOptions {
    std::vector<std::string> inputs;       // files, folders, "-" for stdin
    std::vector<std::pair<std::string, std::string>> buffers; // in-memory inputs: name, bytes
    std::ostream* alerts = nullptr;        // NDJSON alerts; nullptr discards them
    std::ostream* dead_letter = nullptr;   // NDJSON rejects; nullptr discards them
};

struct DetectSummary {
    std::uint64_t records_read = 0;
    std::uint64_t events_accepted = 0;
    std::uint64_t records_rejected = 0;
    std::uint64_t alerts = 0;
    std::map<std::string, std::uint64_t> alerts_by_rule;   // "pack/rule-id" -> count
    std::map<std::string, std::uint64_t> rejects_by_code;  // "parse.malformed_json" -> count
};

// Runs detection over every input. Never throws for bad input: bad records are
// rejected, counted and written to the dead letter sink.
[[nodiscard]] DetectSummary run_detect(const Content& content, const DetectOptions& options);

// The stderr summary: records read, accepted, rejected, then alerts by rule.
[[nodiscard]] std::string render_summary(const DetectSummary& summary);

} // namespace trailproof::harness
