#pragma once
// The one extraction of a JSON record: every value of every path of the
// extraction plan (ParserSet::plan), by FieldId of the path's registered name,
// in document order per path. Parsers read it through their projection
// (CompiledParser::projection) into their own Events; nobody walks the record
// again. Internal to parse/.
//
// Texts are views into the JSON parser's string buffer (strings) or the table's
// arena (numbers, the minified JSON of objects and arrays): valid until the
// table is filled again or the parser parses another record. `lend` tells an
// event that adopts the values which ranges those are, so that it copies each
// once (Event::borrow, Event::own_text); or, given a store that lives as long
// as the record's events, the walk writes its own text there and `keep` copies
// the strings there once per record, before any group's event adopts them
// (Event::share).

#include <cstdint>
#include <span>
#include <string_view>
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
    // A head plan (ParserSet::head_plan) reads only these names, sorted; a
    // full plan (`head` false) reads every name.
    bool head = false;
    std::vector<FieldId> fields;

    [[nodiscard]] bool same_as(const ExtractionPlan& other) const noexcept {
        return registry == other.registry && field_count == other.field_count && head == other.head &&
               fields == other.fields;
    }
};

class FieldTable {
public:
    // Empties the table for `field_count` slots; after the first call with the
    // same count it touches only the slots the last record filled. `store`,
    // when given: the walk writes the text it makes (numbers, objects' JSON,
    // true/false/null) there instead of the table's arena, so that keep(),
    // into the same store, moves only the strings. reset never clears it.
    void reset(std::size_t field_count, TextArena* store = nullptr);
    // Appends `value` to the field's chain (inline: the walk adds every value it extracts).
    void add(FieldId field, const Value& value) {
        if (field >= m_slots.size()) return;
        const auto index = static_cast<std::int32_t>(m_values.size());
        Value& added = m_values.emplace_back(value);
        added.next = -1;
        Slot& s = m_slots[field];
        if (s.tail < 0) {
            s.head = index;
            m_filled.push_back(field);
        } else {
            m_values[static_cast<std::size_t>(s.tail)].next = index;
        }
        s.tail = index;
    }

    // Ids with at least one value, in order of their first value.
    [[nodiscard]] std::span<const FieldId> filled() const noexcept { return m_filled; }
    [[nodiscard]] const Value* first(FieldId field) const noexcept {
        const std::int32_t head = field < m_slots.size() ? m_slots[field].head : -1;
        return head < 0 ? nullptr : &m_values[static_cast<std::size_t>(head)];
    }
    [[nodiscard]] const Value* next(const Value& value) const noexcept {
        return value.next < 0 ? nullptr : &m_values[static_cast<std::size_t>(value.next)];
    }
    // Where the walk writes the text it makes: the store given to reset, else the table's arena.
    TextArena& arena() noexcept { return m_store != nullptr ? *m_store : m_arena; }
    // Notes a String value's text, a view into the JSON parser's string buffer:
    // the range from the first to the end of the last noted is lent with the arena.
    void note_string(std::string_view text) noexcept {
        if (text.empty()) return;
        const char* end = text.data() + text.size();
        if (m_strings_begin == nullptr) {
            m_strings_begin = text.data();
            m_strings_end = end;
            return;
        }
        if (text.data() < m_strings_begin) m_strings_begin = text.data();
        if (end > m_strings_end) m_strings_end = end;
    }
    // "true", "false" and "null" as views into the table's arena, which holds
    // the three once per record from the first use on: lent with the arena, so
    // an event copies them with it rather than one value at a time.
    enum class Literal : std::uint8_t { True, False, Null };
    std::string_view json_literal(Literal word) {
        static constexpr std::uint8_t k_at[] = {0, 4, 9}, k_size[] = {4, 5, 4};
        const char* literals = m_literals != nullptr ? m_literals : store_literals();
        const auto i = static_cast<std::size_t>(word);
        return {literals + k_at[i], k_size[i]};
    }
    // Lends `event` every range the table's texts lie in: the noted strings' span
    // and the used part of each arena block. A kept table (keep) lends nothing:
    // its texts outlive the parser: it shares the store they lie in (Event::share).
    void lend(Event& event) const {
        if (m_kept) {
            m_store->for_each_used([&event](std::string_view range) { event.share(range); });
            return;
        }
        if (m_strings_begin != nullptr)
            event.borrow({m_strings_begin, static_cast<std::size_t>(m_strings_end - m_strings_begin)});
        m_arena.for_each_used([&event](std::string_view range) { event.borrow(range); });
    }
    // After a walk into a store (reset's `store`), before any event adopts the
    // values: copies the noted strings' span (in the JSON parser's string
    // buffer) into the store and moves each String value's view there by its
    // offset; the other values' texts are in the store already. The store is
    // one the caller keeps as long as the record's events (detect's batch, one
    // per record): the events of every parser group then adopt views that
    // outlive the parser, and the record's text is copied once, not once per
    // group (Event::own_text). Without a store it does nothing.
    void keep();
    // True when keep() moved the texts since the last reset.
    [[nodiscard]] bool kept() const noexcept { return m_kept; }

    // Every value, chained per field by Value::next (indices into this span),
    // and each field's chain, by FieldId: what Event::adopt takes.
    [[nodiscard]] std::span<const Value> values() const noexcept { return m_values; }
    [[nodiscard]] std::span<const Event::Chain> chains() const noexcept { return m_slots; }

private:
    const char* store_literals();

    using Slot = Event::Chain;
    std::vector<Slot> m_slots;
    std::vector<Value> m_values;
    std::vector<FieldId> m_filled;
    TextArena m_arena;
    const char* m_strings_begin = nullptr; // span of the noted strings, in the JSON parser's string buffer
    const char* m_strings_end = nullptr;
    const char* m_literals = nullptr; // "truefalsenull" in the arena, once used since reset
    TextArena* m_store = nullptr; // where the walk writes its text (reset's `store`), else m_arena
    bool m_kept = false;          // keep() moved the strings into m_store since reset
};

} // namespace trailproof::parse
