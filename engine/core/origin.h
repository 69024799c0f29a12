#pragma once
// Where a record came from: an input source (file or stdin) and a position in it.
// Origins are carried from ingest to the alert so every alert and every reject can
// be traced back to its line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof {

inline constexpr std::uint32_t k_no_index = UINT32_MAX;

struct Origin {
    std::uint32_t source = 0;         // index into the run's SourceTable
    std::uint64_t line = 0;           // 1-based line of the record's first byte; 0 if unknown
    std::uint32_t index = k_no_index; // 0-based index inside a Records array, else k_no_index
};

// Names of the inputs of one run ("-" is stdin). Indices are stable for the run.
class SourceTable {
public:
    std::uint32_t add(std::string name);
    [[nodiscard]] std::string_view name(std::uint32_t source) const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return m_names.size(); }

private:
    std::vector<std::string> m_names;
};

// "file:line", "file:line[index]" for Records members, or "file[index]" when the line is unknown.
[[nodiscard]] std::string render_origin(const Origin& origin, const SourceTable& sources);

} // namespace trailproof
