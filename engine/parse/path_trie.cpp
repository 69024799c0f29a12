#include "parse/path_trie.h"

#include <algorithm>
#include <cstring>

namespace trailproof::parse {

namespace {

// Eight bytes at a time, then the tail byte by byte (JSON keys are mostly 8 to 20
// bytes), each word mixed in with a multiply and a shift. Only ever used in memory.
std::uint64_t edge_hash(PathTrie::NodeId parent, std::string_view segment) noexcept {
    constexpr std::uint64_t k_mul = 0x9e3779b97f4a7c15ull;
    std::uint64_t h = (parent ^ (static_cast<std::uint64_t>(segment.size()) << 32)) * k_mul;
    const char* p = segment.data();
    std::size_t n = segment.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        h = (h ^ word) * k_mul;
        h ^= h >> 29;
    }
    std::uint64_t tail = 0;
    for (std::size_t i = 0; i < n; ++i) tail = (tail << 8) | static_cast<unsigned char>(p[i]);
    h = (h ^ tail) * k_mul;
    return h ^ (h >> 32);
}

} // namespace

PathTrie::PathTrie() { m_nodes.emplace_back(); }

void PathTrie::clear() {
    m_nodes.clear();
    m_nodes.emplace_back();
    m_edges.clear();
    m_edge_count = 0;
}

std::size_t PathTrie::slot_of(NodeId parent, std::string_view segment, std::uint64_t hash) const noexcept {
    const std::size_t mask = m_edges.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
        const Edge& e = m_edges[i];
        if (e.parent == k_none || (e.hash == hash && e.parent == parent && e.key == segment)) return i;
    }
}

void PathTrie::grow_edges() {
    std::vector<Edge> old(m_edges.empty() ? 64 : m_edges.size() * 2);
    m_edges.swap(old);
    for (Edge& e : old)
        if (e.parent != k_none) m_edges[slot_of(e.parent, e.key, e.hash)] = std::move(e);
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
        if ((m_edge_count + 1) * 2 > m_edges.size()) grow_edges();
        const std::uint64_t hash = edge_hash(node, segment);
        Edge& edge = m_edges[slot_of(node, segment, hash)];
        if (edge.parent == k_none) {
            edge = Edge{hash, node, static_cast<NodeId>(m_nodes.size()), std::string(segment)};
            ++m_edge_count;
            ++m_nodes[node].children;
            m_nodes.emplace_back();
        }
        node = edge.child;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    auto& targets = m_nodes[node].targets;
    if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
}

PathTrie::NodeId PathTrie::find_segment(NodeId node, std::string_view segment) const noexcept {
    return m_edges[slot_of(node, segment, edge_hash(node, segment))].child; // k_none in an empty slot
}

PathTrie::NodeId PathTrie::find(NodeId node, std::string_view key) const noexcept {
    if (m_nodes[node].children == 0) return k_none; // so m_edges is not empty below
    // Segments never contain a dot, so the whole key is tried first without
    // scanning it for one: only a key that misses can be dotted ("a.b").
    if (const NodeId child = find_segment(node, key); child != k_none) return child;
    std::size_t dot = key.find('.');
    if (dot == std::string_view::npos) return k_none;
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
