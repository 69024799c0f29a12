#pragma once
// Dotted field paths ("userIdentity.sessionContext.sessionIssuer.userName")
// arranged as a trie, so one forward walk of a document fills every path a
// parser, rule or model registered. Built at ParserSet::finalize, read-only after.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/field_registry.h"

namespace trailproof::parse {

class PathTrie {
public:
    using NodeId = std::uint32_t;
    static constexpr NodeId k_root = 0;
    static constexpr NodeId k_none = UINT32_MAX;

    PathTrie();

    void clear();
    // Adds `path` (segments split on '.') with `target` as one of the slots its
    // value fills. Paths with an empty segment ("a..b", ".a") can never match and are ignored.
    void add(std::string_view path, FieldId target);

    // Child of `node` for one document key. A key containing dots ("a.b") walks one
    // level per segment, so a literal dotted key matches the same path as nesting.
    [[nodiscard]] NodeId find(NodeId node, std::string_view key) const noexcept;
    // Slots a value at `node` fills (empty for pure inner nodes).
    [[nodiscard]] std::span<const FieldId> targets(NodeId node) const noexcept;
    [[nodiscard]] bool has_children(NodeId node) const noexcept { return !m_nodes[node].edges.empty(); }
    [[nodiscard]] std::size_t node_count() const noexcept { return m_nodes.size(); }

private:
    struct Edge {
        std::string key;
        NodeId child = k_none;
    };
    struct Node {
        std::vector<Edge> edges; // sorted by key, for binary search
        std::vector<FieldId> targets;
    };
    [[nodiscard]] NodeId find_segment(NodeId node, std::string_view segment) const noexcept;

    std::vector<Node> m_nodes;
};

} // namespace trailproof::parse
