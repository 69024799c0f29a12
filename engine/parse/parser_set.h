#pragma once
// The compiled parsers of a load, in declared order. Immutable once finalized
// and shared const by every worker thread; each worker parses with its own
// RecordParser.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "parse/compiled_parser.h"
#include "parse/field_table.h"
#include "parse/parser_info.h"
#include "parse/principal_resolver.h"

namespace trailproof::parse {

class ParserSet {
public:
    // Compiles `infos` (declared order = selection order) and registers every
    // normalized name, source path, `when` field, required/time field and
    // "activity_type" in `registry`. Every parser is checked, so all errors come
    // back in one result; `out` is replaced only when there are none. The set is
    // finalized for the registry as it is after compile. Every JSON record the
    // set parses gets its principal resolved with `principal` (principal_resolver.h).
    [[nodiscard]] static LoadResult compile(std::vector<ParserInfo> infos, FieldRegistry& registry, ParserSet& out,
                                            PrincipalPolicy principal = {});

    // Rebuilds each parser's extraction plan for `registry`, which may have grown
    // since compile (rules and models register the raw paths they read). Call it
    // once after all content is compiled, before any RecordParser is created.
    void finalize(const FieldRegistry& registry);
    // The names a record's first look must read (detect's quiet events,
    // pipeline/README.md): `also`, each parser's required and time fields, the
    // principal's inputs and outputs, and every source a parser of the set maps
    // one of them from. Call after finalize.
    [[nodiscard]] std::vector<FieldId> head_fields(std::span<const FieldId> also) const;
    // Builds the head plan from `fields` (the union of every group's
    // head_fields, so the groups of a load share one head walk). Call after
    // finalize; finalize forgets it.
    void finalize_head(const FieldRegistry& registry, std::vector<FieldId> fields);
    [[nodiscard]] bool has_head_plan() const noexcept { return m_head_plan.head; }

    [[nodiscard]] std::size_t size() const noexcept { return m_parsers.size(); }
    [[nodiscard]] std::string_view name(std::size_t index) const noexcept { return m_parsers[index].name; }
    [[nodiscard]] ParserFormat format(std::size_t index) const noexcept { return m_parsers[index].format; }
    // Registry size at the last finalize: every Event is reset to this many slots.
    [[nodiscard]] std::size_t field_count() const noexcept { return m_field_count; }
    // Id of "activity_type" (k_no_field for an empty set).
    [[nodiscard]] FieldId activity_type_field() const noexcept { return m_activity_type; }

    [[nodiscard]] const CompiledParser& parser(std::size_t index) const noexcept { return m_parsers[index]; }
    // Distinct condition texts of all parsers (CompiledParser::condition_ids).
    [[nodiscard]] std::size_t condition_count() const noexcept { return m_conditions.size(); }
    [[nodiscard]] std::string_view condition(std::size_t id) const noexcept { return m_conditions[id]; }
    [[nodiscard]] const PrincipalResolver& principal() const noexcept { return m_principal; }
    // Every registered name as a JSON path: the one walk of a JSON record, which
    // each JSON parser projects (CompiledParser::projection).
    [[nodiscard]] const ExtractionPlan& plan() const noexcept { return m_plan; }
    // The head names only (finalize_head); RecordParser::parse with Extent::Head walks it.
    [[nodiscard]] const ExtractionPlan& head_plan() const noexcept { return m_head_plan; }

private:
    std::vector<CompiledParser> m_parsers;
    std::vector<std::string> m_conditions;
    ExtractionPlan m_plan;
    ExtractionPlan m_head_plan;
    std::size_t m_field_count = 0;
    FieldId m_activity_type = k_no_field;
    PrincipalResolver m_principal;
};

} // namespace trailproof::parse
