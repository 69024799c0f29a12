#include "core/diagnostic_builder.h"
#include "scenario.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>

#include "load/files.h"
#include "pipeline/detector.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_tree.h"
#include "yaml_json.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

using yaml::YamlEntry;
using yaml::YamlKind;
using yaml::YamlNode;

// The value of `key` in `map`, or nullptr (also when `map` is not a map).
const YamlNode* value_of(const YamlNode* map, std::string_view key) {
    const YamlEntry* e = map && map->kind == YamlKind::Map ? map->find(key) : nullptr;
    return e ? &e->value : nullptr;
}

// The text of a scalar, "" for anything else.
const std::string& text_of(const YamlNode& n) {
    static const std::string k_none;
    return n.kind == YamlKind::Scalar ? n.text : k_none;
}

// A fixture count: the scalar's text, quoted or not, as a C integer (decimal, 0x
// hex, 0 octal; surrounding blanks after it allowed), the way fixtures have
// always been read.
bool parse_count(const std::string& text, int& out) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 0);
    if (errno == ERANGE || value < INT_MIN || value > INT_MAX || end == text.c_str()) return false;
    for (; *end; ++end)
        if (!std::isspace(static_cast<unsigned char>(*end))) return false;
    out = static_cast<int>(value);
    return true;
}

// Reads one fixture file's tree; diagnostics (item "scenario") go to the sink.
class FixtureReader : public yaml::YamlDecoder {
public:
    FixtureReader(yaml::DiagnosticSink& sink, std::string_view text) : YamlDecoder(sink), m_text(text) {}

    // Notes an id the scenario names, with where, for check_references.
    void reference(Scenario& s, const char* kind, const YamlNode& n) {
        if (n.kind != YamlKind::Scalar) return;
        s.references.push_back({kind, n.text, n.pos, std::string(source_line(m_text, n.pos.line))});
    }
    void references(Scenario& s, const char* kind, const YamlNode* list) {
        if (!list) return;
        if (list->kind == YamlKind::Scalar) reference(s, kind, *list);
        else if (list->kind == YamlKind::Sequence)
            for (const auto& item : list->items) reference(s, kind, item);
    }

    void error(const YamlNode& at, std::string_view code, const std::string& message) {
        m_sink.error(code, message, at.pos);
    }

    // A list of strings (or one string); nothing when absent.
    std::vector<std::string> strings(const YamlNode* n, const std::string& what) {
        std::vector<std::string> out;
        if (!n) return out;
        if (n->kind == YamlKind::Scalar) {
            out.push_back(n->text);
        } else if (n->kind == YamlKind::Sequence) {
            for (const auto& item : n->items) {
                if (item.kind == YamlKind::Scalar) out.push_back(item.text);
                else error(item, codes::load_wrong_type, what + " must be a list of strings");
            }
        } else {
            error(*n, codes::load_wrong_type, what + " must be a list of strings");
        }
        return out;
    }

    bool integer(const YamlNode& n, const std::string& what, int& out) {
        if (n.kind == YamlKind::Scalar && parse_count(n.text, out)) return true;
        error(n, codes::load_wrong_type, what + " must be an integer");
        return false;
    }

    void unknown_keys(const YamlNode& map, std::initializer_list<const char*> known, const std::string& where) {
        for (const auto& e : map.entries) {
            const std::string& key = e.key.text;
            if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
                m_sink.warning(codes::load_unknown_key, "unknown key '" + key + "' in " + where, e.key.pos);
        }
    }

    // Inline records: a map is a CloudTrail event (merged over `defaults`), a string a raw line.
    std::vector<std::string> records(const YamlNode* list, const YamlNode* defaults, const std::string& what) {
        std::vector<std::string> out;
        if (!list) return out;
        if (list->kind != YamlKind::Sequence) {
            error(*list, codes::load_wrong_type, what + " must be a list of events");
            return out;
        }
        for (const auto& item : list->items) {
            if (item.kind == YamlKind::Map) {
                const YamlNode* raw = value_of(&item, "raw");
                if (raw && item.entries.size() == 1 && raw->kind == YamlKind::Scalar) {
                    out.push_back(raw->text);
                    continue;
                }
                out.push_back(yaml_to_json(yaml_merge(defaults, item)));
            } else if (item.kind == YamlKind::Scalar) {
                out.push_back(item.text);
            } else {
                error(item, codes::load_wrong_type, what + " items must be events (maps) or raw lines");
            }
        }
        return out;
    }

