#include "validate_tables.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/ascii.h"
#include "core/diagnostic_builder.h"
#include "core/edit_distance.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace {

// A TSV file as rows of named columns (content/attack/README.md and
// content/aws/README.md: UTF-8, one header line, tab-separated, no quoting).
struct Tsv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    [[nodiscard]] std::size_t column(std::string_view name) const {
        auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? header.size() : static_cast<std::size_t>(it - header.begin());
    }
};

std::vector<std::string> split_tabs(std::string_view line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t tab = line.find('\t', start);
        out.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) return out;
        start = tab + 1;
    }
}

Diagnostic table_problem(const std::string& file, std::string message) {
    return diagnostic_at(codes::validate_tables_unreadable, std::move(message), file).item("table", "");
}

// Reads `dir/name`; a missing file or column is reported and yields no rows.
bool read_tsv(const std::string& dir, const char* name, const std::vector<std::string_view>& columns, Tsv& out,
              LoadResult& result) {
    const std::string file = dir + "/" + name;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        result.add(table_problem(file, msg::table_unreadable()));
        return false;
    }
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (first) {
            out.header = split_tabs(line);
            first = false;
            continue;
        }
        out.rows.push_back(split_tabs(line));
        out.rows.back().resize(out.header.size());
    }
    for (auto c : columns)
        if (out.column(c) == out.header.size()) {
            result.add(table_problem(file, msg::table_missing_column(c)));
            return false;
        }
    return true;
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (!part.empty()) out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}


// Versions compare as numbers ("9.0" < "18.1").
bool version_less(std::string_view a, std::string_view b) {
    auto parts = [](std::string_view v) {
        std::vector<int> out;
        int n = 0;
        for (char c : v) {
            if (c == '.') {
                out.push_back(n);
                n = 0;
            } else if (c >= '0' && c <= '9') {
                n = n * 10 + (c - '0');
            }
        }
        out.push_back(n);
        return out;
    };
    return parts(a) < parts(b);
}

// A suggestion is only useful when it is close: at most a third of the text changes.
bool within_reach(std::size_t distance, std::size_t length) noexcept {
    return distance <= std::max<std::size_t>(2, length / 3);
}

// The candidate closest to `text`: equal ignoring case first, then the smallest
// case-folded edit distance; ties go to the first in iteration (sorted) order.
template <class Names>
std::string closest(std::string_view text, const Names& names) {
    for (const auto& n : names)
        if (iequals(n, text)) return std::string(n);
    std::string best;
    std::size_t best_distance = SIZE_MAX;
    for (const auto& n : names) {
        // The distance is at least the length difference: skip hopeless candidates cheaply.
        std::size_t diff = n.size() > text.size() ? n.size() - text.size() : text.size() - n.size();
        if (diff >= best_distance) continue;
        std::size_t d = edit_distance(text, n, true);
        if (d < best_distance) {
            best_distance = d;
            best = n;
        }
    }
    return within_reach(best_distance, text.size()) ? best : std::string();
}

// Lambda records the older operations under versioned wire names:
// ^<Op>(\d{8}(v\d)?)?$ (content/aws/README.md). Returns <Op>, or "" when `name` has no such suffix.
std::string_view lambda_base(std::string_view name) {
    std::string_view s = name;
    if (s.size() >= 2 && s[s.size() - 2] == 'v' && s.back() >= '0' && s.back() <= '9') s.remove_suffix(2);
    if (s.size() <= 8) return {};
    for (std::size_t i = s.size() - 8; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return {};
    return s.substr(0, s.size() - 8);
}

constexpr std::string_view k_lambda = "lambda.amazonaws.com";

} // namespace

// ---------------------------------------------------------------------------------------
// ATT&CK

LoadResult AttackTables::read(const std::string& dir) {
    LoadResult result;
    Tsv t;
    if (read_tsv(dir, "enterprise-techniques.tsv",
                 {"id", "name", "parent_id", "tactics", "deprecated", "revoked", "revoked_by"}, t, result)) {
        const auto id = t.column("id"), name = t.column("name"), parent = t.column("parent_id"),
                   tactics = t.column("tactics"), deprecated = t.column("deprecated"), revoked = t.column("revoked"),
                   revoked_by = t.column("revoked_by");
        for (const auto& row : t.rows) {
            Technique tech;
            tech.id = row[id];
            tech.name = row[name];
            tech.parent_id = row[parent];
            tech.tactics = split_commas(row[tactics]);
            tech.deprecated = row[deprecated] == "true";
            tech.revoked = row[revoked] == "true";
            tech.revoked_by = row[revoked_by];
            m_techniques[tech.id] = std::move(tech);
        }
    }
    Tsv tactics;
    if (read_tsv(dir, "enterprise-tactics.tsv", {"id", "shortname", "name"}, tactics, result)) {
        const auto id = tactics.column("id"), shortname = tactics.column("shortname"), name = tactics.column("name");
        for (const auto& row : tactics.rows) {
            Tactic tactic{row[id], row[shortname], row[name]};
            m_tactics[tactic.shortname] = tactic;
            m_tactics[tactic.id] = tactic;
        }
    }
    Tsv history;
    if (read_tsv(dir, "enterprise-technique-name-history.tsv", {"id", "name", "first_version", "last_version"},
                 history, result)) {
        const auto id = history.column("id"), name = history.column("name"), first = history.column("first_version"),
                   last = history.column("last_version");
        for (const auto& row : history.rows) {
            m_history[row[id]].push_back({row[name], row[first], row[last]});
            if (m_version.empty() || version_less(m_version, row[last])) m_version = row[last];
        }
    }
    return result;
}

