#pragma once
// A pack's `field_map:`: the names its rules use (ECS `event.action`, Sekoia's
// `aws.cloudtrail.user_identity.type`) -> the event fields that carry them. One
// lookup for everyone who resolves a rule field: the loader, the validator and
// explain.

#include <map>
#include <string>
#include <string_view>

namespace trailproof::load {

class FieldMap {
public:
    // Later entries of the same name replace earlier ones.
    void add(std::string name, std::string path) { m_entries[std::move(name)] = std::move(path); }

    // The exact entry; else the longest entry that is a dotted prefix of `name`
    // (`aws.cloudtrail.user_identity.type` via `aws.cloudtrail.user_identity:
    // userIdentity` -> `userIdentity.type`); else `name` itself.
    [[nodiscard]] std::string map(std::string_view name) const;

    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }
    [[nodiscard]] const std::map<std::string, std::string, std::less<>>& entries() const noexcept { return m_entries; }

private:
    std::map<std::string, std::string, std::less<>> m_entries;
};

} // namespace trailproof::load
