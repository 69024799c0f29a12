#include "core/diagnostic_codes.h"
#include "load/pack_reader.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "core/edit_distance.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

using yaml::ContextScope;
using yaml::YamlEntry;
using yaml::YamlKind;
using yaml::YamlNode;

namespace {

constexpr std::array<std::string_view, 15> k_pack_keys = {"id",         "title",   "vendor",    "description", "source", "reference",
                                                           "sigma",      "field_map", "field_derived", "documented",
                                                           "context",    "version", "reuse",     "principal", "alerting"};

// "; did you mean 'sigma'?" for an unknown pack.yml key: the closest known key,
// or the key a name that documentation once used stands for (`plain_sigma`).
std::string pack_key_hint(std::string_view key) {
    if (key == "plain_sigma") return did_you_mean("sigma", {"sigma"}, 1, false);
    return did_you_mean(key, std::vector<std::string_view>(k_pack_keys.begin(), k_pack_keys.end()), 3, true);
}

class PackReader : public yaml::YamlDecoder {
public:
    using YamlDecoder::YamlDecoder;

    void read(const YamlNode& root, PackInfo& pack) {
        if (root.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "pack.yml must be a mapping", root.pos);
            return;
        }
        if (const YamlEntry* id = root.find("id"); id && id->value.kind == YamlKind::Scalar)
            m_sink.set_item("pack", id->value.text);
        check_duplicate_keys(root);
        for (const auto& e : root.entries)
            if (std::find(k_pack_keys.begin(), k_pack_keys.end(), e.key.text) == k_pack_keys.end())
                m_sink.warning(codes::load_unknown_key, "unknown key '" + e.key.text + "' in pack.yml" + pack_key_hint(e.key.text),
                                 e.key.pos);
        if (const YamlEntry* e = root.find("field_derived")) read_derived(*e, pack);
        if (const YamlEntry* e = root.find("reuse")) read_reuse(*e, pack);
        read_string(root, "id", pack.id, true);
        read_string(root, "title", pack.title, true);
        read_string(root, "vendor", pack.vendor, false);
        read_string(root, "reference", pack.reference, false);
        if (const YamlEntry* e = root.find("sigma"))
            if (auto v = read_bool(*e)) pack.plain_sigma = *v;
        if (const YamlEntry* e = root.find("field_map")) read_field_map(*e, pack);
        if (const YamlEntry* e = root.find("principal")) read_principal(*e, pack);
        std::string alerting;
        yaml::SourcePos alerting_pos;
        if (read_string(root, "alerting", alerting, false, &alerting_pos)) {
            if (alerting == "risk-based") pack.risk_based = true;
            else if (alerting != "standalone")
                m_sink.error(codes::pack_bad_alerting,
                             "alerting '" + alerting + "' is not one of risk-based, standalone", alerting_pos);
        }
    }

private:
    // A scalar or a list of scalars, as a list.
    static std::vector<std::string> strings(const YamlNode& n) {
        std::vector<std::string> out;
        if (n.kind == YamlKind::Scalar) out.push_back(n.text);
        else if (n.kind == YamlKind::Sequence)
            for (const auto& v : n.items) out.push_back(v.text);
        return out;
    }

    // `principal: {resolve: true|false, human_roles: [name, 'prefix*', ...]}`.
    void read_principal(const YamlEntry& e, PackInfo& pack) {
        ContextScope scope(m_sink, "principal");
        if (e.value.kind != YamlKind::Map) {
            wrong_type(e, "a mapping with 'resolve' and 'human_roles'");
            return;
        }
        for (const auto& kv : e.value.entries)
            if (kv.key.text != "resolve" && kv.key.text != "human_roles")
                m_sink.warning(codes::load_unknown_key, "unknown key '" + kv.key.text + "' in 'principal'", kv.key.pos);
        if (const YamlEntry* r = e.value.find("resolve"))
            if (auto v = read_bool(*r)) pack.principal.resolve = *v;
        (void)read_string_list(e.value, "human_roles", pack.principal.human_roles);
    }

