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
    [[nodiscard]] bool has_children(NodeId node) const noexcept { return m_nodes[node].children != 0; }
    [[nodiscard]] std::size_t node_count() const noexcept { return m_nodes.size(); }

private:
    struct Node {
        std::vector<FieldId> targets;
        std::uint32_t children = 0;
    };
    // One edge parent -> child, labelled with one key segment.
    struct Edge {
        std::uint64_t hash = 0;  // edge_hash(parent, key)
        NodeId parent = k_none;  // k_none marks an empty slot
        NodeId child = k_none;
        std::string key;
    };
    [[nodiscard]] NodeId find_segment(NodeId node, std::string_view segment) const noexcept;
    // The slot of edge (parent, segment) with hash `hash`, or the empty slot where it would go.
    [[nodiscard]] std::size_t slot_of(NodeId parent, std::string_view segment, std::uint64_t hash) const noexcept;
    void grow_edges();

    std::vector<Node> m_nodes;
    // Every edge of the trie in one open-addressing table (linear probing, size a
    // power of two, at most half full). The walk looks up every key of every
    // object it enters, so a lookup is one hash of the key and, when the full
    // hash matches, one comparison of the key.
    std::vector<Edge> m_edges;
    std::size_t m_edge_count = 0;
};

} // namespace trailproof::parse
