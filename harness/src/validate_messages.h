#pragma once
// Every message `trailproof validate` writes, in one place (falco
// rule_loading_messages.h), so the wording stays consistent and a change shows
// up as a test diff. Codes and their descriptions are in core/diagnostic_codes.h
// (section "validate").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::harness::msg {

inline std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

inline std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

inline std::string did_you_mean(std::string_view suggestion) {
    return suggestion.empty() ? std::string() : "; did you mean " + in_quotes(suggestion) + "?";
}

// --- reference tables ---------------------------------------------------------------
inline std::string table_unreadable() { return "cannot read reference table (use --attack DIR / --aws DIR)"; }
inline std::string table_missing_column(std::string_view column) {
    return "reference table has no column " + in_quotes(column);
}

// --- reuse ---------------------------------------------------------------------------
inline std::string reuse_without_pack() { return "'reuse' needs 'pack': the id of the pack whose rules it reuses"; }
inline std::string reuse_pack_not_found(std::string_view pack, std::string_view root) {
    return "reused pack " + in_quotes(pack) + " is not in " + std::string(root) + " (no pack.yml with that id)";
}
inline std::string reuse_item_not_found(std::string_view kind, std::string_view id, std::string_view pack) {
    return "reused " + std::string(kind) + " " + in_quotes(id) + " is not in pack " + in_quotes(pack);
}

// --- ATT&CK ----------------------------------------------------------------------------
inline std::string unknown_technique(std::string_view id, std::string_view version) {
    return "unknown ATT&CK technique " + std::string(id) + " (not in ATT&CK v" + std::string(version) + ")";
}
// `chain` is the revocation chain after `id`; its last element is the replacement.
inline std::string revoked_technique(std::string_view id, std::string_view name, const std::vector<std::string>& chain,
                                     std::string_view replacement_name) {
    std::string out = "ATT&CK technique " + std::string(id) + " " + in_quotes(name) + " is revoked by " + chain.front();
    for (std::size_t i = 1; i < chain.size(); ++i) out += ", itself revoked by " + chain[i];
    return out + "; use " + chain.back() + " " + in_quotes(replacement_name);
}
inline std::string revoked_without_replacement(std::string_view id, std::string_view name) {
    return "ATT&CK technique " + std::string(id) + " " + in_quotes(name) + " is revoked and names no replacement";
}
inline std::string deprecated_technique(std::string_view id, std::string_view name) {
    return "ATT&CK technique " + std::string(id) + " " + in_quotes(name) + " is deprecated (no replacement)";
}
inline std::string unknown_tactic(std::string_view tactic, std::string_view version) {
    return "unknown ATT&CK tactic " + in_quotes(tactic) + " (not an ATT&CK v" + std::string(version) +
           " Enterprise tactic)";
}
// `fits` lists each technique with its tactics: "T1078 (defense-evasion, persistence)".
inline std::string tactic_mismatch(std::string_view tactic, const std::vector<std::string>& fits) {
    return "tactic " + in_quotes(tactic) + " fits none of the rule's techniques: " + join(fits, "; ");
}
inline std::string wrong_technique_name(std::string_view id, std::string_view printed, std::string_view current,
                                        std::string_view version) {
    return "documented name " + in_quotes(printed) + " of " + std::string(id) + " is wrong: ATT&CK v" +
           std::string(version) + " names it " + in_quotes(current);
}
inline std::string old_technique_name(std::string_view id, std::string_view printed, std::string_view first,
                                      std::string_view last, std::string_view current, std::string_view version) {
    std::string span = first == last ? "v" + std::string(first) : "v" + std::string(first) + " to v" + std::string(last);
    return "documented name " + in_quotes(printed) + " of " + std::string(id) + " was its name in ATT&CK " + span +
           "; ATT&CK v" + std::string(version) + " names it " + in_quotes(current);
}

// --- models and activity types -----------------------------------------------------------
inline std::string dangling_model_ref(std::string_view ref, std::string_view pack, std::string_view suggestion) {
    return "model " + in_quotes(ref) + " is not a model of pack " + in_quotes(pack) + did_you_mean(suggestion);
}
inline std::string duplicate_model(std::string_view id, std::string_view where) {
    return "model id " + in_quotes(id) + " is already defined at " + std::string(where);
}
inline std::string unassigned_activity_type(std::string_view type, std::string_view pack,
                                            const std::vector<std::string>& assigned) {
    return "activity type " + in_quotes(type) + " is assigned by no parser of pack " + in_quotes(pack) + " (assigned: " +
           join(assigned) + ")";
}

