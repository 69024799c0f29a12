#include "validate_report.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <tuple>

#include "core/diagnostic_codes.h"
#include "core/json_text.h"
#include "version.h"

namespace trailproof::harness {

namespace {

namespace fs = std::filesystem;

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string pad_right(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string pad_left(std::string s, std::size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

std::string figure_text(const std::optional<long>& v) { return v ? std::to_string(*v) : std::string("-"); }

std::string json_number(const std::optional<long>& v) { return v ? std::to_string(*v) : std::string("null"); }

// Every diagnostic of `result`, errors and warnings together, in file/line/column order.
std::vector<const Diagnostic*> in_order(const LoadResult& result) {
    std::vector<const Diagnostic*> out;
    for (const auto& d : result.errors()) out.push_back(&d);
    for (const auto& d : result.warnings()) out.push_back(&d);
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return std::tie(a->file, a->line, a->column) < std::tie(b->file, b->line, b->column);
    });
    return out;
}

// A relative URI reference for SARIF's artifactLocation, relative to `srcroot`
// (the %SRCROOT% base; RFC 3986: unreserved characters and '/' stay, the rest is
// percent-encoded). A file outside srcroot gets "../" steps, never an absolute path.
std::string artifact_uri(const std::string& file, const std::string& srcroot) {
    std::error_code ec;
    fs::path p = fs::absolute(file, ec).lexically_normal();
    if (ec) p = fs::path(file);
    const fs::path base = srcroot.empty() ? fs::current_path(ec) : fs::path(srcroot);
    fs::path rel = p.lexically_relative(base);
    if (rel.empty()) rel = p.filename();
    std::string text = rel.generic_string();
    std::string out;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            out += ch;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(c));
            out += buf;
        }
    }
    return out;
}

// `text` with every absolute path under `srcroot` written relative to it (a
// message naming another file: "already used by the rule at /abs/content/p/x.yml").
std::string relative_paths(std::string text, const std::string& srcroot) {
    if (srcroot.empty() || srcroot == "/") return text;
    const std::string prefix = srcroot + "/";
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at))
        text.erase(at, prefix.size());
    return text;
}

const DiagnosticCode* code_info(std::string_view id) {
    for (const auto& c : k_diagnostic_codes)
        if (c.id == id) return &c;
    return nullptr;
}

} // namespace

std::string render_validate_table(const ValidateReport& report, bool show_warnings) {
    auto shown = [&](const LoadResult& all) {
        if (show_warnings) return all.render_text();
        LoadResult errors;
        for (const auto& d : all.errors()) errors.add(d);
        return errors.render_text();
    };
    std::string out;
    for (const auto& pack : report.packs) {
        out += "pack " + (pack.id.empty() ? std::string("(no id)") : pack.id) + "  " + pack.dir;
        if (!pack.only_file.empty()) out += "  (only " + pack.only_file + ")";
        out += "\n";
        if (!pack.counts.empty()) {
            std::size_t width = 16;
            for (const auto& row : pack.counts) width = std::max(width, row.figure.size() + 2);
            out += "  " + pad_right("figure", width) + pad_left("documented", 10) + pad_left("derived", 9) + "  status\n";
            for (const auto& row : pack.counts) {
                std::string line = "  " + pad_right(row.figure, width) + pad_left(figure_text(row.documented), 10) +
                                   pad_left(figure_text(row.derived), 9);
                if (!row.status.empty()) line += "  " + row.status;
                out += line + "\n";
            }
        }
        out += "  " + plural(pack.diagnostics.errors().size(), "error") + ", " +
               plural(pack.diagnostics.warnings().size(), "warning") + "\n";
        std::string text = shown(pack.diagnostics);
        if (!text.empty()) out += "\n" + text;
        out += "\n";
    }
    std::string general = shown(report.general);
    if (!general.empty()) out += general + "\n";
    out += "validate: " + plural(report.packs.size(), "pack") + ", " + plural(report.errors(), "error") + ", " +
           plural(report.warnings(), "warning") +
           (show_warnings || report.warnings() == 0 ? "" : " (not shown: --quiet)") + "\n";
    return out;
}

std::string render_validate_json(const ValidateReport& report) {
    std::string out = "{\"packs\":[";
    for (std::size_t i = 0; i < report.packs.size(); ++i) {
        const auto& pack = report.packs[i];
        if (i) out += ',';
        out += "{\"id\":" + json_quote(pack.id) + ",\"title\":" + json_quote(pack.title) +
               ",\"dir\":" + json_quote(pack.dir) +
               (pack.only_file.empty() ? std::string() : ",\"only_file\":" + json_quote(pack.only_file)) +
               ",\"counts\":[";
        for (std::size_t j = 0; j < pack.counts.size(); ++j) {
            const auto& row = pack.counts[j];
            if (j) out += ',';
            out += "{\"figure\":" + json_quote(row.figure) + ",\"documented\":" + json_number(row.documented) +
                   ",\"derived\":" + json_number(row.derived) + ",\"status\":" + json_quote(row.status) + "}";
        }
        out += "],\"errors\":" + std::to_string(pack.diagnostics.errors().size()) +
               ",\"warnings\":" + std::to_string(pack.diagnostics.warnings().size()) +
               ",\"diagnostics\":" + pack.diagnostics.render_json() + "}";
    }
    out += "],\"errors\":" + std::to_string(report.errors()) + ",\"warnings\":" + std::to_string(report.warnings()) +
           ",\"diagnostics\":" + report.general.render_json() + "}\n";
    return out;
}

