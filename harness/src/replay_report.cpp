#include "replay_report.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/json_text.h"
#include "core/utf8.h"

namespace trailproof::harness {

namespace {

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
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

// A scenario's JUnit testcase name: the titles (else ids) of the rules it is
// about (expected alerts, then `covers:`), then " / " and the scenario's name;
// only the name when it is about no rule (a parser or baseline scenario).
std::string testcase_name(const PackReplay& pack, const Scenario& s) {
    std::vector<std::string> ids;
    for (const auto& a : s.alerts) ids.push_back(a.rule);
    for (const auto& r : s.covers_rules) ids.push_back(r);
    std::string rules;
    std::vector<std::string> seen;
    for (const auto& id : ids) {
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        const auto it = pack.titles.find(id);
        rules += (rules.empty() ? "" : ", ") + (it == pack.titles.end() || it->second.empty() ? id : it->second);
    }
    return rules.empty() ? s.name : rules + " / " + s.name;
}

} // namespace

// Text for XML 1.0 element content and attribute values: markup characters as
// entities; tab, LF and CR as character references (so an attribute keeps
// them); every character XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF,
// ill-formed UTF-8) replaced by readable text: a control byte as "\u0001", an
// ill-formed part as U+FFFD. No character reference can stand for them: XML
// 1.0 forbids "&#1;" too.
std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\t': out += "&#9;"; break;
            case '\n': out += "&#10;"; break;
            case '\r': out += "&#13;"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
            }
            ++i;
            continue;
        }
        const Utf8Step step = utf8_step(text, i);
        const std::string_view part = text.substr(i, step.length);
        // U+FFFE and U+FFFF are well-formed UTF-8 but not XML characters.
        if (!step.valid || part == "\xEF\xBF\xBE" || part == "\xEF\xBF\xBF") out += "\xEF\xBF\xBD";
        else out += part;
        i += step.length;
    }
    return out;
}

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
                   xml_escape(testcase_name(p, *s.scenario)) + "\" file=\"" + xml_escape(s.scenario->file) + "\" line=\"" +
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
