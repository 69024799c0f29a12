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
    // pack: pack.yml
    {"pack.field_map_option_ignored", "field_map option not applied", "Only 'path' of a field_map entry is applied so far."},
    {"pack.not_applied", "pack key not applied", "A pack.yml key this version reads but does not apply yet."},
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
    {"rule.bad_identifier", "bad detection identifier", "Detection identifiers use letters, digits, '_' and '-' only."},
    {"rule.keywords_slow", "keyword search is slow", "Keywords scan the raw record of every event (warning)."},
    {"rule.all_without_contains", "'all' without 'contains'", "f|all: [a, b] needs one value to equal every listed value at once (warning)."},
    {"rule.duplicate_modifier", "repeated modifier", "The same modifier appears twice in one key (warning)."},
    {"rule.unresolved_placeholder", "unresolved placeholder", "An |expand placeholder has no values; the rule is rejected."},
    {"rule.bad_metadata", "bad rule metadata", "A metadata key breaks a Sigma limit (title length, related entries...)."},
    {"rule.bad_id", "id is not a UUID", "Plain Sigma packs need UUID rule ids."},
    {"rule.bad_status", "unknown status", "status must be stable, test, experimental, deprecated or unsupported."},
    {"rule.bad_level", "unknown level", "level must be informational, low, medium, high or critical."},
    {"rule.bad_tag", "malformed tag", "Tags look like namespace.name in lowercase."},
    {"rule.v1_tactic", "v1 tactic tag", "attack.<tactic> with underscores is the v1 spelling (warning)."},
    {"rule.legacy_date", "v1 date format", "YYYY/MM/DD dates are v1; Sigma v2 writes YYYY-MM-DD (warning)."},
    {"rule.bad_date", "malformed date", "date and modified must be YYYY-MM-DD."},
    {"rule.bad_logsource", "empty logsource", "logsource needs at least one of category, product or service."},
    {"rule.legacy_action", "legacy rule collection", "action: global/reset/repeat (v1 collections) are not supported."},
    {"rule.filter_unsupported", "filters not supported", "Sigma filter documents are not supported yet."},
    {"rule.deprecated_timeframe", "detection.timeframe is ignored", "v1 timeframe belongs in a correlation's timespan (warning)."},
    {"rule.duplicate_name", "duplicate rule name", "Two rules or correlations share a name."},
    {"rule.bad_model", "bad model reference", "model: needs ref and trigger first_time, abnormal or nth_new."},
    {"rule.bad_correlation", "bad correlation", "A correlation's type or condition is malformed."},
    {"rule.bad_timespan", "bad timespan", "timespan is a positive integer and a unit s, m, h, d, w, M or y."},
    {"rule.unknown_rule_reference", "unknown rule reference", "A correlation names a rule that is missing or has errors."},
    {"rule.correlation_cycle", "correlation cycle", "Correlations reference each other in a loop."},
    // context: context tables (users, zones, IP/domain/keyword lists)
    {"context.unreadable", "context table cannot be read", "A context folder or table file could not be opened or read."},
    {"context.unknown_file", "not a context table", "A file in a context folder is not .csv, .yml, .yaml or .txt (warning when found in a folder)."},
    {"context.unknown_table", "unknown table kind", "A CSV header or YAML top-level key names neither a users nor a zones table."},
    {"context.duplicate_table", "duplicate table name", "Two files give a table the same name (file stem), e.g. users.csv and users.yml."},
    {"context.bad_csv", "malformed CSV", "A quoted CSV field is unterminated or followed by text."},
    {"context.missing_column", "missing column", "The header lacks a required column (user; cidr and zone)."},
    {"context.duplicate_column", "duplicate column", "A header names one column twice."},
    {"context.unknown_column", "unknown column", "A header column no table kind defines; ignored (warning)."},
    {"context.field_count", "wrong number of fields", "A row has more or fewer fields than the header."},
    {"context.empty_value", "empty value", "A required value (user, cidr, zone) is empty."},
    {"context.bad_boolean", "bad boolean", "A flag is not true, false, yes, no, 1, 0 or empty."},
    {"context.bad_cidr", "bad CIDR", "An IP list entry or zones network is not an IPv4/IPv6 address or network."},
    {"context.bad_domain", "bad domain", "A domain list entry is not a domain name."},
    {"context.bad_kind", "bad list kind", "A '# kind:' line names neither ip, domain nor keyword."},
    {"context.duplicate_user", "duplicate user", "A user appears twice (case-insensitive) across the users tables."},
    {"context.duplicate_network", "duplicate network", "A network appears twice across the zones tables."},
    {"context.empty_table", "empty list", "A list has no entries; rules using its placeholder are rejected (warning)."},
    // enrich: geo-IP, user agent, context lookups
    {"enrich.geoip_unreadable", "GeoIP database cannot be opened", "The --geoip-country/--geoip-asn file is missing or not a MaxMind DB."},
    {"enrich.no_geoip", "no GeoIP database", "Content uses src_country, src_asn or src_isp but no database is loaded (warning)."},
    {"enrich.no_context", "no context table", "Content uses a user_*, src_zone or src_ip_lists field but the table it needs is not loaded (warning)."},
    {"enrich.too_many_ip_lists", "too many IP lists", "Only the first 64 IP lists fill src_ip_lists (warning)."},
    // model: behavioural models and the rules bound to them
    {"model.bad_scope", "bad model scope", "scope is not user, peer_group, org, host, zone or {fields: [...]}."},
    {"model.scope_mismatch", "scope contradicts the id", "A `B-` or `-O` model id is an organization model, but its scope is not org."},
    {"model.bad_feature", "bad model feature", "feature is empty or names a field twice."},
    {"model.bad_value", "bad model value", "A convergence parameter, ageing_days or max_values is out of range."},
    {"model.unknown_ref", "unknown model", "A rule's model: ref names a model no loaded pack defines."},
    {"model.bad_trigger", "bad model trigger", "A rule's model trigger is not first_time, abnormal or nth_new."},
    {"model.bad_param", "bad model parameter", "A rule's model parameter (threshold, unseen, confidence, n) is out of range, missing or does not apply to its trigger."},
    {"model.bad_facts", "bad facts condition", "A rule's facts: key is unknown or its value is out of range."},
    {"model.bad_session", "bad session condition", "A rule's session: condition is not {distinct: f, gte: N} or {count: N}."},
    // state: the --state file (load/save results; the CLI exits 2 on any of them)
    {"state.missing", "state file does not exist", "The --state file is not there; a first run starts fresh."},
    {"state.unreadable", "state file cannot be read", "The --state file exists but cannot be opened or read."},
    {"state.empty", "state file is empty", "The --state file has zero bytes; it is never treated as an empty state."},
    {"state.not_state", "not a state file", "The file does not start with the TPST header."},
    {"state.wrong_version", "unsupported state version", "The state file was written by a format version this build does not read."},
    {"state.truncated", "state file is truncated", "The file is shorter than its header says."},
    {"state.checksum", "state checksum mismatch", "The payload does not match its CRC-32: the file is damaged."},
    {"state.corrupt", "state file is corrupt", "The checksum matches but the content is malformed."},
    {"state.write_failed", "state file cannot be written", "Saving failed; the previous state file is unchanged."},
    {"state.model_dropped", "saved model state dropped", "A saved model is no longer defined or changed scope/feature; its state is not loaded (warning)."},
};

} // namespace trailproof
