#include "core/diagnostic_codes.h"
#include "models/train_when.h"

#include <algorithm>
#include <cstdio>

namespace trailproof::models {

using yaml::ScalarStyle;
using yaml::SourcePos;
using yaml::YamlKind;
using yaml::YamlNode;

namespace {

constexpr std::string_view k_file_prefix = "train_when#";

// One scalar written to the synthetic text: where it sits and where it came from.
struct ScalarSpan {
    int column_begin = 0;   // 1-based column of the scalar's first written byte (a quote when quoted)
    int content_offset = 0; // 1 when written quoted
    const YamlNode* node = nullptr;
};

struct LineOrigin {
    SourcePos pos; // the model-file position of the node that starts this line
    std::vector<ScalarSpan> scalars;
};

// Writes a YamlNode back as block-style YAML, one line per map entry / list item.
class Writer {
public:
    void raw_line(std::string_view text, SourcePos origin) {
        m_text += text;
        m_text += '\n';
        m_lines.push_back({origin, {}});
    }

    void node(const YamlNode& n, int indent) {
        if (n.kind == YamlKind::Map) {
            for (const auto& entry : n.entries) {
                begin_line(indent, entry.key.pos);
                scalar(entry.key);
                m_text += ':';
                value_after_indicator(entry.value, indent);
            }
        } else if (n.kind == YamlKind::Sequence) {
            for (const auto& item : n.items) {
                begin_line(indent, item.pos);
                m_text += '-';
                value_after_indicator(item, indent);
            }
        }
    }

    [[nodiscard]] const std::string& text() const noexcept { return m_text; }
    [[nodiscard]] const std::vector<LineOrigin>& lines() const noexcept { return m_lines; }

private:
    void begin_line(int indent, SourcePos origin) {
        m_text.append(static_cast<std::size_t>(indent), ' ');
        m_line_start = m_text.size() - static_cast<std::size_t>(indent);
        m_lines.push_back({origin, {}});
    }
    void end_line() { m_text += '\n'; }

    void value_after_indicator(const YamlNode& v, int indent) {
        if (v.kind == YamlKind::Scalar || v.kind == YamlKind::Null) {
            m_text += ' ';
            scalar(v);
            end_line();
        } else if (v.kind == YamlKind::Map && v.entries.empty()) {
            m_text += " {}";
            end_line();
        } else if (v.kind == YamlKind::Sequence && v.items.empty()) {
            m_text += " []";
            end_line();
        } else {
            end_line();
            node(v, indent + 2);
        }
    }

    static bool plain_safe(std::string_view t) {
        if (t.empty() || t.front() == ' ' || t.back() == ' ' || t.back() == ':') return false;
        constexpr std::string_view k_bad_first = ",[]{}#&*!|>'\"%@`";
        if (k_bad_first.find(t.front()) != std::string_view::npos) return false;
        if ((t.front() == '-' || t.front() == '?' || t.front() == ':') && (t.size() == 1 || t[1] == ' '))
            return false;
        if (t.find(": ") != std::string_view::npos || t.find(" #") != std::string_view::npos) return false;
        for (char c : t)
            if (static_cast<unsigned char>(c) < 0x20) return false;
        return true;
    }

    void scalar(const YamlNode& n) {
        ScalarSpan span;
        span.node = &n;
        if (n.kind == YamlKind::Null) {
            span.column_begin = column();
            m_text += "null";
        } else if (n.plain() && plain_safe(n.text)) {
            span.column_begin = column();
            m_text += n.text;
        } else {
            // Quoted, block and !!str scalars are all strings to the reader; so is this.
            span.column_begin = column();
            span.content_offset = 1;
            m_text += '"';
            for (char c : n.text) {
                switch (c) {
                case '"': m_text += "\\\""; break;
                case '\\': m_text += "\\\\"; break;
                case '\n': m_text += "\\n"; break;
                case '\t': m_text += "\\t"; break;
                case '\r': m_text += "\\r"; break;
                default:
                    if (static_cast<unsigned char>(c) < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                        m_text += buf;
                    } else {
                        m_text += c;
                    }
                }
            }
            m_text += '"';
        }
        m_lines.back().scalars.push_back(span);
    }

    [[nodiscard]] int column() const noexcept { return static_cast<int>(m_text.size() - m_line_start) + 1; }

