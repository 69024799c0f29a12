#include "core/diagnostic_codes.h"
#include "parse/parser_set.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "parse/parser_check.h"
#include "core/ascii.h"

namespace trailproof::parse {

namespace {

std::string location(const ParserInfo& info, SourceMark mark) {
    std::string out = info.file.empty() ? std::string("<input>") : info.file;
    if (mark.line > 0) out += ':' + std::to_string(mark.line) + ':' + std::to_string(mark.column);
    return out;
}

CompiledParser compile_one(const ParserInfo& info, FieldRegistry& registry) {
    CompiledParser p;
    p.name = info.name;
    p.format = info.format;
    p.conditions = info.conditions;
    for (const FieldMapInfo& f : info.fields) {
        p.fields.push_back({registry.intern(f.name), f.source});
        (void)registry.intern(f.source);
    }
    for (const RequiredInfo& r : info.required) p.required.push_back({registry.intern(r.field), r.field, r.type});
    bool json = info.format == ParserFormat::Json;
    p.time_name = info.time.field.empty() ? std::string(json ? "eventTime" : "rt") : info.time.field;
    p.time_field = registry.intern(p.time_name);
    p.time_format_name = info.time.format.empty() ? std::string(json ? "iso8601" : "auto") : info.time.format;
    std::string error;
    (void)compile_time_format(p.time_format_name, p.time_format, error); // checked by check_parser
    for (const ActivityTypeInfo& a : info.activity_types) {
        CompiledParser::Activity activity{a.type, {}};
        for (const WhenInfo& w : a.when) {
            CompiledParser::When when;
            when.field = registry.intern(w.field);
            when.exists_test = w.exists_test;
            when.exists = w.exists;
            for (const std::string& v : w.values) when.values.push_back(ascii_lowered(v));
            activity.when.push_back(std::move(when));
        }
        p.activity_types.push_back(std::move(activity));
    }
    return p;
}

} // namespace

LoadResult ParserSet::compile(std::vector<ParserInfo> infos, FieldRegistry& registry, ParserSet& out,
                              PrincipalPolicy principal) {
    LoadResult result;
    ParserSet set;
    if (infos.size() > UINT16_MAX + std::size_t{1}) {
        result.add(parser_diagnostic(Severity::Error, codes::parser_too_many_parsers,
                                     "too many parsers: " + std::to_string(infos.size()) + " (at most 65536)",
                                     infos[UINT16_MAX + std::size_t{1}], infos[UINT16_MAX + std::size_t{1}].mark));
        return result;
    }
    std::unordered_map<std::string, const ParserInfo*> by_name;
    for (const ParserInfo& info : infos) {
        // Each parser is its own error boundary: report it and go on with the next.
        std::vector<Diagnostic> diagnostics;
        check_parser(info, diagnostics);
        if (!info.name.empty()) {
            auto [it, inserted] = by_name.emplace(info.name, &info);
            if (!inserted)
                diagnostics.push_back(parser_diagnostic(
                    Severity::Error, codes::load_duplicate_id,
                    "duplicate parser name '" + info.name + "' (first defined at " +
                        location(*it->second, it->second->name_mark) + ")",
                    info, info.name_mark));
        }
        bool ok = std::none_of(diagnostics.begin(), diagnostics.end(),
                               [](const Diagnostic& d) { return d.severity == Severity::Error; });
        for (Diagnostic& d : diagnostics) result.add(std::move(d));
        if (ok) set.m_parsers.push_back(compile_one(info, registry));
    }
    std::unordered_map<std::string, std::uint32_t> condition_ids;
    for (CompiledParser& p : set.m_parsers)
        for (const std::string& c : p.conditions) {
            auto [it, added] = condition_ids.emplace(c, static_cast<std::uint32_t>(set.m_conditions.size()));
            if (added) set.m_conditions.push_back(c);
            p.condition_ids.push_back(it->second);
        }
    set.m_activity_type = registry.intern("activity_type");
    set.m_principal.compile(std::move(principal), registry);
    if (!result.successful()) return result;
    set.finalize(registry);
    out = std::move(set);
    return result;
}

void ParserSet::finalize(const FieldRegistry& registry) {
    m_field_count = registry.size();
    m_plan.trie.clear();
    m_head_plan = ExtractionPlan{};
    m_plan.registry = &registry;
    m_plan.field_count = registry.size();
    for (FieldId id = 0; id < registry.size(); ++id) m_plan.trie.add(registry.name(id), id);

    std::vector<bool> normalized(registry.size());
    for (CompiledParser& p : m_parsers) {
        p.trie.clear();
        p.unprojected.clear();
        p.sourced.clear();
        std::fill(normalized.begin(), normalized.end(), false);
        for (const auto& m : p.fields) normalized[m.name] = true;
        if (p.format == ParserFormat::Cef) {
            // Every registered name is a raw path, except this parser's normalized
            // names (filled from their sources) and activity_type (set by the parser).
            for (FieldId id = 0; id < registry.size(); ++id)
                if (!normalized[id] && id != m_activity_type) p.trie.add(registry.name(id), id);
            for (const auto& m : p.fields) p.trie.add(m.source, m.name);
            for (std::size_t h = 0; h < k_cef_header_count; ++h)
                p.cef_header_nodes[h] = p.trie.find(PathTrie::k_root, k_cef_header_names[h]);
            continue;
        }
        // The same slots as the CEF trie above, as a projection of the plan.
        for (const auto& m : p.fields) {
            if (std::find(p.unprojected.begin(), p.unprojected.end(), m.name) == p.unprojected.end())
                p.unprojected.push_back(m.name);
            if (const FieldId source = registry.find(m.source); source != k_no_field)
                p.sourced.emplace_back(m.name, source);
        }
        if (m_activity_type != k_no_field) p.unprojected.push_back(m_activity_type);
    }
}

std::vector<FieldId> ParserSet::head_fields(std::span<const FieldId> also) const {
    std::vector<FieldId> out(also.begin(), also.end());
    for (const CompiledParser& p : m_parsers) {
        for (const auto& r : p.required) out.push_back(r.field);
        out.push_back(p.time_field);
    }
    const auto principal = m_principal.fields();
    out.insert(out.end(), principal.begin(), principal.end());
    // A parser fills a normalized name from its source: the source is read too.
    // A source is read as a raw path (the projection), so one step closes the set.
    const std::size_t named = out.size();
    for (const CompiledParser& p : m_parsers)
        for (const auto& [name, source] : p.sourced)
            if (std::find(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(named), name) !=
                out.begin() + static_cast<std::ptrdiff_t>(named))
                out.push_back(source);
    std::erase(out, k_no_field);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void ParserSet::finalize_head(const FieldRegistry& registry, std::vector<FieldId> fields) {
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    m_head_plan = ExtractionPlan{};
    m_head_plan.registry = &registry;
    m_head_plan.field_count = registry.size();
    m_head_plan.head = true;
    for (const FieldId id : fields)
        if (id < registry.size()) m_head_plan.trie.add(registry.name(id), id);
    m_head_plan.fields = std::move(fields);
}

} // namespace trailproof::parse
