#include "ingest/shape_detector.h"

namespace trailproof::ingest {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

} // namespace

void ShapeDetector::reset() noexcept {
    m_step = Step::Bom;
    m_start = 0;
    m_pos = 0;
}

Shape ShapeDetector::detect(std::string_view text, bool finished, std::size_t limit) noexcept {
    std::uint64_t ignored_lines = 0;
    for (;;) {
        switch (m_step) {
        case Step::Bom:
            if (text.size() < k_bom.size() && !finished && k_bom.starts_with(text)) return Shape::Undecided;
            m_start = text.starts_with(k_bom) ? k_bom.size() : 0;
            m_pos = m_start;
            m_step = Step::Space;
            break;
        case Step::Space:
            m_pos = skip_space(text, m_pos, ignored_lines);
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
            std::size_t next = skip_space(text, m_pos + 1, ignored_lines);
            if (next == text.size()) return finished ? Shape::Document : Shape::Undecided;
            return can_follow_bracket(text[next]) ? Shape::Document : Shape::Lines;
        }
        case Step::ObjectStart: {
            std::size_t next = skip_space(text, m_pos + 1, ignored_lines);
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
        case Step::Scan:
            switch (m_scan.advance(text, true, ignored_lines)) {
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
                if (finished || text.size() - m_start > limit) return Shape::Lines;
                return Shape::Undecided;
            }
            break;
        }
    }
}

} // namespace trailproof::ingest
