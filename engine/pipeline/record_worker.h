#pragma once
// The stateless part of the pipeline for one record, as `detect` runs it on any
// thread: parse with every parser group (one JSON parse shared by all), enrich
// each accepted view, then per pack add the derived fields and match the rules.
// A worker owns its parsers and scratch space (one per thread) and reads the
// content only; the benchmarks time these same calls.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/raw_record.h"
#include "core/reject.h"
#include "enrich/enricher.h"
#include "load/content.h"
#include "parse/json_walker.h"
#include "parse/record_parser.h"
#include "rules/predicate_memo.h"

namespace trailproof::pipeline {

class RecordWorker {
public:
    // `content` must outlive the worker.
    explicit RecordWorker(const load::Content& content);
    // The parsers hold a pointer to the shared document: a worker stays where it is.
    RecordWorker(const RecordWorker&) = delete;
    RecordWorker& operator=(const RecordWorker&) = delete;

    // Before the parse calls of a new record: the shared JSON document is for the
    // previous one. `text`, when given: a store that lives as long as the record's
    // events (cleared by the caller), where the record's extracted text is kept
    // once for every group's event (parse::JsonDocument::keep_text_in).
    void begin_record(TextArena* text = nullptr) noexcept {
        m_document.forget();
        m_document.keep_text_in(text);
    }
    // Parses `record` with parser group `group` into `event` (views valid until
    // this group's next parse, see RecordParser::parse). Ok or a reject code;
    // the reason is detail(group).
    // With Extent::Head only the record's head (RecordParser::parse).
    [[nodiscard]] RejectCode parse(std::size_t group, const RawRecord& record, Event& event,
                                   parse::RecordParser::Extent extent = parse::RecordParser::Extent::Whole) noexcept;
    [[nodiscard]] const std::string& detail(std::size_t group) const noexcept { return m_details[group]; }
    // Geo-IP, user agent and context fields, when some content uses them.
    void enrich(Event& event) noexcept;
    // The pack's derived fields (`field_derived:`); then its rules: the indices of
    // the rules that match, before any behavioural condition.
    void derive(std::size_t pack, Event& event) const;
    void match(std::size_t pack, const Event& event, std::vector<std::uint32_t>& hits) const noexcept;
    // True when no rule of the pack can match the event (RuleSet::matches_nothing;
    // `scratch` gets match()'s hits).
    [[nodiscard]] bool matches_nothing(std::size_t pack, const Event& event,
                                       std::vector<std::uint32_t>& scratch) const noexcept;

private:
    const load::Content& m_content;
    parse::JsonDocument m_document;
    parse::RecordMemo m_record_memo; // shared by the parsers of every group, like the document
    std::vector<parse::RecordParser> m_parsers; // one per parser group
    std::vector<std::string> m_details;         // reject reason per group
    enrich::EnrichScratch m_enrich;
    mutable rules::PredicateMemo m_memo; // per-event predicate results (scratch of this worker's thread)
};

} // namespace trailproof::pipeline
