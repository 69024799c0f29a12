#include "core/diagnostic_codes.h"
#include "rules/rule_compiler.h"

#include <algorithm>
#include <optional>

#include "core/ascii.h"
#include "rules/condition_parser.h"

namespace trailproof::rules {

bool identifier_matches(std::string_view pattern, std::string_view name) noexcept {
    // Same backtracking as the value glob, with '*' only.
    std::size_t p = 0, i = 0, star_p = std::string_view::npos, star_i = 0;
    for (;;) {
        if (p < pattern.size()) {
            if (pattern[p] == '*') {
                star_p = p++;
                star_i = i;
                continue;
            }
            if (i < name.size() && pattern[p] == name[i]) {
                ++p;
                ++i;
                continue;
            }
        } else if (i == name.size()) {
            return true;
        }
        if (star_p == std::string_view::npos || star_i >= name.size()) return false;
        p = star_p + 1;
        i = ++star_i;
    }
}

namespace {

class Compiler {
public:
    Compiler(RuleAst& ast, FieldRegistry& registry, const CompileOptions& options, RegexCache& regexes,
             DiagnosticSink& sink)
        : m_ast(ast), m_registry(registry), m_options(options), m_sink(sink),
          m_values(sink, options, regexes, [this](const std::string& name) { return field_id(name); }) {}

    bool compile(CompiledRule& out) {
        const std::size_t errors_before = m_sink.error_count();
        for (auto& t : m_ast.meta.activity_types) out.activity_types.push_back(ascii_lowered(t));
        for (const auto& named : m_ast.detections) {
            std::optional<ContextScope> scope;
            if (!m_ast.bare_selection) scope.emplace(m_sink, "detection '" + named.name + "'");
            DetectionMatcher d;
            compile_detection(named.detection, d);
            out.detections.push_back(std::move(d));
            out.detection_names.push_back(named.name);
        }
        for (const auto& c : m_ast.conditions) out.conditions.push_back(c.text);
        compile_conditions(out);
        out.ors_item_detections = ors_item_detections(out.condition, out.detections);
        return m_sink.error_count() == errors_before && !m_ast.has_errors;
    }

private:
    // ------------------------------------------------------------ fields

    FieldId field_id(const std::string& name) {
        std::string mapped = m_options.map_field ? m_options.map_field(name) : name;
        auto& used = m_ast.meta.fields_used;
        if (std::find(used.begin(), used.end(), mapped) == used.end()) used.push_back(mapped);
        return m_registry.intern(mapped);
    }

    // ------------------------------------------------------------ detections

    void compile_detection(const Detection& d, DetectionMatcher& out) {
        switch (d.kind) {
        case Detection::Kind::AnyOf:
            out.any_of = true;
            for (const auto& child : d.children) {
                DetectionMatcher c;
                compile_detection(child, c);
                out.children.push_back(std::move(c));
            }
            return;
        case Detection::Kind::Keywords:
        case Detection::Kind::AllOf:
            for (const auto& item : d.items) {
                ItemMatcher m;
                if (compile_item(item, m)) out.items.push_back(std::move(m));
            }
            return;
        }
    }

