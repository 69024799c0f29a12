#pragma once
// Dense ids for every field name some loaded parser, rule or model uses.
// Names are resolved to ids once, at compile time; the hot path only indexes
// slot arrays by FieldId (falco indexed_vector: name -> id once).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trailproof {

using FieldId = std::uint32_t;
inline constexpr FieldId k_no_field = UINT32_MAX;

class FieldRegistry {
public:
    // Returns the id of `name`, adding it if new. Ids are 0..size()-1 in order of first use.
    FieldId intern(std::string_view name);
    // Returns the id of `name`, or k_no_field.
    [[nodiscard]] FieldId find(std::string_view name) const noexcept;
    [[nodiscard]] std::string_view name(FieldId id) const noexcept { return m_names[id]; }
    [[nodiscard]] std::size_t size() const noexcept { return m_names.size(); }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::string> m_names;
    std::unordered_map<std::string, FieldId, Hash, std::equal_to<>> m_ids;
};

} // namespace trailproof
