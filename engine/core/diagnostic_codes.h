#pragma once
// Every diagnostic code, with its short message and longer description, in one
// table (falco falco_load_result.h). Codes are stable: never reuse or rename one.
// Add new codes to the section of their stage.
//
// The table is the only place a code is spelled: code sites name it through
// `codes::<stage>_<name>` (codes::load_unreadable == "load.unreadable"), both
// generated from the one list below, so a code cannot be used without being
// described, nor misspelled.

#include <string_view>

namespace trailproof {

struct DiagnosticCode {
    std::string_view id;
    std::string_view summary;
    std::string_view description;
};

// clang-format off
#define TP_DIAGNOSTIC_CODES(X) \
    /* load: reading files and YAML */ \
    X(load_unreadable, "load.unreadable", "file cannot be read", "A content file could not be opened or read.") \
    X(load_yaml_parse, "load.yaml_parse", "YAML syntax error", "The file is not valid YAML.") \
    X(load_duplicate_key, "load.duplicate_key", "duplicate YAML key", "A mapping has the same key twice.") \
    X(load_missing_key, "load.missing_key", "missing required key", "A required key is absent.") \
    X(load_wrong_type, "load.wrong_type", "wrong type", "A key's value has the wrong YAML type.") \
    X(load_unknown_key, "load.unknown_key", "unknown key", "A key that no schema defines; ignored (warning).") \
    X(load_duplicate_id, "load.duplicate_id", "duplicate id", "Two items of one pack share an id.") \
    /* pack: pack.yml */ \
    X(pack_field_map_option_ignored, "pack.field_map_option_ignored", "field_map option not applied", "Only 'path' of a field_map entry is applied so far.") \
    X(pack_not_applied, "pack.not_applied", "pack key not applied", "A pack.yml key this version reads but does not apply yet.") \
    X(pack_reuse_unknown_pack, "pack.reuse_unknown_pack", "reused pack not loaded", "A pack reuses content from a pack that is not loaded.") \
    X(pack_reuse_unknown_model, "pack.reuse_unknown_model", "reused model not found", "A pack reuses a model id the other pack does not define.") \
    X(pack_reuse_unknown_rule, "pack.reuse_unknown_rule", "reused rule not found", "A pack reuses a rule id the other pack does not define.") \
    X(pack_bad_alerting, "pack.bad_alerting", "unknown alerting style", "alerting (in pack.yml or on a rule) must be risk-based or standalone.") \
    /* parse: parser definitions */ \
    X(parser_unknown_format, "parser.unknown_format", "unknown parser format", "format must be json or cef.") \
    X(parser_bad_condition, "parser.bad_condition", "bad parser condition", "A parser condition is malformed.") \
    X(parser_bad_field, "parser.bad_field", "bad field extraction", "A field extraction is malformed.") \
    X(parser_bad_time_format, "parser.bad_time_format", "bad time format", "time.format is neither a named format (iso8601, epoch_ms, epoch_s, cef, auto) nor a valid pattern.") \
    X(parser_unreachable_activity_type, "parser.unreachable_activity_type", "activity type is never assigned", "An activity type follows the default one (no `when`), so it can never match (warning).") \
    X(parser_too_many_parsers, "parser.too_many_parsers", "too many parsers", "A load may hold at most 65536 parsers (Event::parser is a 16-bit index).") \
    /* rule: Sigma rules */ \
    X(rule_unknown_modifier, "rule.unknown_modifier", "unknown modifier", "A field modifier no Sigma version defines.") \
    X(rule_bad_modifier_combination, "rule.bad_modifier_combination", "incompatible modifiers", "Modifiers that cannot be combined.") \
    X(rule_bad_value, "rule.bad_value", "bad value", "A detection value of the wrong type or shape.") \
    X(rule_bad_regex, "rule.bad_regex", "invalid regular expression", "RE2 rejected the pattern.") \
    X(rule_bad_cidr, "rule.bad_cidr", "invalid CIDR", "The value is not an IPv4/IPv6 network.") \
    X(rule_condition_syntax, "rule.condition_syntax", "condition syntax error", "The condition does not parse.") \
    X(rule_undefined_identifier, "rule.undefined_identifier", "undefined detection identifier", "The condition names a detection that is not defined.") \
    X(rule_empty_pattern, "rule.empty_pattern", "pattern matches no identifier", "An 'x of pattern' matches no detection identifier.") \
    X(rule_deprecated_aggregation, "rule.deprecated_aggregation", "pipe aggregation is deprecated", "v1 '| count() by' conditions are replaced by correlation rules.") \
    X(rule_unindexed, "rule.unindexed", "rule is not indexed by eventName", "The rule is checked against every event.") \
    X(rule_quantifier_extension, "rule.quantifier_extension", "numeric quantifier is an extension", "'N of' with N > 1 is not standard Sigma.") \
    X(rule_bad_identifier, "rule.bad_identifier", "bad detection identifier", "Detection identifiers use letters, digits, '_' and '-' only.") \
    X(rule_keywords_slow, "rule.keywords_slow", "keyword search is slow", "Keywords scan the raw record of every event (warning).") \
    X(rule_all_without_contains, "rule.all_without_contains", "'all' without 'contains'", "f|all: [a, b] needs one value to equal every listed value at once (warning).") \
    X(rule_duplicate_modifier, "rule.duplicate_modifier", "repeated modifier", "The same modifier appears twice in one key (warning).") \
    X(rule_unresolved_placeholder, "rule.unresolved_placeholder", "unresolved placeholder", "An |expand placeholder has no values; the rule is rejected.") \
    X(rule_bad_metadata, "rule.bad_metadata", "bad rule metadata", "A metadata key breaks a Sigma limit (title length, related entries...).") \
    X(rule_bad_id, "rule.bad_id", "id is not a UUID", "Plain Sigma packs need UUID rule ids.") \
    X(rule_bad_status, "rule.bad_status", "unknown status", "status must be stable, test, experimental, deprecated or unsupported.") \
    X(rule_bad_level, "rule.bad_level", "unknown level", "level must be informational, low, medium, high or critical.") \
    X(rule_bad_tag, "rule.bad_tag", "malformed tag", "Tags look like namespace.name in lowercase.") \
    X(rule_v1_tactic, "rule.v1_tactic", "v1 tactic tag", "attack.<tactic> with underscores is the v1 spelling (warning).") \
    X(rule_legacy_date, "rule.legacy_date", "v1 date format", "YYYY/MM/DD dates are v1; Sigma v2 writes YYYY-MM-DD (warning).") \
    X(rule_bad_date, "rule.bad_date", "malformed date", "date and modified must be YYYY-MM-DD.") \
    X(rule_bad_logsource, "rule.bad_logsource", "empty logsource", "logsource needs at least one of category, product or service.") \
    X(rule_legacy_action, "rule.legacy_action", "legacy rule collection", "action: global/reset/repeat (v1 collections) are not supported.") \
    X(rule_filter_unsupported, "rule.filter_unsupported", "filters not supported", "Sigma filter documents are not supported yet.") \
    X(rule_deprecated_timeframe, "rule.deprecated_timeframe", "detection.timeframe is ignored", "v1 timeframe belongs in a correlation's timespan (warning).") \
    X(rule_duplicate_name, "rule.duplicate_name", "duplicate rule name", "Two rules or correlations share a name.") \
    X(rule_bad_model, "rule.bad_model", "bad model reference", "model: needs ref and trigger first_time, abnormal or nth_new.") \
    X(rule_bad_correlation, "rule.bad_correlation", "bad correlation", "A correlation's type or condition is malformed.") \
    X(rule_bad_timespan, "rule.bad_timespan", "bad timespan", "timespan is a positive integer and a unit s, m, h, d, w, M or y.") \
    X(rule_unknown_rule_reference, "rule.unknown_rule_reference", "unknown rule reference", "A correlation names a rule that is missing or has errors.") \
    X(rule_correlation_cycle, "rule.correlation_cycle", "correlation cycle", "Correlations reference each other in a loop.") \
    /* context: context tables (users, zones, IP/domain/keyword lists) */ \
    X(context_unreadable, "context.unreadable", "context table cannot be read", "A context folder or table file could not be opened or read.") \
    X(context_unknown_file, "context.unknown_file", "not a context table", "A file in a context folder is not .csv, .yml, .yaml or .txt (warning when found in a folder).") \
    X(context_unknown_table, "context.unknown_table", "unknown table kind", "A CSV header or YAML top-level key names neither a users nor a zones table.") \
    X(context_duplicate_table, "context.duplicate_table", "duplicate table name", "Two files give a table the same name (file stem), e.g. users.csv and users.yml.") \
    X(context_bad_csv, "context.bad_csv", "malformed CSV", "A quoted CSV field is unterminated or followed by text.") \
    X(context_missing_column, "context.missing_column", "missing column", "The header lacks a required column (user; cidr and zone).") \
    X(context_duplicate_column, "context.duplicate_column", "duplicate column", "A header names one column twice.") \
    X(context_unknown_column, "context.unknown_column", "unknown column", "A header column no table kind defines; ignored (warning).") \
    X(context_field_count, "context.field_count", "wrong number of fields", "A row has more or fewer fields than the header.") \
    X(context_empty_value, "context.empty_value", "empty value", "A required value (user, cidr, zone) is empty.") \
    X(context_bad_boolean, "context.bad_boolean", "bad boolean", "A flag is not true, false, yes, no, 1, 0 or empty.") \
    X(context_bad_cidr, "context.bad_cidr", "bad CIDR", "An IP list entry or zones network is not an IPv4/IPv6 address or network.") \
    X(context_bad_domain, "context.bad_domain", "bad domain", "A domain list entry is not a domain name.") \
    X(context_bad_kind, "context.bad_kind", "bad list kind", "A '# kind:' line names neither ip, domain nor keyword.") \
    X(context_duplicate_user, "context.duplicate_user", "duplicate user", "A user appears twice (case-insensitive) across the users tables.") \
    X(context_duplicate_network, "context.duplicate_network", "duplicate network", "A network appears twice across the zones tables.") \
    X(context_empty_table, "context.empty_table", "empty list", "A list has no entries; rules using its placeholder are rejected (warning).") \
    /* enrich: geo-IP, user agent, context lookups */ \
    X(enrich_geoip_unreadable, "enrich.geoip_unreadable", "GeoIP database cannot be opened", "The --geoip-country/--geoip-asn file is missing or not a MaxMind DB.") \
    X(enrich_no_geoip, "enrich.no_geoip", "no GeoIP database", "Content uses src_country, src_asn or src_isp but no database is loaded (warning).") \
    X(enrich_no_context, "enrich.no_context", "no context table", "Content uses a user_*, src_zone or src_ip_lists field but the table it needs is not loaded (warning).") \
    X(enrich_too_many_ip_lists, "enrich.too_many_ip_lists", "too many IP lists", "Only the first 64 IP lists fill src_ip_lists (warning).") \
    /* model: behavioural models and the rules bound to them */ \
    X(model_bad_scope, "model.bad_scope", "bad model scope", "scope is not user, peer_group, org, host, zone or {fields: [...]}.") \
    X(model_scope_mismatch, "model.scope_mismatch", "scope contradicts the id", "A `B-` or `-O` model id is an organization model, but its scope is not org.") \
    X(model_bad_feature, "model.bad_feature", "bad model feature", "feature is empty or names a field twice.") \
    X(model_bad_value, "model.bad_value", "bad model value", "A convergence parameter, ageing_days or max_values is out of range.") \
    X(model_unknown_ref, "model.unknown_ref", "unknown model", "A rule's model: ref names a model no loaded pack defines.") \
    X(model_bad_trigger, "model.bad_trigger", "bad model trigger", "A rule's model trigger is not first_time, abnormal or nth_new.") \
    X(model_bad_param, "model.bad_param", "bad model parameter", "A rule's model parameter (threshold, unseen, confidence, n) is out of range, missing or does not apply to its trigger.") \
    X(model_bad_facts, "model.bad_facts", "bad facts condition", "A rule's facts: key is unknown or its value is out of range.") \
    X(model_bad_session, "model.bad_session", "bad session condition", "A rule's session: condition is not {distinct: f, gte: N} or {count: N}.") \
    /* state: the --state file (load/save results; the CLI exits 2 on any of them) */ \
    X(state_missing, "state.missing", "state file does not exist", "The --state file is not there; a first run starts fresh.") \
    X(state_unreadable, "state.unreadable", "state file cannot be read", "The --state file exists but cannot be opened or read.") \
    X(state_empty, "state.empty", "state file is empty", "The --state file has zero bytes; it is never treated as an empty state.") \
    X(state_not_state, "state.not_state", "not a state file", "The file does not start with the TPST header.") \
    X(state_wrong_version, "state.wrong_version", "unsupported state version", "The state file was written by a format version this build does not read.") \
    X(state_truncated, "state.truncated", "state file is truncated", "The file is shorter than its header says.") \
    X(state_checksum, "state.checksum", "state checksum mismatch", "The payload does not match its CRC-32: the file is damaged.") \
    X(state_corrupt, "state.corrupt", "state file is corrupt", "The checksum matches but the content is malformed.") \
    X(state_write_failed, "state.write_failed", "state file cannot be written", "Saving failed; the previous state file is unchanged.") \
    X(state_model_dropped, "state.model_dropped", "saved model state dropped", "A saved model is no longer defined or changed scope/feature; its state is not loaded (warning).") \
    /* validate: `trailproof validate` (a pack against ATT&CK, AWS names, its parsers and its documentation) */ \
    X(validate_tables_unreadable, "validate.tables_unreadable", "reference table cannot be read", "An ATT&CK or AWS table (content/attack, content/aws, --attack, --aws) is missing or lacks a column; validate exits 2.") \
    X(validate_reuse_unresolved, "validate.reuse_unresolved", "reuse cannot be resolved", "pack.yml reuse: names a pack that is not beside this one, or a rule or model that pack does not have.") \
    X(validate_unknown_technique, "validate.unknown_technique", "unknown ATT&CK technique", "A technique id that the ATT&CK tables do not have.") \
    X(validate_revoked_technique, "validate.revoked_technique", "revoked ATT&CK technique", "The technique is revoked; the message names the replacement at the end of the revocation chain.") \
    X(validate_deprecated_technique, "validate.deprecated_technique", "deprecated ATT&CK technique", "The technique is deprecated and has no replacement.") \
    X(validate_unknown_tactic, "validate.unknown_tactic", "unknown ATT&CK tactic", "attack.<tactic> names no Enterprise tactic of the tables' ATT&CK version.") \
    X(validate_tactic_mismatch, "validate.tactic_mismatch", "tactic does not fit the techniques", "A tactic tag that none of the rule's techniques belongs to (warning).") \
    X(validate_wrong_technique_name, "validate.wrong_technique_name", "wrong technique name", "A documented technique name that ATT&CK never used for that id.") \
    X(validate_old_technique_name, "validate.old_technique_name", "outdated technique name", "A documented technique name from an earlier ATT&CK version; the message names that version and the current name (warning).") \
    X(validate_dangling_model_ref, "validate.dangling_model_ref", "model reference does not resolve", "A rule's model: ref names no model of its pack.") \
    X(validate_unassigned_activity_type, "validate.unassigned_activity_type", "activity type assigned by no parser", "A rule or model filters on an activity type that no parser of the pack (nor the built-in one) assigns, so it never sees an event.") \
    X(validate_never_fires, "validate.never_fires", "rule can never fire on CloudTrail", "Every way to satisfy the rule needs a field CloudTrail never carries or a non-AWS eventSource; the rule is marked cloudtrail_relevance: none (warning).") \
    X(validate_relevance_mismatch, "validate.relevance_mismatch", "unmarked rule can never fire", "The rule can never fire on CloudTrail but is not marked cloudtrail_relevance: none.") \
    X(validate_relevance_unconfirmed, "validate.relevance_unconfirmed", "marked rule could fire", "The rule is marked cloudtrail_relevance: none, but no field or value stops it; it counts as unable to fire as marked (warning).") \
    X(validate_model_never_trains, "validate.model_never_trains", "model can never train on CloudTrail", "A model feature is produced by no parser, field map or enrichment and is no CloudTrail path (warning).") \
    X(validate_unproduced_field, "validate.unproduced_field", "field produced by no parser", "A rule field that no parser of the pack, field map, enrichment or derived field produces and that is no field of the CloudTrail record (its fixed objects member by member, e.g. userIdentity.type); most likely a typo. The message suggests the closest known field (warning).") \
    X(validate_unknown_event_source, "validate.unknown_event_source", "unknown eventSource", "An eventSource literal that CloudTrail does not record (content/aws); the message suggests the closest real one.") \
    X(validate_unknown_event_name, "validate.unknown_event_name", "unknown eventName", "An eventName literal that is no operation of its eventSource (content/aws); the message suggests the closest real one.") \
    X(validate_documented_shape, "validate.documented_shape", "malformed documented block", "pack.yml documented: has a wrong type or misses a key.") \
    X(validate_documented_missing, "validate.documented_missing", "documented item missing", "A documented rule, model or parser is not in the pack.") \
    X(validate_undocumented, "validate.undocumented", "item not documented", "A rule, model or parser of the pack is not in its documented inventory.") \
    X(validate_documented_mismatch, "validate.documented_mismatch", "differs from the documentation", "An item's MITRE ids, tactics, activity types, use cases, title, effort or file differ from its documented entry, or a documented list disagrees with the pack.") \
    X(validate_count_mismatch, "validate.count_mismatch", "documented count differs", "A documented figure differs from the count derived from the pack and no waiver explains it.") \
    X(validate_waived, "validate.waived", "waived finding", "A documented mismatch that a waiver explains; reported with the waiver's reason (warning).") \
    X(validate_stale_waiver, "validate.stale_waiver", "waiver does not fit", "A waiver whose figures are not the pack's (error), or that explains a figure that matches (warning).") \
    /* replay: fixture files (`trailproof replay`, harness/src/scenario.*) */ \
    X(replay_unknown_pack, "replay.unknown_pack", "fixture names a pack that is not loaded", "A fixture file's 'pack:' names no pack of the content replayed; its scenarios would never run. The message suggests the closest loaded pack.") \
    X(replay_unknown_rule, "replay.unknown_rule", "scenario names an unknown rule", "A rule id in covers.rules or expect.alerts that the scenario's pack does not have (nor a correlation of that id); the message suggests the closest id.") \
    X(replay_unknown_model, "replay.unknown_model", "scenario names an unknown model", "A model id in covers.models that the scenario's pack does not have; the message suggests the closest id.") \
    X(replay_unknown_parser, "replay.unknown_parser", "scenario names an unknown parser", "A parser name in covers.parsers or expect.parsed that the scenario's pack cannot use; the message suggests the closest name.") \
    /* correlate: evaluating Sigma correlation rules (engine/correlate) */ \
    X(correlate_unsupported_type, "correlate.unsupported_type", "correlation type not evaluated", "value_sum, value_avg, value_percentile and value_median are read but not evaluated yet; the correlation is left out.") \
    X(correlate_bad_reference, "correlate.bad_reference", "correlation over a correlation that cannot run", "A correlation references a correlation that failed to compile, or has no resolved rules.") \
    X(correlate_duplicate_reference, "correlate.duplicate_reference", "rule listed twice", "Only temporal_ordered may list a rule twice in 'rules'.") \
    X(correlate_bad_alias, "correlate.bad_alias", "bad alias", "An alias names a rule that is not in 'rules', or lacks a field for one of them.") \
    X(correlate_bad_group_by, "correlate.bad_group_by", "field not carried by an inner correlation", "Chaining: a group-by or condition field of the outer correlation must be a group-by field of the inner one, the only values its alerts carry.") \
    X(correlate_never_fires, "correlate.never_fires", "condition can never hold", "A lower bound the aggregate cannot reach: more rules than listed, or more hits than a group holds (warning).")

// clang-format on
inline constexpr DiagnosticCode k_diagnostic_codes[] = {
#define TP_CODE_ROW(name, id, summary, description) {id, summary, description},
    TP_DIAGNOSTIC_CODES(TP_CODE_ROW)
#undef TP_CODE_ROW
};

namespace codes {
#define TP_CODE_NAME(name, id, summary, description) inline constexpr std::string_view name = id;
TP_DIAGNOSTIC_CODES(TP_CODE_NAME)
#undef TP_CODE_NAME
} // namespace codes

} // namespace trailproof
