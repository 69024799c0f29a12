#pragma once
// One detection value through its modifier chain -> the matchers of its group
// (SIGMA.md §3): expand, contains/startswith/endswith on tokens, cased, windash,
// base64/base64offset/utf16, re (RE2, compiled once and shared), cidr, fieldref,
// numeric comparisons and time parts. Type errors point at the value.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/field_registry.h"
#include "yaml/diagnostic_sink.h"
#include "rules/matcher.h"
#include "rules/modifiers.h"
#include "rules/rule_ast.h"
#include "rules/rule_source.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

// Regexes compiled so far in one compile_rules run, shared by every rule that
// uses the same pattern and flags.
class RegexCache {
public:
    // The compiled regex, or nullptr with `error` set.
    std::shared_ptr<const re2::RE2> get(const std::string& pattern, bool ignore_case, std::string& error);

private:
    std::map<std::string, std::shared_ptr<const re2::RE2>, std::less<>> m_regexes;
};

// "the string 'x'", "the number 5", "the boolean true", "null": for type errors.
[[nodiscard]] std::string describe_value(const DetectionValue& v);

// Interns a field a rule names (fieldref targets) and records it as used.
using FieldResolver = std::function<FieldId(const std::string&)>;

struct ValueState;

class ValueCompiler {
public:
    ValueCompiler(DiagnosticSink& sink, const CompileOptions& options, RegexCache& regexes, FieldResolver field_id)
        : m_sink(sink), m_options(options), m_regexes(regexes), m_field_id(std::move(field_id)) {}

    // Compiles `v` through `transforms` (the item's modifiers minus all/neq) into `out`;
    // `keyword` adds the implied contains of a keyword search. False on error (reported).
    bool compile_value(const DetectionValue& v, const std::vector<Modifier>& transforms, bool keyword, ValueGroup& out);

private:
    bool type_error(Modifier m, const DetectionValue& v, std::string_view expected);
    // |expand: %name% -> each of the placeholder's values (cartesian product); \% is a literal %.
    bool expand_placeholders(const DetectionValue& v, std::vector<std::string>& out);
    bool apply(Modifier m, const DetectionValue& v, ValueState& s);
    bool encode(Modifier m, const DetectionValue& v, ValueState& s);
    bool build(const DetectionValue& v, const ValueState& s, ValueGroup& out);

    DiagnosticSink& m_sink;
    const CompileOptions& m_options;
    RegexCache& m_regexes;
    FieldResolver m_field_id;
};

} // namespace trailproof::rules