    bool compile_item(const DetectionItem& item, ItemMatcher& out) {
        ContextScope scope(m_sink, "field '" + item.field.key + "'");
        if (item.values.empty()) return false; // the reader reported why
        out.key = item.field.key;
        for (const auto& v : item.values) out.written.push_back(v.type == DetectionValue::Type::Null ? "null" : v.text);
        const FieldSpec& spec = item.field;
        const auto& mods = spec.modifiers;

        bool chain_ok = true;
        for (const auto& problem : check_modifier_chain(mods)) {
            const SourcePos pos = spec.modifier_pos[problem.index];
            if (problem.error) {
                m_sink.error(codes::rule_bad_modifier_combination, problem.message, pos);
                chain_ok = false;
            } else {
                m_sink.warning(codes::rule_duplicate_modifier, problem.message, pos);
            }
        }
        if (!chain_ok) return false;

        std::vector<Modifier> transforms;
        for (std::size_t i = 0; i < mods.size(); ++i) {
            if (mods[i] == Modifier::All) {
                out.all = true;
                if (item.values.size() < 2) {
                    m_sink.error(codes::rule_bad_value, "'all' needs a list of at least two values", spec.modifier_pos[i]);
                    return false;
                }
            } else if (mods[i] == Modifier::Neq) {
                out.negate = true;
            } else if (mods[i] == Modifier::Every) {
                if (spec.keyword()) {
                    m_sink.error(codes::rule_bad_modifier_combination, "'every' needs a field: keywords have no values to quantify",
                                 spec.modifier_pos[i]);
                    return false;
                }
                out.every = true;
            } else {
                transforms.push_back(mods[i]);
            }
        }
        const bool has_anchor = std::any_of(transforms.begin(), transforms.end(),
                                            [](Modifier m) { return is_anchor(m) || m == Modifier::Re; });
        if (out.all && !spec.keyword() && !has_anchor)
            m_sink.warning(codes::rule_all_without_contains,
                           "'" + spec.key + "' without 'contains' requires one value to equal every listed value",
                           spec.pos);

        if (spec.keyword()) return compile_keywords(item, transforms, out);
        out.field = field_id(spec.name);

        const bool exists = !transforms.empty() && transforms.front() == Modifier::Exists;
        if (exists) {
            const DetectionValue& v = item.values.front();
            if (item.values.size() != 1 || v.type != DetectionValue::Type::Bool) {
                m_sink.error(codes::rule_bad_value, "'exists' expects true or false, found " + describe_value(v), v.pos);
                return false;
            }
            out.kind = ItemMatcher::Kind::Exists;
            out.exists = v.boolean;
            return true;
        }
        if (item.values.front().type == DetectionValue::Type::Null) {
            if (!transforms.empty()) {
                m_sink.error(codes::rule_bad_value, "null cannot take the modifier " + quoted_modifier(transforms.front()),
                             item.values.front().pos);
                return false;
            }
            out.kind = ItemMatcher::Kind::Null;
            return true;
        }

        out.kind = ItemMatcher::Kind::Values;
        bool ok = true;
        for (const auto& v : item.values) {
            ValueGroup group;
            if (m_values.compile_value(v, transforms, false, group))
                out.groups.push_back(std::move(group));
            else
                ok = false;
        }
        if (ok && !out.all) merge_cidr_groups(out.groups);
        if (ok && !out.negate) out.index_literals = index_literals(item, transforms);
        return ok;
    }

    // A list of |cidr values is OR-ed: one matcher holding every network tests the
    // same thing and parses the event's address once instead of once per value.
    // Only without |all, where each value must match on its own.
    static void merge_cidr_groups(std::vector<ValueGroup>& groups) {
        if (groups.size() < 2) return;
        for (const ValueGroup& g : groups)
            if (g.size() != 1 || g.front().kind != ValueMatcher::Kind::Cidr) return;
        for (std::size_t i = 1; i < groups.size(); ++i) {
            auto& from = groups[i].front().networks;
            auto& into = groups.front().front().networks;
            into.insert(into.end(), from.begin(), from.end());
        }
        groups.resize(1);
    }

    // Plain literals of a positive whole-value item, as written (the index keys).
    static std::vector<std::string> index_literals(const DetectionItem& item, const std::vector<Modifier>& transforms) {
        for (Modifier m : transforms)
            if (m != Modifier::Cased) return {};
        std::vector<std::string> out;
        for (const auto& v : item.values) {
            if (v.type != DetectionValue::Type::String) return {};
            SigmaString s = SigmaString::parse(v.text);
            if (s.has_wildcards()) return {};
            out.push_back(s.plain_text());
        }
        return out;
    }

    bool compile_keywords(const DetectionItem& item, const std::vector<Modifier>& transforms, ItemMatcher& out) {
        out.kind = ItemMatcher::Kind::Keywords;
        for (Modifier m : transforms) {
            if (m == Modifier::Exists || m == Modifier::Cidr || m == Modifier::FieldRef || is_comparison(m) ||
                is_time_part(m)) {
                m_sink.error(codes::rule_bad_modifier_combination, quoted_modifier(m) + " needs a field", item.field.pos);
                return false;
            }
        }
        m_sink.warning(codes::rule_keywords_slow,
                       "keyword search scans the raw record of every event; prefer field conditions", item.pos);
        bool ok = true;
        for (const auto& v : item.values) {
            // Keywords are text: numbers and booleans search for their text.
            DetectionValue text_value = v;
            text_value.type = DetectionValue::Type::String;
            text_value.text = v.written;
            ValueGroup group;
            if (m_values.compile_value(text_value, transforms, true, group))
                out.groups.push_back(std::move(group));
            else
                ok = false;
        }
        return ok;
    }

    // ------------------------------------------------------------ values

    // ------------------------------------------------------------ conditions

