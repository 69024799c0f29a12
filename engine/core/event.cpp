#include "core/event.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace trailproof {

namespace {

// An empty chain is {-1, -1}: every byte 0xff (two's complement), so a run of
// them is one memset rather than a store per slot (150 slots per event with the
// bundled packs, once per parse and again per adopt).
static_assert(std::is_trivially_copyable_v<Event::Chain> && sizeof(Event::Chain) == 2 * sizeof(std::int32_t));
void clear_chains(Event::Chain* first, std::size_t count) noexcept {
    if (count != 0) std::memset(static_cast<void*>(first), 0xff, count * sizeof(Event::Chain));
}

} // namespace

void Event::reset(std::size_t field_count) {
    if (m_slots.size() == field_count) clear_chains(m_slots.data(), m_slots.size());
    else m_slots.assign(field_count, Slot{});
    m_values.clear();
    m_borrowed.clear();
    m_shared.clear();
    m_settled = 0;
    m_adopted = 0;
    m_arena.clear();
    origin = {};
    raw = {};
    time_ms = 0;
    parser = 0;
    activity_type = {};
    m_rules_memo.table = nullptr;
}

void Event::add(FieldId field, const Value& value) {
    if (field >= m_slots.size()) return;
    if (field == m_rules_memo.field) m_rules_memo.table = nullptr;
    Slot& s = m_slots[field];
    // An adopted value may end several fields' chains: its link is never rewritten.
    if (static_cast<std::size_t>(s.tail) < m_adopted) unshare(s); // false for -1 (unsigned)
    auto index = static_cast<std::int32_t>(m_values.size());
    m_values.push_back(value);
    m_values.back().next = -1;
    if (s.tail < 0) {
        s.head = index;
    } else {
        m_values[static_cast<std::size_t>(s.tail)].next = index;
    }
    s.tail = index;
}

// Copies the chain of `slot` (which ends on an adopted value) to the end of
// the values, so that add() can append to it without touching a chain another
// field may share. Rare: the parse stage links normalized names to their
// sources' chains, and few later stages append to a field the record filled.
void Event::unshare(Slot& slot) {
    std::int32_t previous = -1;
    for (std::int32_t i = slot.head; i >= 0;) {
        const auto index = static_cast<std::int32_t>(m_values.size());
        m_values.push_back(m_values[static_cast<std::size_t>(i)]);
        i = m_values.back().next;
        m_values.back().next = -1;
        if (previous < 0) slot.head = index;
        else m_values[static_cast<std::size_t>(previous)].next = index;
        previous = index;
    }
    slot.tail = previous;
}

void Event::replace(FieldId field, const Value& value) {
    if (field >= m_slots.size()) return;
    m_slots[field] = Slot{}; // the old values stay in m_values, unreachable until reset
    add(field, value);
}

void Event::adopt(std::span<const Value> values, std::span<const Chain> chains) {
    m_rules_memo.table = nullptr;
    m_values.assign(values.begin(), values.end());
    m_settled = 0;
    m_adopted = m_values.size();
    const std::size_t n = std::min(chains.size(), m_slots.size());
    if (n != 0) std::memcpy(static_cast<void*>(m_slots.data()), chains.data(), n * sizeof(Slot));
    clear_chains(m_slots.data() + n, m_slots.size() - n);
}

void Event::borrow(std::string_view range) {
    if (!range.empty()) m_borrowed.push_back(range);
}

void Event::share(std::string_view range) {
    if (!range.empty()) m_shared.push_back(range);
}

void Event::own_text() {
    // One copy per borrowed range, then each view into one moved by its offset
    // (`at - begin < size` is false for `at` below `begin` too: unsigned). A
    // shared range is its own "copy": views into it move by nothing.
    m_copies.clear();
    for (std::string_view range : m_shared)
        m_copies.push_back({reinterpret_cast<std::uintptr_t>(range.data()), range.size(), range.data()});
    for (std::string_view range : m_borrowed)
        m_copies.push_back({reinterpret_cast<std::uintptr_t>(range.data()), range.size(), m_arena.store(range).data()});
    const Copy* const first_copy = m_copies.data();
    const Copy* const end_copy = first_copy + m_copies.size();
    const auto raw_begin = reinterpret_cast<std::uintptr_t>(raw.data());
    for (Value& v : std::span<Value>(m_values).subspan(std::min(m_settled, m_values.size()))) {
        const std::size_t size = v.text.size();
        if (size == 0 || v.lasting) continue;
        const auto at = reinterpret_cast<std::uintptr_t>(v.text.data());
        const Copy* c = first_copy;
        while (c != end_copy && !(at - c->begin < c->size && size <= c->size - (at - c->begin))) ++c;
        if (c != end_copy) {
            v.text = {c->to + (at - c->begin), size};
            continue;
        }
        const bool in_raw = at - raw_begin < raw.size() && size <= raw.size() - (at - raw_begin);
        if (!in_raw && !m_arena.owns(v.text)) v.text = m_arena.store(v.text);
    }
    m_borrowed.clear();
    m_shared.clear();
    m_settled = m_values.size(); // all owned now: a second call looks at none again
}

bool Event::has(FieldId field) const noexcept {
    for (const Value* v = first(field); v; v = next(*v))
        if (v->kind != ValueKind::Null) return true;
    return false;
}

} // namespace trailproof
