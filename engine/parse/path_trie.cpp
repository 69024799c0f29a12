#include "parse/path_trie.h"

#include <algorithm>

namespace trailproof::parse {

namespace {

bool edge_less(const auto& edge, std::string_view key) noexcept { return std::string_view(edge.key) < key; }

} // namespace

PathTrie::PathTrie() { m_nodes.emplace_back(); }

void PathTrie::clear() {
    m_nodes.clear();
    m_nodes.emplace_back();
}

void PathTrie::add(std::string_view path, FieldId target) {
    if (path.empty()) return;
    // Check every segment first so a bad path adds no dangling nodes.
    for (std::size_t start = 0;;) {
        std::size_t dot = path.find('.', start);
        std::size_t end = dot == std::string_view::npos ? path.size() : dot;
        if (end == start) return;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    NodeId node = k_root;
    for (std::size_t start = 0;;) {
        std::size_t dot = path.find('.', start);
        std::string_view segment = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        auto& edges = m_nodes[node].edges;
        auto it = std::lower_bound(edges.begin(), edges.end(), segment, edge_less<Edge>);
        if (it != edges.end() && it->key == segment) {
            node = it->child;
        } else {
            auto child = static_cast<NodeId>(m_nodes.size());
            edges.insert(it, Edge{std::string(segment), child});
            m_nodes.emplace_back(); // invalidates `edges`; not used again below
            node = child;
        }
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    auto& targets = m_nodes[node].targets;
    if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
}

PathTrie::NodeId PathTrie::find_segment(NodeId node, std::string_view segment) const noexcept {
    const auto& edges = m_nodes[node].edges;
    auto it = std::lower_bound(edges.begin(), edges.end(), segment, edge_less<Edge>);
    return it != edges.end() && it->key == segment ? it->child : k_none;
}

PathTrie::NodeId PathTrie::find(NodeId node, std::string_view key) const noexcept {
    if (m_nodes[node].edges.empty()) return k_none;
    std::size_t dot = key.find('.');
    if (dot == std::string_view::npos) return find_segment(node, key);
    for (std::size_t start = 0;;) {
        std::string_view segment = key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        node = find_segment(node, segment);
        if (node == k_none || dot == std::string_view::npos) return node;
        start = dot + 1;
        dot = key.find('.', start);
    }
}

std::span<const FieldId> PathTrie::targets(NodeId node) const noexcept { return m_nodes[node].targets; }

} // namespace trailproof::parse