const Technique* AttackTables::technique(std::string_view id) const {
    auto it = m_techniques.find(id);
    return it == m_techniques.end() ? nullptr : &it->second;
}

const Tactic* AttackTables::tactic(std::string_view name_or_id) const {
    auto it = m_tactics.find(name_or_id);
    return it == m_tactics.end() ? nullptr : &it->second;
}

std::vector<std::string> AttackTables::replacement_chain(std::string_view id) const {
    std::vector<std::string> chain;
    const Technique* t = technique(id);
    while (t && t->revoked && !t->revoked_by.empty()) {
        if (std::find(chain.begin(), chain.end(), t->revoked_by) != chain.end() || t->revoked_by == id) break;
        chain.push_back(t->revoked_by);
        t = technique(t->revoked_by);
    }
    return chain;
}

const std::vector<TechniqueName>& AttackTables::name_history(std::string_view id) const {
    static const std::vector<TechniqueName> k_none;
    auto it = m_history.find(id);
    return it == m_history.end() ? k_none : it->second;
}

// ---------------------------------------------------------------------------------------
// AWS

LoadResult AwsTables::read(const std::string& dir) {
    LoadResult result;
    auto add = [&](const std::string& source, const std::string& name) {
        if (source.empty() || name.empty()) return;
        m_sources.insert(source);
        m_names_by_source[source].insert(name);
        m_sources_by_name[name].insert(source);
    };
    Tsv ops;
    if (read_tsv(dir, "api-operations.tsv", {"event_source", "event_name"}, ops, result)) {
        const auto source = ops.column("event_source"), name = ops.column("event_name");
        for (const auto& row : ops.rows) add(row[source], row[name]);
    }
    Tsv non_sdk;
    if (read_tsv(dir, "non-sdk-events.tsv", {"event_source", "event_name"}, non_sdk, result)) {
        const auto source = non_sdk.column("event_source"), name = non_sdk.column("event_name");
        for (const auto& row : non_sdk.rows) add(row[source], row[name]);
    }
    Tsv variants;
    if (read_tsv(dir, "event-name-variants.tsv", {"event_source", "sdk_operation", "cloudtrail_event_name"}, variants,
                 result)) {
        const auto source = variants.column("event_source"), sdk = variants.column("sdk_operation"),
                   recorded = variants.column("cloudtrail_event_name");
        for (const auto& row : variants.rows) {
            add(row[source], row[recorded]);
            m_variants[row[source] + '\t' + row[sdk]] = row[recorded];
        }
    }
    Tsv services;
    if (read_tsv(dir, "service-event-sources.tsv", {"event_source"}, services, result)) {
        const auto source = services.column("event_source");
        for (const auto& row : services.rows)
            if (!row[source].empty()) m_sources.insert(row[source]);
    }
    return result;
}

bool AwsTables::known_source(std::string_view source) const { return m_sources.count(source) > 0; }

bool AwsTables::looks_like_source(std::string_view source) const {
    if (known_source(source)) return true;
    std::string lowered(source);
    for (char& c : lowered) c = ascii_lower(c);
    if (lowered.find("amazonaws") != std::string::npos) return true;
    return source.find('.') != std::string_view::npos && !suggest_source(source).empty();
}

bool AwsTables::known_pair(std::string_view source, std::string_view name) const {
    auto it = m_names_by_source.find(source);
    if (it == m_names_by_source.end()) return false;
    if (it->second.count(name)) return true;
    if (source == k_lambda) {
        std::string_view base = lambda_base(name);
        return !base.empty() && it->second.count(base) > 0;
    }
    return false;
}

bool AwsTables::known_name(std::string_view name) const {
    if (m_sources_by_name.count(name)) return true;
    std::string_view base = lambda_base(name);
    return !base.empty() && known_pair(k_lambda, name);
}

std::vector<std::string> AwsTables::sources_of(std::string_view name) const {
    auto it = m_sources_by_name.find(name);
    if (it == m_sources_by_name.end()) return {};
    return {it->second.begin(), it->second.end()};
}

std::string AwsTables::suggest_source(std::string_view source) const { return closest(source, m_sources); }

std::string AwsTables::suggest_name(std::string_view name, const std::vector<std::string>& sources) const {
    // Packs repeat the same wrong name many times; each distinct question is answered once.
    std::string question(name);
    for (const auto& s : sources) question += '\t' + s;
    if (auto known = m_suggestions.find(question); known != m_suggestions.end()) return known->second;
    return m_suggestions[question] = compute_suggestion(name, sources);
}

std::string AwsTables::compute_suggestion(std::string_view name, const std::vector<std::string>& sources) const {
    for (const auto& s : sources) {
        auto it = m_variants.find(s + '\t' + std::string(name));
        if (it != m_variants.end()) return it->second;
    }
    if (sources.empty()) {
        for (const auto& [key, recorded] : m_variants)
            if (std::string_view(key).substr(key.find('\t') + 1) == name) return recorded;
        std::vector<std::string_view> all;
        all.reserve(m_sources_by_name.size());
        for (const auto& [n, _] : m_sources_by_name) all.push_back(n);
        return closest(name, all);
    }
    std::set<std::string_view> candidates;
    for (const auto& s : sources) {
        auto it = m_names_by_source.find(s);
        if (it == m_names_by_source.end()) continue;
        for (const auto& n : it->second) candidates.insert(n);
    }
    return closest(name, candidates);
}

} // namespace trailproof::harness
