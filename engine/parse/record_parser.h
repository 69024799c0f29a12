#pragma once
// Turns RawRecords into Events with a finalized ParserSet. One RecordParser per
// worker thread: it owns the JSON parser and scratch space and is reused for
// every record, so the steady state allocates nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/raw_record.h"
#include "core/reject.h"
#include "core/text_search.h"
#include "parse/json_walker.h"
#include "parse/parser_set.h"
#include "parse/principal_resolver.h"
#include "parse/time_parse.h"

namespace trailproof::parse {

// Why a parser did or did not claim a record (trailproof explain): the same
// test parse() applies, parser by parser, in declared order.
struct ParserChoice {
    std::string parser;
    bool format_fits = false;      // json parser <-> JSON record, cef <-> text line
    std::string missing_condition; // the first condition the raw bytes lack; "" when all occur
    bool claimed = false;          // the first parser that fits and whose conditions all occur
};

// One entry per parser of `set`. Load-time speed (allocates); agrees with
// RecordParser::parse's choice (the same substring tests, each condition on its
// own here; parse() searches each distinct text once per record).
[[nodiscard]] std::vector<ParserChoice> explain_parser_choice(const ParserSet& set, const RawRecord& record);

// What the parsers of one record's groups would each compute from the same
// parse (issue 13): a worker's parsers share one (RecordParser::share_memo).
// Both answer only within one parse of one document (ParseId) and for the very
// same views, so only JSON parsers use them.
struct RecordMemo {
    PrincipalMemo principal;
    // The last event time read from a string: the view it was read from, the
    // format's kind (pattern formats are not remembered) and the answer.
    struct Time {
        bool valid = false;
        ParseId parse;
        std::string_view text;
        TimeKind kind = TimeKind::Iso8601;
        bool ok = false;
        std::int64_t ms = 0;
        std::uint64_t hits = 0; // times read from here (for tests)
    } time;
};

class RecordParser {
public:
    // `set` must be finalized and outlive the RecordParser.
    explicit RecordParser(const ParserSet& set);

    // Picks the first parser (declared order) whose format fits the record
    // (json <-> RecordFormat::Json, cef <-> RecordFormat::Text) and whose
    // conditions all occur in the raw bytes, then fills `event`: reset to the
    // set's field count, origin, raw, time_ms, parser, activity_type (also the
    // value of field "activity_type"), and every slot the parser's plan maps.
    // Event text views point into the record, the JSON parser's buffers or the
    // event's arena: valid until this parser's next call or the record's release.
    // Returns Ok, or a reject code with a one-line reason in `detail`.
    //
    // Extent::Head (a set with a head plan, JSON records): the event gets only
    // the head plan's fields (ParserSet::head_fields), its time, and its resolved
    // principal; no activity type. It is rejected exactly when a whole parse
    // would be (the same required and time checks), so a head event that turns
    // out to be needed is parsed again whole. CEF records are always read whole.
    enum class Extent : std::uint8_t { Whole, Head };
    [[nodiscard]] RejectCode parse(const RawRecord& record, Event& event, std::string& detail,
                                   Extent extent = Extent::Whole) noexcept;
    // JSON records are parsed through `document`, shared with the parsers of other
    // groups (see JsonDocument): forget it before each new record.
    void share_json(JsonDocument& document) noexcept { m_json.share(document); }
    // Resolves principals and reads event times through `memo` (which must
    // outlive the parser), shared with the parsers of other groups that share
    // this parser's JsonDocument, so a record's next group reuses the answers for
    // the same inputs (RecordMemo).
    void share_memo(RecordMemo& memo) noexcept { m_shared_memo = &memo; }

private:
    [[gnu::noinline, gnu::cold]] void prepare_conditions();
    [[nodiscard]] RejectCode finish(const CompiledParser& parser, Event& event, std::string& detail,
                                    Extent extent) noexcept;
    [[nodiscard]] RecordMemo& record_memo() noexcept { return m_shared_memo ? *m_shared_memo : m_own_memo; }

    const ParserSet* m_set;
    JsonWalker m_json;
    // The set's distinct condition texts, prepared for search at the first
    // search (indexed by condition id).
    std::vector<TextNeedle> m_conditions;
    // Per record: each distinct condition text's verdict, -1 until searched.
    std::vector<std::int8_t> m_condition_found;
    RecordMemo m_own_memo;                // unless share_memo() gave one
    RecordMemo* m_shared_memo = nullptr;
};

} // namespace trailproof::parse
