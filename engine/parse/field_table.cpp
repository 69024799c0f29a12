#include "parse/field_table.h"

namespace trailproof::parse {

void FieldTable::reset(std::size_t field_count) {
    if (m_slots.size() != field_count) {
        m_slots.assign(field_count, Slot{});
    } else {
        for (FieldId id : m_filled) m_slots[id] = Slot{};
    }
    m_filled.clear();
    m_values.clear();
    m_arena.clear();
    m_strings_begin = nullptr;
    m_strings_end = nullptr;
    m_literals = nullptr;
}

// Out of line: once per record, and keeps json_literal small enough to inline.
const char* FieldTable::store_literals() {
    m_literals = m_arena.store("truefalsenull").data();
    return m_literals;
}

} // namespace trailproof::parse