    void expect(const YamlNode* expect, Scenario& s) {
        if (!expect) return;
        if (expect->kind != YamlKind::Map) {
            error(*expect, codes::load_wrong_type, "'expect' must be a mapping");
            return;
        }
        unknown_keys(*expect, {"alerts", "only", "rejected", "parsed", "notables"}, "expect");
        if (const YamlNode* notables = value_of(expect, "notables")) {
            s.check_notables = true;
            if (notables->kind != YamlKind::Sequence)
                error(*notables, codes::load_wrong_type, "'expect.notables' must be a list");
            else
                for (const auto& n : notables->items) expected_notable(n, s);
        }
        if (const YamlNode* alerts = value_of(expect, "alerts")) {
            if (alerts->kind != YamlKind::Sequence) error(*alerts, codes::load_wrong_type, "'expect.alerts' must be a list");
            else
                for (const auto& a : alerts->items) expected_alert(a, s);
        }
        if (const YamlNode* only = value_of(expect, "only")) {
            if (only->kind == YamlKind::Scalar && (only->text == "true" || only->text == "false"))
                s.only = only->text == "true";
            else
                error(*only, codes::load_wrong_type, "'only' must be true or false");
        }
        if (const YamlNode* rejected = value_of(expect, "rejected")) (void)integer(*rejected, "'rejected'", s.rejected);
        if (const YamlNode* parsed = value_of(expect, "parsed")) {
            if (parsed->kind != YamlKind::Sequence) {
                error(*parsed, codes::load_wrong_type, "'expect.parsed' must be a list");
                return;
            }
            for (const auto& p : parsed->items) expected_parse(p, s);
        }
    }

    void expected_alert(const YamlNode& a, Scenario& s) {
        const YamlNode* rule = value_of(&a, "rule");
        if (!rule) {
            error(a, codes::load_missing_key, "an expected alert needs 'rule'");
            return;
        }
        unknown_keys(a, {"rule", "count", "mitre", "entity"}, "an expected alert");
        ExpectedAlert ea;
        ea.rule = text_of(*rule);
        reference(s, "rule", *rule);
        if (const YamlNode* count = value_of(&a, "count")) (void)integer(*count, "'count'", ea.count);
        if (const YamlNode* mitre = value_of(&a, "mitre")) {
            ea.check_mitre = true;
            ea.mitre = strings(mitre, "'mitre'");
            std::sort(ea.mitre.begin(), ea.mitre.end());
        }
        if (const YamlNode* entity = value_of(&a, "entity")) ea.entity = text_of(*entity);
        s.alerts.push_back(std::move(ea));
    }

    void expected_notable(const YamlNode& n, Scenario& s) {
        if (n.kind != YamlKind::Map) {
            error(n, codes::load_wrong_type, "an expected notable must be a mapping with 'user' and 'signals'");
            return;
        }
        unknown_keys(n, {"user", "signals"}, "an expected notable");
        ExpectedNotable en;
        if (const YamlNode* user = value_of(&n, "user")) en.user = text_of(*user);
        else error(n, codes::load_missing_key, "an expected notable needs 'user'");
        en.signals = strings(value_of(&n, "signals"), "'signals'");
        references(s, "rule", value_of(&n, "signals"));
        s.notables.push_back(std::move(en));
    }

    void expected_parse(const YamlNode& p, Scenario& s) {
        if (p.kind != YamlKind::Map) {
            error(p, codes::load_wrong_type, "an expected parse must be a mapping");
            return;
        }
        unknown_keys(p, {"event", "parser", "activity_type", "fields"}, "an expected parse");
        ExpectedParse ep;
        if (const YamlNode* event = value_of(&p, "event")) (void)integer(*event, "'event'", ep.event);
        if (const YamlNode* parser = value_of(&p, "parser")) {
            ep.parser = text_of(*parser);
            reference(s, "parser", *parser);
        }
        if (const YamlNode* type = value_of(&p, "activity_type")) ep.activity_type = text_of(*type);
        if (const YamlNode* fields = value_of(&p, "fields"); fields && fields->kind == YamlKind::Map)
            for (const auto& kv : fields->entries) ep.fields[kv.key.text] = text_of(kv.value);
        s.parsed.push_back(std::move(ep));
    }

