#include "rules/sigma_string.h"

#include "core/ascii.h"

namespace trailproof::rules {

namespace {

bool is_word_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The five dashes windash accepts: - / en dash, em dash, horizontal bar (UTF-8).
const std::vector<std::string>& windash_choices() {
    static const std::vector<std::string> k_choices = {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"};
    return k_choices;
}

void quote_regex_char(std::string& out, char c) {
    // RE2 accepts a backslash before any punctuation; letters/digits/high bytes go raw.
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || is_word_char(c)) {
        out += c;
    } else if (c == '\0') {
        out += "\\x00";
    } else {
        out += '\\';
        out += c;
    }
}

} // namespace

SigmaString SigmaString::parse(std::string_view raw) {
    SigmaString s;
    std::string text;
    auto flush = [&] {
        if (!text.empty()) s.push_text(text);
        text.clear();
    };
    bool escaped = false;
    for (char c : raw) {
        if (escaped) {
            if (c != '*' && c != '?' && c != '\\') text += '\\';
            text += c;
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '*' || c == '?') {
            flush();
            s.push(c == '*' ? SigmaPart::Kind::AnyRun : SigmaPart::Kind::AnyOne);
        } else {
            text += c;
        }
    }
    if (escaped) text += '\\';
    flush();
    return s;
}

SigmaString SigmaString::literal(std::string_view text) {
    SigmaString s;
    if (!text.empty()) s.push_text(text);
    return s;
}

void SigmaString::push_text(std::string_view text) {
    if (!m_parts.empty() && m_parts.back().kind == SigmaPart::Kind::Text) {
        m_parts.back().text += text;
        return;
    }
    SigmaPart p;
    p.text = std::string(text);
    m_parts.push_back(std::move(p));
}

void SigmaString::push(SigmaPart::Kind kind) {
    // '**' is the same as '*'.
    if (kind == SigmaPart::Kind::AnyRun && !m_parts.empty() && m_parts.back().kind == kind) return;
    SigmaPart p;
    p.kind = kind;
    m_parts.push_back(std::move(p));
}

bool SigmaString::has_wildcards() const noexcept {
    for (const auto& p : m_parts)
        if (p.kind == SigmaPart::Kind::AnyRun || p.kind == SigmaPart::Kind::AnyOne) return true;
    return false;
}

bool SigmaString::has_choices() const noexcept {
    for (const auto& p : m_parts)
        if (p.kind == SigmaPart::Kind::OneOf) return true;
    return false;
}

std::string SigmaString::plain_text() const {
    std::string out;
    for (const auto& p : m_parts)
        if (p.kind == SigmaPart::Kind::Text) out += p.text;
    return out;
}

void SigmaString::add_leading_wildcard() {
    if (!m_parts.empty() && m_parts.front().kind == SigmaPart::Kind::AnyRun) return;
    SigmaPart p;
    p.kind = SigmaPart::Kind::AnyRun;
    m_parts.insert(m_parts.begin(), std::move(p));
}

void SigmaString::add_trailing_wildcard() {
    if (!m_parts.empty() && m_parts.back().kind == SigmaPart::Kind::AnyRun) return;
    push(SigmaPart::Kind::AnyRun);
}

void SigmaString::prepend_text(std::string_view text) {
    if (!m_parts.empty() && m_parts.front().kind == SigmaPart::Kind::Text) {
        m_parts.front().text.insert(0, text);
        return;
    }
    SigmaPart p;
    p.text = std::string(text);
    m_parts.insert(m_parts.begin(), std::move(p));
}

void SigmaString::apply_windash() {
    std::vector<SigmaPart> out;
    for (auto& part : m_parts) {
        if (part.kind != SigmaPart::Kind::Text) {
            out.push_back(std::move(part));
            continue;
        }
        // Each text part is scanned on its own: a part boundary counts as a non-word edge.
        const std::string& t = part.text;
        std::string run;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char c = t[i];
            const bool dash = c == '-' || c == '/';
            const bool after_non_word = i == 0 || !is_word_char(t[i - 1]);
            const bool before_word = i + 1 < t.size() && is_word_char(t[i + 1]);
            if (dash && after_non_word && before_word) {
                if (!run.empty()) {
                    SigmaPart text_part;
                    text_part.text = std::move(run);
                    out.push_back(std::move(text_part));
                    run.clear();
                }
                SigmaPart choice;
                choice.kind = SigmaPart::Kind::OneOf;
                choice.choices = windash_choices();
                out.push_back(std::move(choice));
            } else {
                run += c;
            }
        }
        if (!run.empty()) {
            SigmaPart text_part;
            text_part.text = std::move(run);
            out.push_back(std::move(text_part));
        }
    }
    m_parts = std::move(out);
}

void SigmaString::lower() {
    for (auto& p : m_parts) {
        p.text = ascii_lowered(p.text);
        for (auto& c : p.choices) c = ascii_lowered(c);
    }
}

std::vector<SigmaString> SigmaString::expand_choices(std::size_t limit) const {
    std::vector<SigmaString> out(1);
    for (const auto& p : m_parts) {
        if (p.kind != SigmaPart::Kind::OneOf) {
            for (auto& s : out) {
                if (p.kind == SigmaPart::Kind::Text)
                    s.push_text(p.text);
                else
                    s.push(p.kind);
            }
            continue;
        }
        if (out.size() * p.choices.size() > limit) return {};
        std::vector<SigmaString> next;
        for (const auto& s : out)
            for (const auto& c : p.choices) {
                SigmaString copy = s;
                copy.push_text(c);
                next.push_back(std::move(copy));
            }
        out = std::move(next);
    }
    return out;
}

std::string SigmaString::to_regex() const {
    std::string out = "^";
    for (const auto& p : m_parts) {
        switch (p.kind) {
        case SigmaPart::Kind::Text:
            for (char c : p.text) quote_regex_char(out, c);
            break;
        case SigmaPart::Kind::AnyRun: out += "(?s:.*)"; break;
        case SigmaPart::Kind::AnyOne: out += "(?s:.)"; break;
        case SigmaPart::Kind::OneOf:
            out += "(?:";
            for (std::size_t i = 0; i < p.choices.size(); ++i) {
                if (i) out += '|';
                for (char c : p.choices[i]) quote_regex_char(out, c);
            }
            out += ')';
            break;
        }
    }
    out += '$';
    return out;
}

std::string SigmaString::to_sigma() const {
    std::string out;
    for (const auto& p : m_parts) {
        switch (p.kind) {
        case SigmaPart::Kind::Text:
            for (std::size_t i = 0; i < p.text.size(); ++i) {
                const char c = p.text[i];
                // '\' must be doubled when the next written character would make it an escape.
                if (c == '*' || c == '?') out += '\\';
                if (c == '\\') {
                    const bool last_of_part = i + 1 == p.text.size();
                    const char next = last_of_part ? '\0' : p.text[i + 1];
                    if (next == '*' || next == '?' || next == '\\' || last_of_part) out += '\\';
                }
                out += c;
            }
            break;
        case SigmaPart::Kind::AnyRun: out += '*'; break;
        case SigmaPart::Kind::AnyOne: out += '?'; break;
        case SigmaPart::Kind::OneOf: out += p.choices.empty() ? std::string() : p.choices.front(); break;
        }
    }
    return out;
}

} // namespace trailproof::rules