    std::string m_text;
    std::size_t m_line_start = 0;
    std::vector<LineOrigin> m_lines; // by synthetic line - 1
};

struct Synthetic {
    std::vector<LineOrigin> lines;
    std::size_t model = 0;
};

// Maps a synthetic position back to the model file.
SourcePos map_back(const Synthetic& s, const ModelInfo& m, SourcePos pos) {
    if (pos.line < 1 || static_cast<std::size_t>(pos.line) > s.lines.size()) return m.train_when_pos;
    const LineOrigin& line = s.lines[static_cast<std::size_t>(pos.line) - 1];
    const ScalarSpan* best = nullptr;
    for (const auto& span : line.scalars)
        if (span.column_begin <= pos.column) best = &span;
    if (!best || !best->node) return line.pos;
    const int content = best->column_begin + best->content_offset;
    if (best->node->kind != YamlKind::Scalar || !m.source_text || pos.column < content) return best->node->pos;
    const std::vector<SourcePos> chars = yaml::map_scalar_positions(*m.source_text, *best->node);
    if (chars.empty()) return best->node->pos;
    // Escapes written into a quoted copy shift later bytes; a caret near them is approximate.
    return chars[std::min(static_cast<std::size_t>(pos.column - content), chars.size() - 1)];
}

} // namespace

LoadResult compile_train_when(const std::vector<ModelInfo>& models, FieldRegistry& registry,
                              const rules::CompileOptions& options, TrainWhenSet& out) {
    out.rule_of_model.assign(models.size(), UINT32_MAX);
    out.failed.assign(models.size(), false);
    std::vector<rules::RuleSource> sources;
    std::vector<Synthetic> synthetic;
    for (std::size_t i = 0; i < models.size(); ++i) {
        const ModelInfo& m = models[i];
        if (!m.train_when) continue;
        Writer w;
        const SourcePos head = m.train_when_pos;
        w.raw_line("title: train_when", head);
        w.raw_line("id: tw" + std::to_string(i), head);
        w.raw_line("logsource: {product: aws}", head);
        w.raw_line("detection:", head);
        w.raw_line("  train_when:", head);
        w.node(*m.train_when, 4);
        w.raw_line("  condition: train_when", head);
        sources.push_back({std::string(k_file_prefix) + std::to_string(i), w.text(), ""});
        synthetic.push_back({w.lines(), i});
    }
    // The synthetic rules carry made-up ids; a plain-Sigma pack's UUID check must not apply to them.
    rules::CompileOptions selection_options = options;
    selection_options.require_uuid_ids = false;
    LoadResult raw;
    if (!sources.empty()) raw = rules::compile_rules(sources, registry, selection_options, out.rules);

    LoadResult result;
    auto remap = [&](const Diagnostic& d) {
        if (d.code == codes::rule_unindexed) return; // a training filter need not name an eventName
        const std::string_view file = d.file;
        if (!file.starts_with(k_file_prefix)) {
            result.add(d);
            return;
        }
        const std::size_t model = std::stoul(std::string(file.substr(k_file_prefix.size())));
        const auto s = std::find_if(synthetic.begin(), synthetic.end(), [&](const Synthetic& x) { return x.model == model; });
        const ModelInfo& m = models[model];
        Diagnostic mapped = d;
        const SourcePos pos = map_back(*s, m, {d.line, d.column});
        mapped.file = m.file;
        mapped.line = pos.line;
        mapped.column = pos.column;
        mapped.item_kind = "model";
        mapped.item_id = m.id;
        mapped.context_chain.clear();
        if (!m.pack.empty()) mapped.context_chain.push_back("pack '" + m.pack + "'");
        mapped.context_chain.push_back("model '" + m.id + "'");
        mapped.context_chain.push_back("train_when");
        bool after = false;
        for (const auto& step : d.context_chain) {
            if (after) mapped.context_chain.push_back(step);
            if (step == "detection 'train_when'") after = true;
        }
        mapped.snippet = m.source_text ? std::string(source_line(*m.source_text, pos.line)) : std::string();
        if (d.severity == Severity::Error) out.failed[model] = true;
        result.add(std::move(mapped));
    };
    for (const auto& d : raw.errors()) remap(d);
    for (const auto& d : raw.warnings()) remap(d);

    for (const auto& s : synthetic) {
        const std::uint32_t rule = out.rules.find("tw" + std::to_string(s.model));
        if (rule == UINT32_MAX) out.failed[s.model] = true; // left out by the compiler
        else out.rule_of_model[s.model] = rule;
    }
    return result;
}

} // namespace trailproof::models
