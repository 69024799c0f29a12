// Row checks shared by the CSV and YAML readers, so both formats accept the same
// values and report them with the same words.

#include <algorithm>
#include <iterator>

#include "core/diagnostic_codes.h"
#include "core/ascii.h"
#include "context/context_messages.h"
#include "context/table_data.h"

namespace trailproof::context {

namespace {

// Flags: true/false, yes/no, 1/0 in any case; empty is false (a blank cell in a
// spreadsheet means "not set").
bool parse_flag(std::string_view text, bool& out) noexcept {
    if (text.empty() || iequals(text, "false") || iequals(text, "no") || text == "0") {
        out = false;
        return true;
    }
    if (iequals(text, "true") || iequals(text, "yes") || text == "1") {
        out = true;
        return true;
    }
    return false;
}

} // namespace

bool build_user_row(const std::vector<Cell>& cells, UserRow& out, TableDiagnostics& diag) {
    bool ok = true;
    out = UserRow{};
    for (const Cell& c : cells) {
        bool* flag = nullptr;
        if (c.column == "user") {
            out.pos = c.pos;
            if (c.value.empty()) {
                diag.error(codes::context_empty_value, msg::empty_value("user"), c.pos);
                ok = false;
            }
            out.record.user = std::string(c.value);
        } else if (c.column == "peer_group") {
            out.record.peer_group = std::string(c.value);
        } else if (c.column == "department") {
            out.record.department = std::string(c.value);
        } else if (c.column == "executive") {
            flag = &out.record.executive;
        } else if (c.column == "privileged") {
            flag = &out.record.privileged;
        } else if (c.column == "service_account") {
            flag = &out.record.service_account;
        } else if (c.column == "deactivated") {
            flag = &out.record.deactivated;
        }
        if (flag && !parse_flag(c.value, *flag)) {
            diag.error(codes::context_bad_boolean, msg::bad_boolean(c.value, c.column), c.pos);
            ok = false;
        }
    }
    return ok;
}

bool build_zone_row(const std::vector<Cell>& cells, ZoneRow& out, TableDiagnostics& diag) {
    bool ok = true;
    out = ZoneRow{};
    for (const Cell& c : cells) {
        if (c.column == "cidr") {
            out.pos = c.pos;
            std::string reason;
            if (c.value.empty()) {
                diag.error(codes::context_empty_value, msg::empty_value("cidr"), c.pos);
                ok = false;
            } else if (!parse_network(c.value, out.network, reason)) {
                diag.error(codes::context_bad_cidr, msg::bad_cidr(reason), c.pos);
                ok = false;
            }
        } else if (c.column == "zone") {
            if (c.value.empty()) {
                diag.error(codes::context_empty_value, msg::empty_value("zone"), c.pos);
                ok = false;
            }
            out.zone = std::string(c.value);
        }
    }
    return ok;
}

bool is_known_column(TableKind kind, std::string_view name) noexcept {
    const auto known = [name](const auto& columns) {
        return std::find(std::begin(columns), std::end(columns), name) != std::end(columns);
    };
    return kind == TableKind::Users ? known(k_user_columns) : known(k_zone_columns);
}

std::vector<std::string_view> required_columns(TableKind kind) {
    return kind == TableKind::Users ? std::vector<std::string_view>{"user"}
                                    : std::vector<std::string_view>{"cidr", "zone"};
}

void add_row(const std::vector<Cell>& cells, TableData& out, TableDiagnostics& diag) {
    if (out.kind == TableKind::Users) {
        UserRow u;
        if (build_user_row(cells, u, diag)) out.users.push_back(std::move(u));
    } else {
        ZoneRow z;
        if (build_zone_row(cells, z, diag)) out.zones.push_back(std::move(z));
    }
}

} // namespace trailproof::context
