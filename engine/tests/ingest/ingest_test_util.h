#pragma once
// Helpers for the ingest tests: gzip in memory, temp files, and reading a whole
// input into one printable line per item, so expectations are exact strings.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include "core/origin.h"
#include "core/reject.h"
#include "ingest/input_reader.h"

namespace trailproof::ingest::test {

// gzip of `data` (one member). level 0 stores the bytes uncompressed, so a cut at
// byte N decodes to a known prefix.
inline std::string gzip(std::string_view data, int level = 6) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : std::string{};
}

// Reference decoder for damaged gzip: everything zlib can decode from `data`
// (members back to back), stopping at the first error or at the end of the input.
inline std::string gunzip_prefix(std::string_view data) {
    std::string out;
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) return out;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    char chunk[4096];
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        int rc = inflate(&zs, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - zs.avail_out);
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0) break;
            inflateReset(&zs);
            continue;
        }
        if (rc != Z_OK) break; // Z_BUF_ERROR: input exhausted; others: damage
    }
    inflateEnd(&zs);
    return out;
}

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
public:
    explicit TempDir(std::string_view tag) {
        static int counter = 0;
        m_path = std::filesystem::temp_directory_path() /
                 ("tp_ingest_" + std::string(tag) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }

    // Writes `bytes` to `relative` (parent folders created) and returns its full path.
    std::string write(const std::string& relative, std::string_view bytes) const {
        std::filesystem::path file = m_path / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file.string();
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // The prefix to strip from source names so expectations stay machine-independent.
    [[nodiscard]] std::string prefix() const { return m_path.string() + "/"; }

private:
    std::filesystem::path m_path;
};

// Reads everything. Each item becomes one line:
//   "json a.ndjson:3 {...}"        a Json record: origin, then its bytes
//   "text a.log:2 CEF:0|..."       a Text record
//   "ingest.gzip_truncated a.gz:4 | a.gz: gzip stream truncated at byte 81"   a reject
// `strip` is removed from the front of source names (and details).
// Also reads the k_padding bytes after every record, so ASan catches missing padding.
struct ReadAll {
    std::vector<std::string> items;
    std::uint64_t records = 0;
    std::uint64_t rejects = 0;
    std::uint64_t returned = 0; // items returned by next() before End
};

inline std::string strip_all(std::string text, const std::string& strip) {
    if (strip.empty()) return text;
    for (std::size_t at = text.find(strip); at != std::string::npos; at = text.find(strip, at))
        text.erase(at, strip.size());
    return text;
}

inline ReadAll read_all(InputReader& reader, const SourceTable& sources, const std::string& strip = {}) {
    ReadAll out;
    RawRecord record;
    Reject reject;
    unsigned padding_sum = 0;
    for (;;) {
        ReadItem item = reader.next(record, reject);
        if (item == ReadItem::End) break;
        ++out.returned;
        if (item == ReadItem::Record) {
            const char* tail = record.bytes.data() + record.bytes.size();
            for (std::size_t i = 0; i < k_padding; ++i) padding_sum += static_cast<unsigned char>(tail[i]);
            out.items.push_back(std::string(record.format == RecordFormat::Json ? "json " : "text ") +
                                strip_all(render_origin(record.origin, sources), strip) + " " +
                                std::string(record.bytes));
        } else {
            out.items.push_back(std::string(reject_code_id(reject.code)) + " " +
                                strip_all(render_origin(reject.origin, sources), strip) + " | " +
                                strip_all(reject.detail, strip));
        }
    }
    // Keeps the padding reads from being optimized away.
    if (padding_sum == 0xFFFFFFFFu) out.items.emplace_back("impossible");
    out.records = reader.records();
    out.rejects = reader.rejects();
    return out;
}

// One in-memory input read with `options`.
inline ReadAll read_buffer(std::string name, std::string bytes, ReaderOptions options = {}) {
    SourceTable sources;
    InputReader reader(sources, options);
    reader.add_buffer(std::move(name), std::move(bytes));
    return read_all(reader, sources);
}

using Lines = std::vector<std::string>;

} // namespace trailproof::ingest::test
