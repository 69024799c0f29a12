#pragma once
// The normalized event every stage after parse works on.
//
// An Event is a slot array indexed by FieldId. Each slot holds zero or more
// Values (a path that crosses a JSON array has one value per element), chained
// through Value::next. Text is a view into the input buffer, the JSON parser's
// string buffer, the parser's extraction table, or the event's TextArena: all
// but the input and the arena die at the next parse, unless own_text() moved
// them into the arena. Invariant: after own_text() an event that outlives its
// parser still needs only the record's bytes (`raw`), `lasting` texts (those
// of the loaded content and enrichment's databases, which outlive every event:
// activity and principal type names, derived fields' values, GeoIP and context
// answers), and the ranges it was told to `share`: the record's text, copied
// once for all the record's events into a store the caller keeps beside the
// record's bytes for as long as those events (detect's batch keeps one per
// record; the events of one record live and die together in the batch; see
// engine/parse/README.md, "One text copy per record"). Whatever must outlive
// the event is copied or interned on purpose.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/field_registry.h"
#include "core/origin.h"
#include "core/text_arena.h"

namespace trailproof {

enum class ValueKind : std::uint8_t {
    Null,   // JSON null: counts as absent for |exists and null matching
    String, // text holds the unescaped string
    Number, // text holds the literal as written; number holds its value
    Bool,   // text is "true" or "false"
    Object, // text holds the raw JSON of the object
    Array,  // text holds the raw JSON of the array
};

struct Value {
    ValueKind kind = ValueKind::Null;
    std::string_view text;
    double number = 0;
    std::int32_t next = -1; // next value of the same field, -1 at the end
    // The text outlives the event (a literal, content, a loaded table or GeoIP
    // file): own_text() leaves it where it is.
    bool lasting = false;
};

class Event {
public:
    // Clears all values for a new record; keeps capacity. `field_count` is the registry size.
    void reset(std::size_t field_count);

    // Appends a value to a field.
    void add(FieldId field, const Value& value);
    // Makes `value` the field's only value (earlier values are dropped).
    void replace(FieldId field, const Value& value);

    // True when the field has at least one value that is not JSON null.
    [[nodiscard]] bool has(FieldId field) const noexcept;
    // True when the field has any value at all, null included.
    [[nodiscard]] bool present(FieldId field) const noexcept;
    // First value of a field, or nullptr.
    [[nodiscard]] const Value* first(FieldId field) const noexcept;
    // Next value after `value` of the same field, or nullptr.
    [[nodiscard]] const Value* next(const Value& value) const noexcept;
    // Text of the first String/Number/Bool value, or "" when absent.
    [[nodiscard]] std::string_view text(FieldId field) const noexcept;

    // A field's values: the first and last index into the event's values (-1 when none).
    struct Chain {
        std::int32_t head = -1;
        std::int32_t tail = -1;
    };
    // For the parse stage, which fills an event from a table of values in bulk:
    // adopt() makes the event's values a copy of `values` (whose `next` links are
    // indices into `values`) and field i's values the chain `chains[i]` (fields
    // past the end of `chains` get none); link() then sets one field's chain, a
    // chain of adopted values (or none). One chain may be linked to several
    // fields (a parser's normalized name and its source share their values):
    // adopted values are never relinked, so add() to a field whose chain ends on
    // an adopted value first copies that field's chain to the end of the values
    // (the other fields keep theirs). add() and replace() work on adopted fields
    // as on any other.
    void adopt(std::span<const Value> values, std::span<const Chain> chains);
    void link(FieldId field, Chain chain) noexcept;

    // Says that some values' texts lie in `range`, a buffer of the parser's that
    // dies at its next record (the JSON parser's string buffer, the extraction
    // table's arena): own_text() copies the whole range once instead of value by
    // value. Forgotten by reset() and by own_text().
    void borrow(std::string_view range);
    // Says that some values' texts lie in `range`, a store that outlives the
    // parser and lives as long as this event (the record's text, kept once for
    // all its events: parse::FieldTable::keep): own_text() leaves views into it
    // where they are. Forgotten by reset() and by own_text().
    void share(std::string_view range);
    // Says that the text of every value so far already outlives the parser (it
    // lies in a shared range, or is lasting or empty): own_text() skips those
    // values. For the parse stage, once it has filled an event from a kept table.
    void settle() noexcept { m_settled = m_values.size(); }

