#pragma once
// The one extraction of a JSON record: every value of every path of the
// extraction plan (ParserSet::plan), by FieldId of the path's registered name,
// in document order per path. Parsers read it through their projection
// (CompiledParser::projection) into their own Events; nobody walks the record
// again. Internal to parse/.
//
// Texts are views into the JSON parser's string buffer (strings) or the table's
// arena (numbers, the minified JSON of objects and arrays): valid until the
// table is filled again or the parser parses another record.

#include <cstdint>
#include <span>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "core/text_arena.h"
#include "parse/path_trie.h"

namespace trailproof::parse {

// What one walk of a JSON record extracts: every registered name as a dotted
// path (PathTrie), each filling the slot of its own id. Built by
// ParserSet::finalize; it depends only on the registry's names, so two sets
// finalized with the same registry at the same size have the same plan, and
// `same_as` tells so (the parser groups of a load share one extraction).
struct ExtractionPlan {
    PathTrie trie;
    const FieldRegistry* registry = nullptr; // identity only, never read
    std::size_t field_count = 0;

    [[nodiscard]] bool same_as(const ExtractionPlan& other) const noexcept {
        return registry == other.registry && field_count == other.field_count;
    }
};

class FieldTable {
public:
    // Empties the table for `field_count` slots; after the first call with the
    // same count it touches only the slots the last record filled.
    void reset(std::size_t field_count);
    void add(FieldId field, const Value& value);

    // Ids with at least one value, in order of their first value.
    [[nodiscard]] std::span<const FieldId> filled() const noexcept { return m_filled; }
    [[nodiscard]] const Value* first(FieldId field) const noexcept {
        const std::int32_t head = field < m_slots.size() ? m_slots[field].head : -1;
        return head < 0 ? nullptr : &m_values[static_cast<std::size_t>(head)];
    }
    [[nodiscard]] const Value* next(const Value& value) const noexcept {
        return value.next < 0 ? nullptr : &m_values[static_cast<std::size_t>(value.next)];
    }
    TextArena& arena() noexcept { return m_arena; }

    // Every value, chained per field by Value::next (indices into this span),
    // and each field's chain, by FieldId: what Event::adopt takes.
    [[nodiscard]] std::span<const Value> values() const noexcept { return m_values; }
    [[nodiscard]] std::span<const Event::Chain> chains() const noexcept { return m_slots; }

private:
    using Slot = Event::Chain;
    std::vector<Slot> m_slots;
    std::vector<Value> m_values;
    std::vector<FieldId> m_filled;
    TextArena m_arena;
};

} // namespace trailproof::parse
