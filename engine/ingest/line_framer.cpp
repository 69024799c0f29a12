#include "ingest/line_framer.h"

#include <cstring>

#include "ingest/framing.h"
#include "ingest/json_scanner.h"

namespace trailproof::ingest {

namespace {

const char* find_newline(const char* begin, std::size_t size) noexcept {
    if (size == 0) return nullptr;
    return static_cast<const char*>(std::memchr(begin, '\n', size));
}

} // namespace

void LineFramer::start(std::uint32_t source, std::size_t offset, std::uint64_t line) noexcept {
    m_source = source;
    resume(offset, line);
}

void LineFramer::resume(std::size_t offset, std::uint64_t line) noexcept {
    m_pos = offset;
    m_line = line;
    m_done = false;
    m_skipping = false;
    m_handover = false;
}

bool LineFramer::hand_over(const char* buffer, const char* begin, std::size_t size, std::uint64_t line) noexcept {
    std::size_t first = 0;
    while (first < size && (begin[first] == ' ' || begin[first] == '\t')) ++first;
    if (first == size || begin[first] != '{') return false;
    if (classify_object({begin, size}, first) != ObjectKind::Records) return false;
    m_handover = true;
    m_handover_offset = static_cast<std::size_t>(begin + first - buffer);
    m_handover_line = line;
    return true;
}

bool LineFramer::refill(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options) {
    buffer.reserve_tail(options.chunk_bytes);
    std::size_t got = 0;
    StreamStatus status = stream.read(buffer.tail(), options.chunk_bytes, got);
    buffer.commit(got);
    return status == StreamStatus::Ok;
}

bool LineFramer::frame_line(const char* begin, std::size_t size, std::uint64_t line, const ReaderOptions& options,
                            RawRecord& record, Reject& reject, ReadItem& item) {
    if (size != 0 && begin[size - 1] == '\r') --size;
    std::size_t first = 0;
    while (first < size && (begin[first] == ' ' || begin[first] == '\t')) ++first;
    if (first == size) return false; // blank: not a record
    RecordFormat format = starts_like_json({begin + first, size - first}) ? RecordFormat::Json : RecordFormat::Text;
    item = frame_record({begin, size}, Origin{m_source, line, k_no_index}, format, options, record, reject);
    return true;
}

ReadItem LineFramer::next(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                          RawRecord& record, Reject& reject) {
    ReadItem item = ReadItem::End;
    while (!m_done) {
        const char* data = buffer.data();
        const char* begin = data + m_pos;
        std::size_t avail = buffer.size() - m_pos;
        const char* newline = find_newline(begin, avail);

        if (m_skipping) {
            if (newline) {
                std::size_t seen = static_cast<std::size_t>(newline - begin);
                char last = seen != 0 ? newline[-1] : m_skip_last;
                std::uint64_t size = m_skip_bytes + seen - (last == '\r' ? 1 : 0);
                m_pos += seen + 1;
                m_skipping = false;
                ++m_line;
                reject_too_large(size, Origin{m_source, m_skip_line, k_no_index}, options, reject);
                return ReadItem::Reject;
            }
            // Nothing of an oversized line is kept.
            m_skip_bytes += avail;
            if (avail != 0) m_skip_last = begin[avail - 1];
            buffer.clear();
            m_pos = 0;
            if (refill(stream, buffer, options)) continue;
            m_done = true;
            Origin origin{m_source, m_skip_line, k_no_index};
            if (stream.failed()) {
                reject_stream_failure(stream, origin, reject);
            } else {
                reject_too_large(m_skip_bytes - (m_skip_last == '\r' ? 1 : 0), origin, options, reject);
            }
            return ReadItem::Reject;
        }

        if (newline) {
            if (hand_over(data, begin, static_cast<std::size_t>(newline - begin), m_line)) return ReadItem::End;
            std::uint64_t line = m_line++;
            m_pos += static_cast<std::size_t>(newline - begin) + 1;
            if (frame_line(begin, static_cast<std::size_t>(newline - begin), line, options, record, reject, item))
                return item;
            continue;
        }
        // One byte more may still fit: a trailing '\r' is not part of the record (found by
        // fuzz_framing: a 512-byte line plus "\r" was too large in 1-byte chunks only).
        if (avail > options.max_record_bytes + 1 ||
            (avail == options.max_record_bytes + 1 && begin[avail - 1] != '\r')) {
            if (hand_over(data, begin, avail, m_line)) return ReadItem::End;
            m_skipping = true;
            m_skip_line = m_line;
            m_skip_bytes = 0;
            m_skip_last = 0;
            continue;
        }
        if (stream.finished()) {
            m_done = true;
            if (stream.failed()) {
                // The partial line (if any) was cut by the damage: it is part of this one reject.
                reject_stream_failure(stream, Origin{m_source, m_line, k_no_index}, reject);
                return ReadItem::Reject;
            }
            if (hand_over(data, begin, avail, m_line)) return ReadItem::End;
            m_pos = buffer.size();
            if (frame_line(begin, avail, m_line, options, record, reject, item)) return item;
            return ReadItem::End;
        }
        buffer.drop_front(m_pos); // the partial line carry: the only bytes ever moved
        m_pos = 0;
        (void)refill(stream, buffer, options);
    }
    return ReadItem::End;
}

} // namespace trailproof::ingest
