#include "parse/path_trie.h"

#include <algorithm>
#include <array>
#include <bit>

namespace trailproof::parse {

namespace {

// Odd 64-bit multipliers a node's hash may use (splitmix64 outputs, fixed so
// that a trie is built the same way every time).
constexpr std::array<std::uint64_t, 16> k_multipliers = [] {
    std::array<std::uint64_t, 16> out{};
    std::uint64_t state = 0x1313;
    for (auto& m : out) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        m = (z ^ (z >> 31)) | 1;
    }
    return out;
}();

// A node with more children than this keeps its multiplier while its table
// keeps its size (a new edge is probed in), so building a node of n children
// costs O(n log n) rather than O(n^2) multiplier trials.
constexpr std::size_t k_search_always = 64;

} // namespace

PathTrie::PathTrie() { clear(); }

void PathTrie::clear() {
    m_nodes.assign(1, Node{});
    m_targets.assign(1, {});
    m_key_at.assign(1, 0);
    m_edges.assign(1, Edge{});
    m_keys.clear();
}

void PathTrie::place_edges(NodeId node, std::vector<Edge>& edges, std::uint32_t size) {
    const std::uint32_t mask = size - 1;
    auto home_of = [](const Edge& e, std::uint64_t multiplier, std::uint32_t m) {
        return home(KeyWords{e.head, e.tail, e.size}, multiplier, m);
    };
    // The cost of a placement: probes of every edge's lookup plus, for a key that
    // misses, the run of edges from each slot on (sum of L(L+1)/2 per run of L).
    std::vector<std::uint8_t> used(size);
    auto cost_of = [&](std::uint64_t multiplier) {
        std::fill(used.begin(), used.end(), std::uint8_t{0});
        std::size_t cost = 0;
        for (const Edge& e : edges) {
            std::uint32_t i = home_of(e, multiplier, mask);
            for (; used[i] != 0; i = (i + 1) & mask) ++cost;
            used[i] = 1;
            ++cost;
        }
        // Runs of used slots, the one that wraps around included.
        const std::uint32_t start = static_cast<std::uint32_t>(std::find(used.begin(), used.end(), 0) - used.begin());
        std::size_t run = 0;
        for (std::uint32_t k = 1; k <= size; ++k) {
            if (used[(start + k) & mask] != 0) {
                ++run;
            } else {
                cost += run * (run + 1) / 2;
                run = 0;
            }
        }
        return cost;
    };
    Node& n = m_nodes[node];
    const bool resize = n.mask + 1 != size || n.children == 0;
    if (resize || edges.size() <= k_search_always) {
        std::uint64_t best = k_multipliers[0];
        std::size_t best_cost = SIZE_MAX;
        for (std::uint64_t m : k_multipliers) {
            const std::size_t cost = cost_of(m);
            if (cost < best_cost) {
                best_cost = cost;
                best = m;
            }
        }
        n.multiplier = best;
    }
    if (resize) {
        n.table = static_cast<std::uint32_t>(m_edges.size());
        m_edges.resize(m_edges.size() + size);
    }
    n.mask = mask;
    n.children = static_cast<std::uint32_t>(edges.size());
    Edge* table = m_edges.data() + n.table;
    std::fill(table, table + size, Edge{});
    for (const Edge& e : edges) {
        std::uint32_t i = home_of(e, n.multiplier, mask);
        while (table[i].child != k_none) i = (i + 1) & mask;
        table[i] = e;
    }
}

void PathTrie::add_edge(NodeId node, NodeId child, const KeyWords& w) {
    const Node& n = m_nodes[node];
    std::vector<Edge> edges;
    edges.reserve(n.children + 1);
    if (n.children != 0)
        for (std::uint32_t i = 0; i <= n.mask; ++i)
            if (const Edge& e = m_edges[n.table + i]; e.child != k_none) edges.push_back(e);
    edges.push_back(Edge{w.head, w.tail, w.size, child});
    // At most half full, so every miss ends at an empty slot.
    const std::uint32_t size = std::max<std::uint32_t>(2, std::bit_ceil(static_cast<std::uint32_t>(edges.size()) * 2));
    place_edges(node, edges, size);
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
        NodeId child = find_segment(node, segment);
        if (child == k_none) {
            child = static_cast<NodeId>(m_nodes.size());
            m_nodes.emplace_back();
            m_targets.emplace_back();
            m_key_at.push_back(static_cast<std::uint32_t>(m_keys.size()));
            m_keys.append(segment);
            add_edge(node, child, key_words(segment));
        }
        if (dot != std::string_view::npos) // `child` has children: a dotted key may cross it
            m_nodes[node].inner_sizes |= std::uint64_t{1} << std::min<std::size_t>(segment.size(), 63);
        node = child;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    auto& targets = m_targets[node];
    if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
}

PathTrie::NodeId PathTrie::find_dotted(NodeId node, std::string_view key) const noexcept {
    // Segments never contain a dot, so only a key that missed whole can be
    // dotted ("a.b"), and only when its first segment is a child with children:
    // its first dot is at one of the node's `inner_sizes`, bit L (< 63) for a
    // dot at L, bit 63 for one at 63 or later. The first candidate with a dot
    // there decides: had the key an earlier dot, its first segment would
    // contain that dot or be of a size no inner child has, and match nothing.
    const std::uint64_t sizes = m_nodes[node].inner_sizes;
    const std::size_t n = key.size();
    for (std::uint64_t candidates = sizes & sizes_below(n); candidates != 0; candidates &= candidates - 1) {
        const auto at = static_cast<std::size_t>(std::countr_zero(candidates));
        if (key[at] == '.') return find_dotted_at(node, key, at);
    }
    if ((sizes >> 63) != 0 && n > 63) { // an inner child's key of 63 bytes or more: find the dot
        const std::size_t dot = key.find('.');
        if (dot != std::string_view::npos && dot >= 63) return find_dotted_at(node, key, dot);
    }
    return k_none;
}

PathTrie::NodeId PathTrie::find_dotted_at(NodeId node, std::string_view key, std::size_t dot) const noexcept {
    const NodeId child = find_segment(node, key.substr(0, dot));
    return child == k_none ? k_none : find(child, key.substr(dot + 1));
}

} // namespace trailproof::parse
