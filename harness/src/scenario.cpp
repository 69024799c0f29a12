#include "core/diagnostic_builder.h"
#include "scenario.h"

#include <algorithm>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "load/files.h"
#include "yaml_json.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

// Collects diagnostics for one fixture file with the usual location and snippet.
class FileErrors {
public:
    FileErrors(const std::string& text, const std::string& file, LoadResult& result)
        : m_text(text), m_file(file), m_result(result) {}

    void error(const YAML::Node& at, std::string_view code, const std::string& message,
               Severity severity = Severity::Error) {
        m_result.add(diagnostic(severity, code, message, m_file, at.Mark().line + 1, at.Mark().column + 1)
                         .item("scenario", "")
                         .snippet_from(m_text));
    }

    // A list of strings (or one string).
    std::vector<std::string> strings(const YAML::Node& n, const std::string& what) {
        std::vector<std::string> out;
        if (!n) return out;
        if (n.IsScalar()) {
            out.push_back(n.Scalar());
        } else if (n.IsSequence()) {
            for (const auto& item : n) {
                if (item.IsScalar()) out.push_back(item.Scalar());
                else error(item, codes::load_wrong_type, what + " must be a list of strings");
            }
        } else {
            error(n, codes::load_wrong_type, what + " must be a list of strings");
        }
        return out;
    }

    bool integer(const YAML::Node& n, const std::string& what, int& out) {
        try {
            out = n.as<int>();
            return true;
        } catch (const YAML::Exception&) {
            error(n, codes::load_wrong_type, what + " must be an integer");
            return false;
        }
    }

    void unknown_keys(const YAML::Node& map, std::initializer_list<const char*> known, const std::string& where) {
        for (const auto& kv : map) {
            std::string key = kv.first.Scalar();
            if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
                error(kv.first, codes::load_unknown_key, "unknown key '" + key + "' in " + where, Severity::Warning);
        }
    }

private:
    const std::string& m_text;
    const std::string& m_file;
    LoadResult& m_result;
};

// Inline records: a map is a CloudTrail event (merged over `defaults`), a string a raw line.
std::vector<std::string> read_records(const YAML::Node& list, const YAML::Node& defaults, FileErrors& errors,
                                      const std::string& what) {
    std::vector<std::string> out;
    if (!list) return out;
    if (!list.IsSequence()) {
        errors.error(list, codes::load_wrong_type, what + " must be a list of events");
        return out;
    }
    for (const auto& item : list) {
        if (item.IsMap()) {
            if (item["raw"] && item.size() == 1 && item["raw"].IsScalar()) {
                out.push_back(item["raw"].Scalar());
                continue;
            }
            out.push_back(yaml_to_json(yaml_merge(defaults, item)));
        } else if (item.IsScalar()) {
            out.push_back(item.Scalar());
        } else {
            errors.error(item, codes::load_wrong_type, what + " items must be events (maps) or raw lines");
        }
    }
    return out;
}

void read_expect(const YAML::Node& expect, Scenario& s, FileErrors& errors) {
    if (!expect) return;
    if (!expect.IsMap()) {
        errors.error(expect, codes::load_wrong_type, "'expect' must be a mapping");
        return;
    }
    errors.unknown_keys(expect, {"alerts", "only", "rejected", "parsed"}, "expect");
    if (const YAML::Node alerts = expect["alerts"]) {
        if (!alerts.IsSequence()) errors.error(alerts, codes::load_wrong_type, "'expect.alerts' must be a list");
        else
            for (const auto& a : alerts) {
                if (!a.IsMap() || !a["rule"]) {
                    errors.error(a, codes::load_missing_key, "an expected alert needs 'rule'");
                    continue;
                }
                errors.unknown_keys(a, {"rule", "count", "mitre", "entity"}, "an expected alert");
                ExpectedAlert ea;
                ea.rule = a["rule"].Scalar();
                if (a["count"]) (void)errors.integer(a["count"], "'count'", ea.count);
                if (a["mitre"]) {
                    ea.check_mitre = true;
                    ea.mitre = errors.strings(a["mitre"], "'mitre'");
                    std::sort(ea.mitre.begin(), ea.mitre.end());
                }
                if (a["entity"]) ea.entity = a["entity"].Scalar();
                s.alerts.push_back(std::move(ea));
            }
    }
    if (const YAML::Node only = expect["only"]) {
        if (only.IsScalar() && (only.Scalar() == "true" || only.Scalar() == "false")) s.only = only.Scalar() == "true";
        else errors.error(only, codes::load_wrong_type, "'only' must be true or false");
    }
    if (const YAML::Node rejected = expect["rejected"]) (void)errors.integer(rejected, "'rejected'", s.rejected);
    if (const YAML::Node parsed = expect["parsed"]) {
        if (!parsed.IsSequence()) {
            errors.error(parsed, codes::load_wrong_type, "'expect.parsed' must be a list");
            return;
        }
        for (const auto& p : parsed) {
            if (!p.IsMap()) {
                errors.error(p, codes::load_wrong_type, "an expected parse must be a mapping");
                continue;
            }
            errors.unknown_keys(p, {"event", "parser", "activity_type", "fields"}, "an expected parse");
            ExpectedParse ep;
            if (p["event"]) (void)errors.integer(p["event"], "'event'", ep.event);
            if (p["parser"]) ep.parser = p["parser"].Scalar();
            if (p["activity_type"]) ep.activity_type = p["activity_type"].Scalar();
            if (const YAML::Node fields = p["fields"]; fields && fields.IsMap())
                for (const auto& kv : fields) ep.fields[kv.first.Scalar()] = kv.second.Scalar();
            s.parsed.push_back(std::move(ep));
        }
    }
}

} // namespace

