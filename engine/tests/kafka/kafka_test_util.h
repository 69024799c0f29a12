#pragma once
// Test helpers: the benchmark corpus (bench/make-corpus.py) and the partition of a key.

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace trailproof::kafka_test {

// The partition of a key: FNV-1a 32 modulo the partition count (what the producer
// side of a deployment does with its own partitioner: any stable function of the key).
inline std::int32_t partition_of(const std::string& key, int partitions) {
    std::uint32_t h = 2166136261u;
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return static_cast<std::int32_t>(h % static_cast<std::uint32_t>(partitions));
}

// `events` lines of bench/make-corpus.py's NDJSON (seeded, so the same each run).
inline std::vector<std::string> corpus_lines(const std::string& root, int events) {
    const std::string command =
        "python3 '" + root + "/bench/make-corpus.py' --events " + std::to_string(events) + " --format ndjson";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string text;
    char buf[65536];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
    if (pclose(pipe) != 0) throw std::runtime_error(command + " failed");
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
        if (nl > start) lines.push_back(text.substr(start, nl - start));
    return lines;
}

} // namespace trailproof::kafka_test
