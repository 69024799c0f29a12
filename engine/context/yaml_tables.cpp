// Users and zones tables in YAML (yaml-cpp stays in this file):
//
//   users:                        zones:
//     - user: alice                 - {cidr: 10.0.0.0/8, zone: aws-vpc}
//       peer_group: engineering
//       privileged: true
//
// Keys are the CSV column names, values scalars (null = empty), so both formats
// go through the same row checks.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <deque>

#include "core/diagnostic_codes.h"
#include "context/context_messages.h"
#include "context/table_data.h"

namespace trailproof::context {

namespace {

SourcePos pos_of(const YAML::Node& node) {
    const YAML::Mark m = node.Mark();
    if (m.line < 0) return {};
    return {m.line + 1, m.column + 1};
}

std::string_view type_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "null";
    default: return "nothing";
    }
}

template <std::size_t N>
bool known(const std::string_view (&columns)[N], std::string_view name) {
    return std::find(std::begin(columns), std::end(columns), name) != std::end(columns);
}

} // namespace

void read_yaml_table(const TableSource& source, TableData& out, TableDiagnostics& diag) {
    YAML::Node root;
    try {
        root = YAML::Load(source.text);
    } catch (const YAML::ParserException& e) {
        diag.error(codes::load_yaml_parse, e.msg, {e.mark.line + 1, e.mark.column + 1});
        return;
    }
    if (!root.IsMap() || root.size() != 1) {
        diag.error(codes::context_unknown_table, msg::unknown_yaml_table(), root.IsDefined() ? pos_of(root) : SourcePos{});
        return;
    }
    const auto top = root.begin();
    const std::string key = top->first.IsScalar() ? top->first.Scalar() : std::string();
    if (key == "users") {
        out.kind = TableKind::Users;
    } else if (key == "zones") {
        out.kind = TableKind::Zones;
    } else {
        diag.error(codes::context_unknown_table, msg::unknown_yaml_table(), pos_of(top->first));
        return;
    }
    const YAML::Node list = top->second;
    if (!list.IsSequence()) {
        diag.error(codes::load_wrong_type, msg::quoted(key) + " must be a list, found " + std::string(type_name(list)),
                   pos_of(list));
        return;
    }
    const std::string_view entry_name = out.kind == TableKind::Users ? "a users entry" : "a zones entry";
    std::deque<std::string> texts; // keeps cell values alive while a row is built
    std::vector<Cell> cells;
    for (const YAML::Node& item : list) {
        if (!item.IsMap()) {
            diag.error(codes::load_wrong_type,
                       std::string(entry_name) + " must be a mapping, found " + std::string(type_name(item)),
                       pos_of(item));
            continue;
        }
        cells.clear();
        texts.clear();
        bool ok = true;
        for (const auto& kv : item) {
            const std::string name = kv.first.Scalar();
            const bool is_known = out.kind == TableKind::Users ? known(k_user_columns, name)
                                                               : known(k_zone_columns, name);
            if (!is_known) {
                diag.warning(codes::load_unknown_key, "unknown key " + msg::quoted(name) + " is ignored", pos_of(kv.first));
                continue;
            }
            if (!kv.second.IsScalar() && !kv.second.IsNull()) {
                diag.error(codes::load_wrong_type,
                           msg::quoted(name) + " must be a scalar, found " + std::string(type_name(kv.second)),
                           pos_of(kv.second));
                ok = false;
                continue;
            }
            const std::string& column = texts.emplace_back(name);
            const std::string& value = texts.emplace_back(kv.second.IsNull() ? std::string() : kv.second.Scalar());
            // A null value has no mark of its own: point at its key.
            cells.push_back(Cell{column, value, kv.second.IsNull() ? pos_of(kv.first) : pos_of(kv.second)});
        }
        const std::vector<std::string_view> required =
            out.kind == TableKind::Users ? std::vector<std::string_view>{"user"}
                                         : std::vector<std::string_view>{"cidr", "zone"};
        for (std::string_view r : required) {
            const bool present =
                std::any_of(cells.begin(), cells.end(), [&](const Cell& c) { return c.column == r; }) ||
                item[std::string(r)].IsDefined();
            if (!present) {
                diag.error(codes::load_missing_key, "missing required key " + msg::quoted(r), pos_of(item));
                ok = false;
            }
        }
        if (!ok) continue;
        if (out.kind == TableKind::Users) {
            UserRow u;
            if (build_user_row(cells, u, diag)) out.users.push_back(std::move(u));
        } else {
            ZoneRow z;
            if (build_zone_row(cells, z, diag)) out.zones.push_back(std::move(z));
        }
    }
}

} // namespace trailproof::context
