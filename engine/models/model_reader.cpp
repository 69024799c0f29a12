#include "core/diagnostic_codes.h"
#include "models/model_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "yaml/yaml_decoder.h"
#include "yaml/yaml_scalar.h"
#include "yaml/yaml_tree.h"

namespace trailproof::models {

using yaml::DiagnosticSink;
using yaml::SourcePos;
using yaml::YamlEntry;
using yaml::YamlKind;
using yaml::YamlNode;

std::string_view scope_name(ScopeKind kind) noexcept {
    switch (kind) {
    case ScopeKind::User: return "user";
    case ScopeKind::PeerGroup: return "peer_group";
    case ScopeKind::Org: return "org";
    case ScopeKind::Host: return "host";
    case ScopeKind::Zone: return "zone";
    case ScopeKind::Fields: return "fields";
    }
    return "user";
}

namespace {

constexpr std::array<std::string_view, 10> k_model_keys = {
    "id",          "description", "scope",      "feature",    "activity_types",
    "train_when",  "convergence", "ageing_days", "max_values", "cloudtrail_relevance",
};

// DESIGN.md: "IDs with a `B-` prefix model the whole organization"; the brief adds the `-O` suffix.
bool org_id(std::string_view id) { return id.starts_with("B-") || id.ends_with("-O"); }

// The models' wording of a wrong type names the kind found ("found a scalar"), not its text.
constexpr yaml::DecoderWording k_model_wording{.scalar_text = false};

class Reader : public yaml::YamlDecoder {
public:
    Reader(DiagnosticSink& sink, std::shared_ptr<const std::string> text, std::string_view file, std::string_view pack,
           const yaml::YamlLimits& limits)
        : YamlDecoder(sink, k_model_wording), m_text(std::move(text)), m_file(file), m_pack(pack), m_limits(limits) {}

    void read(std::vector<ModelInfo>& out) {
        yaml::YamlReadResult parsed = yaml::read_yaml_documents(*m_text, m_limits);
        for (const auto& doc : parsed.documents) {
            if (doc.root.kind == YamlKind::Null) continue;
            read_document(doc.root, out);
        }
        if (parsed.failed) {
            m_sink.set_item("file", "");
            m_sink.error(codes::load_yaml_parse, "YAML syntax error: " + parsed.error, parsed.error_pos);
        }
    }

private:
    void read_document(const YamlNode& root, std::vector<ModelInfo>& out) {
        m_sink.set_item("file", "");
        if (root.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "a model file must be a map with 'models', found " +
                                                std::string(root.kind_name()),
                         root.pos);
            return;
        }
        check_duplicate_keys(root, false); // a model's keys are checked with its model
        for (const auto& entry : root.entries)
            if (entry.key.text != "models")
                m_sink.warning(codes::load_unknown_key, "unknown key '" + entry.key.text + "'", entry.key.pos);
        const YamlEntry* models = root.find("models");
        if (!models) {
            m_sink.error(codes::load_missing_key, "missing required key 'models'", root.pos);
            return;
        }
        if (models->value.kind == YamlKind::Null) return; // `models:` with nothing under it
        if (models->value.kind != YamlKind::Sequence) {
            wrong_type(*models, "a list of models");
            return;
        }
        for (const auto& item : models->value.items) {
            ModelInfo info;
            if (read_model(item, info)) out.push_back(std::move(info));
        }
    }

    bool read_model(const YamlNode& node, ModelInfo& m) {
        const YamlEntry* id_entry = node.kind == YamlKind::Map ? node.find("id") : nullptr;
        m_sink.set_item("model", id_entry && id_entry->value.kind == YamlKind::Scalar ? id_entry->value.text : "");
        const std::size_t errors_before = m_sink.error_count();
        if (node.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "a model must be a map, found " + std::string(node.kind_name()), node.pos);
            return false;
        }
        m.file = std::string(m_file);
        m.pack = std::string(m_pack);
        m.pos = node.pos;
        m.source_text = m_text;
        check_duplicate_keys(node, false);
        for (const auto& entry : node.entries) {
            // A repeated key inside the selection carries its context, like its other errors.
            std::optional<yaml::ContextScope> scope;
            if (entry.key.text == "train_when") scope.emplace(m_sink, "train_when");
            check_duplicate_keys(entry.value);
        }
        for (const auto& entry : node.entries)
            if (std::find(k_model_keys.begin(), k_model_keys.end(), entry.key.text) == k_model_keys.end())
                m_sink.warning(codes::load_unknown_key, "unknown model key '" + entry.key.text + "'", entry.key.pos);

