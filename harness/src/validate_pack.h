#pragma once
// One pack as `trailproof validate` checks it, built from what load read
// (load::PackSource): every rule document as the rules stage's AST with its
// positions, also the ones that failed to compile (an unresolved placeholder, a
// bad regex: their tags, model reference and eventName literals are still
// checked in the same run), the models and parsers as read, and what `reuse:`
// brings in from another pack. Nothing here reads a file or copies a rule; it
// points into load::Loaded, which must outlive it.

#include <cstddef>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "load/content.h"
#include "load/pack_source.h"
#include "yaml/yaml_tree.h"

namespace trailproof::harness {

// One rule document: a rule or a correlation as the rules stage read it, or, in a
// file YAML could not read to the end, only the id written there (parsed() false).
class RuleDoc {
public:
    RuleDoc(const rules::RuleAst& rule, bool parsed, bool reused)
        : m_rule(&rule), m_parsed(parsed), m_reused(reused) {}
    RuleDoc(const rules::CorrelationAst& correlation, bool reused) : m_correlation(&correlation), m_reused(reused) {}

    // The rule's AST (detections, conditions; only the id when !parsed()); nullptr for a correlation.
    [[nodiscard]] const rules::RuleAst* rule() const noexcept { return m_correlation ? nullptr : m_rule; }
    [[nodiscard]] bool correlation() const noexcept { return m_correlation != nullptr; }
    // False when only the id is known (the rest of its file has a YAML error).
    [[nodiscard]] bool parsed() const noexcept { return m_parsed; }
    // Loaded through `reuse:` from another pack (checked with that pack).
    [[nodiscard]] bool reused() const noexcept { return m_reused; }

    // What a rule and a correlation both have (id, title, tags, labels, file:line).
    [[nodiscard]] const rules::DocumentMeta& meta() const noexcept {
        if (m_correlation) return m_correlation->rule;
        return m_rule->meta;
    }
    [[nodiscard]] const std::string& file() const { return meta().file; }
    [[nodiscard]] const std::string& id() const { return meta().id; }
    [[nodiscard]] const std::string& name() const { return meta().name; }
    // The id, or the name when there is none (a correlation's base rule).
    [[nodiscard]] const std::string& label() const { return rules::alert_id(meta()); }
    [[nodiscard]] const std::string& title() const { return meta().title; }
    [[nodiscard]] const std::string& effort() const { return meta().effort; }
    [[nodiscard]] const std::string& relevance() const { return meta().cloudtrail_relevance; }
    [[nodiscard]] const std::string& relevance_reason() const { return meta().cloudtrail_relevance_reason; }
    [[nodiscard]] const std::vector<std::string>& tags() const { return meta().tags; }
    [[nodiscard]] const std::vector<std::string>& use_cases() const { return meta().use_cases; }
    [[nodiscard]] const std::vector<std::string>& activity_types() const { return meta().activity_types; }
    // `model.ref`; "" for a correlation.
    [[nodiscard]] const std::string& model_ref() const;
    // Where tags, labels and model.ref were written.
    [[nodiscard]] const rules::MetaPositions& positions() const {
        return m_correlation ? m_correlation->meta_pos : m_rule->meta_pos;
    }
    [[nodiscard]] yaml::SourcePos id_pos() const { return m_correlation ? m_correlation->id_pos : m_rule->id_pos; }

private:
    const rules::RuleAst* m_rule = nullptr;
    const rules::CorrelationAst* m_correlation = nullptr;
    bool m_parsed = true;
    bool m_reused = false;
};

struct PackFacts {
    PackFacts(const load::PackInfo& pack_info, const load::PackSource& pack_source)
        : info(pack_info), source(pack_source) {}
    PackFacts(const PackFacts&) = delete; // rules point into `recovered`
    PackFacts& operator=(const PackFacts&) = delete;

    const load::PackInfo& info;
    const load::PackSource& source;
    const load::PackSource* reused = nullptr; // the pack `reuse:` names, when it is loaded
    std::string pack_file;                    // <dir>/pack.yml
    std::string root;                         // the content root: the pack folder's parent
    std::vector<RuleDoc> rules;               // own documents in file order, then the reused ones
    std::vector<const models::ModelInfo*> models; // own models, then the reused ones
    std::set<std::string, std::less<>> derived_fields; // `field_derived:` names
    std::deque<rules::RuleAst> recovered;     // stand-ins for the ids of documents YAML could not read

    // The event field a rule field names (load::FieldMap::map).
    [[nodiscard]] std::string map_field(std::string_view name) const { return info.field_map.map(name); }
    // Own parsers, in load order.
    [[nodiscard]] const std::vector<parse::ParserInfo>& parsers() const { return source.parsers; }
    // The reused pack's parsers (a view that reuses another pack's rules gets its
    // events through that pack's parsers); empty when it reuses nothing.
    [[nodiscard]] const std::vector<parse::ParserInfo>& reused_parsers() const;
    // The text of a file this pack or the reused one read (snippets), else "".
    [[nodiscard]] std::string_view text_of(std::string_view file) const;
    // Line `line` of `file`, through an index of its lines built once per file.
    [[nodiscard]] std::string_view line_of(const std::string& file, int line) const;
    mutable std::map<std::string, LineIndex, std::less<>> line_indexes; // by file, built on first use
};

// Fills `facts` (constructed on loaded.packs[i] and loaded.sources[i]). Problems
// only this view finds (an unresolvable `reuse:`) go to `result`; what load found
// is load's to report.
void read_pack_facts(const load::Loaded& loaded, PackFacts& facts, LoadResult& result);

// A detection item that compares whole values: no modifier but `cased`, and none
// the reader could not name (`eventName|startwith` is not a literal).
[[nodiscard]] bool whole_value_item(const rules::FieldSpec& spec);

// A diagnostic at `line`:`column` of `file`, with the source line as snippet.
[[nodiscard]] Diagnostic make_finding(const PackFacts& facts, Severity severity, std::string_view code,
                                      std::string message, const std::string& file, int line, int column,
                                      std::string item_kind = {}, std::string item_id = {});

} // namespace trailproof::harness