LoadResult read_scenario_file(const std::string& text, const std::string& file, std::vector<Scenario>& out) {
    LoadResult result;
    FileErrors errors(text, file, result);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        Diagnostic d;
        d.code = codes::load_yaml_parse;
        d.message = e.msg;
        d.file = file;
        d.line = e.mark.line + 1;
        d.column = e.mark.column + 1;
        d.snippet = std::string(source_line(text, d.line));
        result.add(std::move(d));
        return result;
    }
    if (!root.IsMap()) {
        errors.error(root, codes::load_wrong_type, "a fixture file must be a mapping with 'pack' and 'scenarios'");
        return result;
    }
    errors.unknown_keys(root, {"pack", "defaults", "scenarios", "description"}, "a fixture file");
    if (!root["pack"] || !root["pack"].IsScalar()) {
        errors.error(root, codes::load_missing_key, "missing required key 'pack'");
        return result;
    }
    const std::string pack = root["pack"].Scalar();
    const YAML::Node defaults = root["defaults"];
    const YAML::Node list = root["scenarios"];
    if (!list || !list.IsSequence()) {
        errors.error(list ? list : root, codes::load_missing_key, "'scenarios' must be a list");
        return result;
    }
    const fs::path base = fs::path(file).parent_path();
    for (const auto& node : list) {
        if (!node.IsMap() || !node["name"]) {
            errors.error(node, codes::load_missing_key, "a scenario needs 'name'");
            continue;
        }
        errors.unknown_keys(node, {"name", "kind", "covers", "history", "events", "files", "expect", "description"},
                            "a scenario");
        Scenario s;
        s.name = node["name"].Scalar();
        s.file = file;
        s.line = node.Mark().line + 1;
        s.pack = pack;
        if (const YAML::Node kind = node["kind"]) {
            const std::string k = kind.Scalar();
            if (k == "positive") s.kind = ScenarioKind::Positive;
            else if (k == "negative") s.kind = ScenarioKind::Negative;
            else if (k == "training") s.kind = ScenarioKind::Training;
            else if (k == "parser") s.kind = ScenarioKind::Parser;
            else if (k == "baseline") s.kind = ScenarioKind::Baseline;
            else errors.error(kind, codes::load_wrong_type, "'kind' must be positive, negative, training, parser or baseline");
        }
        if (const YAML::Node covers = node["covers"]) {
            if (!covers.IsMap()) {
                errors.error(covers, codes::load_wrong_type, "'covers' must be a mapping of rules, models, parsers");
            } else {
                errors.unknown_keys(covers, {"rules", "models", "parsers"}, "covers");
                s.covers_rules = errors.strings(covers["rules"], "'covers.rules'");
                s.covers_models = errors.strings(covers["models"], "'covers.models'");
                s.covers_parsers = errors.strings(covers["parsers"], "'covers.parsers'");
            }
        }
        s.history = read_records(node["history"], defaults, errors, "'history'");
        s.events = read_records(node["events"], defaults, errors, "'events'");
        for (const auto& f : errors.strings(node["files"], "'files'")) s.files.push_back((base / f).string());
        read_expect(node["expect"], s, errors);
        if (s.events.empty() && s.files.empty())
            errors.error(node, codes::load_missing_key, "scenario '" + s.name + "' has no 'events' and no 'files'");
        out.push_back(std::move(s));
    }
    return result;
}

LoadResult read_scenarios(const std::string& dir, std::vector<Scenario>& out) {
    LoadResult result;
    auto unreadable = [&](const std::string& file, const std::string& what) {
        Diagnostic d;
        d.code = codes::load_unreadable;
        d.message = what;
        d.file = file;
        result.add(std::move(d));
    };
    std::error_code ec;
    if (fs::directory_iterator probe(dir, ec); ec) {
        unreadable(dir, "cannot read fixture folder: " + ec.message());
        return result;
    }
    for (const auto& file : load::yaml_files_below(dir)) {
        // replay.yml holds run settings (command_replay.cpp), not scenarios.
        if (fs::path(file).filename() == "replay.yml") continue;
        std::string text;
        if (!load::read_file(file, text)) {
            unreadable(file, "cannot read fixture file");
            continue;
        }
        result.merge(read_scenario_file(text, file, out));
    }
    return result;
}

} // namespace trailproof::harness
