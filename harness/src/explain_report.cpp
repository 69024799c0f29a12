#include "explain_report.h"

#include <cstdio>

namespace trailproof::harness {

namespace {

std::string list(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
}

std::string share(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", x);
    return buffer;
}

void render_parsers(const pipeline::PackExplanation& p, std::string& out) {
    bool claimed = false;
    for (const auto& c : p.parsers) {
        out += "    " + c.parser + ": ";
        if (c.claimed) {
            out += "claimed it (first parser whose format fits and whose conditions all occur)\n";
            claimed = true;
        } else if (claimed) {
            out += "not tried (an earlier parser claimed it)\n";
        } else if (!c.format_fits) {
            out += "skipped: its format does not fit the record\n";
        } else {
            out += "skipped: condition '" + c.missing_condition + "' does not occur in the record\n";
        }
    }
}

void render_rule(const std::string& pack, const pipeline::RuleExplanation& r, const FieldHint& hint,
                 std::string& out) {
    const rules::RuleTrace& t = r.trace;
    out += "  rule " + r.id + " (" + r.title + "): ";
    if (r.fires) out += "FIRES\n";
    else if (t.matched && r.suppressed) out += "matches, but a correlation speaks for it (no alert of its own)\n";
    else if (t.matched) out += "matches, but its behavioural condition does not hold: no alert\n";
    else out += "no match\n";
    if (!t.activity_type_allowed)
        out += "    activity type: the rule wants " + list(t.activity_types) + ": not this event's\n";
    for (const auto& d : t.detections) {
        out += "    " + d.name + ": " + (d.matched ? "matched" : "not matched") + "\n";
        for (std::size_t b = 0; b < d.branches.size(); ++b) {
            const auto& branch = d.branches[b];
            std::string indent = "      ";
            if (d.branches.size() > 1) {
                out += indent + "branch " + std::to_string(b + 1) + ": " + (branch.matched ? "matched" : "not matched") +
                       "\n";
                indent += "  ";
            }
            for (const auto& item : branch.items) {
                out += indent + (item.matched ? "yes " : "no  ") + (item.key.empty() ? "(keywords)" : item.key) +
                       ": " + list(item.expected) + "  <- event: " +
                       (item.values.empty() ? std::string("(absent)") : list(item.values)) + "\n";
                if (item.values.empty() && !item.key.empty() && hint) {
                    const std::string h = hint(pack, item.key.substr(0, item.key.find('|')));
                    if (!h.empty()) out += indent + "    hint: " + h + "\n";
                }
            }
        }
    }
    out += t.conditions.size() > 1 ? "    conditions (any of)" : "    condition";
    for (std::size_t i = 0; i < t.conditions.size(); ++i) out += (i ? ", '" : " '") + t.conditions[i] + "'";
    out += std::string(": ") + (t.condition_matched ? "true" : "false") + "\n";
    if (!r.behavioural) return;
    const models::ModelVerdict& v = r.verdict;
    if (!v.model.empty()) {
        out += "    model " + v.model + " (" + v.trigger + ") for entity '" + v.entity + "': ";
        if (!v.entity_known) {
            out += "no history for this entity\n";
        } else {
            out += std::to_string(v.observations) + " observations on " + std::to_string(v.days) + " day" +
                   (v.days == 1 ? "" : "s") + ", " + std::to_string(v.distinct) + " distinct values, confidence " +
                   share(v.confidence) + " (needs " + share(v.confidence_needed) + ", " +
                   std::to_string(v.min_observations) + " observations and " + std::to_string(v.min_days) + " day" +
                   (v.min_days == 1 ? "" : "s") + "): " + (v.converged ? "converged" : "not converged") + "\n";
        }
        out += "    value '" + v.value + "': ";
        if (!v.value_present) out += "absent\n";
        else if (!v.entity_known || !v.seen) out += std::string("never seen") + (v.certain ? "" : " (the histogram is full)") + "\n";
        else {
            out += "seen " + std::to_string(v.value_count) + " times";
            if (v.tail_share >= 0) out += ", tail share " + share(v.tail_share) + " (abnormal below " + share(v.threshold) + ")";
            out += "\n";
        }
    }
    for (const auto& f : v.failed) out += "    not met: " + f + "\n";
    out += std::string("    verdict: ") + (v.fires ? "fires" : "silent") + ": " + v.reason + "\n";
}

} // namespace

std::string render_explanation(const pipeline::Explanation& e, const FieldHint& hint) {
    std::string out = "event " + e.origin + " (" + std::to_string(e.records) + " record" + (e.records == 1 ? "" : "s") +
                      " in the input" + (e.records > 1 ? "; the first is explained" : "") + ")\n";
    for (const auto& p : e.packs) {
        out += "\npack " + p.pack + "\n  parsers:\n";
        render_parsers(p, out);
        if (!p.accepted) {
            out += "  rejected: " + p.reject + "\n";
            continue;
        }
        out += "  parsed by " + p.parser + ", activity type '" + p.activity_type + "'\n  fields:\n";
        for (const auto& [name, values] : p.fields) out += "    " + name + " = " + list(values) + "\n";
        for (const auto& r : p.rules) render_rule(p.pack, r, hint, out);
    }
    return out;
}

} // namespace trailproof::harness
