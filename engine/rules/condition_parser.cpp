#include "core/diagnostic_codes.h"
#include "rules/condition_parser.h"
#include "core/ascii.h"

#include <charconv>

namespace trailproof::rules {

bool same_condition(const ConditionExpr& a, const ConditionExpr& b) noexcept {
    if (a.kind != b.kind || a.name != b.name || a.children.size() != b.children.size()) return false;
    if (a.kind == ConditionExpr::Kind::Selector && (a.quantifier != b.quantifier || a.count != b.count)) return false;
    for (std::size_t i = 0; i < a.children.size(); ++i)
        if (!same_condition(a.children[i], b.children[i])) return false;
    return true;
}

namespace {

struct Token {
    enum class Kind : std::uint8_t { Word, Open, Close, End };
    Kind kind = Kind::End;
    std::string_view text;
    std::size_t offset = 0;
};

bool is_condition_word_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '*';
}

bool is_number(std::string_view s) noexcept {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

struct SyntaxError {
    ConditionProblem problem;
};

class Parser {
public:
    Parser(std::string_view text, std::size_t max_depth) : m_text(text), m_max_depth(max_depth) {}

    ConditionParse run() {
        ConditionParse out;
        try {
            tokenize();
            if (m_tokens.front().kind == Token::Kind::End) fail(0, "the condition is empty");
            ConditionExpr e = parse_or();
            if (peek().kind != Token::Kind::End) unexpected(peek());
            out.expr = std::move(e);
        } catch (const SyntaxError& e) {
            out.error = e.problem;
        }
        out.warnings = std::move(m_warnings);
        return out;
    }

private:
    [[noreturn]] void fail(std::size_t offset, std::string message, std::string_view code = codes::rule_condition_syntax) {
        throw SyntaxError{{offset, std::string(code), std::move(message)}};
    }

    void tokenize() {
        std::size_t i = 0;
        while (i < m_text.size()) {
            const char c = m_text[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i;
            } else if (c == '(' || c == ')') {
                m_tokens.push_back({c == '(' ? Token::Kind::Open : Token::Kind::Close, m_text.substr(i, 1), i});
                ++i;
            } else if (c == '|') {
                fail(i,
                     "the pipe syntax in conditions ('| count() by ...') is deprecated; write a correlation rule "
                     "(correlation: type: event_count) instead",
                     codes::rule_deprecated_aggregation);
            } else if (is_condition_word_char(c)) {
                std::size_t j = i;
                while (j < m_text.size() && is_condition_word_char(m_text[j])) ++j;
                m_tokens.push_back({Token::Kind::Word, m_text.substr(i, j - i), i});
                i = j;
            } else {
                fail(i, "unexpected character '" + std::string(1, c) + "'");
            }
        }
        m_tokens.push_back({Token::Kind::End, {}, m_text.size()});
    }

    const Token& peek(std::size_t ahead = 0) const {
        const std::size_t i = std::min(m_pos + ahead, m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token& take() {
        const Token& t = peek();
        if (m_pos < m_tokens.size() - 1) ++m_pos;
        return t;
    }
    bool at_word(std::string_view w, std::size_t ahead = 0) const {
        const Token& t = peek(ahead);
        return t.kind == Token::Kind::Word && t.text == w;
    }

    [[noreturn]] void unexpected(const Token& t) {
        if (t.kind == Token::Kind::End) fail(t.offset, "unexpected end of condition");
        if (t.kind == Token::Kind::Close) fail(t.offset, "unexpected ')'");
        if (t.text == "AND" || t.text == "OR" || t.text == "NOT" || t.text == "And" || t.text == "Or" ||
            t.text == "Not")
            fail(t.offset,
                 "operators are lowercase: write '" + ascii_lowered(t.text) + "', not '" + std::string(t.text) + "'");
        fail(t.offset, "expected 'and', 'or' or ')' before '" + std::string(t.text) + "'");
    }

    ConditionExpr parse_or() { return parse_chain("or", ConditionExpr::Kind::Or, &Parser::parse_and); }
    ConditionExpr parse_and() { return parse_chain("and", ConditionExpr::Kind::And, &Parser::parse_not); }

    // One precedence level: operands (parsed by `operand`) joined by `word`, as one
    // n-ary node of `kind`; a single operand is returned as it is.
    ConditionExpr parse_chain(std::string_view word, ConditionExpr::Kind kind, ConditionExpr (Parser::*operand)()) {
        ConditionExpr first = (this->*operand)();
        if (!at_word(word)) return first;
        ConditionExpr node;
        node.kind = kind;
        node.offset = first.offset;
        node.children.push_back(std::move(first));
        while (at_word(word)) {
            take();
            node.children.push_back((this->*operand)());
        }
        return node;
    }

    ConditionExpr parse_not() {
        // Deep nesting would only exhaust the stack; no real condition comes close.
        if (++m_depth > m_max_depth) fail(peek().offset, "the condition is nested too deeply");
        struct Leave {
            std::size_t& depth;
            ~Leave() { --depth; }
        } leave{m_depth};
        if (at_word("not")) {
            const Token& t = take();
            ConditionExpr node;
            node.kind = ConditionExpr::Kind::Not;
            node.offset = t.offset;
            node.children.push_back(parse_not());
            return node;
        }
        return parse_primary();
    }

    ConditionExpr parse_primary() {
        const Token& t = peek();
        if (t.kind == Token::Kind::Open) {
            take();
            ConditionExpr inner = parse_or();
            if (peek().kind != Token::Kind::Close) {
                if (peek().kind == Token::Kind::End) fail(t.offset, "'(' is never closed");
                unexpected(peek());
            }
            take();
            return inner;
        }
        if (t.kind != Token::Kind::Word) {
            if (t.kind == Token::Kind::End)
                fail(t.offset, "expected a detection identifier at the end of the condition");
            fail(t.offset, "expected a detection identifier before ')'");
        }
        if (at_word("of", 1)) return parse_selector();
        if (t.text == "and" || t.text == "or" || t.text == "of")
            fail(t.offset, "expected a detection identifier before '" + std::string(t.text) + "'");
        if (t.text == "them") fail(t.offset, "'them' needs a quantifier: '1 of them' or 'all of them'");
        if (t.text == "AND" || t.text == "OR" || t.text == "NOT")
            fail(t.offset,
                 "operators are lowercase: write '" + ascii_lowered(t.text) + "', not '" + std::string(t.text) + "'");
        if (t.text.find('*') != std::string_view::npos)
            fail(t.offset, "'" + std::string(t.text) + "' has a wildcard; write '1 of " + std::string(t.text) +
                               "' or 'all of " + std::string(t.text) + "'");
        take();
        ConditionExpr node;
        node.kind = ConditionExpr::Kind::Identifier;
        node.name = std::string(t.text);
        node.offset = t.offset;
        return node;
    }

    ConditionExpr parse_selector() {
        const Token& q = take();
        take(); // of
        ConditionExpr node;
        node.kind = ConditionExpr::Kind::Selector;
        node.offset = q.offset;
        if (q.text == "all") {
            node.quantifier = ConditionExpr::Quantifier::All;
        } else if (q.text == "any" || q.text == "1") {
            node.quantifier = ConditionExpr::Quantifier::Any;
        } else if (is_number(q.text)) {
            unsigned n = 0;
            auto [p, ec] = std::from_chars(q.text.data(), q.text.data() + q.text.size(), n);
            if (ec != std::errc() || n == 0) fail(q.offset, "invalid quantifier '" + std::string(q.text) + "'");
            // "01 of" is "1 of": the same tree, so printing and parsing again round-trips (fuzz_condition).
            if (n == 1) {
                node.quantifier = ConditionExpr::Quantifier::Any;
            } else {
                node.quantifier = ConditionExpr::Quantifier::Count;
                node.count = n;
                m_warnings.push_back(
                    {q.offset, std::string(codes::rule_quantifier_extension),
                     "'" + std::string(q.text) + " of' is an extension (Sigma defines '1 of', 'any of' and 'all of')"});
            }
        } else {
            fail(q.offset, "invalid quantifier '" + std::string(q.text) + "'; use 1, any or all");
        }
        const Token& p = peek();
        if (p.kind != Token::Kind::Word || p.text == "and" || p.text == "or" || p.text == "not" || p.text == "of")
            fail(p.offset, "expected an identifier pattern or 'them' after 'of'");
        take();
        node.name = std::string(p.text);
        return node;
    }

    std::string_view m_text;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    std::vector<ConditionProblem> m_warnings;
    std::size_t m_max_depth;
    std::size_t m_depth = 0;
};

int precedence(const ConditionExpr& e) noexcept {
    switch (e.kind) {
    case ConditionExpr::Kind::Or: return 1;
    case ConditionExpr::Kind::And: return 2;
    case ConditionExpr::Kind::Not: return 3;
    default: return 4;
    }
}

void print(const ConditionExpr& e, std::string& out) {
    auto child = [&](const ConditionExpr& c, bool parens) {
        if (parens) out += '(';
        print(c, out);
        if (parens) out += ')';
    };
    switch (e.kind) {
    case ConditionExpr::Kind::Identifier: out += e.name; break;
    case ConditionExpr::Kind::Selector:
        out += e.quantifier == ConditionExpr::Quantifier::All   ? "all"
               : e.quantifier == ConditionExpr::Quantifier::Any ? "1"
                                                                : std::to_string(e.count);
        out += " of ";
        out += e.name;
        break;
    case ConditionExpr::Kind::Not:
        out += "not ";
        child(e.children.front(), precedence(e.children.front()) < precedence(e));
        break;
    case ConditionExpr::Kind::And:
    case ConditionExpr::Kind::Or:
        for (std::size_t i = 0; i < e.children.size(); ++i) {
            if (i) out += e.kind == ConditionExpr::Kind::And ? " and " : " or ";
            // Same-operator children need parentheses too, or they would flatten on re-parse.
            child(e.children[i], precedence(e.children[i]) <= precedence(e));
        }
        break;
    }
}

} // namespace

ConditionParse parse_condition(std::string_view text, std::size_t max_depth) {
    return Parser(text, max_depth).run();
}

std::string print_condition(const ConditionExpr& expr) {
    std::string out;
    print(expr, out);
    return out;
}

} // namespace trailproof::rules
