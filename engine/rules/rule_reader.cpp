#include "core/diagnostic_codes.h"
#include "rules/rule_reader.h"

#include "rules/correlation_reader.h"
#include "rules/detection_reader.h"
#include "rules/meta_reader.h"

namespace trailproof::rules {

namespace {

// Routes each document by its content (pySigma collection.from_dicts): a
// `correlation` key makes a correlation, a `filter` key a filter, anything else a rule.
class Reader : public MetaReader {
public:
    Reader(const RuleSource& source, const CompileOptions& options, DiagnosticSink& sink)
        : MetaReader(sink, options), m_source(source) {}

    void read(RuleFile& out) {
        YamlReadResult parsed = read_yaml_documents(m_source.text, m_options.yaml_limits);
        for (auto& doc : parsed.documents) {
            if (doc.root.kind == YamlKind::Null) continue; // empty document (a trailing ---)
            read_document(doc, out);
        }
        out.yaml_failed = parsed.failed;
        if (parsed.failed) {
            m_sink.set_item("file", "");
            m_sink.error(codes::load_yaml_parse, "YAML syntax error: " + parsed.error, parsed.error_pos);
        }
    }

private:
    void read_document(const YamlDocument& doc, RuleFile& out) {
        const YamlNode& root = doc.root;
        const std::string id = root.kind == YamlKind::Map ? scalar_text(root, "id") : std::string();
        const std::string title = root.kind == YamlKind::Map ? scalar_text(root, "title") : std::string();
        const bool is_correlation = root.kind == YamlKind::Map && root.find("correlation");
        m_sink.set_item(is_correlation ? "correlation" : "rule", id.empty() ? title : id);
        const std::size_t errors_before = m_sink.error_count();

        if (root.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "a rule document must be a map, found " + found(root), root.pos);
            return;
        }
        check_duplicate_keys(root);

        if (root.find("action")) {
            const YamlEntry* action = root.find("action");
            m_sink.error(codes::rule_legacy_action,
                         "'action: " + action->value.text +
                             "' is a legacy v1 rule collection; write each rule as a complete document",
                         action->key.pos);
            return;
        }
        if (const YamlEntry* filter = root.find("filter")) {
            m_sink.set_item("filter", id.empty() ? title : id);
            m_sink.error(codes::rule_filter_unsupported, "filter documents are not supported yet", filter->key.pos);
            return;
        }
        if (is_correlation) {
            CorrelationAst c;
            CorrelationReader(m_sink, m_options, m_source).read_correlation(root, c);
            c.has_errors = m_sink.error_count() != errors_before;
            out.correlations.push_back(std::move(c));
            return;
        }
        RuleAst rule;
        read_rule(root, rule);
        rule.has_errors = m_sink.error_count() != errors_before;
        out.rules.push_back(std::move(rule));
    }

    void read_rule(const YamlNode& root, RuleAst& rule) {
        RuleMeta& m = rule.meta;
        rule.pos = root.pos;
        read_document_meta(root, m_source, m, rule.id_pos, rule.name_pos, rule.meta_pos);
        read_dates(root);
        read_optional_lists(root, m);
        read_related(root);
        read_logsource(root, m);
        read_extensions(root, m, rule.meta_pos);
        DetectionReader(m_sink, m_source.text).read_detection(root, rule);
    }

    const RuleSource& m_source;
};

} // namespace

void read_rule_source(const CompileOptions& options, DiagnosticSink& sink, RuleFile& out) {
    Reader(out.source, options, sink).read(out);
}

RuleFile read_rule_file(RuleSource source, const CompileOptions& options, LoadResult& result) {
    RuleFile out;
    out.source = std::move(source);
    DiagnosticSink sink(result, out.source.file, out.source.text, out.source.pack);
    read_rule_source(options, sink, out);
    return out;
}

} // namespace trailproof::rules
