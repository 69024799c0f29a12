#pragma once
// A pack's `field_derived:`: fields its vendor's intake sets from constants or
// from other fields (Sekoia's event.category / event.type), added to each event
// the pack sees, before its rules run. Per field, the first entry whose `when`
// holds wins:
//
//   field_derived:
//     - {field: event.type, when: {eventName: ConsoleLogin},
//        path: responseElements.ConsoleLogin, translate: {Success: [allowed], Failure: [denied]}}
//     - {field: event.type, value: [access]}        # no `when`: the default

#include <map>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"

namespace trailproof::enrich {

struct DerivedFieldInfo {
    std::string field;
    std::vector<std::pair<std::string, std::vector<std::string>>> when; // field -> any of values (ASCII case-insensitive)
    std::vector<std::string> values;                                    // constant values
    std::string path;                                                   // or: translate this field's text
    std::map<std::string, std::vector<std::string>, std::less<>> translate;
};

class DerivedFields {
public:
    // Interns every field the entries read or write.
    void compile(std::vector<DerivedFieldInfo> infos, FieldRegistry& registry);
    // Adds the derived values to `event` (views into this object, which must outlive the event).
    void apply(Event& event) const;
    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }

private:
    struct Entry {
        DerivedFieldInfo info;
        FieldId field = k_no_field;
        std::vector<FieldId> when_fields;
        FieldId path = k_no_field;
        bool follows_same_field = false; // an earlier entry writes the same field
    };
    std::vector<Entry> m_entries;
};

} // namespace trailproof::enrich