std::string render_validate_sarif(const ValidateReport& report) {
    std::vector<const Diagnostic*> all = in_order(report.general);
    for (const auto& pack : report.packs) {
        auto list = in_order(pack.diagnostics);
        all.insert(all.end(), list.begin(), list.end());
    }
    std::vector<std::string> codes; // in order of first use
    for (const Diagnostic* d : all)
        if (std::find(codes.begin(), codes.end(), d->code) == codes.end()) codes.push_back(d->code);

    std::string out = "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
                      "\"tool\":{\"driver\":{\"name\":\"trailproof\",\"version\":" +
                      json_quote(k_version) + ",\"rules\":[";
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (i) out += ',';
        const DiagnosticCode* info = code_info(codes[i]);
        out += "{\"id\":" + json_quote(codes[i]) + ",\"shortDescription\":{\"text\":" +
               json_quote(info ? info->summary : std::string_view(codes[i])) + "}";
        if (info) out += ",\"fullDescription\":{\"text\":" + json_quote(info->description) + "}";
        out += "}";
    }
    // %SRCROOT% has no "uri": its absolute location is the machine's business
    // (SARIF 2.1.0 §3.14.14 allows leaving it out); consumers resolve it to their checkout.
    out += "]}},\"originalUriBaseIds\":{\"SRCROOT\":{\"description\":{\"text\":\"The content root given on the "
           "command line (the folder holding the packs).\"}}}";
    // The detection rules of the packs, one taxonomy per pack, each with the URL
    // documenting it; a finding about a rule points at it through result.taxa.
    out += ",\"taxonomies\":[";
    for (std::size_t p = 0; p < report.packs.size(); ++p) {
        const PackReport& pack = report.packs[p];
        if (p) out += ',';
        out += "{\"name\":" + json_quote(pack.id.empty() ? pack.dir : pack.id);
        if (!pack.title.empty()) out += ",\"shortDescription\":{\"text\":" + json_quote(pack.title) + "}";
        out += ",\"taxa\":[";
        for (std::size_t r = 0; r < pack.rules.size(); ++r) {
            const RuleLink& rule = pack.rules[r];
            if (r) out += ',';
            out += "{\"id\":" + json_quote(rule.id);
            if (!rule.title.empty())
                out += ",\"name\":" + json_quote(rule.title) + ",\"shortDescription\":{\"text\":" +
                       json_quote(rule.title) + "}";
            if (!rule.help_uri.empty()) out += ",\"helpUri\":" + json_quote(rule.help_uri);
            out += "}";
        }
        out += "]}";
    }
    out += "],\"results\":[";
    // A finding about a rule of pack `pack` points at its taxon.
    std::size_t i = 0;
    auto emit = [&](const Diagnostic& d, std::optional<std::size_t> pack) {
        if (i++) out += ',';
        const auto index = std::find(codes.begin(), codes.end(), d.code) - codes.begin();
        out += "{\"ruleId\":" + json_quote(d.code) + ",\"ruleIndex\":" + std::to_string(index) +
               ",\"level\":" + (d.severity == Severity::Error ? "\"error\"" : "\"warning\"") +
               ",\"message\":{\"text\":" + json_quote(relative_paths(d.message, report.srcroot)) + "}";
        if (!d.file.empty()) {
            out += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" +
                   json_quote(artifact_uri(d.file, report.srcroot)) + ",\"uriBaseId\":\"SRCROOT\"}";
            if (d.line > 0) {
                out += ",\"region\":{\"startLine\":" + std::to_string(d.line);
                if (d.column > 0) out += ",\"startColumn\":" + std::to_string(d.column);
                out += "}";
            }
            out += "}}]";
        }
        if (pack && (d.item_kind == "rule" || d.item_kind == "correlation")) {
            const auto& rules = report.packs[*pack].rules;
            for (std::size_t r = 0; r < rules.size(); ++r)
                if (rules[r].id == d.item_id) {
                    out += ",\"taxa\":[{\"id\":" + json_quote(rules[r].id) + ",\"index\":" + std::to_string(r) +
                           ",\"toolComponent\":{\"name\":" +
                           json_quote(report.packs[*pack].id.empty() ? report.packs[*pack].dir : report.packs[*pack].id) +
                           ",\"index\":" + std::to_string(*pack) + "}}]";
                    break;
                }
        }
        out += "}";
    };
    for (const Diagnostic* d : in_order(report.general)) emit(*d, std::nullopt);
    for (std::size_t p = 0; p < report.packs.size(); ++p)
        for (const Diagnostic* d : in_order(report.packs[p].diagnostics)) emit(*d, p);
    out += "]}]}\n";
    return out;
}

} // namespace trailproof::harness
