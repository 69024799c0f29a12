#pragma once
// The parsed rule as plain data with source positions, no behaviour (rsigma
// ast.rs: FieldSpec{name, modifiers}, Detection::AllOf/AnyOf/Keywords). The
// reader fills it from YAML; the compiler turns it into matchers.

#include <cstdint>
#include <string>
#include <vector>

#include "rules/correlation_rule.h"
#include "rules/modifiers.h"
#include "rules/rule_meta.h"
#include "yaml/yaml_scalar.h"
#include "yaml/yaml_tree.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

// A detection key "name|mod1|mod2": the field (empty for keywords) and its modifiers.
struct FieldSpec {
    std::string key;  // as written
    std::string name; // field name before |, "" for a keyword search
    std::vector<Modifier> modifiers;
    std::vector<SourcePos> modifier_pos; // parallel to modifiers
    SourcePos pos;                       // the key
    [[nodiscard]] bool keyword() const noexcept { return name.empty(); }
};

// A detection value is a YAML scalar typed as PyYAML 1.1 types it (yaml/yaml_scalar.h).
using DetectionValue = yaml::TypedScalar;

struct DetectionItem {
    FieldSpec field;
    std::vector<DetectionValue> values; // OR-ed unless |all
    bool list = false;                  // written as a YAML sequence
    SourcePos pos;
};

struct Detection {
    enum class Kind : std::uint8_t {
        AllOf,    // a map: every item must match
        AnyOf,    // a list of maps (or mixed): any child must match
        Keywords, // a list of plain values without a field: one item with an empty field
    };
    Kind kind = Kind::AllOf;
    std::vector<DetectionItem> items; // AllOf, Keywords (exactly one item)
    std::vector<Detection> children;  // AnyOf
    SourcePos pos;
};

struct NamedDetection {
    std::string name;
    Detection detection;
    SourcePos pos; // the identifier key
};

struct ConditionSource {
    std::string text;
    SourcePos pos;
    std::vector<SourcePos> char_pos; // file position of each byte of `text`
};

// Where metadata values were written, so a tool that checks them (the validator)
// points at the tag or the value itself, not at the document.
struct MetaPositions {
    std::vector<SourcePos> tags;           // parallel to the tags as read
    std::vector<SourcePos> use_cases;      // parallel to use_cases
    std::vector<SourcePos> activity_types; // parallel to activity_types
    SourcePos cloudtrail_relevance;        // the value; line 0 when absent
    SourcePos model_ref;                   // `model.ref` (rules only)
};

struct RuleAst {
    RuleMeta meta;
    std::vector<NamedDetection> detections;
    std::vector<ConditionSource> conditions; // OR-ed
    SourcePos pos, id_pos, name_pos;
    MetaPositions meta_pos;
    bool has_errors = false;
    // A selection compiled on its own (compile_selections): its diagnostics carry
    // the caller's context chain, without a "detection '...'" step.
    bool bare_selection = false;
};

struct CorrelationAst {
    CorrelationRule rule;
    SourcePos pos, id_pos, name_pos;
    std::vector<SourcePos> rule_pos; // parallel to rule.rules
    MetaPositions meta_pos;
    bool has_errors = false;
};

} // namespace trailproof::rules
