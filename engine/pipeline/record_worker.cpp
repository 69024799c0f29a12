#include "pipeline/record_worker.h"

#include <algorithm>

namespace trailproof::pipeline {

RecordWorker::RecordWorker(const load::Content& content) : m_content(content), m_enrich(content.enricher) {
    m_parsers.reserve(content.parser_groups.size());
    for (const auto& group : content.parser_groups) {
        parse::RecordParser& parser = m_parsers.emplace_back(group);
        parser.share_json(m_document);
        parser.share_memo(m_record_memo);
    }
    m_details.resize(content.parser_groups.size());
    std::size_t predicates = 0;
    for (const auto& pack : content.packs) predicates = std::max(predicates, pack->rules.memo_size());
    m_memo.begin(predicates); // sized once: matching allocates nothing
}

RejectCode RecordWorker::parse(std::size_t group, const RawRecord& record, Event& event,
                               parse::RecordParser::Extent extent) noexcept {
    return m_parsers[group].parse(record, event, m_details[group], extent);
}

void RecordWorker::enrich(Event& event) noexcept {
    if (m_content.enricher.active()) m_content.enricher.enrich(event, m_enrich);
}

void RecordWorker::derive(std::size_t pack, Event& event) const {
    const auto& derived = m_content.packs[pack]->derived;
    if (!derived.empty()) derived.apply(event);
}

bool RecordWorker::matches_nothing(std::size_t pack, const Event& event,
                                   std::vector<std::uint32_t>& scratch) const noexcept {
    return m_content.packs[pack]->rules.matches_nothing(event, m_memo, scratch);
}

void RecordWorker::match(std::size_t pack, const Event& event, std::vector<std::uint32_t>& hits) const noexcept {
    m_content.packs[pack]->rules.match(event, m_memo, hits);
}

} // namespace trailproof::pipeline
