#pragma once
// An extraction without simdjson's DOM (engine/parse/README.md "Field scan").
// Building the DOM tape of the whole record (simdjson's stage 2) and walking it
// costs more than reading the fields a plan asks for. scan_fields runs
// simdjson's stage 1 (structural indexes, UTF-8 and string checks) and then one
// pass over the structural indexes that both checks the whole record's JSON
// grammar and fills the plan's fields: a head plan's handful (quiet events) or
// a full plan's every path.
//
// It only says yes when simdjson's DOM parse would accept the record too: it
// is stricter (see Staged and Unsure), never looser, so a record it cannot vouch for is
// read through the DOM, which gives the verdict and the reject detail. For a
// record it accepts, the table holds what the DOM walk would have put there:
// the same values with the same texts, in the same order; strings are views
// into the record, numbers' text and objects' and arrays' minified JSON are
// written into the table's arena as the walk writes them.

#include <string_view>

namespace simdjson::dom {
class parser;
}

namespace trailproof::parse {

class FieldTable;
class PathTrie;

enum class FieldScan : unsigned char {
    Filled, // valid JSON, a plain object: `table` holds the trie's fields
    // Not decided here (the table may hold part of the fields): the record
    // holds a number with an exponent or more than 18 digits, nesting deeper
    // than 64, or an EventBridge envelope's keys at the root; a trie path ends
    // on a number with a fraction or on -0, or on an object or array holding
    // one (their text is the DOM's to format); or it is not a JSON object, or
    // not valid JSON. Stage 1 accepted it: the parser holds its structural
    // indexes, so the DOM may go on with stage 2 alone.
    Staged,
    // Not decided, and stage 1 did not run (a backslash anywhere: escapes are
    // the DOM's to decode) or rejected the record.
    Unsure,
};

// `record` must be followed by simdjson's padding. `parser` is the DOM parser
// whose stage 1 (and buffers) the scan borrows; its document is left as it
// was. With `staged`, the parser holds stage 1 of these very bytes already
// (an earlier scan's of this record), and the scan does not run it again.
[[nodiscard]] FieldScan scan_fields(simdjson::dom::parser& parser, std::string_view record, bool staged,
                                    const PathTrie& trie, FieldTable& table) noexcept;

} // namespace trailproof::parse
