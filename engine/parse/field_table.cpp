#include "parse/field_table.h"

namespace trailproof::parse {

void FieldTable::reset(std::size_t field_count, TextArena* store) {
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
    m_store = store;
    m_kept = false;
}

void FieldTable::keep() {
    if (m_store == nullptr) return;
    if (m_strings_begin != nullptr) {
        // Every String value's text was noted, so it lies in the span; every
        // other text was written into the store by the walk.
        const auto begin = reinterpret_cast<std::uintptr_t>(m_strings_begin);
        const char* to = m_store->store({m_strings_begin, static_cast<std::size_t>(m_strings_end - m_strings_begin)}).data();
        for (Value& v : m_values)
            if (v.kind == ValueKind::String && !v.text.empty())
                v.text = {to + (reinterpret_cast<std::uintptr_t>(v.text.data()) - begin), v.text.size()};
    }
    m_strings_begin = m_strings_end = nullptr;
    m_kept = true;
}

// Out of line: once per record, and keeps json_literal small enough to inline.
const char* FieldTable::store_literals() {
    m_literals = arena().store("truefalsenull").data();
    return m_literals;
}

} // namespace trailproof::parse