        if (read_string(node, "id", m.id, true) && m.id.empty())
            m_sink.error(codes::model_bad_value, "id must not be empty", node.find("id")->value.pos);
        read_string(node, "description", m.description, false);
        read_string(node, "cloudtrail_relevance", m.cloudtrail_relevance, false);
        read_scope(node, m);
        read_feature(node, m);
        read_string_list(node, "activity_types", m.activity_types, true);
        if (const YamlEntry* e = node.find("train_when")) {
            if (e->value.kind == YamlKind::Map || e->value.kind == YamlKind::Sequence) {
                m.train_when = e->value;
                m.train_when_pos = e->key.pos;
            } else {
                wrong_type(*e, "a Sigma selection (a map, or a list of maps)");
            }
        }
        read_convergence(node, m);
        if (const YamlEntry* e = node.find("ageing_days"))
            if (auto v = read_count(*e, "ageing_days")) m.ageing_days = static_cast<std::uint32_t>(*v);
        if (const YamlEntry* e = node.find("max_values"))
            if (auto v = read_count(*e, "max_values")) {
                m.max_values = static_cast<std::uint32_t>(*v);
                m.max_values_given = true;
            }
        return m_sink.error_count() == errors_before;
    }

    void read_scope(const YamlNode& node, ModelInfo& m) {
        const YamlEntry* e = node.find("scope");
        if (!e) {
            if (org_id(m.id)) {
                m.scope = ScopeKind::Org;
                m.scope_pos = node.pos;
                return;
            }
            m_sink.error(codes::load_missing_key, "missing required key 'scope'", node.pos);
            return;
        }
        m.scope_pos = e->value.pos;
        if (e->value.kind == YamlKind::Scalar) {
            static constexpr std::array<std::pair<std::string_view, ScopeKind>, 5> k_scopes = {{
                {"user", ScopeKind::User},
                {"peer_group", ScopeKind::PeerGroup},
                {"org", ScopeKind::Org},
                {"host", ScopeKind::Host},
                {"zone", ScopeKind::Zone},
            }};
            auto it = std::find_if(k_scopes.begin(), k_scopes.end(), [&](auto& s) { return s.first == e->value.text; });
            if (it == k_scopes.end()) {
                m_sink.error(codes::model_bad_scope,
                             "scope '" + e->value.text +
                                 "' is not one of user, peer_group, org, host, zone or {fields: [...]}",
                             e->value.pos);
                return;
            }
            m.scope = it->second;
        } else if (e->value.kind == YamlKind::Map) {
            for (const auto& entry : e->value.entries)
                if (entry.key.text != "fields")
                    m_sink.warning(codes::load_unknown_key, "unknown scope key '" + entry.key.text + "'", entry.key.pos);
            const YamlEntry* fields = e->value.find("fields");
            if (!fields) {
                m_sink.error(codes::load_missing_key, "missing required key 'fields' in 'scope'", e->key.pos);
                return;
            }
            if (!read_string_list(e->value, "fields", m.scope_fields, true)) return;
            if (m.scope_fields.empty()) {
                m_sink.error(codes::model_bad_scope, "scope fields must name at least one field", fields->value.pos);
                return;
            }
            m.scope = ScopeKind::Fields;
        } else {
            wrong_type(*e, "a scope name or {fields: [...]}");
            return;
        }
        if (org_id(m.id) && m.scope != ScopeKind::Org)
            m_sink.error(codes::model_scope_mismatch,
                         "model '" + m.id + "' is an organization model (" +
                             (m.id.starts_with("B-") ? "'B-' prefix" : "'-O' suffix") + ") but its scope is " +
                             std::string(scope_name(m.scope)),
                         e->value.pos);
    }

