#include "replay_report.h"

#include <cstdio>
#include <map>

#include "core/json_text.h"

namespace trailproof::harness {

namespace {

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

struct Counts {
    int total = 0, positive = 0, negative = 0;
};

Counts count(const std::map<std::string, Coverage>& items) {
    Counts c;
    for (const auto& [id, cov] : items) {
        ++c.total;
        if (cov.positive) ++c.positive;
        if (cov.negative) ++c.negative;
    }
    return c;
}

} // namespace

std::string render_replay_table(const std::vector<PackReplay>& packs) {
    std::string out = pad("pack", 34) + pad("rules +/-/all", 16) + pad("models", 9) + pad("parsers", 10) +
                      pad("baseline", 10) + pad("scenarios ok/fail", 19) + "result\n";
    for (const auto& p : packs) {
        Counts r = count(p.rules), ps = count(p.parsers);
        int models_covered = 0;
        for (const auto& [id, cov] : p.models) models_covered += (cov.positive + cov.negative) > 0 ? 1 : 0;
        out += pad(p.pack, 34) +
               pad(std::to_string(r.positive) + "/" + std::to_string(r.negative) + "/" + std::to_string(r.total), 16) +
               pad(std::to_string(models_covered) + "/" + std::to_string(p.models.size()), 9) +
               pad(std::to_string(ps.positive) + "/" + std::to_string(ps.total), 10) +
               pad(p.baseline_alerts < 0 ? "-" : std::to_string(p.baseline_alerts), 10) +
               pad(std::to_string(p.passed()) + "/" + std::to_string(p.failed()), 19) + (p.ok() ? "PASS" : "FAIL") +
               "\n";
    }
    for (const auto& p : packs) {
        for (const auto& s : p.scenarios) {
            if (s.passed) continue;
            out += "\nFAIL replay/" + p.pack + "/" + s.scenario->name + " (" + s.scenario->file + ":" +
                   std::to_string(s.scenario->line) + ")\n";
            for (const auto& f : s.failures) out += "  " + f + "\n";
        }
        for (const auto& f : p.failures) out += "FAIL replay/" + p.pack + ": " + f + "\n";
        for (const auto& m : p.mutation_survivors) out += "MUTATION replay/" + p.pack + ": " + m + "\n";
    }
    return out;
}

std::string render_replay_json(const std::vector<PackReplay>& packs) {
    std::string out = "{\"packs\":[";
    for (std::size_t i = 0; i < packs.size(); ++i) {
        const auto& p = packs[i];
        Counts r = count(p.rules), ps = count(p.parsers);
        out += i ? "," : "";
        out += "{\"pack\":" + json_quote(p.pack) + ",\"ok\":" + (p.ok() ? "true" : "false");
        out += ",\"rules\":{\"total\":" + std::to_string(r.total) + ",\"positive\":" + std::to_string(r.positive) +
               ",\"negative\":" + std::to_string(r.negative) + "}";
        out += ",\"parsers\":{\"total\":" + std::to_string(ps.total) + ",\"covered\":" + std::to_string(ps.positive) + "}";
        out += ",\"baseline_alerts\":" + (p.baseline_alerts < 0 ? std::string("null") : std::to_string(p.baseline_alerts));
        out += ",\"scenarios\":[";
        for (std::size_t j = 0; j < p.scenarios.size(); ++j) {
            const auto& s = p.scenarios[j];
            out += j ? "," : "";
            out += "{\"name\":" + json_quote(s.scenario->name) + ",\"file\":" + json_quote(s.scenario->file) +
                   ",\"line\":" + std::to_string(s.scenario->line) + ",\"passed\":" + (s.passed ? "true" : "false") +
                   ",\"failures\":";
            append_json_strings(out, s.failures);
            out += ",\"fired\":{";
            bool first = true;
            for (const auto& [rule, n] : s.fired) {
                out += (first ? "" : ",") + json_quote(rule) + ":" + std::to_string(n);
                first = false;
            }
            out += "}}";
        }
        out += "],\"failures\":";
        append_json_strings(out, p.failures);
        out += ",\"mutation_survivors\":";
        append_json_strings(out, p.mutation_survivors);
        out += ",\"proven_techniques\":";
        append_json_strings(out, p.proven_techniques);
        out += "}";
    }
    return out + "]}\n";
}

std::string render_replay_junit(const std::vector<PackReplay>& packs) {
    int tests = 0, failures = 0;
    for (const auto& p : packs) {
        tests += static_cast<int>(p.scenarios.size() + p.failures.size() + p.mutation_survivors.size());
        failures += p.failed() + static_cast<int>(p.failures.size() + p.mutation_survivors.size());
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"trailproof replay\" tests=\"" +
                      std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\">\n";
    for (const auto& p : packs) {
        int n = static_cast<int>(p.scenarios.size() + p.failures.size() + p.mutation_survivors.size());
        int f = p.failed() + static_cast<int>(p.failures.size() + p.mutation_survivors.size());
        out += "  <testsuite name=\"replay/" + xml_escape(p.pack) + "\" tests=\"" + std::to_string(n) +
               "\" failures=\"" + std::to_string(f) + "\">\n";
        for (const auto& s : p.scenarios) {
            out += "    <testcase classname=\"replay." + xml_escape(p.pack) + "\" name=\"" +
                   xml_escape(s.scenario->name) + "\" file=\"" + xml_escape(s.scenario->file) + "\" line=\"" +
                   std::to_string(s.scenario->line) + "\"";
            if (s.passed) {
                out += "/>\n";
                continue;
            }
            std::string body;
            for (const auto& line : s.failures) body += line + "\n";
            out += ">\n      <failure message=\"" + xml_escape(s.failures.front()) + "\">" + xml_escape(body) +
                   "</failure>\n    </testcase>\n";
        }
        auto assertion = [&](const std::string& name, const std::string& message) {
            out += "    <testcase classname=\"replay." + xml_escape(p.pack) + "\" name=\"" + xml_escape(name) +
                   "\">\n      <failure message=\"" + xml_escape(message) + "\"/>\n    </testcase>\n";
        };
        for (const auto& m : p.failures) assertion("coverage", m);
        for (const auto& m : p.mutation_survivors) assertion("mutation", m);
        out += "  </testsuite>\n";
    }
    return out + "</testsuites>\n";
}

std::string render_navigator_layer(const std::vector<PackReplay>& packs) {
    std::map<std::string, std::vector<std::string>> by_technique; // technique -> packs proving it
    for (const auto& p : packs)
        for (const auto& t : p.proven_techniques) by_technique[t].push_back(p.pack);
    std::string names;
    for (std::size_t i = 0; i < packs.size(); ++i) names += (i ? ", " : "") + packs[i].pack;
    std::string out = "{\"name\":" + json_quote("trailproof: techniques proven by replay") +
                      ",\"versions\":{\"attack\":\"18\",\"navigator\":\"5.1.0\",\"layer\":\"4.5\"}"
                      ",\"domain\":\"enterprise-attack\",\"description\":" +
                      json_quote("Techniques with a passing positive replay scenario in: " + names) +
                      ",\"gradient\":{\"colors\":[\"#ffffff\",\"#66b1ff\"],\"minValue\":0,\"maxValue\":" +
                      std::to_string(packs.empty() ? 1 : packs.size()) + "},\"techniques\":[";
    bool first = true;
    for (const auto& [technique, list] : by_technique) {
        std::string packs_text;
        for (std::size_t i = 0; i < list.size(); ++i) packs_text += (i ? ", " : "") + list[i];
        out += first ? "" : ",";
        first = false;
        out += "{\"techniqueID\":" + json_quote(technique) + ",\"score\":" + std::to_string(list.size()) +
               ",\"comment\":" + json_quote("proven by " + packs_text) + ",\"enabled\":true}";
    }
    return out + "]}\n";
}

} // namespace trailproof::harness
