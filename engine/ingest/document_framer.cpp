#include "ingest/document_framer.h"

#include <cstring>
#include <string>

#include "ingest/framing.h"

namespace trailproof::ingest {

namespace {

constexpr std::string_view k_records_key = "\"Records\"";

} // namespace

void DocumentFramer::start(std::uint32_t source, std::size_t offset, std::uint64_t line, bool one_document) noexcept {
    m_source = source;
    m_state = State::Top;
    m_one_document = one_document;
    m_handover = false;
    m_pos = offset;
    m_line = line;
    m_base = 0;
    m_index = 0;
    m_envelope = false;
    m_doc_begin = UINT64_MAX;
    m_gap = 0;
    m_skipping = false;
    m_cut_what = nullptr;
}

void DocumentFramer::cut(std::uint64_t line, std::uint32_t index, const char* what) noexcept {
    m_cut = Origin{m_source, line, index};
    m_cut_what = what;
    m_state = State::Finish;
}

void DocumentFramer::stop(Reject& reject, RejectCode code, std::uint64_t line, std::string detail) {
    reject.origin = Origin{m_source, line, k_no_index};
    reject.code = code;
    reject.detail = std::move(detail);
    m_state = State::Done;
}

std::string_view DocumentFramer::view(const PaddedBuffer& buffer, const ReaderOptions& options) const noexcept {
    std::size_t size = buffer.size();
    if (m_doc_begin != UINT64_MAX) {
        // Bytes past the document limit are never looked at, so where it is hit does not
        // depend on how much the last read brought in.
        const std::uint64_t limit = m_doc_begin + options.max_document_bytes - m_base;
        if (limit < size) size = static_cast<std::size_t>(limit);
    }
    return {buffer.data(), size};
}

DocumentFramer::More DocumentFramer::more(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                                          Reject& reject) {
    if (m_doc_begin != UINT64_MAX && m_base + view(buffer, options).size() == m_doc_begin + options.max_document_bytes) {
        stop(reject, RejectCode::DocumentTooLarge, m_doc_line,
             "document larger than the limit of " + std::to_string(options.max_document_bytes) +
                 " bytes; the rest of the input is skipped");
        return More::Limit;
    }
    if (stream.finished()) return More::End;
    // Drop what is framed already: only the value in progress (or the gap) stays.
    const bool in_value = m_state == State::Value || m_state == State::ObjectHead || m_state == State::EnvelopeHead;
    const std::size_t keep = in_value ? m_begin : m_pos;
    if (keep != 0) {
        auto down = [keep](std::size_t& at) { at = at >= keep ? at - keep : 0; };
        down(m_pos);
        down(m_begin);
        down(m_scan_pos);
        if (m_state == State::Value) m_scan.shift(keep);
        buffer.drop_front(keep);
        m_base += keep;
    }
    buffer.reserve_tail(options.chunk_bytes);
    std::size_t got = 0;
    (void)stream.read(buffer.tail(), options.chunk_bytes, got);
    buffer.commit(got);
    return More::Yes;
}

bool DocumentFramer::skip_gap(std::string_view text, bool commas, const ReaderOptions& options, Reject& reject) {
    // The gap being skipped is at m_pos (Top, Members) or m_scan_pos (the envelope's head).
    const bool head = m_state == State::ObjectHead || m_state == State::EnvelopeHead;
    std::size_t& pos = head ? m_scan_pos : m_pos;
    std::uint64_t& line = head ? m_gap_line_head : m_line;
    while (pos < text.size()) {
        const char c = text[pos];
        if (!is_json_space(c) && !(commas && c == ',')) {
            m_gap = 0;
            return true;
        }
        if (m_gap == 0) m_gap_line = line;
        if (++m_gap > options.max_whitespace_bytes) {
            stop(reject, RejectCode::WhitespaceTooLong, m_gap_line,
                 "more than " + std::to_string(options.max_whitespace_bytes) +
                     " bytes of whitespace in a row (the limit); the rest of the input is skipped");
            return false;
        }
        if (c == '\n') ++line;
        ++pos;
    }
    return false;
}

void DocumentFramer::begin_value(Kind kind, std::size_t begin, std::uint32_t index, const char* what,
                                 State after) noexcept {
    m_state = State::Value;
    m_kind = kind;
    m_after = after;
    m_begin = begin;
    m_scan_pos = begin + 1;
    m_value_line = m_line;
    m_value_index = index;
    m_what = what;
    // A bad envelope and the envelope's tail are skipped, never framed: nothing of them is kept.
    m_skipping = kind == Kind::BadEnvelope || kind == Kind::Tail;
    m_skipped = 0;
    m_last = 0;
    m_gap = 0;
}

ReadItem DocumentFramer::end_value(std::string_view text, std::size_t end, std::size_t next,
                                   const ReaderOptions& options, RawRecord& record, Reject& reject) {
    const std::uint64_t size = m_skipped + (end - m_begin);
    const std::string_view bytes = text.substr(m_begin, end - m_begin);
    m_pos = next;
    m_state = m_after;
    if (m_after == State::Top) {
        m_doc_begin = UINT64_MAX; // a top-level value ends its document
        m_handover = m_one_document;
    }
    const Origin origin{m_source, m_value_line, m_value_index};
    if (m_value_index != k_no_index) ++m_index;
    switch (m_kind) {
    case Kind::Tail:
        return ReadItem::End;
    case Kind::BadEnvelope:
        reject.origin = origin;
        reject.code = RejectCode::BadEnvelope;
        reject.detail = "\"Records\" is not an array";
        return ReadItem::Reject;
    default:
        break;
    }
    if (m_skipping || size > options.max_record_bytes) {
        reject_too_large(size, origin, options, reject);
        return ReadItem::Reject;
    }
    if (m_kind == Kind::Container && m_scan.peak_depth() > options.max_nesting_depth) {
        reject.origin = origin;
        reject.code = RejectCode::NestingTooDeep;
        reject.detail = "record nested " + std::to_string(m_scan.peak_depth()) + " levels deep exceeds the limit of " +
                        std::to_string(options.max_nesting_depth);
        return ReadItem::Reject;
    }
    return frame_record(bytes, origin, RecordFormat::Json, options, record, reject);
}

ReadItem DocumentFramer::scan_value(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                                    RawRecord& record, Reject& reject) {
    for (;;) {
        const std::string_view text = view(buffer, options);
        std::size_t scanned = text.size(); // how far the scan got when it ran out
        switch (m_kind) {
        case Kind::Container:
        case Kind::String:
        case Kind::BadEnvelope:
        case Kind::Tail:
            if (m_scan.advance(text, false, m_line) == ValueScanner::Stop::Closed)
                return end_value(text, m_scan.pos(), m_scan.pos(), options, record, reject);
            break;
        case Kind::Token:
            for (; m_scan_pos < text.size(); ++m_scan_pos) {
                const char c = text[m_scan_pos];
                if (c == ',' || c == ']' || c == '}' || is_json_space(c))
                    return end_value(text, m_scan_pos, m_scan_pos, options, record, reject);
            }
            break;
        case Kind::Line:
            if (const void* nl = m_scan_pos < text.size()
                                     ? std::memchr(text.data() + m_scan_pos, '\n', text.size() - m_scan_pos)
                                     : nullptr) {
                const auto newline = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
                const char before = newline > m_begin ? text[newline - 1] : m_last;
                ++m_line;
                // The '\r' of a CRLF may already be dropped (skipping): not part of the record either way.
                if (before == '\r' && newline > m_begin) return end_value(text, newline - 1, newline + 1, options, record, reject);
                if (before == '\r') --m_skipped;
                return end_value(text, newline, newline + 1, options, record, reject);
            }
            m_scan_pos = text.size();
            break;
        }
        // A line's trailing '\r' is not part of it, so one byte more may still fit.
        const std::size_t allowed =
            options.max_record_bytes + (m_kind == Kind::Line && scanned > m_begin && text[scanned - 1] == '\r' ? 1 : 0);
        if (!m_skipping && scanned - m_begin > allowed) m_skipping = true;
        if (m_skipping && scanned > m_begin) {
            // Nothing of an oversized value is kept: only its size is.
            m_last = text[scanned - 1];
            m_skipped += scanned - m_begin;
            m_begin = scanned;
        }
        switch (more(stream, buffer, options, reject)) {
        case More::Yes:
            continue;
        case More::Limit:
            return ReadItem::Reject;
        case More::End:
            break;
        }
        // The input ends inside the value.
        if (m_kind == Kind::Line && !stream.failed()) {
            const std::string_view rest = view(buffer, options);
            std::size_t end = rest.size();
            const char before = end > m_begin ? rest[end - 1] : m_last;
            if (before == '\r') {
                if (end > m_begin) --end;
                else --m_skipped;
            }
            return end_value(rest, end, rest.size(), options, record, reject);
        }
        if (m_kind == Kind::BadEnvelope) return end_value(view(buffer, options), view(buffer, options).size(),
                                                          view(buffer, options).size(), options, record, reject);
        if (m_kind == Kind::Tail) {
            cut(m_envelope_line, k_no_index, "the Records envelope");
        } else if (m_kind == Kind::Line) {
            cut(m_value_line, k_no_index, nullptr); // the damage is the one reject
        } else {
            cut(m_value_line, m_value_index, m_what);
        }
        return ReadItem::End;
    }
}

ReadItem DocumentFramer::next(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                              RawRecord& record, Reject& reject) {
    for (;;) {
        switch (m_state) {
        case State::Top: {
            if (m_handover) {
                m_state = State::Done;
                return ReadItem::End;
            }
            const std::string_view text = view(buffer, options);
            if (!skip_gap(text, false, options, reject)) {
                if (m_state == State::Done) return ReadItem::Reject; // the gap was too long
                if (more(stream, buffer, options, reject) == More::Yes) continue;
                m_cut = Origin{m_source, m_line, k_no_index};
                m_state = State::Finish;
                continue;
            }
            const char c = text[m_pos];
            if (c == '[' || c == '{') {
                m_doc_begin = m_base + m_pos;
                m_doc_line = m_line;
            }
            if (c == '[') {
                ++m_pos;
                m_index = 0;
                m_envelope = false;
                m_state = State::Members;
            } else if (c == '{') {
                m_state = State::ObjectHead;
                m_begin = m_pos;
                m_value_line = m_line;
                m_scan_pos = m_pos + 1;
                m_gap_line_head = m_line;
            } else {
                // A stray scalar or junk between documents: the rest of its line is one
                // record, which parse rejects with a precise reason.
                begin_value(Kind::Line, m_pos, k_no_index, nullptr, State::Top);
                m_scan_pos = m_pos;
            }
            continue;
        }
        case State::ObjectHead:
        case State::EnvelopeHead: {
            const std::string_view text = view(buffer, options);
            bool plain = false;
            if (!skip_gap(text, false, options, reject)) {
                if (m_state == State::Done) return ReadItem::Reject;
                const More got = more(stream, buffer, options, reject);
                if (got == More::Yes) continue;
                if (got == More::Limit) return ReadItem::Reject;
                if (m_state == State::EnvelopeHead) {
                    cut(m_value_line, k_no_index, "the Records envelope");
                    continue;
                }
                plain = true;
            } else if (m_state == State::ObjectHead) {
                // Only the first key decides: CloudTrail puts "Records" first.
                const std::string_view rest = text.substr(m_scan_pos);
                const std::size_t n = rest.size() < k_records_key.size() ? rest.size() : k_records_key.size();
                if (rest.substr(0, n) != k_records_key.substr(0, n)) {
                    plain = true;
                } else if (n < k_records_key.size()) {
                    const More got = more(stream, buffer, options, reject);
                    if (got == More::Yes) continue;
                    if (got == More::Limit) return ReadItem::Reject;
                    plain = true;
                } else {
                    m_scan_pos += k_records_key.size();
                    m_state = State::EnvelopeHead;
                    m_colon = false;
                    continue;
                }
            } else if (!m_colon && text[m_scan_pos] == ':') {
                m_colon = true;
                ++m_scan_pos;
                continue;
            } else if (m_colon && text[m_scan_pos] == '[') {
                m_pos = m_scan_pos + 1;
                m_line = m_gap_line_head;
                m_index = 0;
                m_envelope = true;
                m_envelope_line = m_value_line;
                m_state = State::Members;
                continue;
            } else {
                // Not an array: the whole envelope is one reject; skip to its end.
                m_line = m_value_line;
                const std::size_t begin = m_begin;
                begin_value(Kind::BadEnvelope, begin, k_no_index, nullptr, State::Top);
                m_scan.start(begin);
                continue;
            }
            if (plain) {
                m_line = m_value_line;
                const std::size_t begin = m_begin;
                begin_value(Kind::Container, begin, k_no_index, "a JSON value", State::Top);
                m_scan.start(begin);
            }
            continue;
        }
        case State::Members: {
            const std::string_view text = view(buffer, options);
            if (!skip_gap(text, true, options, reject)) {
                if (m_state == State::Done) return ReadItem::Reject;
                const More got = more(stream, buffer, options, reject);
                if (got == More::Yes) continue;
                if (got == More::Limit) return ReadItem::Reject;
                cut(m_line, m_index, m_envelope ? "the Records array" : "a JSON array");
                continue;
            }
            const char c = text[m_pos];
            const char* what = m_envelope ? "a Records member" : "an array member";
            if (c == ']') {
                ++m_pos;
                if (m_envelope) {
                    // Other keys after the Records array are skipped; only the closing brace matters.
                    begin_value(Kind::Tail, m_pos, k_no_index, nullptr, State::Top);
                    m_scan.start(m_pos, 1);
                } else {
                    m_state = State::Top;
                    m_doc_begin = UINT64_MAX;
                    m_handover = m_one_document;
                }
            } else if (c == '{' || c == '[') {
                begin_value(Kind::Container, m_pos, m_index, what, State::Members);
                m_scan.start(m_pos);
            } else if (c == '"') {
                begin_value(Kind::String, m_pos, m_index, what, State::Members);
                m_scan.start_string(m_pos);
            } else {
                begin_value(Kind::Token, m_pos, m_index, what, State::Members);
            }
            continue;
        }
        case State::Value:
            if (ReadItem item = scan_value(stream, buffer, options, record, reject); item != ReadItem::End)
                return item;
            continue;
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
            continue;
        case State::Done:
            return ReadItem::End;
        }
    }
}

} // namespace trailproof::ingest