    // Makes every value's text the event's own, so the event outlives its
    // parser's next call (it still needs the record's bytes, `raw`): one copy per
    // borrowed range (one memcpy, then each view into it moved by its offset),
    // and each other text that is neither `lasting`, in `raw` nor in the arena
    // copied by itself; views into a shared range stay where they are, and the
    // values before the last settle() are not looked at. Views stay the same length and
    // text; only where they point moves.
    void own_text();

    [[nodiscard]] std::size_t field_count() const noexcept { return m_slots.size(); }
    TextArena& arena() noexcept { return m_arena; }

    Origin origin;
    std::string_view raw;          // the record's bytes
    std::int64_t time_ms = 0;      // event time, milliseconds since the Unix epoch (UTC)
    std::uint16_t parser = 0;      // index of the parser that claimed the record
    std::string_view activity_type;// assigned by the parser; view into the parser's definition

    // What the rules stage computes from the event once for every pack that
    // matches it (rules/rule_index.h): the ids of the event's eventName values
    // in the load's shared table (FieldRegistry::event_names). `table` names
    // the table they belong to (nullptr = not resolved), `table_size` its size
    // then (a table that grew since may know more of the names), `field` the
    // field they were read from. reset and adopt forget it; add, replace and
    // link forget it only when they change `field` (a pack's derived fields
    // keep the ids for the next pack). Matching, which sees the event const,
    // fills it: only the thread that matches an event may (detect's worker;
    // see RuleSet::match).
    struct RulesMemo {
        static constexpr std::size_t k_max_names = 4;
        const void* table = nullptr;
        std::size_t table_size = 0;
        FieldId field = k_no_field;
        std::uint8_t name_count = 0;
        bool name_overflow = false; // more than k_max_names distinct known names
        std::uint32_t name_ids[k_max_names] = {};
    };
    [[nodiscard]] RulesMemo& rules_memo() const noexcept { return m_rules_memo; }

private:
    [[gnu::noinline, gnu::cold]] void unshare(Chain& slot);

    using Slot = Chain;
    std::vector<Slot> m_slots;
    std::vector<Value> m_values;
    std::vector<std::string_view> m_borrowed; // ranges own_text() copies whole
    std::vector<std::string_view> m_shared;   // ranges own_text() leaves where they are
    std::size_t m_settled = 0;                // values [0, m_settled) need nothing from own_text()
    std::size_t m_adopted = 0;                // values [0, m_adopted) came from adopt(): maybe in several chains
    struct Copy {
        std::uintptr_t begin = 0; // a borrowed range
        std::size_t size = 0;
        const char* to = nullptr; // its copy in the arena
    };
    std::vector<Copy> m_copies; // own_text()'s scratch, kept for its capacity
    TextArena m_arena;
    mutable RulesMemo m_rules_memo;
};

// Inline: every stage reads fields through these, several times per rule and model.
inline const Value* Event::first(FieldId field) const noexcept {
    if (field >= m_slots.size() || m_slots[field].head < 0) return nullptr;
    return &m_values[static_cast<std::size_t>(m_slots[field].head)];
}

inline const Value* Event::next(const Value& value) const noexcept {
    if (value.next < 0) return nullptr;
    return &m_values[static_cast<std::size_t>(value.next)];
}

inline bool Event::present(FieldId field) const noexcept { return first(field) != nullptr; }

inline std::string_view Event::text(FieldId field) const noexcept {
    for (const Value* v = first(field); v; v = next(*v))
        if (v->kind == ValueKind::String || v->kind == ValueKind::Number || v->kind == ValueKind::Bool)
            return v->text;
    return {};
}

// Inline: the parse stage links every normalized name and unlinks every one
// it does not project, ~30 times per record and group with the bundled packs.
inline void Event::link(FieldId field, Chain chain) noexcept {
    if (field == m_rules_memo.field) m_rules_memo.table = nullptr;
    if (field >= m_slots.size()) return;
    m_slots[field] = chain;
}

} // namespace trailproof
