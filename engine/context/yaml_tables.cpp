// Users and zones tables in YAML, read through engine/yaml:
//
//   users:                        zones:
//     - user: alice                 - {cidr: 10.0.0.0/8, zone: aws-vpc}
//       peer_group: engineering
//       privileged: true
//
// Keys are the CSV column names, values scalars (null = empty), so both formats
// go through the same row checks. A repeated key is an error, as a repeated
// column is in CSV.

#include "core/diagnostic_codes.h"
#include "context/context_messages.h"
#include "context/table_data.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_tree.h"

namespace trailproof::context {

namespace {

using yaml::YamlEntry;
using yaml::YamlKind;
using yaml::YamlNode;

// The context tables' wording: "'zones' must be a list, found a scalar", "a mapping".
constexpr yaml::DecoderWording k_table_wording{.scalar_text = false, .map = "a mapping"};

} // namespace

void read_yaml_table(const TableSource& source, TableData& out, TableDiagnostics& diag,
                     const yaml::YamlLimits& limits) {
    const yaml::YamlReadResult parsed = yaml::read_yaml_documents(source.text, limits);
    if (parsed.failed) {
        diag.error(codes::load_yaml_parse, parsed.error, parsed.error_pos);
        return;
    }
    // A table is one document: only the first is read (later ones never were).
    const YamlNode* root = parsed.documents.empty() ? nullptr : &parsed.documents.front().root;
    if (!root || root->kind != YamlKind::Map || root->entries.size() != 1) {
        diag.error(codes::context_unknown_table, msg::unknown_yaml_table(), root ? root->pos : SourcePos{});
        return;
    }
    yaml::YamlDecoder decoder(diag, k_table_wording);
    const YamlEntry& top = root->entries.front();
    const std::string key = top.key.kind == YamlKind::Scalar ? top.key.text : std::string();
    if (key == "users") {
        out.kind = TableKind::Users;
    } else if (key == "zones") {
        out.kind = TableKind::Zones;
    } else {
        diag.error(codes::context_unknown_table, msg::unknown_yaml_table(), top.key.pos);
        return;
    }
    if (top.value.kind != YamlKind::Sequence) {
        decoder.wrong_type(top, "a list");
        return;
    }
    const std::string_view entry_name = out.kind == TableKind::Users ? "a users entry" : "a zones entry";
    const std::vector<std::string_view> required = required_columns(out.kind);
    std::vector<Cell> cells; // views into the tree, which outlives each row
    for (const YamlNode& item : top.value.items) {
        if (item.kind != YamlKind::Map) {
            diag.error(codes::load_wrong_type,
                       std::string(entry_name) + " must be a mapping, found " + std::string(decoder.kind_name(item)),
                       item.pos);
            continue;
        }
        const std::size_t errors_before = diag.error_count();
        cells.clear();
        for (const YamlEntry* kv : decoder.unique_entries(item)) {
            const std::string& name = kv->key.text;
            if (!is_known_column(out.kind, name)) {
                diag.warning(codes::load_unknown_key, "unknown key " + msg::quoted(name) + " is ignored", kv->key.pos);
                continue;
            }
            if (kv->value.kind != YamlKind::Scalar && kv->value.kind != YamlKind::Null) {
                decoder.wrong_type(*kv, "a scalar");
                continue;
            }
            // A null value has no position of its own: point at its key.
            const bool empty = kv->value.kind == YamlKind::Null;
            cells.push_back(Cell{name, empty ? std::string_view() : std::string_view(kv->value.text),
                                 empty ? kv->key.pos : kv->value.pos});
        }
        for (std::string_view r : required)
            if (!item.find(r)) diag.error(codes::load_missing_key, "missing required key " + msg::quoted(r), item.pos);
        if (diag.error_count() != errors_before) continue;
        add_row(cells, out, diag);
    }
}

} // namespace trailproof::context
