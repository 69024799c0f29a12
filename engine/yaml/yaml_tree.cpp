#include "yaml/yaml_tree.h"

#include "core/utf8.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

namespace trailproof::yaml {

const YamlEntry* YamlNode::find(std::string_view key) const noexcept {
    for (const auto& e : entries)
        if (e.key.kind == YamlKind::Scalar && e.key.text == key) return &e;
    return nullptr;
}

std::string_view YamlNode::kind_name() const noexcept {
    switch (kind) {
    case YamlKind::Null: return "null";
    case YamlKind::Scalar: return "a scalar";
    case YamlKind::Sequence: return "a list";
    case YamlKind::Map: return "a map";
    }
    return "?";
}

namespace {

std::size_t count_nodes(const YamlNode& n) {
    std::size_t total = 1;
    for (const auto& i : n.items) total += count_nodes(i);
    for (const auto& e : n.entries) total += count_nodes(e.key) + count_nodes(e.value);
    return total;
}

// A limit hit while building the tree: the message and where.
struct TreeLimit : std::runtime_error {
    TreeLimit(const std::string& what, SourcePos where) : std::runtime_error(what), pos(where) {}
    SourcePos pos;
};

// Builds YamlNodes from yaml-cpp parser events.
class TreeBuilder : public YAML::EventHandler {
public:
    TreeBuilder(std::string_view text, const YamlLimits& limits) : m_text(text), m_limits(limits) {}

    std::optional<YamlNode> root;

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        YamlNode n = make(mark);
        n.kind = YamlKind::Null;
        finish(std::move(n), anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = m_anchors.find(anchor);
        YamlNode n = it != m_anchors.end() ? it->second : make(mark);
        m_alias_nodes += count_nodes(n);
        // Aliases copy the anchored subtree; the cap keeps an alias bomb from exhausting memory.
        if (m_alias_nodes > m_limits.max_alias_nodes)
            throw TreeLimit("aliases copy more than " + std::to_string(m_limits.max_alias_nodes) +
                                " nodes (an alias bomb?); the limit keeps memory bounded",
                            pos_of(mark));
        n.pos = pos_of(mark);
        add(std::move(n));
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        YamlNode n = make(mark);
        n.kind = YamlKind::Scalar;
        n.text = value;
        n.explicit_string = tag == "tag:yaml.org,2002:str" || tag == "!!str";
        if (n.offset >= 0 && static_cast<std::size_t>(n.offset) < m_text.size()) {
            switch (m_text[static_cast<std::size_t>(n.offset)]) {
            case '\'': n.style = ScalarStyle::SingleQuoted; break;
            case '"': n.style = ScalarStyle::DoubleQuoted; break;
            case '|': n.style = ScalarStyle::Literal; break;
            case '>': n.style = ScalarStyle::Folded; break;
            default: n.style = tag == "!" ? ScalarStyle::SingleQuoted : ScalarStyle::Plain; break;
            }
        }
        finish(std::move(n), anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        check_depth(mark);
        YamlNode n = make(mark);
        n.kind = YamlKind::Sequence;
        m_stack.push_back({std::move(n), anchor, std::nullopt});
    }
    void OnSequenceEnd() override { pop(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        check_depth(mark);
        YamlNode n = make(mark);
        n.kind = YamlKind::Map;
        m_stack.push_back({std::move(n), anchor, std::nullopt});
    }
    void OnMapEnd() override { pop(); }

private:
    struct Frame {
        YamlNode node;
        YAML::anchor_t anchor;
        std::optional<YamlNode> key; // a map's pending key
    };

    // Lists and maps nested deeper than content ever needs are refused here, at the
    // node that goes too deep, before the library's own guard (2000 levels, "bad file").
    void check_depth(const YAML::Mark& mark) const {
        if (m_stack.size() >= m_limits.max_depth)
            throw TreeLimit("lists and maps nested more than " + std::to_string(m_limits.max_depth) + " levels deep",
                            pos_of(mark));
    }

    static SourcePos pos_of(const YAML::Mark& mark) {
        if (mark.is_null()) return {};
        return {mark.line + 1, mark.column + 1}; // yaml-cpp marks are 0-based
    }

    YamlNode make(const YAML::Mark& mark) const {
        YamlNode n;
        n.pos = pos_of(mark);
        n.offset = mark.is_null() ? -1 : mark.pos;
        return n;
    }

    void finish(YamlNode n, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor) m_anchors[anchor] = n;
        add(std::move(n));
    }

    void pop() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        finish(std::move(f.node), f.anchor);
    }

