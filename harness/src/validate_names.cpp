#include "validate_names.h"

#include <algorithm>
#include <set>

#include "core/diagnostic_codes.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace {

// One literal and where it was written.
struct Literal {
    std::string text;
    int line = 0, column = 0;
};

// The literals of one AND-ed group (a detection map, a parser `when`, a train_when map).
struct Group {
    std::vector<Literal> sources, names;
};

bool wildcard(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
            continue;
        }
        if (text[i] == '*' || text[i] == '?') return true;
    }
    return false;
}

void add_literal(Group& g, std::string_view mapped, const std::string& text, yaml::SourcePos pos) {
    if (wildcard(text) || text.empty()) return;
    if (mapped == "eventSource") g.sources.push_back({text, pos.line, pos.column});
    if (mapped == "eventName") g.names.push_back({text, pos.line, pos.column});
}

void collect_groups(const PackFacts& facts, const rules::Detection& d, std::vector<Group>& out) {
    switch (d.kind) {
    case rules::Detection::Kind::Keywords: return;
    case rules::Detection::Kind::AnyOf:
        for (const auto& c : d.children) collect_groups(facts, c, out);
        return;
    case rules::Detection::Kind::AllOf: break;
    }
    Group g;
    for (const auto& item : d.items) {
        // Only whole-value matches name an operation: no contains/startswith/re..., no wildcard.
        if (item.field.keyword() || !whole_value_item(item.field)) continue;
        const std::string mapped = facts.map_field(item.field.name);
        for (const auto& v : item.values)
            if (v.type == rules::DetectionValue::Type::String) add_literal(g, mapped, v.text, v.pos);
    }
    out.push_back(std::move(g));
}

// train_when: a Sigma selection (a map, or a list of maps).
void collect_yaml_groups(const PackFacts& facts, const yaml::YamlNode& n, std::vector<Group>& out) {
    using yaml::YamlKind;
    if (n.kind == YamlKind::Sequence) {
        for (const auto& item : n.items) collect_yaml_groups(facts, item, out);
        return;
    }
    if (n.kind != YamlKind::Map) return;
    Group g;
    for (const auto& e : n.entries) {
        const std::string& key = e.key.text;
        const std::size_t bar = key.find('|');
        if (bar != std::string::npos && key.substr(bar + 1) != "cased") continue;
        const std::string mapped = facts.map_field(key.substr(0, bar));
        auto add = [&](const yaml::YamlNode& v) {
            if (v.kind == YamlKind::Scalar) add_literal(g, mapped, v.text, v.pos);
        };
        if (e.value.kind == YamlKind::Sequence)
            for (const auto& v : e.value.items) add(v);
        else
            add(e.value);
    }
    out.push_back(std::move(g));
}

class NameCheck {
public:
    NameCheck(const PackFacts& facts, const AwsTables& aws, LoadResult& out) : m_facts(facts), m_aws(aws), m_out(out) {}

    // Checks the groups of one item (rule, parser, model) written in `file`.
    void check(const std::vector<Group>& groups, const std::string& file, const std::string& kind,
               const std::string& id) {
        // Sources of the whole item: an eventName in a group without its own eventSource
        // belongs to one of them.
        std::vector<std::string> item_sources;
        bool any_source = false, all_foreign = true;
        for (const auto& g : groups)
            for (const auto& s : g.sources) {
                any_source = true;
                if (m_aws.known_source(s.text)) {
                    all_foreign = false;
                    if (std::find(item_sources.begin(), item_sources.end(), s.text) == item_sources.end())
                        item_sources.push_back(s.text);
                    continue;
                }
                // A source from another log type (a Windows provider) is the relevance
                // check's business: the rule can never fire; it is not a misspelling.
                if (!m_aws.looks_like_source(s.text)) continue;
                all_foreign = false;
                m_out.add(make_finding(m_facts, Severity::Error, codes::validate_unknown_event_source,
                                       msg::unknown_event_source(s.text, m_aws.suggest_source(s.text)), file, s.line,
                                       s.column, kind, id));
            }
        // Names of another log source are not AWS names either.
        if (any_source && all_foreign) return;
        for (const auto& g : groups) {
            std::vector<std::string> sources;
            for (const auto& s : g.sources)
                if (m_aws.known_source(s.text) && std::find(sources.begin(), sources.end(), s.text) == sources.end())
                    sources.push_back(s.text);
            if (sources.empty()) sources = item_sources;
            for (const auto& n : g.names) check_name(n, sources, file, kind, id);
        }
    }

private:
    void check_name(const Literal& n, const std::vector<std::string>& sources, const std::string& file,
                    const std::string& kind, const std::string& id) {
        if (sources.empty() ? m_aws.known_name(n.text)
                            : std::any_of(sources.begin(), sources.end(),
                                          [&](const std::string& s) { return m_aws.known_pair(s, n.text); }))
            return;
        std::string message;
        const std::string suggestion = m_aws.suggest_name(n.text, sources);
        if (!sources.empty() && m_aws.known_name(n.text) && suggestion.empty())
            message = msg::event_name_elsewhere(n.text, sources, m_aws.sources_of(n.text));
        else
            message = msg::unknown_event_name(n.text, sources, suggestion);
        m_out.add(make_finding(m_facts, Severity::Error, codes::validate_unknown_event_name, std::move(message), file, n.line,
                               n.column, kind, id));
    }

    const PackFacts& m_facts;
    const AwsTables& m_aws;
    LoadResult& m_out;
};

} // namespace

void check_aws_names(const PackFacts& facts, const AwsTables& aws, LoadResult& out) {
    NameCheck check(facts, aws, out);
    for (const auto& doc : facts.rules) {
        const rules::RuleAst* rule = doc.rule();
        if (doc.reused() || !rule) continue;
        std::vector<Group> groups;
        for (const auto& named : rule->detections) collect_groups(facts, named.detection, groups);
        check.check(groups, doc.file(), "rule", doc.label());
    }
    for (const auto& parser : facts.parsers()) {
        std::vector<Group> groups;
        for (const auto& type : parser.activity_types) {
            Group g;
            for (const auto& w : type.when)
                if (!w.exists_test)
                    for (const auto& v : w.values) add_literal(g, w.field, v, {w.mark.line, w.mark.column});
            groups.push_back(std::move(g));
        }
        check.check(groups, parser.file, "parser", parser.name);
    }
    for (const auto* model : facts.models) {
        if (model->pack != facts.info.id || !model->train_when) continue;
        std::vector<Group> groups;
        collect_yaml_groups(facts, *model->train_when, groups);
        check.check(groups, model->file, "model", model->id);
    }
}

} // namespace trailproof::harness
