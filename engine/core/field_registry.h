#pragma once
// Dense ids for every field name some loaded parser, rule or model uses.
// Names are resolved to ids once, at compile time; the hot path only indexes
// slot arrays by FieldId (falco indexed_vector: name -> id once).
//
// The registry is the one table every pack of a load is compiled with, so it
// also keeps the id tables the compiled rules of all packs share: the lowered
// eventName literals the rule indexes key on (rules/rule_index.h), resolved
// once per event whatever the number of packs.

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/name_ids.h"

namespace trailproof {

using FieldId = std::uint32_t;
inline constexpr FieldId k_no_field = UINT32_MAX;
static_assert(k_no_field == NameIds::k_none);

class FieldRegistry {
public:
    // Returns the id of `name`, adding it if new. Ids are 0..size()-1 in order of first use.
    FieldId intern(std::string_view name) { return m_fields.intern(name); }
    // Returns the id of `name`, or k_no_field.
    [[nodiscard]] FieldId find(std::string_view name) const noexcept { return m_fields.find(name); }
    [[nodiscard]] std::string_view name(FieldId id) const noexcept { return m_fields.name(id); }
    [[nodiscard]] std::size_t size() const noexcept { return m_fields.size(); }

    // The ASCII-lowered eventName literals of every rule index compiled with
    // this registry (load time: interned; hot path: read only). Shared: a
    // RuleSet keeps it alive, and a copy of the registry shares it.
    [[nodiscard]] const std::shared_ptr<NameIds>& event_names() const noexcept { return m_event_names; }

private:
    NameIds m_fields;
    std::shared_ptr<NameIds> m_event_names = std::make_shared<NameIds>();
};

} // namespace trailproof