    void scenario(const YamlNode& node, const std::string& file, const YamlNode& pack, const YamlNode* defaults,
                  std::vector<Scenario>& out) {
        const YamlNode* name = value_of(&node, "name");
        if (!name) {
            error(node, codes::load_missing_key, "a scenario needs 'name'");
            return;
        }
        unknown_keys(node,
                     {"name", "kind", "covers", "history", "events", "files", "expect", "description", "learn_until"},
                     "a scenario");
        Scenario s;
        s.name = text_of(*name);
        s.file = file;
        s.line = node.pos.line;
        s.pack = pack.text;
        reference(s, "pack", pack);
        if (const YamlNode* kind = value_of(&node, "kind")) {
            const std::string& k = text_of(*kind);
            if (k == "positive") s.kind = ScenarioKind::Positive;
            else if (k == "negative") s.kind = ScenarioKind::Negative;
            else if (k == "training") s.kind = ScenarioKind::Training;
            else if (k == "parser") s.kind = ScenarioKind::Parser;
            else if (k == "baseline") s.kind = ScenarioKind::Baseline;
            else error(*kind, codes::load_wrong_type, "'kind' must be positive, negative, training, parser or baseline");
        }
        if (const YamlNode* covers = value_of(&node, "covers")) {
            if (covers->kind != YamlKind::Map) {
                error(*covers, codes::load_wrong_type, "'covers' must be a mapping of rules, models, parsers");
            } else {
                unknown_keys(*covers, {"rules", "models", "parsers"}, "covers");
                s.covers_rules = strings(value_of(covers, "rules"), "'covers.rules'");
                s.covers_models = strings(value_of(covers, "models"), "'covers.models'");
                s.covers_parsers = strings(value_of(covers, "parsers"), "'covers.parsers'");
                references(s, "rule", value_of(covers, "rules"));
                references(s, "model", value_of(covers, "models"));
                references(s, "parser", value_of(covers, "parsers"));
            }
        }
        s.history = records(value_of(&node, "history"), defaults, "'history'");
        s.events = records(value_of(&node, "events"), defaults, "'events'");
        const fs::path base = fs::path(file).parent_path();
        for (const auto& f : strings(value_of(&node, "files"), "'files'")) s.files.push_back((base / f).string());
        if (const YamlNode* until = value_of(&node, "learn_until")) {
            const std::string& t = text_of(*until);
            pipeline::LearnOptions learn;
            if (pipeline::parse_learn_until(t, learn)) {
                s.learn_until_ms = learn.until_ms;
                s.learn_head_ms = learn.head_ms;
            } else
                error(*until, codes::load_wrong_type,
                      "'learn_until' must be an RFC 3339 time or a duration like 14d, found '" + t + "'");
        }
        expect(value_of(&node, "expect"), s);
        if (s.events.empty() && s.files.empty())
            error(node, codes::load_missing_key, "scenario '" + s.name + "' has no 'events' and no 'files'");
        out.push_back(std::move(s));
    }

    void read(const YamlNode& root, const std::string& file, std::vector<Scenario>& out) {
        if (root.kind != YamlKind::Map) {
            error(root, codes::load_wrong_type, "a fixture file must be a mapping with 'pack' and 'scenarios'");
            return;
        }
        check_duplicate_keys(root); // a repeated key anywhere, events included, as in every content file
        unknown_keys(root, {"pack", "defaults", "scenarios", "description"}, "a fixture file");
        const YamlNode* pack = value_of(&root, "pack");
        if (!pack || pack->kind != YamlKind::Scalar) {
            error(root, codes::load_missing_key, "missing required key 'pack'");
            return;
        }
        const YamlNode* defaults = value_of(&root, "defaults");
        const YamlNode* list = value_of(&root, "scenarios");
        if (!list || list->kind != YamlKind::Sequence) {
            error(list ? *list : root, codes::load_missing_key, "'scenarios' must be a list");
            return;
        }
        for (const auto& node : list->items) {
            if (node.kind != YamlKind::Map) error(node, codes::load_missing_key, "a scenario needs 'name'");
            else scenario(node, file, *pack, defaults, out);
        }
    }

private:
    std::string_view m_text;
};

} // namespace

LoadResult read_scenario_file(const std::string& text, const std::string& file, std::vector<Scenario>& out) {
    LoadResult result;
    yaml::DiagnosticSink sink(result, file, text, "");
    const yaml::YamlReadResult parsed = yaml::read_yaml_documents(text);
    if (parsed.failed) {
        sink.error(codes::load_yaml_parse, parsed.error, parsed.error_pos);
        return result;
    }
    sink.set_item("scenario", "", ""); // the file and line name the scenario
    // A fixture file is one document: only the first is read (later ones never were).
    static const YamlNode k_empty;
    FixtureReader(sink, text).read(parsed.documents.empty() ? k_empty : parsed.documents.front().root, file, out);
    return result;
}

LoadResult read_scenarios(const std::string& dir, std::vector<Scenario>& out) {
    LoadResult result;
    auto unreadable = [&](const std::string& file, const std::string& what) {
        result.add(diagnostic_at(codes::load_unreadable, what, file));
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
