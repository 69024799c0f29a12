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
    m_kept = nullptr;
}

void FieldTable::keep(TextArena& into) {
    m_moved.clear();
    const auto move = [&](std::string_view range) {
        m_moved.push_back({reinterpret_cast<std::uintptr_t>(range.data()), range.size(), into.store(range).data()});
    };
    if (m_strings_begin != nullptr) move({m_strings_begin, static_cast<std::size_t>(m_strings_end - m_strings_begin)});
    m_arena.for_each_used(move);
    // Every text of the table lies in one of the ranges (`at - begin < size` is
    // false for `at` below `begin` too: unsigned).
    const Moved* const first = m_moved.data();
    const Moved* const end = first + m_moved.size();
    for (Value& v : m_values) {
        const std::size_t size = v.text.size();
        if (size == 0) continue;
        const auto at = reinterpret_cast<std::uintptr_t>(v.text.data());
        const Moved* m = first;
        while (m != end && !(at - m->begin < m->size && size <= m->size - (at - m->begin))) ++m;
        if (m != end) v.text = {m->to + (at - m->begin), size};
        else v.text = into.store(v.text); // none on the walk's values; kept safe all the same
    }
    m_strings_begin = m_strings_end = nullptr;
    m_literals = nullptr; // in the old arena: a later json_literal stores them again
    m_kept = &into;
}

// Out of line: once per record, and keeps json_literal small enough to inline.
const char* FieldTable::store_literals() {
    m_literals = m_arena.store("truefalsenull").data();
    return m_literals;
}

} // namespace trailproof::parse
