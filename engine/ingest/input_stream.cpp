#include "ingest/input_stream.h"

#include <cstring>
#include <string>

namespace trailproof::ingest {

namespace {

constexpr unsigned char k_gzip_magic0 = 0x1f;
constexpr unsigned char k_gzip_magic1 = 0x8b;

} // namespace

void InputStream::reset(std::string name) noexcept {
    m_name = std::move(name);
    m_mode = Mode::Unknown;
    m_head_size = 0;
    m_head_pos = 0;
    m_decoded = 0;
    m_ratio_error.clear();
    m_status = StreamStatus::Ok;
    m_failure = RejectCode::Ok;
}

bool InputStream::open_file(const std::string& path, std::string name) {
    reset(std::move(name));
    if (m_raw.open_file(path)) return true;
    m_status = StreamStatus::Failed;
    m_failure = RejectCode::Unreadable;
    return false;
}

void InputStream::open_stdin(std::string name) {
    reset(std::move(name));
    m_raw.open_stdin();
}

void InputStream::open_memory(std::string name, std::string bytes) {
    reset(std::move(name));
    m_raw.open_memory(std::move(bytes));
}

void InputStream::close() noexcept {
    m_raw.close();
    m_decoded = 0;
    m_status = StreamStatus::End;
}

std::string InputStream::failure_detail() const {
    std::string out = m_name;
    out += ": ";
    if (!m_ratio_error.empty())
        out += m_ratio_error;
    else
        out += m_mode == Mode::Gzip ? m_gzip.error() : m_raw.error();
    return out;
}

bool InputStream::sniff() noexcept {
    // Two bytes decide; a pipe may deliver them one at a time.
    while (m_head_size < sizeof m_head) {
        std::size_t got = 0;
        ByteStatus status = m_raw.read(m_head + m_head_size, sizeof m_head - m_head_size, got);
        if (status == ByteStatus::Error) {
            m_status = StreamStatus::Failed;
            m_failure = RejectCode::Unreadable;
            return false;
        }
        if (status == ByteStatus::End) break;
        m_head_size += got;
    }
    bool gzip = m_head_size == 2 && static_cast<unsigned char>(m_head[0]) == k_gzip_magic0 &&
                static_cast<unsigned char>(m_head[1]) == k_gzip_magic1;
    if (gzip) {
        m_mode = Mode::Gzip;
        m_gzip.start(m_raw, m_head, m_head_size);
        m_head_size = 0;
    } else {
        m_mode = Mode::Plain;
    }
    return true;
}

StreamStatus InputStream::read(char* dst, std::size_t capacity, std::size_t& got) noexcept {
    got = 0;
    if (m_status != StreamStatus::Ok || capacity == 0) return m_status;
    if (m_mode == Mode::Unknown && !sniff()) return m_status;
    if (m_mode == Mode::Gzip) {
        // A decompression bomb is stopped by ratio, before it costs time.
        if (m_max_ratio != 0 && m_decoded > m_ratio_floor &&
            m_decoded / m_max_ratio > m_raw.offset()) {
            m_status = StreamStatus::Failed;
            m_failure = RejectCode::GzipRatio;
            try {
                // No byte counts: where the check fires depends on read sizes, the message must not.
                m_ratio_error = "gzip expands more than " + std::to_string(m_max_ratio) +
                                " times its compressed size (the limit); the rest of the input is skipped";
            } catch (...) {
                m_ratio_error.clear();
            }
            return m_status;
        }
        m_status = m_gzip.read(dst, capacity, got);
        if (m_status == StreamStatus::Failed) m_failure = m_gzip.failure();
    } else if (m_head_pos < m_head_size) {
        got = m_head_size - m_head_pos < capacity ? m_head_size - m_head_pos : capacity;
        std::memcpy(dst, m_head + m_head_pos, got);
        m_head_pos += got;
    } else {
        ByteStatus status = m_raw.read(dst, capacity, got);
        if (status == ByteStatus::End) m_status = StreamStatus::End;
        if (status == ByteStatus::Error) {
            m_status = StreamStatus::Failed;
            m_failure = RejectCode::Unreadable;
        }
    }
    m_decoded += got;
    return m_status;
}

} // namespace trailproof::ingest