    void add(YamlNode n) {
        if (m_stack.empty()) {
            root = std::move(n);
            return;
        }
        Frame& top = m_stack.back();
        if (top.node.kind == YamlKind::Sequence) {
            top.node.items.push_back(std::move(n));
        } else if (!top.key) {
            top.key = std::move(n);
        } else {
            top.node.entries.push_back({std::move(*top.key), std::move(n)});
            top.key.reset();
        }
    }

    std::string_view m_text;
    const YamlLimits& m_limits;
    std::vector<Frame> m_stack;
    std::map<YAML::anchor_t, YamlNode> m_anchors;
    std::size_t m_alias_nodes = 0;
};

} // namespace

YamlReadResult read_yaml_documents(std::string_view text, const YamlLimits& limits) {
    YamlReadResult out;
    // Content must be UTF-8 (YAML streams are Unicode; the library would pass other
    // bytes through to every output). The position is the bad byte's line and
    // column, columns counted in characters as the library counts them.
    if (const std::size_t bad = utf8_invalid_at(text); bad != std::string_view::npos) {
        const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
        const std::size_t from = line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1;
        int column = 1;
        for (std::size_t i = from; i < bad; i += utf8_step(text, i).length) ++column;
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
        out.failed = true;
        out.error = std::string("invalid UTF-8 (byte ") + hex + "); content files must be UTF-8";
        out.error_pos = {static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n')) + 1,
                         column};
        return out;
    }
    std::istringstream in{std::string(text)};
    try {
        YAML::Parser parser(in);
        for (;;) {
            // yaml-cpp 0.7 can return an empty document forever on some damaged text (found
            // by fuzz_rule_yaml); a text cannot hold more documents than it has bytes.
            if (out.documents.size() > text.size()) {
                out.failed = true;
                out.error = "the YAML parser stopped advancing (more documents than bytes)";
                break;
            }
            TreeBuilder builder(text, limits);
            if (!parser.HandleNextDocument(builder)) break;
            YamlDocument doc;
            if (builder.root) {
                doc.root = std::move(*builder.root);
                doc.pos = doc.root.pos;
            }
            out.documents.push_back(std::move(doc));
        }
    } catch (const YAML::Exception& e) {
        out.failed = true;
        out.error = e.msg;
        if (!e.mark.is_null()) out.error_pos = {e.mark.line + 1, e.mark.column + 1};
    } catch (const TreeLimit& e) {
        out.failed = true;
        out.error = e.what();
        out.error_pos = e.pos;
    }
    return out;
}

std::vector<SourcePos> map_scalar_positions(std::string_view file, const YamlNode& scalar) {
    const std::string& value = scalar.text;
    std::vector<SourcePos> out(value.size(), scalar.pos);
    if (scalar.offset < 0 || static_cast<std::size_t>(scalar.offset) > file.size()) return out;

    std::size_t j = static_cast<std::size_t>(scalar.offset);
    int line = scalar.pos.line;
    int column = scalar.pos.column;
    auto step = [&] {
        if (file[j] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        ++j;
    };
    if (scalar.style == ScalarStyle::SingleQuoted || scalar.style == ScalarStyle::DoubleQuoted) {
        step(); // the opening quote
    } else if (scalar.style == ScalarStyle::Literal || scalar.style == ScalarStyle::Folded) {
        while (j < file.size() && file[j] != '\n') step(); // the indicator line
    }
    // Align the decoded value with the source greedily: skip only bytes YAML may have
    // consumed (indentation, line breaks, quotes, escape backslashes).
    auto skippable = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'' || c == '"' || c == '\\';
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        std::size_t k = j;
        while (k < file.size() && file[k] != c && !(c == ' ' && file[k] == '\n') && skippable(file[k])) ++k;
        if (k < file.size() && (file[k] == c || (c == ' ' && file[k] == '\n'))) {
            while (j < k) step();
            out[i] = {line, column};
            step();
        } else {
            out[i] = {line, column};
        }
    }
    return out;
}

} // namespace trailproof::yaml
