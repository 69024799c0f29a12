#include "progress.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string_view>
#include <unistd.h>

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t k_refresh_ns = 250'000'000; // four redraws a second at most

// "2.5 s" under a minute, "3 min 05 s" under an hour, "1 h 02 min" beyond.
std::string duration(double seconds) {
    char buffer[48];
    if (seconds < 60) {
        std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
    } else if (seconds < 3600) {
        const auto s = static_cast<long long>(seconds);
        std::snprintf(buffer, sizeof buffer, "%lld min %02lld s", s / 60, s % 60);
    } else {
        const auto m = static_cast<long long>(seconds / 60);
        std::snprintf(buffer, sizeof buffer, "%lld h %02lld min", m / 60, m % 60);
    }
    return buffer;
}

bool gzip_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    char magic[2] = {};
    in.read(magic, 2);
    return in.gcount() == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
           static_cast<unsigned char>(magic[1]) == 0x8b;
}

} // namespace

std::string render_progress(const ProgressSnapshot& p) {
    std::string out = std::to_string(p.done) + " " + p.unit;
    if (p.total) out += " of " + std::to_string(*p.total);
    if (p.elapsed_seconds > 0) {
        const double rate = static_cast<double>(p.done) / p.elapsed_seconds;
        out += ", " + std::to_string(std::llround(rate)) + " " + p.unit + "/s";
    }
    out += ", " + duration(p.elapsed_seconds) + " elapsed";
    // The share done: bytes of a known input size, or units of a known count.
    double share = 0;
    if (p.total_bytes && *p.total_bytes > 0) share = static_cast<double>(p.bytes) / static_cast<double>(*p.total_bytes);
    else if (p.total && *p.total > 0) share = static_cast<double>(p.done) / static_cast<double>(*p.total);
    if (share > 0 && p.elapsed_seconds > 0) {
        const double left = share >= 1 ? 0 : p.elapsed_seconds * (1 - share) / share;
        out += ", ETA " + duration(left);
    }
    return out;
}

bool stderr_is_terminal() {
    if (::isatty(STDERR_FILENO) != 1) return false;
    const char* term = std::getenv("TERM");
    return !term || std::string_view(term) != "dumb";
}

std::optional<std::uint64_t> plain_input_size(const std::vector<std::string>& paths) {
    std::uint64_t total = 0;
    std::error_code ec;
    auto add_file = [&](const fs::path& file) {
        if (gzip_file(file)) return false;
        const auto size = fs::file_size(file, ec);
        if (ec) return false;
        total += size;
        return true;
    };
    for (const auto& path : paths) {
        if (path == "-") return std::nullopt;
        if (fs::is_regular_file(path, ec)) {
            if (!add_file(path)) return std::nullopt;
        } else if (fs::is_directory(path, ec)) {
            for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec))
                if (it->is_regular_file() && !add_file(it->path())) return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    return total;
}

void ProgressLine::update(const ProgressSnapshot& p, std::uint64_t now_ns) {
    if (!m_enabled) return;
    if (m_drawn && now_ns - m_last_ns < k_refresh_ns) return;
    if (!m_drawn && p.elapsed_seconds < 0.25) return; // a short run shows no line at all
    m_last_ns = now_ns;
    m_drawn = true;
    m_err << '\r' << render_progress(p) << "\x1b[K" << std::flush; // ESC[K: erase the rest of the old line
}

void ProgressLine::finish() {
    if (!m_drawn) return;
    m_err << "\r\x1b[K" << std::flush;
    m_drawn = false;
}

} // namespace trailproof::harness
