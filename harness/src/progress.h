#pragma once
// The progress line of long runs (detect, replay) on stderr: only when stderr
// is a terminal, refreshed at most four times a second, erased at the end so
// the summary that follows starts on a clean line. Nothing at all otherwise
// (CI logs, redirected stderr, tests).

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace trailproof::harness {

// One reading of a run's progress.
struct ProgressSnapshot {
    std::uint64_t done = 0;                  // records (detect) or scenarios (replay) so far
    std::string unit = "records";            // what `done` counts
    std::uint64_t bytes = 0;                 // input bytes so far (detect)
    std::optional<std::uint64_t> total_bytes; // the input's size, when known: gives the ETA (detect)
    std::optional<std::uint64_t> total;      // the number of units, when known: gives the ETA (replay)
    double elapsed_seconds = 0;
};

// The line's text, without control characters, e.g.
// "120000 records, 40000 records/s, 3.0 s elapsed, ETA 7 s". The rate and ETA
// appear once there is something to divide by.
[[nodiscard]] std::string render_progress(const ProgressSnapshot& p);

// True when file descriptor 2 is a terminal (and TERM is not "dumb").
[[nodiscard]] bool stderr_is_terminal();

// The input size of `paths` (files and folders, recursively) when every file
// is plain (no gzip: its records are larger than the file) and no path is "-";
// nullopt otherwise.
[[nodiscard]] std::optional<std::uint64_t> plain_input_size(const std::vector<std::string>& paths);

class ProgressLine {
public:
    // Shows nothing unless `enabled` (the caller's stderr_is_terminal()).
    ProgressLine(std::ostream& err, bool enabled) : m_err(err), m_enabled(enabled) {}
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    ~ProgressLine() { finish(); }

    // Redraws the line when enabled and at least 250 ms passed since the last
    // draw. `now_ns` is a steady clock reading.
    void update(const ProgressSnapshot& p, std::uint64_t now_ns);
    // Erases the line if one was drawn.
    void finish();

private:
    std::ostream& m_err;
    bool m_enabled;
    bool m_drawn = false;
    std::uint64_t m_last_ns = 0;
};

} // namespace trailproof::harness
