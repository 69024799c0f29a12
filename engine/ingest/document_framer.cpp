#include "ingest/document_framer.h"

#include <cstring>

#include "ingest/framing.h"

namespace trailproof::ingest {

namespace {

constexpr std::size_t k_records_key_size = sizeof "\"Records\"" - 1;

} // namespace

void DocumentFramer::start(std::uint32_t source, std::size_t offset) noexcept {
    m_source = source;
    m_state = State::Top;
    m_pos = offset;
    m_line = 1;
    m_index = 0;
    m_envelope = false;
    m_cut_what = nullptr;
}

void DocumentFramer::cut(std::uint64_t line, std::uint32_t index, const char* what) noexcept {
    m_cut = Origin{m_source, line, index};
    m_cut_what = what;
    m_state = State::Finish;
}

ReadItem DocumentFramer::next(const InputStream& stream, std::string_view text, const ReaderOptions& options,
                              RawRecord& record, Reject& reject) {
    for (;;) {
        switch (m_state) {
        case State::Top:
            if (ReadItem item = next_top(text, options, record, reject); item != ReadItem::End) return item;
            break;
        case State::Members:
            if (ReadItem item = next_member(text, options, record, reject); item != ReadItem::End) return item;
            break;
        case State::EnvelopeTail:
            // Other keys after the Records array are skipped; only the closing brace matters.
            m_scan.start(m_pos, 1);
            if (m_scan.advance(text, false, m_line) != ValueScanner::Stop::Closed) {
                cut(m_envelope_line, k_no_index, "the Records envelope");
                break;
            }
            m_pos = m_scan.pos();
            m_state = State::Top;
            break;
        case State::Finish:
            m_state = State::Done;
            // Damage to the stream explains a cut document, so it is the one reject.
            if (stream.failed()) {
                reject_stream_failure(stream, m_cut, reject);
                return ReadItem::Reject;
            }
            if (m_cut_what) {
                reject.origin = m_cut;
                reject.code = RejectCode::TruncatedTail;
                reject.detail = "input ends inside ";
                reject.detail += m_cut_what;
                return ReadItem::Reject;
            }
            break;
        case State::Done:
            return ReadItem::End;
        }
    }
}

// One top-level value: opens an array, or frames an object or a stray line.
// Returns End when it only moved the state on.
ReadItem DocumentFramer::next_top(std::string_view text, const ReaderOptions& options, RawRecord& record,
                                  Reject& reject) {
    m_pos = skip_space(text, m_pos, m_line);
    if (m_pos == text.size()) {
        m_cut = Origin{m_source, m_line, k_no_index};
        m_state = State::Finish;
        return ReadItem::End;
    }
    std::size_t begin = m_pos;
    std::uint64_t line = m_line;
    char c = text[begin];
    if (c == '[') {
        ++m_pos;
        m_index = 0;
        m_envelope = false;
        m_state = State::Members;
        return ReadItem::End;
    }
    if (c == '{') {
        if (classify_object(text, begin) == ObjectKind::Records) {
            std::size_t pos = skip_space(text, begin + 1, m_line) + k_records_key_size;
            pos = skip_space(text, pos, m_line);
            bool colon = pos < text.size() && text[pos] == ':';
            if (colon) pos = skip_space(text, pos + 1, m_line);
            if (pos == text.size()) {
                cut(line, k_no_index, "the Records envelope");
                return ReadItem::End;
            }
            if (colon && text[pos] == '[') {
                m_pos = pos + 1;
                m_index = 0;
                m_envelope = true;
                m_envelope_line = line;
                m_state = State::Members;
                return ReadItem::End;
            }
            // Not an array: the whole envelope is one reject; skip to its end.
            m_line = line;
            m_scan.start(begin);
            m_pos = m_scan.advance(text, false, m_line) == ValueScanner::Stop::Closed ? m_scan.pos() : text.size();
            reject.origin = Origin{m_source, line, k_no_index};
            reject.code = RejectCode::BadEnvelope;
            reject.detail = "\"Records\" is not an array";
            return ReadItem::Reject;
        }
        m_scan.start(begin);
        if (m_scan.advance(text, false, m_line) != ValueScanner::Stop::Closed) {
            cut(line, k_no_index, "a JSON value");
            return ReadItem::End;
        }
        m_pos = m_scan.pos();
        return frame_record(text.substr(begin, m_pos - begin), Origin{m_source, line, k_no_index},
                            RecordFormat::Json, options, record, reject);
    }
    // A stray scalar or junk between documents: the rest of its line is one record,
    // which parse rejects with a precise reason.
    const void* newline = std::memchr(text.data() + begin, '\n', text.size() - begin);
    std::size_t end = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) : text.size();
    m_pos = end;
    if (end > begin && text[end - 1] == '\r') --end;
    return frame_record(text.substr(begin, end - begin), Origin{m_source, line, k_no_index}, RecordFormat::Json,
                        options, record, reject);
}

// One array member. Separators are skipped leniently (framing does not validate).
ReadItem DocumentFramer::next_member(std::string_view text, const ReaderOptions& options, RawRecord& record,
                                     Reject& reject) {
    m_pos = skip_space(text, m_pos, m_line);
    while (m_pos < text.size() && text[m_pos] == ',') m_pos = skip_space(text, m_pos + 1, m_line);
    if (m_pos == text.size()) {
        cut(m_line, m_index, m_envelope ? "the Records array" : "a JSON array");
        return ReadItem::End;
    }
    std::size_t begin = m_pos;
    std::uint64_t line = m_line;
    char c = text[begin];
    if (c == ']') {
        ++m_pos;
        m_state = m_envelope ? State::EnvelopeTail : State::Top;
        return ReadItem::End;
    }
    bool complete = false;
    std::size_t end = text.size();
    if (c == '{' || c == '[') {
        m_scan.start(begin);
        complete = m_scan.advance(text, false, m_line) == ValueScanner::Stop::Closed;
        if (complete) end = m_scan.pos();
    } else if (c == '"') {
        end = scan_string(text, begin, m_line, complete);
    } else {
        end = scan_token(text, begin, complete);
    }
    if (!complete) {
        cut(line, m_index, m_envelope ? "a Records member" : "an array member");
        return ReadItem::End;
    }
    m_pos = end;
    return frame_record(text.substr(begin, end - begin), Origin{m_source, line, m_index++}, RecordFormat::Json,
                        options, record, reject);
}

} // namespace trailproof::ingest
