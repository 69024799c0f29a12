#include "validate_report.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
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

// A relative URI reference for SARIF's artifactLocation (RFC 3986: unreserved
// characters and '/' stay, the rest is percent-encoded).
std::string artifact_uri(const std::string& file) {
    fs::path p(file);
    if (p.is_absolute()) {
        std::error_code ec;
        fs::path cwd = fs::current_path(ec);
        fs::path rel = ec ? p : p.lexically_relative(cwd);
        if (!rel.empty() && *rel.begin() != "..") p = rel;
    }
    std::string text = p.lexically_normal().generic_string();
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
    out += "]}},\"results\":[";
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Diagnostic& d = *all[i];
        if (i) out += ',';
        const auto index = std::find(codes.begin(), codes.end(), d.code) - codes.begin();
        out += "{\"ruleId\":" + json_quote(d.code) + ",\"ruleIndex\":" + std::to_string(index) +
               ",\"level\":" + (d.severity == Severity::Error ? "\"error\"" : "\"warning\"") +
               ",\"message\":{\"text\":" + json_quote(d.message) + "}";
        if (!d.file.empty()) {
            out += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" +
                   json_quote(artifact_uri(d.file)) + "}";
            if (d.line > 0) {
                out += ",\"region\":{\"startLine\":" + std::to_string(d.line);
                if (d.column > 0) out += ",\"startColumn\":" + std::to_string(d.column);
                out += "}";
            }
            out += "}}]";
        }
        out += "}";
    }
    out += "]}]}\n";
    return out;
}

} // namespace trailproof::harness
