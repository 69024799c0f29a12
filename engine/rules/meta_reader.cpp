#include "core/diagnostic_codes.h"
#include "rules/meta_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>

#include "core/ascii.h"
#include "yaml/yaml_scalar.h"
#include "core/uuid.h"

namespace trailproof::rules {

namespace {

// ^[a-z0-9_-]+\.[a-z0-9._-]+$ (JS-r)
bool is_valid_tag(std::string_view s) {
    const auto dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                        (c == '.' && i > dot) || i == dot;
        if (!ok) return false;
    }
    return true;
}

// attack.tNNNN or attack.tNNNN.NNN -> "TNNNN[.NNN]"
std::optional<std::string> technique_of(std::string_view tag) {
    if (!tag.starts_with("attack.t")) return std::nullopt;
    const std::string_view t = tag.substr(8);
    auto digits = [](std::string_view d, std::size_t n) {
        return d.size() == n && d.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (digits(t, 4) || (t.size() == 8 && digits(t.substr(0, 4), 4) && t[4] == '.' && digits(t.substr(5), 3)))
        return "T" + std::string(t);
    return std::nullopt;
}

constexpr std::array<std::string_view, 14> k_tactics = {
    "reconnaissance",       "resource-development", "initial-access",    "execution", "persistence",
    "privilege-escalation", "defense-evasion",      "credential-access", "discovery", "lateral-movement",
    "collection",           "command-and-control",  "exfiltration",      "impact",
};

bool valid_date(std::string_view s, char sep) {
    if (s.size() != 10 || s[4] != sep || s[7] != sep) return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (s[i] < '0' || s[i] > '9') return false;
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

} // namespace

void MetaReader::read_document_meta(const YamlNode& root, const RuleSource& source, DocumentMeta& out,
                                    SourcePos& id_pos, SourcePos& name_pos, MetaPositions& pos) {
    out.file = source.file;
    out.pack = source.pack;
    out.line = root.pos.line;
    read_common(root, out, id_pos, name_pos);
    read_tags(root, out, pos);
}

void MetaReader::read_common(const YamlNode& root, DocumentMeta& out, SourcePos& id_pos, SourcePos& name_pos) {
    std::string &title = out.title, &id = out.id, &name = out.name, &status = out.status, &level = out.level,
                &description = out.description, &author = out.author;
    const SourcePos doc_pos = root.pos;
    SourcePos title_pos;
    if (read_string(root, "title", title, true, &title_pos) && title.size() > 256)
        m_sink.error(codes::rule_bad_metadata,
                     "title is " + std::to_string(title.size()) + " characters long; at most 256 are allowed",
                     title_pos);
    if (read_string(root, "id", id, false, &id_pos) && m_options.require_uuid_ids && !is_uuid(id))
        m_sink.error(codes::rule_bad_id, "id '" + id + "' is not a UUID (this pack is plain Sigma)", id_pos);
    if (!root.find("id")) id_pos = doc_pos;
    if (read_string(root, "name", name, false, &name_pos) && name.empty())
        m_sink.error(codes::rule_bad_metadata, "name must not be empty", name_pos);
    static constexpr std::array<std::string_view, 5> k_status = {"stable", "test", "experimental", "deprecated",
                                                                 "unsupported"};
    static constexpr std::array<std::string_view, 5> k_levels = {"informational", "low", "medium", "high", "critical"};
    read_enum(root, "status", k_status, codes::rule_bad_status, status);
    read_enum(root, "level", k_levels, codes::rule_bad_level, level);
    SourcePos pos;
    if (read_string(root, "description", description, false, &pos) && description.size() > 65535)
        m_sink.error(codes::rule_bad_metadata, "description is longer than 65535 characters", pos);
    read_string(root, "author", author, false);
    std::string ignored;
    read_string(root, "taxonomy", ignored, false);
    read_string(root, "license", ignored, false);
}

void MetaReader::read_enum(const YamlNode& root, std::string_view key, std::span<const std::string_view> allowed,
                           std::string_view code, std::string& out) {
    SourcePos pos;
    if (!read_string(root, key, out, false, &pos)) return;
    const std::string lowered = ascii_lowered(out);
    if (std::find(allowed.begin(), allowed.end(), lowered) != allowed.end()) {
        out = lowered;
        return;
    }
    std::string message = std::string(key) + " '" + out + "' is not one of ";
    for (std::size_t i = 0; i < allowed.size(); ++i) message += (i ? ", " : "") + std::string(allowed[i]);
    m_sink.error(code, std::move(message), pos);
}

void MetaReader::read_tags(const YamlNode& root, DocumentMeta& m, MetaPositions& pos) {
    std::vector<SourcePos>& positions = pos.tags;
    if (!read_string_list(root, "tags", m.tags, false, &positions)) return;
    for (std::size_t i = 0; i < m.tags.size(); ++i) {
        const std::string& tag = m.tags[i];
        if (!is_valid_tag(tag)) {
            m_sink.error(codes::rule_bad_tag,
                         "tag '" + tag + "' must look like namespace.name (lowercase letters, digits, '_', '-', '.')",
                         positions[i]);
            continue;
        }
        if (auto t = technique_of(tag)) {
            m.techniques.push_back(ascii_uppered(*t));
            continue;
        }
        if (!tag.starts_with("attack.")) continue;
        const std::string name = tag.substr(7);
        std::string hyphenated = name;
        std::replace(hyphenated.begin(), hyphenated.end(), '_', '-');
        if (std::find(k_tactics.begin(), k_tactics.end(), hyphenated) == k_tactics.end()) continue;
        m.tactics.push_back(name);
        if (hyphenated != name)
            m_sink.warning(codes::rule_v1_tactic,
                           "tag '" + tag + "' uses the v1 underscore form; Sigma v2 writes 'attack." + hyphenated + "'",
                           positions[i]);
    }
}

void MetaReader::read_dates(const YamlNode& root) {
    for (std::string_view key : {"date", "modified"}) {
        std::string value;
        SourcePos pos;
        if (!read_string(root, key, value, false, &pos)) continue;
        if (valid_date(value, '-')) continue;
        if (valid_date(value, '/')) {
            std::string fixed = value;
            std::replace(fixed.begin(), fixed.end(), '/', '-');
            m_sink.warning(codes::rule_legacy_date,
                           std::string(key) + " '" + value + "' uses the v1 format YYYY/MM/DD; write " + fixed, pos);
            continue;
        }
        m_sink.error(codes::rule_bad_date, std::string(key) + " '" + value + "' is not a date (YYYY-MM-DD)", pos);
    }
}

void MetaReader::read_optional_lists(const YamlNode& root, DocumentMeta& out) {
    read_string_list(root, "references", out.references);
    std::vector<std::string> ignored;
    for (std::string_view key : {"fields", "falsepositives", "scope"})
        read_string_list(root, key, ignored);
}

void MetaReader::read_related(const YamlNode& root) {
    const YamlEntry* e = root.find("related");
    if (!e) return;
    if (e->value.kind != YamlKind::Sequence) {
        wrong_type(*e, "a list of {id, type} maps");
        return;
    }
    static constexpr std::array<std::string_view, 5> k_types = {"derived", "obsolete", "merged", "renamed", "similar"};
    for (const auto& item : e->value.items) {
        if (item.kind != YamlKind::Map || !item.find("id") || !item.find("type")) {
            m_sink.error(codes::rule_bad_metadata, "each 'related' entry needs 'id' and 'type'", item.pos);
            continue;
        }
        const YamlEntry* type = item.find("type");
        if (std::find(k_types.begin(), k_types.end(), type->value.text) == k_types.end())
            m_sink.error(codes::rule_bad_metadata,
                         "related type '" + type->value.text +
                             "' is not one of derived, obsolete, merged, renamed, similar",
                         type->value.pos);
    }
}

void MetaReader::read_logsource(const YamlNode& root, RuleMeta& m) {
    const YamlEntry* e = root.find("logsource");
    if (!e) {
        m_sink.error(codes::load_missing_key, "missing required key 'logsource'", root.pos);
        return;
    }
    if (e->value.kind != YamlKind::Map) {
        wrong_type(*e, "a map");
        return;
    }
    for (const auto& entry : e->value.entries)
        if (entry.value.kind != YamlKind::Scalar) {
            wrong_type(entry, "a string");
            return;
        }
    m.logsource_product = scalar_text(e->value, "product");
    m.logsource_service = scalar_text(e->value, "service");
    m.logsource_category = scalar_text(e->value, "category");
    if (m.logsource_product.empty() && m.logsource_service.empty() && m.logsource_category.empty())
        m_sink.error(codes::rule_bad_logsource, "logsource needs at least one of category, product or service", e->key.pos);
}

void MetaReader::read_labels(const YamlNode& root, DocumentMeta& m, MetaPositions& pos) {
    read_string_list(root, "use_cases", m.use_cases, true, &pos.use_cases);
    read_string_list(root, "activity_types", m.activity_types, true, &pos.activity_types);
    read_string(root, "effort", m.effort, false);
    read_string(root, "cloudtrail_relevance", m.cloudtrail_relevance, false, &pos.cloudtrail_relevance);
    read_string(root, "cloudtrail_relevance_reason", m.cloudtrail_relevance_reason, false);
}

void MetaReader::read_extensions(const YamlNode& root, RuleMeta& m, MetaPositions& pos) {
    if (const YamlEntry* e = root.find("score")) {
        const yaml::TypedScalar v = yaml::typed_value(e->value);
        if (v.type != yaml::TypedScalar::Type::Number || v.number != std::floor(v.number) || std::abs(v.number) > 1e9)
            wrong_type(*e, "an integer");
        else
            m.score = static_cast<int>(v.number);
    }
    SourcePos alerting_pos;
    if (read_string(root, "alerting", m.alerting, false, &alerting_pos) && m.alerting != "risk-based" &&
        m.alerting != "standalone") {
        m_sink.error(codes::pack_bad_alerting, "alerting '" + m.alerting + "' is not one of risk-based, standalone",
                     alerting_pos);
        m.alerting.clear();
    }
    read_labels(root, m, pos);
    read_scalar_map(root, "facts", m.facts);
    read_scalar_map(root, "session", m.session_params);
    const YamlEntry* model = root.find("model");
    if (!model) return;
    if (model->value.kind != YamlKind::Map) {
        wrong_type(*model, "a map with 'ref' and 'trigger'");
        return;
    }
    bool ok = read_string(model->value, "ref", m.model_ref, true, &pos.model_ref);
    SourcePos trigger_pos;
    if (read_string(model->value, "trigger", m.model_trigger, true, &trigger_pos) && ok) {
        if (m.model_trigger != "first_time" && m.model_trigger != "abnormal" && m.model_trigger != "nth_new")
            m_sink.error(codes::rule_bad_model,
                         "model trigger '" + m.model_trigger + "' is not one of first_time, abnormal, nth_new",
                         trigger_pos);
    }
    for (const auto& entry : model->value.entries) {
        if (entry.key.text == "ref" || entry.key.text == "trigger") continue;
        if (entry.value.kind != YamlKind::Scalar && entry.value.kind != YamlKind::Null) {
            m_sink.error(codes::rule_bad_model, "model parameter '" + entry.key.text + "' must be a scalar",
                         entry.value.pos);
            continue;
        }
        m.model_params[entry.key.text] = entry.value.text;
    }
}

} // namespace trailproof::rules
