#pragma once
// Reads the metadata keys of rule and correlation documents (SIGMA.md §1):
// title/id/name/status/level/description/author, tags (-> techniques, tactics),
// dates, related, logsource and trailproof's extension keys.

#include <string>

#include "rules/rule_ast.h" // MetaPositions
#include "rules/rule_meta.h"
#include "rules/rule_source.h"
#include "yaml/yaml_decoder.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

// The keys rules and correlations share.
struct CommonMeta {
    std::string title, id, name, status, level, description, author;
    SourcePos id_pos, name_pos; // id_pos is the document start when there is no id

    // Copies the shared keys into a RuleMeta or a CorrelationRule (same member names).
    template <class Meta>
    void assign_to(Meta& m) const {
        m.title = title;
        m.id = id;
        m.name = name;
        m.status = status;
        m.level = level;
        m.description = description;
        m.author = author;
    }
};

class MetaReader : public YamlDecoder {
public:
    MetaReader(DiagnosticSink& sink, const CompileOptions& options) : YamlDecoder(sink), m_options(options) {}

    // title (required, <= 256), id (a UUID in plain Sigma packs), name, status and level
    // (enums, compared without case, stored lowercased), description, author.
    void read_common(const YamlNode& root, CommonMeta& out);
    // tags: the lowercase namespace.name pattern; attack.tNNNN -> techniques, tactics as written.
    void read_tags(const YamlNode& root, RuleMeta& m, MetaPositions& pos);
    // date / modified: YYYY-MM-DD; YYYY/MM/DD warns.
    void read_dates(const YamlNode& root);
    // references, fields, falsepositives, scope: lists of strings.
    void read_optional_lists(const YamlNode& root);
    // related: [{id, type}] with type derived|obsolete|merged|renamed|similar.
    void read_related(const YamlNode& root);
    // logsource: a map of strings with at least one of category, product, service.
    void read_logsource(const YamlNode& root, RuleMeta& m);
    // use_cases, activity_types (a list or one string), effort, cloudtrail_relevance and
    // cloudtrail_relevance_reason: the labels rules and correlations both carry.
    void read_labels(const YamlNode& root, RuleMeta& m, MetaPositions& pos);
    // score, the labels, facts, session, model.
    void read_extensions(const YamlNode& root, RuleMeta& m, MetaPositions& pos);

protected:
    const CompileOptions& m_options;
};

} // namespace trailproof::rules
