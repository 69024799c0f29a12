#include "replay_html.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "replay_report.h"

namespace trailproof::harness {

namespace {

// ATT&CK Enterprise tactics in matrix order (left to right).
constexpr std::array<std::string_view, 14> k_tactic_order = {
    "reconnaissance", "resource-development", "initial-access",  "execution",        "persistence",
    "privilege-escalation", "defense-evasion", "credential-access", "discovery",     "lateral-movement",
    "collection",     "command-and-control", "exfiltration",     "impact"};

std::string esc(std::string_view text) { return xml_escape(text); }

bool about_rule(const Scenario& s, const std::string& rule) {
    return std::any_of(s.alerts.begin(), s.alerts.end(), [&](const ExpectedAlert& a) { return a.rule == rule; }) ||
           std::find(s.covers_rules.begin(), s.covers_rules.end(), rule) != s.covers_rules.end();
}

bool names_rule(const std::string& message, const std::string& rule) {
    return message.rfind("rule " + rule + " ", 0) == 0 || message.find(" rule " + rule + " ") != std::string::npos;
}

const PackReport* validated_pack(const ValidateReport* report, const std::string& id) {
    if (!report) return nullptr;
    for (const auto& p : report->packs)
        if (p.id == id && p.only_file.empty()) return &p;
    return nullptr;
}

std::string figure(const std::optional<long>& v) { return v ? std::to_string(*v) : std::string("-"); }

constexpr std::string_view k_style = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right}
.pass{color:#116329}.fail{color:#cf222e;font-weight:600}.gap{color:#9a6700;font-weight:600}
.mismatch{background:#ffebe9}.waived{background:#fff8c5}
#summary span{font-weight:600}
.matrix td{min-width:110px}.tech{display:block;background:#dafbe1;border-radius:3px;margin:2px 0;padding:1px 4px}
ul{margin:0;padding-left:18px}
)";

// Fills #summary from the tables' data-* attributes.
constexpr std::string_view k_script = R"(
(function(){
  function count(sel){return document.querySelectorAll(sel).length;}
  function put(id,v){var e=document.getElementById(id);if(e)e.textContent=String(v);}
  put('rules-total',count('tr.rule'));
  put('rules-pass',count('tr.rule[data-status="pass"]'));
  put('rules-fail',count('tr.rule[data-status="fail"]'));
  put('rules-gap',count('tr.rule[data-status="gap"]'));
  var passed=0,failed=0;
  document.querySelectorAll('[data-pack-ok]').forEach(function(h){passed+=+h.dataset.passed;failed+=+h.dataset.failed;});
  put('scenarios-passed',passed);
  put('scenarios-failed',failed);
  var ids={};document.querySelectorAll('.matrix .tech').forEach(function(t){ids[t.dataset.technique]=1;});
  put('techniques-proven',Object.keys(ids).length);
  put('result',document.querySelector('[data-pack-ok="false"]')?'FAIL':'PASS');
})();
)";

} // namespace

std::string rule_status(const PackReplay& pack, const std::string& rule) {
    for (const auto& s : pack.scenarios)
        if (!s.passed && about_rule(*s.scenario, rule)) return "fail";
    for (const auto& m : pack.mutation_survivors)
        if (names_rule(m, rule)) return "fail";
    for (const auto& m : pack.failures)
        if (names_rule(m, rule)) return "gap";
    return "pass";
}

std::string render_replay_html(const HtmlReportInputs& in) {
    const std::vector<PackReplay>& packs = *in.packs;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(in.title) +
                      "</title><style>" + std::string(k_style) + "</style></head><body>\n";
    out += "<h1>" + esc(in.title) + "</h1>\n";
    // Placeholders until the script has counted (a page without script shows dashes).
    out += "<p id=\"summary\">Result <span id=\"result\">-</span>. Rules: <span id=\"rules-total\">-</span> "
           "(<span id=\"rules-pass\">-</span> passing, <span id=\"rules-fail\">-</span> failing, "
           "<span id=\"rules-gap\">-</span> with a coverage gap). Scenarios: <span id=\"scenarios-passed\">-</span> "
           "passed, <span id=\"scenarios-failed\">-</span> failed. Techniques proven: "
           "<span id=\"techniques-proven\">-</span>.</p>\n";

    out += "<h2>Documented and derived counts</h2>\n";
    if (!in.counts_note.empty()) out += "<p>" + esc(in.counts_note) + "</p>\n";
    for (const auto& p : packs) {
        out += "<h3>" + esc(p.pack) + "</h3>\n";
        const PackReport* v = validated_pack(in.validated, p.pack);
        if (!v || v->counts.empty()) {
            out += "<p class=\"counts-na\">not available</p>\n";
            continue;
        }
        out += "<table class=\"counts\" data-pack=\"" + esc(p.pack) +
               "\"><tr><th>figure</th><th>documented</th><th>derived</th><th>status</th></tr>\n";
        for (const auto& row : v->counts)
            out += "<tr class=\"" + esc(row.status) + "\" data-figure=\"" + esc(row.figure) + "\"><td>" +
                   esc(row.figure) + "</td><td class=\"num\">" + figure(row.documented) + "</td><td class=\"num\">" +
                   figure(row.derived) + "</td><td>" + esc(row.status) + "</td></tr>\n";
        out += "</table>\n";
    }

    // technique -> (tactic shortnames, packs proving it)
    std::map<std::string, std::pair<std::vector<std::string>, std::set<std::string>>> proven;
    for (const auto& p : packs)
        for (const auto& t : p.proven_techniques) {
            auto& entry = proven[t];
            entry.second.insert(p.pack);
            if (!entry.first.empty()) continue;
            const Technique* info = in.attack ? in.attack->technique(t) : nullptr;
            if (info && info->tactics.empty() && !info->parent_id.empty()) info = in.attack->technique(info->parent_id);
            if (info) entry.first = info->tactics;
            if (entry.first.empty()) entry.first.push_back("unknown");
        }
    std::vector<std::string> columns(k_tactic_order.begin(), k_tactic_order.end());
    for (const auto& [t, entry] : proven)
        for (const auto& tactic : entry.first)
            if (std::find(columns.begin(), columns.end(), tactic) == columns.end()) columns.push_back(tactic);
    out += "<h2>ATT&amp;CK techniques proven by passing scenarios</h2>\n<table class=\"matrix\"><tr>";
    for (const auto& c : columns) {
        const Tactic* tactic = in.attack ? in.attack->tactic(c) : nullptr;
        out += "<th>" + esc(tactic ? tactic->name : c) + "</th>";
    }
    out += "</tr>\n<tr>";
    for (const auto& c : columns) {
        out += "<td>";
        for (const auto& [t, entry] : proven) {
            if (std::find(entry.first.begin(), entry.first.end(), c) == entry.first.end()) continue;
            const Technique* info = in.attack ? in.attack->technique(t) : nullptr;
            std::string by;
            for (const auto& pack : entry.second) by += (by.empty() ? "" : ", ") + pack;
            out += "<span class=\"tech\" data-technique=\"" + esc(t) + "\" title=\"proven by " + esc(by) + "\">" +
                   esc(t) + (info ? " " + esc(info->name) : std::string()) + "</span>";
        }
        out += "</td>";
    }
    out += "</tr></table>\n";

    out += "<h2>Rules</h2>\n";
    for (const auto& p : packs) {
        out += "<h3 data-pack-ok=\"" + std::string(p.ok() ? "true" : "false") + "\" data-passed=\"" +
               std::to_string(p.passed()) + "\" data-failed=\"" + std::to_string(p.failed()) + "\">" + esc(p.pack) + " <span class=\"" +
               (p.ok() ? "pass\">PASS" : "fail\">FAIL") + "</span></h3>\n";
        out += "<table class=\"rules\"><tr><th>rule</th><th>title</th><th>status</th><th>+</th><th>-</th>"
               "<th>fixtures (result in this run)</th></tr>\n";
        for (const auto& [rule, cov] : p.rules) {
            const std::string status = rule_status(p, rule);
            const auto title = p.titles.find(rule);
            out += "<tr class=\"rule\" data-rule=\"" + esc(rule) + "\" data-status=\"" + status + "\"><td>" + esc(rule) +
                   "</td><td>" + esc(title == p.titles.end() ? std::string() : title->second) + "</td><td class=\"" +
                   status + "\">" + status + "</td><td class=\"num\">" + std::to_string(cov.positive) +
                   "</td><td class=\"num\">" + std::to_string(cov.negative) + "</td><td><ul>";
            for (const auto& s : p.scenarios) {
                if (!about_rule(*s.scenario, rule)) continue;
                out += "<li class=\"scenario\" data-passed=\"" + std::string(s.passed ? "true" : "false") + "\">" +
                       esc(s.scenario->file) + ":" + std::to_string(s.scenario->line) + " " + esc(s.scenario->name) +
                       ": <span class=\"" + (s.passed ? "pass\">PASS" : "fail\">FAIL") + "</span>";
                for (const auto& f : s.failures) out += "<br>" + esc(f);
                out += "</li>";
            }
            for (const auto& m : p.failures)
                if (names_rule(m, rule)) out += "<li class=\"gap\">" + esc(m) + "</li>";
            for (const auto& m : p.mutation_survivors)
                if (names_rule(m, rule)) out += "<li class=\"fail\">" + esc(m) + "</li>";
            out += "</ul></td></tr>\n";
        }
        out += "</table>\n";
        // Scenarios about no rule (parsers, baseline) still count in the summary.
        std::string others;
        for (const auto& s : p.scenarios) {
            bool about_any = false;
            for (const auto& [rule, cov] : p.rules) about_any = about_any || about_rule(*s.scenario, rule);
            if (about_any) continue;
            others += "<li class=\"scenario\" data-passed=\"" + std::string(s.passed ? "true" : "false") + "\">" +
                      esc(s.scenario->file) + ":" + std::to_string(s.scenario->line) + " " + esc(s.scenario->name) +
                      ": <span class=\"" + (s.passed ? "pass\">PASS" : "fail\">FAIL") + "</span></li>";
        }
        if (!others.empty()) out += "<p>Other scenarios (parsers, baseline):</p><ul>" + others + "</ul>\n";
        for (const auto& m : p.failures)
            if (m.rfind("rule ", 0) != 0) out += "<p class=\"gap\">" + esc(m) + "</p>\n";
    }
    out += "<script>" + std::string(k_script) + "</script>\n</body></html>\n";
    return out;
}

} // namespace trailproof::harness
