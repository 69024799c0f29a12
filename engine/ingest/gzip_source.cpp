#include "ingest/gzip_source.h"

#include <climits>
#include <cstring>

namespace trailproof::ingest {

namespace {

constexpr std::size_t k_in_bytes = 256u << 10;
constexpr unsigned char k_magic0 = 0x1f;
constexpr unsigned char k_magic1 = 0x8b;

} // namespace

GzipSource::GzipSource() : m_in(std::make_unique_for_overwrite<unsigned char[]>(k_in_bytes)) {}

GzipSource::~GzipSource() {
    if (m_zlib_ready) inflateEnd(&m_zs);
}

void GzipSource::start(ByteSource& raw, const char* head, std::size_t head_size) noexcept {
    m_raw = &raw;
    m_raw_done = false;
    m_member_done = false;
    m_status = StreamStatus::Ok;
    m_failure = RejectCode::Ok;
    m_error.clear();
    if (head_size > k_in_bytes) head_size = k_in_bytes;
    if (head_size != 0) std::memcpy(m_in.get(), head, head_size);
    m_zs.next_in = m_in.get();
    m_zs.avail_in = static_cast<uInt>(head_size);
    // 15 + 32: full window, gzip or zlib header detected automatically.
    int rc = m_zlib_ready ? inflateReset(&m_zs) : inflateInit2(&m_zs, 15 + 32);
    if (rc != Z_OK) {
        fail(RejectCode::GzipCorrupt, "cannot start gzip decoding", m_zs.msg ? m_zs.msg : "zlib error");
        return;
    }
    m_zlib_ready = true;
}

std::uint64_t GzipSource::raw_position() const noexcept { return m_raw->offset() - m_zs.avail_in; }

void GzipSource::fail(RejectCode code, const char* what, const char* why) noexcept {
    m_status = StreamStatus::Failed;
    m_failure = code;
    try {
        m_error = what;
        if (code != RejectCode::Unreadable) m_error += " at byte " + std::to_string(raw_position());
        if (why && *why) {
            m_error += ": ";
            m_error += why;
        }
    } catch (...) {
        m_error.clear(); // no memory for the text; the code still says what happened
    }
}

bool GzipSource::fill(std::size_t wanted) noexcept {
    while (m_zs.avail_in < wanted && !m_raw_done) {
        if (m_zs.avail_in != 0 && m_zs.next_in != m_in.get()) std::memmove(m_in.get(), m_zs.next_in, m_zs.avail_in);
        m_zs.next_in = m_in.get();
        std::size_t got = 0;
        ByteStatus status = m_raw->read(reinterpret_cast<char*>(m_in.get()) + m_zs.avail_in, k_in_bytes - m_zs.avail_in, got);
        if (status == ByteStatus::Error) {
            fail(RejectCode::Unreadable, m_raw->error().c_str(), nullptr);
            return false;
        }
        if (status == ByteStatus::End) m_raw_done = true;
        m_zs.avail_in += static_cast<uInt>(got);
    }
    return true;
}

StreamStatus GzipSource::read(char* dst, std::size_t capacity, std::size_t& got) noexcept {
    got = 0;
    if (capacity > UINT_MAX) capacity = UINT_MAX;
    while (got == 0 && m_status == StreamStatus::Ok) {
        if (m_member_done) {
            if (!fill(2)) break;
            if (m_zs.avail_in == 0) {
                m_status = StreamStatus::End;
                break;
            }
            // Another member must follow; anything else is damage, not silently ignored.
            if (m_zs.avail_in < 2 || m_zs.next_in[0] != k_magic0 || m_zs.next_in[1] != k_magic1) {
                fail(RejectCode::GzipCorrupt, "gzip data corrupt", "unexpected bytes after a gzip member");
                break;
            }
            inflateReset(&m_zs);
            m_member_done = false;
        }
        if (m_zs.avail_in == 0 && !fill(1)) break;
        // Inflate even when the input has run out: zlib may still hold decoded bytes
        // (its window and pending output), and every one of them is delivered before a
        // truncation is reported.
        m_zs.next_out = reinterpret_cast<Bytef*>(dst);
        m_zs.avail_out = static_cast<uInt>(capacity);
        int rc = inflate(&m_zs, Z_NO_FLUSH);
        got = capacity - m_zs.avail_out;
        switch (rc) {
        case Z_OK:
        case Z_BUF_ERROR: // needs more input: the next loop reads it, unless there is none
            if (got == 0 && m_zs.avail_in == 0 && m_raw_done)
                fail(RejectCode::GzipTruncated, "gzip stream truncated", nullptr);
            break;
        case Z_STREAM_END:
            m_member_done = true;
            break;
        case Z_MEM_ERROR:
            fail(RejectCode::GzipCorrupt, "gzip decoding failed", "out of memory");
            break;
        default: // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
            fail(RejectCode::GzipCorrupt, "gzip data corrupt", m_zs.msg ? m_zs.msg : "invalid data");
            break;
        }
    }
    // Bytes decoded before a failure are delivered first; the failure shows on the next read.
    if (got != 0) return StreamStatus::Ok;
    return m_status;
}

} // namespace trailproof::ingest