    static SourcePos position_in(const ConditionSource& c, std::size_t offset) {
        if (offset < c.char_pos.size()) return c.char_pos[offset];
        if (c.char_pos.empty()) return c.pos;
        SourcePos last = c.char_pos.back();
        ++last.column;
        return last;
    }

    void compile_conditions(CompiledRule& out) {
        ConditionNode any;
        any.op = ConditionNode::Op::Or;
        for (const auto& c : m_ast.conditions) {
            ConditionParse parsed = parse_condition(c.text, m_options.max_condition_depth);
            for (const auto& w : parsed.warnings) m_sink.warning(w.code, w.message, position_in(c, w.offset));
            if (parsed.error) {
                m_sink.error(parsed.error->code, parsed.error->message, position_in(c, parsed.error->offset));
                continue;
            }
            ConditionNode node;
            if (resolve(*parsed.expr, c, node)) any.children.push_back(std::move(node));
        }
        if (any.children.size() == 1)
            out.condition = std::move(any.children.front());
        else
            out.condition = std::move(any);
    }

    std::string defined_names() const {
        if (m_ast.detections.empty()) return "none are";
        std::string out;
        for (const auto& d : m_ast.detections) {
            if (!out.empty()) out += ", ";
            out += d.name;
        }
        return out + (m_ast.detections.size() == 1 ? " is" : " are");
    }

    bool resolve(const ConditionExpr& e, const ConditionSource& c, ConditionNode& out) {
        switch (e.kind) {
        case ConditionExpr::Kind::Identifier: {
            for (std::size_t i = 0; i < m_ast.detections.size(); ++i)
                if (m_ast.detections[i].name == e.name) {
                    out.op = ConditionNode::Op::Detection;
                    out.detection = static_cast<std::uint32_t>(i);
                    return true;
                }
            m_sink.error(codes::rule_undefined_identifier,
                         "detection '" + e.name + "' is not defined (" + defined_names() + " defined)",
                         position_in(c, e.offset));
            return false;
        }
        case ConditionExpr::Kind::Selector: {
            const bool them = e.is_them();
            const bool underscore_pattern = !them && e.name.starts_with("_");
            std::vector<std::uint32_t> matched;
            for (std::size_t i = 0; i < m_ast.detections.size(); ++i) {
                const std::string& name = m_ast.detections[i].name;
                // them and patterns skip _identifiers unless the pattern itself starts with '_'.
                if (name.starts_with("_") && !underscore_pattern) continue;
                if (them || identifier_matches(e.name, name)) matched.push_back(static_cast<std::uint32_t>(i));
            }
            // The name is after "<quantifier> of ".
            const std::size_t pattern_offset = c.text.find(e.name, e.offset);
            if (matched.empty()) {
                m_sink.error(codes::rule_empty_pattern, "'" + e.name + "' matches no detection identifier",
                             position_in(c, pattern_offset == std::string::npos ? e.offset : pattern_offset));
                return false;
            }
            out.op = e.quantifier == ConditionExpr::Quantifier::All   ? ConditionNode::Op::And
                     : e.quantifier == ConditionExpr::Quantifier::Any ? ConditionNode::Op::Or
                                                                      : ConditionNode::Op::AtLeast;
            out.count = e.count;
            for (std::uint32_t i : matched) {
                ConditionNode leaf;
                leaf.op = ConditionNode::Op::Detection;
                leaf.detection = i;
                out.children.push_back(std::move(leaf));
            }
            return true;
        }
        case ConditionExpr::Kind::And:
        case ConditionExpr::Kind::Or:
        case ConditionExpr::Kind::Not: {
            out.op = e.kind == ConditionExpr::Kind::And  ? ConditionNode::Op::And
                     : e.kind == ConditionExpr::Kind::Or ? ConditionNode::Op::Or
                                                         : ConditionNode::Op::Not;
            bool ok = true;
            for (const auto& child : e.children) {
                ConditionNode n;
                if (resolve(child, c, n))
                    out.children.push_back(std::move(n));
                else
                    ok = false;
            }
            return ok;
        }
        }
        return false;
    }

    RuleAst& m_ast;
    FieldRegistry& m_registry;
    const CompileOptions& m_options;
    DiagnosticSink& m_sink;
    ValueCompiler m_values;
};

} // namespace

bool compile_rule(RuleAst& ast, FieldRegistry& registry, const CompileOptions& options, RegexCache& regexes,
                  DiagnosticSink& sink, CompiledRule& out) {
    return Compiler(ast, registry, options, regexes, sink).compile(out);
}

} // namespace trailproof::rules
