#include "ingest/shape_detector.h"

namespace trailproof::ingest {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_convert = "; only UTF-8 is read (convert it, e.g. iconv -t UTF-8)";
// A bracket followed by this much whitespace starts a document, not a text line ("[INFO]"
// never looks like that); the document framer applies the whitespace limit from there.
constexpr std::size_t k_bracket_gap = 4096;

// Offset of the first byte after the whitespace at `pos` that is not whitespace, looking at
// most `limit` + 1 bytes ahead (so a long run is noticed without scanning all of it).
std::size_t skip_space_bounded(std::string_view text, std::size_t pos, std::size_t limit) noexcept {
    std::size_t end = text.size() - pos > limit ? pos + limit + 1 : text.size();
    while (pos < end && is_json_space(text[pos])) ++pos;
    return pos;
}

} // namespace

void ShapeDetector::reset() noexcept {
    m_step = Step::Bom;
    m_pos = 0;
    m_line_start = 0;
    m_lines = 0;
    m_space = 0;
    m_reject = RejectCode::Ok;
    m_reason.clear();
}

void ShapeDetector::dropped(std::size_t count) noexcept {
    m_pos -= count;
    m_line_start -= count;
}

bool ShapeDetector::check_encoding(std::string_view head) {
    auto byte = [&](std::size_t i) { return i < head.size() ? static_cast<unsigned char>(head[i]) : 0x100u; };
    const char* what = nullptr;
    if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) {
        what = "UTF-32LE text (byte order mark FF FE 00 00)";
    } else if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF) {
        what = "UTF-32BE text (byte order mark 00 00 FE FF)";
    } else if (byte(0) == 0xFF && byte(1) == 0xFE) {
        what = "UTF-16LE text (byte order mark FF FE)";
    } else if (byte(0) == 0xFE && byte(1) == 0xFF) {
        what = "UTF-16BE text (byte order mark FE FF)";
    } else if (byte(0) != 0 && byte(1) == 0 && byte(2) == 0 && byte(3) == 0) {
        what = "UTF-32LE text (three NUL bytes after the first character)";
    } else if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0 && byte(3) != 0 && byte(3) != 0x100u) {
        what = "UTF-32BE text (three NUL bytes before the first character)";
    } else if (byte(0) != 0 && byte(1) == 0) {
        what = "UTF-16LE text (a NUL byte after the first character)";
    } else if (byte(0) == 0 && byte(1) != 0 && byte(1) != 0x100u) {
        what = "UTF-16BE text (a NUL byte before the first character)";
    } else if (byte(0) == 0) {
        m_reject = RejectCode::UnsupportedEncoding;
        m_reason = "binary data (starts with NUL bytes), not UTF-8 text";
        return false;
    }
    if (!what) return true;
    m_reject = RejectCode::UnsupportedEncoding;
    m_reason = what;
    m_reason += k_convert;
    return false;
}

Shape ShapeDetector::detect(std::string_view text, bool finished, const ReaderOptions& options) {
    const std::size_t limit = options.max_record_bytes;
    for (;;) {
        switch (m_step) {
        case Step::Bom:
            // Four bytes tell UTF-8 from UTF-16/32 (a pipe may bring fewer at first).
            if (text.size() < 4 && !finished) return Shape::Undecided;
            if (!check_encoding(text.substr(0, 4))) return Shape::Rejected;
            m_pos = text.starts_with(k_bom) ? k_bom.size() : 0;
            m_line_start = m_pos;
            m_step = Step::Space;
            break;
        case Step::Space:
            while (m_pos < text.size() && is_json_space(text[m_pos])) {
                if (++m_space > options.max_whitespace_bytes) {
                    m_reject = RejectCode::WhitespaceTooLong;
                    m_reason = "more than " + std::to_string(options.max_whitespace_bytes) +
                               " bytes of whitespace before the first value (the limit); the input is skipped";
                    return Shape::Rejected;
                }
                if (text[m_pos++] == '\n') {
                    ++m_lines;
                    m_line_start = m_pos;
                }
            }
            if (m_pos == text.size()) return finished ? Shape::Lines : Shape::Undecided;
            if (text[m_pos] == '[') {
                m_step = Step::ArrayStart;
            } else if (text[m_pos] == '{') {
                m_step = Step::ObjectStart;
            } else {
                return Shape::Lines;
            }
            break;
        case Step::ArrayStart: {
            std::size_t next = skip_space_bounded(text, m_pos + 1, k_bracket_gap);
            if (next - (m_pos + 1) > k_bracket_gap) return Shape::Document;
            if (next == text.size()) return finished ? Shape::Document : Shape::Undecided;
            return can_follow_bracket(text[next]) ? Shape::Document : Shape::Lines;
        }
        case Step::ObjectStart: {
            std::size_t next = skip_space_bounded(text, m_pos + 1, k_bracket_gap);
            if (next - (m_pos + 1) > k_bracket_gap) return Shape::Document;
            if (next < text.size() && !can_follow_brace(text[next])) return Shape::Lines;
            switch (classify_object(text, m_pos)) {
            case ObjectKind::Records:
                return Shape::Document;
            case ObjectKind::NeedMore:
                if (!finished) return Shape::Undecided;
                [[fallthrough]];
            case ObjectKind::Plain:
                m_scan.start(m_pos);
                m_step = Step::Scan;
                break;
            }
            break;
        }
        case Step::Scan: {
            // The first line is looked at up to the record limit (from the object's first
            // byte), whatever the chunk size, so the decision does not depend on it.
            const bool capped = text.size() - m_pos > limit;
            const std::string_view seen = capped ? text.substr(0, m_pos + limit) : text;
            std::uint64_t ignored_lines = 0;
            switch (m_scan.advance(seen, true, ignored_lines)) {
            case ValueScanner::Stop::Closed:
                return Shape::Lines;
            case ValueScanner::Stop::Newline: {
                // Pretty-printed JSON breaks lines between tokens; a newline inside a string
                // means a broken one-line record, which line framing keeps to one line.
                if (m_scan.in_string()) return Shape::Lines;
                // A next line that starts a new object or array at column 0 means NDJSON
                // whose first record is cut short, not a pretty-printed document (whose
                // inner lines are indented or start with '"' or a closing bracket).
                const std::size_t next = m_scan.pos() + 1;
                if (next >= text.size()) return finished ? Shape::Lines : Shape::Undecided;
                return text[next] == '{' || text[next] == '[' ? Shape::Lines : Shape::Document;
            }
            case ValueScanner::Stop::End:
                if (finished || capped) return Shape::Lines;
                return Shape::Undecided;
            }
            break;
        }
        }
    }
}

} // namespace trailproof::ingest
