#pragma once
// condition string -> expression tree (pySigma sigma/conditions.py grammar,
// rsigma ConditionExpr). Precedence, loosest to tightest:
//   or < and < not < "x of" < ( ... )
// and/or are left-associative and kept n-ary; operators are lowercase only.
// print_condition writes a tree back so that parse(print(e)) == e.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::rules {

struct ConditionExpr {
    enum class Kind : std::uint8_t {
        Identifier, // a detection name
        Selector,   // "<quantifier> of <pattern>"; pattern "them" = every identifier not starting with '_'
        And,
        Or,
        Not,
    };
    enum class Quantifier : std::uint8_t { Any, All, Count }; // "1 of"/"any of", "all of", "N of" (N > 1)

    Kind kind = Kind::Identifier;
    std::string name; // Identifier: the name; Selector: the pattern ("them" or a glob with '*')
    Quantifier quantifier = Quantifier::Any;
    unsigned count = 1; // Count: N
    std::vector<ConditionExpr> children;
    std::size_t offset = 0; // byte offset of the node's first token in the condition text

    [[nodiscard]] bool is_them() const noexcept { return kind == Kind::Selector && name == "them"; }
};

// Same tree, ignoring offsets.
[[nodiscard]] bool same_condition(const ConditionExpr& a, const ConditionExpr& b) noexcept;

struct ConditionProblem {
    std::size_t offset = 0; // byte offset in the condition text
    std::string code;       // rule.condition_syntax, rule.deprecated_aggregation, rule.quantifier_extension
    std::string message;
};

struct ConditionParse {
    std::optional<ConditionExpr> expr;     // set when there is no error
    std::optional<ConditionProblem> error; // the first syntax error
    std::vector<ConditionProblem> warnings;
};

// Conditions nest at most this deep by default (parentheses and `not`;
// `--max-condition-depth`): deeper would only exhaust the stack.
inline constexpr std::size_t k_condition_max_depth = 256;

[[nodiscard]] ConditionParse parse_condition(std::string_view text, std::size_t max_depth = k_condition_max_depth);

// Canonical text with the fewest parentheses that keep the tree: "a and (b or c)".
[[nodiscard]] std::string print_condition(const ConditionExpr& expr);

} // namespace trailproof::rules