    void read_feature(const YamlNode& node, ModelInfo& m) {
        const YamlEntry* e = node.find("feature");
        if (!e) {
            m_sink.error(codes::load_missing_key, "missing required key 'feature'", node.pos);
            return;
        }
        if (e->value.kind == YamlKind::Scalar) {
            m.feature.push_back(e->value.text);
            m.feature_pos.push_back(e->value.pos);
        } else if (e->value.kind == YamlKind::Sequence) {
            for (const auto& item : e->value.items) {
                if (item.kind != YamlKind::Scalar) {
                    m_sink.error(codes::load_wrong_type,
                                 "'feature' must be a field name or a list of field names, found " +
                                     std::string(item.kind_name()) + " in it",
                                 item.pos);
                    return;
                }
                m.feature.push_back(item.text);
                m.feature_pos.push_back(item.pos);
            }
        } else {
            wrong_type(*e, "a field name or a list of field names");
            return;
        }
        if (m.feature.empty()) {
            m_sink.error(codes::model_bad_feature, "feature must name at least one field", e->value.pos);
            return;
        }
        for (std::size_t i = 0; i < m.feature.size(); ++i) {
            if (m.feature[i].empty()) m_sink.error(codes::model_bad_feature, "a feature field name is empty", m.feature_pos[i]);
            for (std::size_t j = 0; j < i; ++j)
                if (m.feature[j] == m.feature[i]) {
                    m_sink.error(codes::model_bad_feature, "feature names '" + m.feature[i] + "' twice", m.feature_pos[i]);
                    break;
                }
        }
    }

    void read_convergence(const YamlNode& node, ModelInfo& m) {
        const YamlEntry* e = node.find("convergence");
        if (!e) return;
        if (e->value.kind != YamlKind::Map) {
            wrong_type(*e, "a map with alpha, confidence, min_observations and min_days");
            return;
        }
        for (const auto& entry : e->value.entries) {
            const std::string& key = entry.key.text;
            if (key == "alpha") {
                if (auto v = read_number(entry); v && !(*v > 0 && std::isfinite(*v)))
                    bad_value(entry, "a number greater than 0");
                else if (v)
                    m.alpha = *v;
            } else if (key == "confidence") {
                if (auto v = read_number(entry); v && !(*v > 0 && *v <= 1))
                    bad_value(entry, "a number greater than 0 and at most 1");
                else if (v)
                    m.confidence = *v;
            } else if (key == "min_observations") {
                if (auto v = read_count(entry, "min_observations")) m.min_observations = *v;
            } else if (key == "min_days") {
                if (auto v = read_count(entry, "min_days")) m.min_days = static_cast<std::uint32_t>(*v);
            } else {
                m_sink.warning(codes::load_unknown_key, "unknown convergence key '" + key + "'", entry.key.pos);
            }
        }
    }

    // ------------------------------------------------------------ the models' own value checks

    void bad_value(const YamlEntry& e, std::string_view expected) {
        m_sink.error(codes::model_bad_value, "'" + e.key.text + "' must be " + std::string(expected) + ", found '" +
                                            e.value.text + "'",
                     e.value.pos);
    }

    std::optional<double> read_number(const YamlEntry& e) {
        if (e.value.kind != YamlKind::Scalar) {
            wrong_type(e, "a number");
            return std::nullopt;
        }
        const yaml::TypedScalar v = yaml::typed_value(e.value);
        if (v.type != yaml::TypedScalar::Type::Number) {
            m_sink.error(codes::load_wrong_type, "'" + e.key.text + "' must be a number, found '" + e.value.text + "'",
                         e.value.pos);
            return std::nullopt;
        }
        return v.number;
    }

    // A whole number >= 1.
    std::optional<std::uint64_t> read_count(const YamlEntry& e, std::string_view) {
        auto v = read_number(e);
        if (!v) return std::nullopt;
        if (*v < 1 || *v != std::floor(*v) || *v > 4294967295.0) {
            bad_value(e, "a whole number from 1 to 4294967295");
            return std::nullopt;
        }
        return static_cast<std::uint64_t>(*v);
    }

    std::shared_ptr<const std::string> m_text;
    std::string_view m_file;
    std::string_view m_pack;
    const yaml::YamlLimits& m_limits;
};

} // namespace

LoadResult read_models(std::string_view yaml, std::string_view file, std::vector<ModelInfo>& out,
                       std::string_view pack, const yaml::YamlLimits& limits) {
    LoadResult result;
    auto text = std::make_shared<const std::string>(yaml);
    DiagnosticSink sink(result, file, *text, pack);
    Reader(sink, std::move(text), file, pack, limits).read(out);
    return result;
}

} // namespace trailproof::models