    void read_derived(const YamlEntry& e, PackInfo& pack) {
        if (e.value.kind != YamlKind::Sequence) {
            wrong_type(e, "a list");
            return;
        }
        for (const auto& item : e.value.items) {
            const YamlEntry* field = item.kind == YamlKind::Map ? item.find("field") : nullptr;
            if (!field || field->value.kind != YamlKind::Scalar ||
                (!item.find("value") && !(item.find("path") && item.find("translate")))) {
                m_sink.error(codes::load_wrong_type,
                             "a field_derived entry needs 'field' and either 'value' or 'path' with 'translate'",
                             item.pos);
                continue;
            }
            enrich::DerivedFieldInfo info;
            info.field = field->value.text;
            if (const YamlEntry* when = item.find("when"); when && when->value.kind == YamlKind::Map)
                for (const auto& kv : when->value.entries) info.when.emplace_back(kv.key.text, strings(kv.value));
            if (const YamlEntry* v = item.find("value")) info.values = strings(v->value);
            if (const YamlEntry* p = item.find("path")) info.path = p->value.text;
            if (const YamlEntry* tr = item.find("translate"); tr && tr->value.kind == YamlKind::Map)
                for (const auto& kv : tr->value.entries) info.translate[kv.key.text] = strings(kv.value);
            pack.derived.push_back(std::move(info));
        }
    }

    void read_reuse(const YamlEntry& e, PackInfo& pack) {
        ReuseInfo& reuse = pack.reuse;
        reuse.declared = true;
        reuse.pos = e.value.pos;
        const YamlEntry* from = e.value.kind == YamlKind::Map ? e.value.find("pack") : nullptr;
        if (!from || from->value.kind != YamlKind::Scalar) {
            m_sink.error(codes::load_wrong_type, "'reuse' must be a mapping with 'pack', 'rules' and 'models'",
                         e.value.kind == YamlKind::Null ? e.key.pos : e.value.pos);
            return;
        }
        reuse.pack = from->value.text;
        reuse.pack_pos = from->value.pos;
        for (auto [key, ids, positions] : {std::tuple{"rules", &reuse.rules, &reuse.rule_pos},
                                           std::tuple{"models", &reuse.models, &reuse.model_pos}}) {
            const YamlEntry* list = e.value.find(key);
            if (!list) continue;
            if (list->value.kind != YamlKind::Sequence) {
                m_sink.error(codes::load_wrong_type, std::string("'reuse.") + key + "' must be a list of ids",
                             list->value.pos);
                continue;
            }
            for (const auto& id : list->value.items) {
                ids->push_back(id.text);
                positions->push_back(id.pos);
            }
        }
    }

    // `name: path`, or `name: {path: P, fallback: Q, only_if: ip|hostname, transform: json_string}`.
    // Only `path` is applied so far; the other options are reported, not silently dropped.
    void read_field_map(const YamlEntry& e, PackInfo& pack) {
        if (e.value.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "'field_map' must be a mapping of field names", e.value.pos);
            return;
        }
        for (const auto& kv : e.value.entries) {
            const std::string& name = kv.key.text;
            if (kv.value.kind == YamlKind::Scalar) {
                pack.field_map.add(name, kv.value.text);
                continue;
            }
            const YamlEntry* path = kv.value.kind == YamlKind::Map ? kv.value.find("path") : nullptr;
            if (!path || path->value.kind != YamlKind::Scalar) {
                m_sink.error(codes::load_wrong_type, "field_map values must be a field name or a map with 'path'",
                             kv.value.pos);
                continue;
            }
            pack.field_map.add(name, path->value.text);
            for (const auto& opt : kv.value.entries) {
                const std::string& key = opt.key.text;
                if (key == "path") continue;
                // json_string needs nothing more: object values match through their JSON text.
                if (key == "transform" && opt.value.kind == YamlKind::Scalar && opt.value.text == "json_string")
                    continue;
                if (key == "fallback" || key == "only_if" || key == "transform")
                    m_sink.warning(codes::pack_field_map_option_ignored,
                                   "field_map option '" + key + "' of '" + name +
                                       "' is not applied yet; only 'path' is used",
                                   opt.key.pos);
                else
                    m_sink.warning(codes::load_unknown_key, "unknown field_map option '" + key + "'", opt.key.pos);
            }
        }
    }
};

} // namespace

void read_pack_yml(std::string_view text, const std::string& file, PackInfo& pack,
                   std::optional<yaml::YamlNode>& documented, LoadResult& result) {
    yaml::DiagnosticSink sink(result, file, text, "");
    sink.set_item("pack", "");
    yaml::YamlReadResult doc = yaml::read_yaml_documents(text);
    if (doc.failed) {
        sink.error(codes::load_yaml_parse, doc.error, doc.error_pos);
        return;
    }
    if (doc.documents.empty()) {
        sink.error(codes::load_wrong_type, "pack.yml must be a mapping", {1, 1});
        return;
    }
    const YamlNode& root = doc.documents.front().root;
    PackReader(sink).read(root, pack);
    if (const YamlEntry* e = root.kind == YamlKind::Map ? root.find("documented") : nullptr) documented = e->value;
}

} // namespace trailproof::load
