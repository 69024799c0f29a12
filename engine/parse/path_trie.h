#pragma once
// Dotted field paths ("userIdentity.sessionContext.sessionIssuer.userName")
// arranged as a trie, so one forward walk of a document fills every path a
// parser, rule or model registered. Built at ParserSet::finalize, read-only after.
//
// The walk looks up every key of every object it enters (~28 per CloudTrail
// record), so `find` is built to cost one short probe, inline:
// - Each node has its own open-addressing table of child edges (linear
//   probing, size a power of two, at most half full), all tables in one array.
// - An edge keeps its key as (length, first 8 bytes, last 8 bytes): for keys
//   of up to 16 bytes (nearly every JSON key) those three words are the key, so
//   a lookup compares three words and reads no key bytes elsewhere. The 8-byte
//   words overlap for keys of 8 to 16 bytes (two 4-byte words, or the first,
//   middle and last byte, for shorter keys); longer keys compare their middle
//   bytes too.
// - The hash is the same three words times the node's multiplier, so the key is
//   read once, not hashed byte by byte. Each node's multiplier is chosen when
//   its table is built, among 16 fixed candidates, for the fewest probes of
//   its keys and of a miss from any slot (a node of more than 64 children
//   searches again only when its table grows).
// Keys that miss cost the probe of their home slot's run of edges; only a
// missing key can be dotted (segments never contain '.'). `find` first tests
// inline whether any inner child's key is shorter than the key (else no dot
// can start a path: most misses stop there), then `find_dotted` handles the
// rest out of line without scanning the key for a dot: it reads only the
// bytes where a dot could start a path (at the key sizes of the node's inner
// children), so a key that leads nowhere costs one probe and a few byte reads.
// tests/parse/path_trie_test.cpp holds the lookup to a map-based reference
// (seeded property test); the design is in engine/parse/README.md and the
// measurements in bench/README.md, both under "The walk's lookups".

#include <cstdint>
#include <cstring>
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
    // The empty key matches nothing.
    [[nodiscard]] NodeId find(NodeId node, std::string_view key) const noexcept {
        const NodeId child = find_segment(node, key);
        if (child != k_none || !may_be_dotted(node, key.size())) return child;
        return find_dotted(node, key);
    }
    // Slots a value at `node` fills (empty for pure inner nodes).
    [[nodiscard]] std::span<const FieldId> targets(NodeId node) const noexcept { return m_targets[node]; }
    [[nodiscard]] bool has_children(NodeId node) const noexcept { return m_nodes[node].children != 0; }
    [[nodiscard]] std::size_t node_count() const noexcept { return m_nodes.size(); }

private:
    // A key as the lookup compares and hashes it (see the header comment).
    struct KeyWords {
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        std::uint32_t size = 0;
    };
    static KeyWords key_words(std::string_view key) noexcept {
        KeyWords w;
        const char* p = key.data();
        const std::size_t n = key.size();
        w.size = static_cast<std::uint32_t>(n);
        if (n >= 8) {
            std::memcpy(&w.head, p, 8);
            std::memcpy(&w.tail, p + n - 8, 8);
        } else if (n >= 4) {
            std::uint32_t head = 0;
            std::uint32_t tail = 0;
            std::memcpy(&head, p, 4);
            std::memcpy(&tail, p + n - 4, 4);
            w.head = head;
            w.tail = tail;
        } else if (n > 0) {
            w.head = static_cast<unsigned char>(p[0]) | static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
                     static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
        }
        return w;
    }

    struct Node {
        std::uint64_t multiplier = 1; // of the hash, chosen per node (place_edges)
        std::uint32_t table = 0;      // first edge slot of this node's table in m_edges
        std::uint32_t mask = 0;       // table size - 1
        std::uint32_t children = 0;
        // Key sizes of this node's children that have children of their own: bit
        // L for size L < 63, bit 63 for any larger one. A dotted key can only
        // match with its first dot at such a size (find_dotted).
        std::uint64_t inner_sizes = 0;
    };
    // One edge parent -> child in its parent's table, labelled with one key segment.
    struct Edge {
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        std::uint32_t size = 0;
        NodeId child = k_none; // k_none marks an empty slot
    };

    static std::uint32_t home(const KeyWords& w, const Node& n) noexcept { return home(w, n.multiplier, n.mask); }
    static std::uint32_t home(const KeyWords& w, std::uint64_t multiplier, std::uint32_t mask) noexcept {
        const std::uint64_t x = w.head ^ ((w.tail << 29) | (w.tail >> 35)) ^ w.size;
        return static_cast<std::uint32_t>((x * multiplier) >> 32) & mask;
    }
    [[nodiscard]] const char* key_at(NodeId child) const noexcept { return m_keys.data() + m_key_at[child]; }
    // The edge of `node` labelled `segment`, or k_none: one probe of the node's table.
    [[nodiscard]] NodeId find_segment(NodeId node, std::string_view segment) const noexcept {
        const Node& n = m_nodes[node];
        const KeyWords w = key_words(segment);
        for (std::uint32_t i = home(w, n);; i = (i + 1) & n.mask) {
            const Edge& e = m_edges[n.table + i];
            if (e.child == k_none) return k_none;
            if (e.size == w.size && e.head == w.head && e.tail == w.tail &&
                (w.size <= 16 || std::memcmp(key_at(e.child) + 8, segment.data() + 8, w.size - 16) == 0))
                return e.child;
        }
    }
    // The bits of Node::inner_sizes a key of `size` bytes can have its first
    // dot at, below bit 63 (sizes 0 to min(size, 63) - 1).
    static std::uint64_t sizes_below(std::size_t size) noexcept {
        return size >= 63 ? ~std::uint64_t{0} >> 1 : (std::uint64_t{1} << size) - 1;
    }
    // Whether find_dotted can find anything for a key of `size` bytes, inline:
    // most keys that miss are shorter than any inner child's key, or longer
    // with none ending before them.
    [[nodiscard]] bool may_be_dotted(NodeId node, std::size_t size) const noexcept {
        const std::uint64_t sizes = m_nodes[node].inner_sizes;
        return (sizes & sizes_below(size)) != 0 || ((sizes >> 63) != 0 && size > 63);
    }
    // The miss path of find: a key with a dot, one segment at a time.
    [[nodiscard]] NodeId find_dotted(NodeId node, std::string_view key) const noexcept;
    // find_dotted with the first dot of `key` at `dot`.
    [[nodiscard]] NodeId find_dotted_at(NodeId node, std::string_view key, std::size_t dot) const noexcept;
    // Adds edge node -> child, rebuilding the node's table (a larger one when it
    // would be more than half full).
    void add_edge(NodeId node, NodeId child, const KeyWords& w);
    void place_edges(NodeId node, std::vector<Edge>& edges, std::uint32_t size);

    // Indexed by NodeId: the lookup's part, the targets, each node's own key
    // (offset into m_keys; only keys over 16 bytes are read back by find).
    std::vector<Node> m_nodes;
    std::vector<std::vector<FieldId>> m_targets;
    std::vector<std::uint32_t> m_key_at;
    // Every node's table, one after another; slot 0 is the one-slot empty table
    // of every node without children. A table that grows moves to the end (the
    // old slots stay unused: the trie is built once).
    std::vector<Edge> m_edges;
    std::string m_keys;
};

} // namespace trailproof::parse
