#pragma once
// Reads the metadata keys of rule and correlation documents (SIGMA.md §1):
// title/id/name/status/level/description/author, tags (-> techniques, tactics),
// dates, related, logsource and trailproof's extension keys.

#include <span>
#include <string>
#include <string_view>

#include "rules/document_meta.h"
#include "rules/rule_ast.h" // MetaPositions
#include "rules/rule_meta.h"
#include "rules/rule_source.h"
#include "yaml/yaml_decoder.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

class MetaReader : public YamlDecoder {
public:
    MetaReader(DiagnosticSink& sink, const CompileOptions& options) : YamlDecoder(sink), m_options(options) {}

    // The keys every document has, rule or correlation, read once for both: where
    // it is (the source's file and pack, the document's line), then title
    // (required, <= 256), id (a UUID in plain Sigma packs), name, status and level
    // (enums, compared without case, stored lowercased), description, author, and
    // tags (the lowercase namespace.name pattern; attack.tNNNN -> techniques,
    // tactics as written). `id_pos` is the document start when there is no id.
    void read_document_meta(const YamlNode& root, const RuleSource& source, DocumentMeta& out, SourcePos& id_pos,
                            SourcePos& name_pos, MetaPositions& pos);
    // date / modified: YYYY-MM-DD; YYYY/MM/DD warns.
    void read_dates(const YamlNode& root);
    // references, fields, falsepositives, scope: lists of strings; `references`
    // is kept in `out` (reports link to it), the others are only checked.
    void read_optional_lists(const YamlNode& root, DocumentMeta& out);
    // related: [{id, type}] with type derived|obsolete|merged|renamed|similar.
    void read_related(const YamlNode& root);
    // logsource: a map of strings with at least one of category, product, service.
    void read_logsource(const YamlNode& root, RuleMeta& m);
    // use_cases, activity_types (a list or one string), effort, cloudtrail_relevance and
    // cloudtrail_relevance_reason: the labels rules and correlations both carry.
    void read_labels(const YamlNode& root, DocumentMeta& m, MetaPositions& pos);
    // score, the labels, facts, session, model.
    void read_extensions(const YamlNode& root, RuleMeta& m, MetaPositions& pos);

protected:
    const CompileOptions& m_options;

private:
    void read_common(const YamlNode& root, DocumentMeta& out, SourcePos& id_pos, SourcePos& name_pos);
    void read_tags(const YamlNode& root, DocumentMeta& m, MetaPositions& pos);
    // Optional `key`, one of `allowed` compared without case (pySigma) and stored
    // lowercased; anything else is `code`: "<key> 'x' is not one of a, b, c".
    void read_enum(const YamlNode& root, std::string_view key, std::span<const std::string_view> allowed,
                   std::string_view code, std::string& out);
};

} // namespace trailproof::rules