// --- relevance ---------------------------------------------------------------------------
// Why one detection item can never match on CloudTrail.
inline std::string field_never_exists(std::string_view field, std::string_view mapped) {
    std::string name = in_quotes(field);
    if (mapped != field) name += " (-> " + in_quotes(mapped) + ")";
    std::string head(mapped.substr(0, mapped.find('.')));
    return "field " + name + " is produced by no parser, field map or enrichment, and " + in_quotes(head) +
           " is not a CloudTrail record key";
}
inline std::string foreign_event_source(std::string_view value, std::string_view field) {
    std::string via = field == "eventSource" ? std::string() : " (" + std::string(field) + ")";
    return "eventSource " + in_quotes(value) + via + " is not an AWS event source";
}
inline std::string unproduced_field(std::string_view field, std::string_view mapped) {
    std::string name = in_quotes(field);
    if (mapped != field) name += " (-> " + in_quotes(mapped) + ")";
    return "field " + name + " is produced by no parser, field map or enrichment, and is no CloudTrail record field";
}
inline std::string never_fires(std::string_view reason, std::size_t more) {
    std::string out = "rule can never fire on CloudTrail: " + std::string(reason);
    if (more) out += " (and " + std::to_string(more) + " more)";
    return out;
}
inline std::string never_fires_unmarked(std::string_view reason, std::size_t more) {
    return never_fires(reason, more) + "; mark it 'cloudtrail_relevance: none' or fix it";
}
inline std::string relevance_unconfirmed(std::string_view reason) {
    std::string out = "rule is marked 'cloudtrail_relevance: none' but no field or value stops it firing on CloudTrail";
    if (!reason.empty()) out += " (reason given: " + std::string(reason) + ")";
    return out;
}
inline std::string model_never_trains(std::string_view reason, bool marked) {
    return "model can never train on CloudTrail: " + std::string(reason) +
           (marked ? std::string() : "; mark it 'cloudtrail_relevance: none' or fix it");
}

// --- AWS names --------------------------------------------------------------------------------
inline std::string unknown_event_source(std::string_view value, std::string_view suggestion) {
    return "unknown eventSource " + in_quotes(value) + did_you_mean(suggestion);
}
inline std::string unknown_event_name(std::string_view value, const std::vector<std::string>& sources,
                                      std::string_view suggestion) {
    std::string out = "unknown eventName " + in_quotes(value);
    if (!sources.empty()) out += " for " + join(sources);
    return out + did_you_mean(suggestion);
}
inline std::string event_name_elsewhere(std::string_view value, const std::vector<std::string>& sources,
                                        const std::vector<std::string>& elsewhere) {
    return "eventName " + in_quotes(value) + " is not an operation of " + join(sources) + " (it is one of " +
           join(elsewhere) + ")";
}

// --- documented inventory ------------------------------------------------------------------
inline std::string documented_shape(std::string_view what) { return "documented: " + std::string(what); }
inline std::string documented_missing(std::string_view kind, std::string_view id) {
    return "documented " + std::string(kind) + " " + in_quotes(id) + " is not in the pack";
}
inline std::string mitre_unused(std::string_view id) {
    return "documented technique " + std::string(id) + " is tagged by no rule of the pack";
}
inline std::string mitre_undocumented(std::string_view id, std::string_view rule) {
    return "technique " + std::string(id) + " (tagged by rule " + in_quotes(rule) + ") is not in the documented MITRE list";
}
inline std::string use_case_lists_other(std::string_view use_case, std::string_view rule) {
    return "use case " + in_quotes(use_case) + " lists rule " + in_quotes(rule) + ", which does not name it in use_cases";
}
inline std::string use_case_misses(std::string_view use_case, std::string_view rule) {
    return "rule " + in_quotes(rule) + " names use case " + in_quotes(use_case) + ", which does not list it";
}
inline std::string documented_missing_waived(std::string_view kind, const std::vector<std::string>& ids) {
    return "documented " + std::string(kind) + " " + join(ids) + (ids.size() == 1 ? " is" : " are") +
           " not in the pack";
}
inline std::string undocumented(std::string_view kind, std::string_view id) {
    return std::string(kind) + " " + in_quotes(id) + " is not in the documented inventory";
}
inline std::string documented_mismatch(std::string_view kind, std::string_view id, std::string_view what,
                                       std::string_view actual, std::string_view documented) {
    return std::string(kind) + " " + in_quotes(id) + " has " + std::string(what) + " " +
           (actual.empty() ? std::string("(none)") : std::string(actual)) + "; documented: " +
           (documented.empty() ? std::string("(none)") : std::string(documented));
}
inline std::string documented_unknown_use_case(std::string_view kind, std::string_view id, std::string_view use_case) {
    return std::string(kind) + " " + in_quotes(id) + " names use case " + in_quotes(use_case) +
           ", which is not a documented use case";
}
inline std::string count_mismatch(std::string_view scope, std::string_view figure, long documented, long derived) {
    return std::string(scope) + std::string(figure) + ": documented " + std::to_string(documented) +
           ", derived from the pack " + std::to_string(derived);
}
inline std::string waived(std::string_view finding, std::string_view reason) {
    return "waived: " + std::string(finding) + " (waiver: " + std::string(reason) + ")";
}
inline std::string stale_waiver(std::string_view scope, std::string_view figure, long waiver_documented,
                                 long waiver_derived, long documented, long derived) {
    return std::string(scope) + "waiver for " + in_quotes(figure) + " says documented " +
           std::to_string(waiver_documented) + ", derived " + std::to_string(waiver_derived) +
           ", but the figures are documented " + std::to_string(documented) + ", derived " + std::to_string(derived);
}
inline std::string needless_waiver(std::string_view scope, std::string_view figure, long value) {
    return std::string(scope) + "waiver for " + in_quotes(figure) + " is not needed: documented and derived are both " +
           std::to_string(value);
}
inline std::string unable_not_listed(std::string_view id) {
    return "rule " + in_quotes(id) + " cannot fire on CloudTrail but is not in documented 'unable_to_fire_rules'";
}
inline std::string listed_but_able(std::string_view id) {
    return "rule " + in_quotes(id) + " is in documented 'unable_to_fire_rules' but is neither found unable to fire "
           "nor marked 'cloudtrail_relevance: none'";
}

} // namespace trailproof::harness::msg
