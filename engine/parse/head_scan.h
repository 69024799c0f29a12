#pragma once
// A head read without simdjson's DOM (quiet events, engine/pipeline/README.md;
// engine/parse/README.md "Head scan"). Most records of rules-only content match
// nothing, and a head needs a handful of fields: building the DOM tape of the
// whole record (simdjson's stage 2) costs more than all the rest of a quiet
// record. scan_head runs simdjson's stage 1 (structural indexes, UTF-8 and
// string checks) and then one pass over the structural indexes that both
// checks the whole record's JSON grammar and fills the head plan's fields.
//
// It only says yes when simdjson's DOM parse would accept the record too: it
// is stricter (see Unsure), never looser, so a record it cannot vouch for is
// read through the DOM, which gives the verdict and the reject detail. For a
// record it accepts, the table holds what the DOM walk would have put there:
// the same values, in the same order, strings as views into the record.

#include <string_view>

namespace simdjson::dom {
class parser;
}

namespace trailproof::parse {

class FieldTable;
class PathTrie;

enum class HeadScan : unsigned char {
    Filled, // valid JSON, a plain object: `table` holds the trie's fields
    // Not decided here (the table may hold part of the fields): the record
    // holds a backslash anywhere, a number with an exponent or more than 18
    // digits, nesting deeper than 64, an EventBridge envelope's keys at the
    // root, or a trie path that ends on a number, object or array or crosses
    // an array; or it is not a JSON object, or not valid JSON at all.
    Unsure,
};

// `record` must be followed by simdjson's padding. `parser` is the DOM parser
// whose stage 1 (and buffers) the scan borrows; its document is left as it was.
[[nodiscard]] HeadScan scan_head(simdjson::dom::parser& parser, std::string_view record, const PathTrie& trie,
                                 FieldTable& table) noexcept;

} // namespace trailproof::parse
