// Documented counts: each figure against the one derived from the pack. A
// difference is an error unless a waiver with the reason explains it (then a
// warning); a waiver whose figures are out of date, or that nothing needs, is
// reported too.

#include "core/diagnostic_codes.h"
#include "validate_documented_checks.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace {

// A rule file with a YAML error hides its tags, types and fields: figures derived
// from rule contents are unknown then, and are not compared (the YAML error is).
bool depends_on_rule_contents(std::string_view figure) {
    return figure == "mitre_ttps" || figure == "activity_types" || figure == "unable_to_fire";
}

} // namespace

long derived_figure(const DocumentedIndex& pack, std::string_view figure) {
    if (figure == "rules") return static_cast<long>(pack.rules.size());
    if (figure == "models") return static_cast<long>(pack.models.size());
    if (figure == "mitre_ttps") return static_cast<long>(pack.techniques.size());
    if (figure == "activity_types") return static_cast<long>(pack.types.size());
    if (figure == "parsers") return static_cast<long>(pack.parsers.size());
    return static_cast<long>(pack.unable.size());
}

CountRow compare_figure(const std::string& scope, const std::string& figure, const Figure* documented, long derived,
                        const std::vector<Waiver>& waivers, DocumentedFindings& out) {
    CountRow row{figure, std::nullopt, derived, ""};
    if (!documented) return row;
    row.documented = documented->value;
    const Waiver* waiver = nullptr;
    for (const auto& w : waivers)
        if (w.figure == figure) waiver = &w;
    const PackFacts& facts = out.facts();
    const std::string& file = facts.pack_file;
    if (documented->value == derived) {
        row.status = "ok";
        if (waiver)
            out.add(Severity::Warning, codes::validate_stale_waiver, msg::needless_waiver(scope, figure, derived), file,
                    waiver->line, waiver->column, "pack", facts.info.id);
        return row;
    }
    const std::string mismatch = msg::count_mismatch(scope, figure, documented->value, derived);
    if (!waiver) {
        row.status = "mismatch";
        out.add(Severity::Error, codes::validate_count_mismatch, mismatch, file, documented->line, documented->column,
                "pack", facts.info.id);
        return row;
    }
    if ((waiver->documented && *waiver->documented != documented->value) ||
        (waiver->derived && *waiver->derived != derived)) {
        row.status = "mismatch";
        out.add(Severity::Error, codes::validate_stale_waiver,
                msg::stale_waiver(scope, figure, waiver->documented.value_or(documented->value),
                                  waiver->derived.value_or(derived), documented->value, derived),
                file, waiver->line, waiver->column, "pack", facts.info.id);
        return row;
    }
    row.status = "waived";
    out.add(Severity::Warning, codes::validate_waived, msg::waived(mismatch, waiver->reason), file, documented->line,
            documented->column, "pack", facts.info.id);
    return row;
}

std::vector<CountRow> count_rows(const DocumentedIndex& pack, const Documented& doc, DocumentedFindings& out) {
    std::vector<CountRow> rows;
    for (const char* figure : k_figures) {
        auto it = doc.counts.find(figure);
        const Figure* documented = it == doc.counts.end() ? nullptr : &it->second;
        if (pack.incomplete && depends_on_rule_contents(figure)) {
            const std::optional<long> value = documented ? std::optional<long>(documented->value) : std::nullopt;
            rows.push_back({figure, value, std::nullopt, ""});
            continue;
        }
        rows.push_back(compare_figure("", figure, documented, derived_figure(pack, figure), doc.waivers, out));
    }
    for (const auto& figure : doc.extra_figures) rows.push_back({figure, doc.counts.at(figure).value, std::nullopt, ""});
    return rows;
}

} // namespace trailproof::harness
