#pragma once
// Dense ids for strings, 0..size()-1 in order of first use (falco
// indexed_vector: name -> id once). FieldRegistry numbers field names with one
// and keeps the tables the compiled content shares across packs in others.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trailproof {

class NameIds {
public:
    static constexpr std::uint32_t k_none = UINT32_MAX;
    // Returns the id of `name`, adding it if new.
    std::uint32_t intern(std::string_view name);
    // Returns the id of `name`, or k_none.
    [[nodiscard]] std::uint32_t find(std::string_view name) const noexcept;
    [[nodiscard]] std::string_view name(std::uint32_t id) const noexcept { return m_names[id]; }
    [[nodiscard]] std::size_t size() const noexcept { return m_names.size(); }
    // The length of the longest name (a longer text cannot be one).
    [[nodiscard]] std::size_t max_length() const noexcept { return m_max_length; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::string> m_names;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> m_ids;
    std::size_t m_max_length = 0;
};

} // namespace trailproof
