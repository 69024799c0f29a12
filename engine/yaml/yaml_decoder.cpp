#include "core/diagnostic_codes.h"
#include "yaml/yaml_decoder.h"

#include <algorithm>

#include "yaml/yaml_scalar.h"

namespace trailproof::yaml {

std::string YamlDecoder::scalar_text(const YamlNode& map, std::string_view key) {
    const YamlEntry* e = map.find(key);
    return e && e->value.kind == YamlKind::Scalar ? e->value.text : std::string();
}

std::string_view YamlDecoder::kind_name(const YamlNode& n) const noexcept {
    switch (n.kind) {
    case YamlKind::Sequence: return m_wording.list;
    case YamlKind::Map: return m_wording.map;
    case YamlKind::Scalar:
    case YamlKind::Null: break;
    }
    return n.kind_name();
}

std::string YamlDecoder::found(const YamlNode& n) const {
    if (n.kind != YamlKind::Scalar || !m_wording.scalar_text) return std::string(kind_name(n));
    if (m_wording.max_text > 3 && n.text.size() > m_wording.max_text)
        return "'" + n.text.substr(0, m_wording.max_text - 3) + "...'";
    return "'" + n.text + "'";
}

void YamlDecoder::wrong_type(const YamlEntry& e, std::string_view expected) {
    std::string message = m_wording.expected_first
                              ? "expected " + std::string(expected) + " for '" + e.key.text + "', found " + found(e.value)
                              : "'" + e.key.text + "' must be " + std::string(expected) + ", found " + found(e.value);
    m_sink.error(codes::load_wrong_type, std::move(message), e.value.kind == YamlKind::Null ? e.key.pos : e.value.pos);
}

// A required or optional string; a present non-scalar is a type error.
bool YamlDecoder::read_string(const YamlNode& map, std::string_view key, std::string& out, bool required,
                              SourcePos* pos) {
    const YamlEntry* e = map.find(key);
    if (!e) {
        if (required) m_sink.error(codes::load_missing_key, "missing required key '" + std::string(key) + "'", map.pos);
        return false;
    }
    if (e->value.kind != YamlKind::Scalar) {
        wrong_type(*e, "a string");
        return false;
    }
    out = e->value.text;
    if (pos) *pos = e->value.pos;
    return true;
}

// A sequence of scalars (or, when `allow_scalar`, one scalar).
bool YamlDecoder::read_string_list(const YamlNode& map, std::string_view key, std::vector<std::string>& out,
                                   bool allow_scalar, std::vector<SourcePos>* positions) {
    const YamlEntry* e = map.find(key);
    if (!e) return false;
    if (allow_scalar && e->value.kind == YamlKind::Scalar) {
        out.push_back(e->value.text);
        if (positions) positions->push_back(e->value.pos);
        return true;
    }
    if (e->value.kind != YamlKind::Sequence) {
        wrong_type(*e, "a list of strings");
        return false;
    }
    for (const auto& item : e->value.items) {
        if (item.kind != YamlKind::Scalar) {
            m_sink.error(codes::load_wrong_type,
                         "'" + e->key.text + "' must be a list of strings, found " + found(item) + " in it", item.pos);
            return false;
        }
        out.push_back(item.text);
        if (positions) positions->push_back(item.pos);
    }
    return true;
}

std::optional<bool> YamlDecoder::read_bool(const YamlEntry& e) {
    if (e.value.plain()) {
        if (is_yaml11_true(e.value.text)) return true;
        if (is_yaml11_false(e.value.text)) return false;
    }
    wrong_type(e, "true or false");
    return std::nullopt;
}

// `key: {name: scalar, ...}` -> name -> text (facts:, session:); the models stage checks them.
void YamlDecoder::read_scalar_map(const YamlNode& root, std::string_view key, std::map<std::string, std::string>& out) {
    const YamlEntry* e = root.find(key);
    if (!e) return;
    if (e->value.kind != YamlKind::Map) {
        wrong_type(*e, "a map of scalars");
        return;
    }
    for (const auto& entry : e->value.entries) {
        if (entry.value.kind != YamlKind::Scalar) {
            wrong_type(entry, "a scalar");
            continue;
        }
        out[entry.key.text] = entry.value.text;
    }
}

void YamlDecoder::duplicate_key(const YamlNode& key, const YamlNode& first) {
    std::string message = "duplicate key '" + key.text + "'";
    if (m_wording.duplicate_names_first) message += " (first at line " + std::to_string(first.pos.line) + ")";
    m_sink.error(codes::load_duplicate_key, std::move(message), key.pos);
}

void YamlDecoder::check_duplicate_keys(const YamlNode& node, bool nested) {
    if (node.kind == YamlKind::Map) {
        for (std::size_t i = 0; i < node.entries.size(); ++i) {
            const YamlNode& key = node.entries[i].key;
            for (std::size_t j = 0; j < i; ++j) {
                const YamlNode& earlier = node.entries[j].key;
                if (key.kind == YamlKind::Scalar && earlier.kind == YamlKind::Scalar && key.text == earlier.text) {
                    duplicate_key(key, earlier);
                    break;
                }
            }
            if (nested) check_duplicate_keys(node.entries[i].value);
        }
    } else if (node.kind == YamlKind::Sequence && nested) {
        for (const auto& item : node.items) check_duplicate_keys(item);
    }
}

std::vector<const YamlEntry*> YamlDecoder::unique_entries(const YamlNode& map) {
    std::vector<const YamlEntry*> out;
    for (const auto& e : map.entries) {
        if (e.key.kind != YamlKind::Scalar) {
            m_sink.error(codes::load_wrong_type,
                         m_wording.expected_first ? "expected a string key, found " + found(e.key)
                                                  : "a key must be a string, found " + found(e.key),
                         e.key.pos);
            continue;
        }
        const auto first =
            std::find_if(out.begin(), out.end(), [&](const YamlEntry* seen) { return seen->key.text == e.key.text; });
        if (first != out.end()) {
            duplicate_key(e.key, (*first)->key);
            continue;
        }
        out.push_back(&e);
    }
    return out;
}

} // namespace trailproof::yaml
