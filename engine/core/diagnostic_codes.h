#pragma once
// Every diagnostic code, with its short message and longer description, in one
// table (falco falco_load_result.h). Codes are stable: never reuse or rename one.
// Add new codes to the section of their stage.

#include <string_view>

namespace trailproof {

struct DiagnosticCode {
    std::string_view id;
    std::string_view summary;
    std::string_view description;
};

inline constexpr DiagnosticCode k_diagnostic_codes[] = {
    // load: reading files and YAML
    {"load.unreadable", "file cannot be read", "A content file could not be opened or read."},
    {"load.yaml_parse", "YAML syntax error", "The file is not valid YAML."},
    {"load.duplicate_key", "duplicate YAML key", "A mapping has the same key twice."},
    {"load.missing_key", "missing required key", "A required key is absent."},
    {"load.wrong_type", "wrong type", "A key's value has the wrong YAML type."},
    {"load.unknown_key", "unknown key", "A key that no schema defines; ignored (warning)."},
    {"load.duplicate_id", "duplicate id", "Two items of one pack share an id."},
    // parse: parser definitions
    {"parser.unknown_format", "unknown parser format", "format must be json or cef."},
    {"parser.bad_condition", "bad parser condition", "A parser condition is malformed."},
    {"parser.bad_field", "bad field extraction", "A field extraction is malformed."},
    {"parser.bad_time_format", "bad time format", "time.format is neither a named format (iso8601, epoch_ms, epoch_s, cef, auto) nor a valid pattern."},
    {"parser.unreachable_activity_type", "activity type is never assigned", "An activity type follows the default one (no `when`), so it can never match (warning)."},
    {"parser.too_many_parsers", "too many parsers", "A load may hold at most 65536 parsers (Event::parser is a 16-bit index)."},
    // rule: Sigma rules
    {"rule.unknown_modifier", "unknown modifier", "A field modifier no Sigma version defines."},
    {"rule.bad_modifier_combination", "incompatible modifiers", "Modifiers that cannot be combined."},
    {"rule.bad_value", "bad value", "A detection value of the wrong type or shape."},
    {"rule.bad_regex", "invalid regular expression", "RE2 rejected the pattern."},
    {"rule.bad_cidr", "invalid CIDR", "The value is not an IPv4/IPv6 network."},
    {"rule.condition_syntax", "condition syntax error", "The condition does not parse."},
    {"rule.undefined_identifier", "undefined detection identifier", "The condition names a detection that is not defined."},
    {"rule.empty_pattern", "pattern matches no identifier", "An 'x of pattern' matches no detection identifier."},
    {"rule.deprecated_aggregation", "pipe aggregation is deprecated", "v1 '| count() by' conditions are replaced by correlation rules."},
    {"rule.unindexed", "rule is not indexed by eventName", "The rule is checked against every event."},
    {"rule.quantifier_extension", "numeric quantifier is an extension", "'N of' with N > 1 is not standard Sigma."},
};

} // namespace trailproof
