// PathTrie, the extraction plan's dotted paths: one lookup per document key.
// Unit tests of the cases its lookup has to tell apart, and a seeded property
// test against a plain map of the registered paths.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/path_trie.h"

using trailproof::FieldId;
using trailproof::parse::PathTrie;

namespace {

// The node reached from the root by `keys` (each one find), or k_none.
PathTrie::NodeId trie_walk(const PathTrie& trie, std::initializer_list<std::string_view> keys) {
    PathTrie::NodeId node = PathTrie::k_root;
    for (std::string_view key : keys) {
        node = trie.find(node, key);
        if (node == PathTrie::k_none) return node;
    }
    return node;
}

// A trie with each (path, target) added in order.
PathTrie trie_of(std::initializer_list<std::pair<std::string_view, FieldId>> paths) {
    PathTrie trie;
    for (const auto& [path, target] : paths) trie.add(path, target);
    return trie;
}

std::vector<FieldId> trie_targets(const PathTrie& trie, PathTrie::NodeId node) {
    auto span = trie.targets(node);
    return {span.begin(), span.end()};
}

// The reference: registered paths as strings. A node is a path that is a
// registered path or a proper prefix of one at a segment boundary; its targets
// are the ids added for exactly that path, in order of first addition.
struct TrieReference {
    std::map<std::string, std::vector<FieldId>> paths;

    void add(std::string_view path, FieldId id) {
        if (path.empty() || path.front() == '.' || path.back() == '.' || path.find("..") != std::string_view::npos)
            return;
        auto& ids = paths[std::string(path)];
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    [[nodiscard]] bool is_node(const std::string& path) const {
        if (path.empty()) return true;
        auto it = paths.lower_bound(path);
        if (it == paths.end()) return false;
        return it->first == path || (it->first.size() > path.size() && it->first.compare(0, path.size(), path) == 0 &&
                                      it->first[path.size()] == '.');
    }
    [[nodiscard]] bool has_children(const std::string& path) const {
        const std::string prefix = path.empty() ? std::string() : path + ".";
        auto it = paths.lower_bound(prefix);
        return it != paths.end() && it->first.compare(0, prefix.size(), prefix) == 0 && it->first.size() > prefix.size();
    }
    // The node below `node` for one document key: the key's dot-separated
    // segments in turn, none empty. Returns false for "no such node".
    [[nodiscard]] bool find(const std::string& node, std::string_view key, std::string& out) const {
        out = node;
        for (std::size_t start = 0;;) {
            const std::size_t dot = key.find('.', start);
            const std::string_view segment = key.substr(start, dot == std::string_view::npos ? key.npos : dot - start);
            if (segment.empty()) return false;
            if (!out.empty()) out += '.';
            out += segment;
            if (!is_node(out)) return false;
            if (dot == std::string_view::npos) return true;
            start = dot + 1;
        }
    }
    [[nodiscard]] std::vector<FieldId> targets(const std::string& node) const {
        auto it = paths.find(node);
        return it == paths.end() ? std::vector<FieldId>{} : it->second;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(path_trie)

BOOST_AUTO_TEST_CASE(nested_and_dotted_keys_reach_the_same_node) {
    PathTrie trie;
    trie.add("userIdentity.sessionContext.sessionIssuer.userName", 7);
    trie.add("userIdentity.arn", 3);
    const PathTrie::NodeId nested = trie_walk(trie, {"userIdentity", "sessionContext", "sessionIssuer", "userName"});
    BOOST_TEST_REQUIRE(nested != PathTrie::k_none);
    BOOST_TEST(trie_targets(trie, nested) == std::vector<FieldId>{7});
    BOOST_TEST(trie_walk(trie, {"userIdentity.sessionContext", "sessionIssuer.userName"}) == nested);
    BOOST_TEST(trie_walk(trie, {"userIdentity.sessionContext.sessionIssuer.userName"}) == nested);
    BOOST_TEST(trie_walk(trie, {"userIdentity", "sessionContext.sessionIssuer", "userName"}) == nested);
    BOOST_TEST(trie_targets(trie, trie_walk(trie, {"userIdentity.arn"})) == std::vector<FieldId>{3});
    // Inner nodes: no targets, children.
    const PathTrie::NodeId inner = trie_walk(trie, {"userIdentity"});
    BOOST_TEST(trie.targets(inner).empty());
    BOOST_TEST(trie.has_children(inner));
    BOOST_TEST(!trie.has_children(nested));
    // A dotted key with an empty or unknown segment leads nowhere.
    BOOST_TEST(trie.find(PathTrie::k_root, "userIdentity..arn") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, "userIdentity.") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, ".userIdentity") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, "userIdentity.arn.x") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, "userIdentity.ar") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, "userIdentity.arnx") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, "x.arn") == PathTrie::k_none);
}

BOOST_AUTO_TEST_CASE(dotted_keys_with_first_segments_of_every_size) {
    PathTrie trie;
    // First segments of sizes 1 to 80 (the lookup treats sizes from 63 on alike),
    // each with a child, and leaves of the same sizes that a dotted key must not cross.
    for (std::size_t n = 1; n <= 80; ++n) {
        trie.add(std::string(n, 's') + ".child", static_cast<FieldId>(n));
        trie.add(std::string(n, 'l'), static_cast<FieldId>(100 + n));
    }
    for (std::size_t n = 1; n <= 80; ++n) {
        BOOST_TEST_CONTEXT("first segment of " << n << " bytes") {
            const std::string inner(n, 's');
            const PathTrie::NodeId nested = trie_walk(trie, {inner, "child"});
            BOOST_TEST_REQUIRE(nested != PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, inner + ".child") == nested);
            BOOST_TEST(trie_targets(trie, nested) == std::vector<FieldId>{static_cast<FieldId>(n)});
            BOOST_TEST(trie.find(PathTrie::k_root, inner + ".chil") == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, inner + ".") == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, inner + "..child") == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, "x." + inner + ".child") == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, inner + "x.child") == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, std::string(n, 'l') + ".child") == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, std::string(n, 'l')) != PathTrie::k_none);
        }
    }
}

BOOST_AUTO_TEST_CASE(keys_that_are_prefixes_of_others) {
    const PathTrie trie = trie_of({{"event", 1}, {"eventName", 2}, {"eventNameX", 3}, {"e", 4}});
    BOOST_TEST(trie_targets(trie, trie.find(PathTrie::k_root, "event")) == std::vector<FieldId>{1});
    BOOST_TEST(trie_targets(trie, trie.find(PathTrie::k_root, "eventName")) == std::vector<FieldId>{2});
    BOOST_TEST(trie_targets(trie, trie.find(PathTrie::k_root, "eventNameX")) == std::vector<FieldId>{3});
    BOOST_TEST(trie_targets(trie, trie.find(PathTrie::k_root, "e")) == std::vector<FieldId>{4});
    for (std::string_view miss : {"", "ev", "even", "eventN", "eventNam", "eventNameXY", "Event", "eventname"})
        BOOST_TEST(trie.find(PathTrie::k_root, miss) == PathTrie::k_none, "key '" << miss << "'");
}

BOOST_AUTO_TEST_CASE(empty_keys_and_paths_with_empty_segments_never_match) {
    PathTrie trie;
    for (std::string_view bad : {"", ".", "..", ".a", "a.", "a..b"}) trie.add(bad, 9);
    BOOST_TEST(trie.node_count() == 1u); // nothing but the root
    BOOST_TEST(!trie.has_children(PathTrie::k_root));
    BOOST_TEST(trie.find(PathTrie::k_root, "") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, "a") == PathTrie::k_none);
    trie.add("a", 1);
    BOOST_TEST(trie.find(PathTrie::k_root, "") == PathTrie::k_none);
    BOOST_TEST(trie.find(trie.find(PathTrie::k_root, "a"), "") == PathTrie::k_none);
    BOOST_TEST(trie.find(PathTrie::k_root, ".") == PathTrie::k_none);
}

BOOST_AUTO_TEST_CASE(long_keys_and_keys_that_differ_in_one_byte) {
    PathTrie trie;
    // 40 bytes that differ only in the middle, only in the first or only in the
    // last byte, and one of every length from 1 to 70.
    const std::string base(40, 'k');
    std::vector<std::string> keys = {base};
    for (std::size_t at : {std::size_t{0}, std::size_t{19}, std::size_t{20}, std::size_t{39}}) {
        std::string k = base;
        k[at] = 'x';
        keys.push_back(k);
    }
    for (std::size_t n = 1; n <= 70; ++n) keys.push_back(std::string(n, 'a') + "Z");
    for (char last = 'a'; last <= 'z'; ++last) keys.push_back(std::string("requestParameters") + last);
    for (std::size_t i = 0; i < keys.size(); ++i) trie.add(keys[i], static_cast<FieldId>(i));
    for (std::size_t i = 0; i < keys.size(); ++i) {
        BOOST_TEST_CONTEXT("key " << keys[i]) {
            const PathTrie::NodeId node = trie.find(PathTrie::k_root, keys[i]);
            BOOST_TEST_REQUIRE(node != PathTrie::k_none);
            BOOST_TEST(trie_targets(trie, node) == std::vector<FieldId>{static_cast<FieldId>(i)});
            // One byte changed anywhere, one byte more or less: no match.
            std::string changed = keys[i];
            changed[changed.size() / 2] = '#';
            BOOST_TEST(trie.find(PathTrie::k_root, changed) == PathTrie::k_none);
            changed = keys[i];
            changed.back() = '#';
            BOOST_TEST(trie.find(PathTrie::k_root, changed) == PathTrie::k_none);
            BOOST_TEST(trie.find(PathTrie::k_root, keys[i] + "#") == PathTrie::k_none);
            const std::string_view shorter = std::string_view(keys[i]).substr(1);
            if (std::find(keys.begin(), keys.end(), shorter) == keys.end())
                BOOST_TEST(trie.find(PathTrie::k_root, shorter) == PathTrie::k_none);
        }
    }
}

BOOST_AUTO_TEST_CASE(many_children_under_one_node) {
    PathTrie trie;
    // 600 children of the root and 600 of one inner node, each with its own id.
    for (int i = 0; i < 600; ++i) {
        trie.add("k" + std::to_string(i), static_cast<FieldId>(i));
        trie.add("inner.k" + std::to_string(i), static_cast<FieldId>(1000 + i));
    }
    const PathTrie::NodeId inner = trie.find(PathTrie::k_root, "inner");
    BOOST_TEST_REQUIRE(inner != PathTrie::k_none);
    for (int i = 0; i < 600; ++i) {
        const std::string key = "k" + std::to_string(i);
        BOOST_TEST(trie_targets(trie, trie.find(PathTrie::k_root, key)) == std::vector<FieldId>{static_cast<FieldId>(i)});
        BOOST_TEST(trie_targets(trie, trie.find(inner, key)) ==
                   std::vector<FieldId>{static_cast<FieldId>(1000 + i)});
        BOOST_TEST(trie.find(PathTrie::k_root, "k" + std::to_string(600 + i)) == PathTrie::k_none);
        BOOST_TEST(trie.find(inner, "x" + std::to_string(i)) == PathTrie::k_none);
    }
}

BOOST_AUTO_TEST_CASE(the_same_key_under_different_parents) {
    // "arn" -> 4 twice: a repeated target is kept once.
    const PathTrie trie = trie_of({{"userIdentity.arn", 1},
                                   {"userIdentity.sessionContext.sessionIssuer.arn", 2},
                                   {"resources.arn", 3},
                                   {"arn", 4},
                                   {"arn", 5},
                                   {"arn", 4}});
    BOOST_TEST(trie_targets(trie, trie_walk(trie, {"userIdentity", "arn"})) == std::vector<FieldId>{1});
    BOOST_TEST(trie_targets(trie, trie_walk(trie, {"userIdentity", "sessionContext", "sessionIssuer", "arn"})) ==
               std::vector<FieldId>{2});
    BOOST_TEST(trie_targets(trie, trie_walk(trie, {"resources", "arn"})) == std::vector<FieldId>{3});
    BOOST_TEST(trie_targets(trie, trie_walk(trie, {"arn"})) == (std::vector<FieldId>{4, 5}));
    BOOST_TEST(trie_walk(trie, {"userIdentity", "sessionContext", "arn"}) == PathTrie::k_none);
    BOOST_TEST(trie_walk(trie, {"arn", "arn"}) == PathTrie::k_none);
    // Distinct nodes for the same key.
    BOOST_TEST(trie_walk(trie, {"userIdentity", "arn"}) != trie_walk(trie, {"resources", "arn"}));
}

BOOST_AUTO_TEST_CASE(clear_forgets_every_path) {
    PathTrie trie;
    trie.add("a.b", 1);
    trie.clear();
    BOOST_TEST(trie.node_count() == 1u);
    BOOST_TEST(trie.find(PathTrie::k_root, "a") == PathTrie::k_none);
    trie.add("a.c", 2);
    BOOST_TEST(trie_walk(trie, {"a", "b"}) == PathTrie::k_none);
    BOOST_TEST(trie_targets(trie, trie_walk(trie, {"a", "c"})) == std::vector<FieldId>{2});
}

// Property: random paths registered, random key sequences looked up; every
// lookup agrees with the map-based reference (the node exists or not, and at
// an existing node the targets and whether it has children).
BOOST_AUTO_TEST_CASE(random_paths_agree_with_a_map_reference) {
    constexpr std::uint64_t k_seed = 1313013;
    BOOST_TEST_MESSAGE("path trie property seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    // Segments that share prefixes, differ in one byte (first, middle, last),
    // are long with the same first and last 8 bytes, or are empty.
    const std::vector<std::string> vocabulary = {
        "a", "b", "ab", "abc", "arn", "arN", "Arn", "type", "typo", "eventName", "eventNamf", "eventNam",
        "userIdentity", "userIdentitx", "sessionContext", "requestParameters", "requestParametert",
        "0123456789abcdef", "0123456789abcdeF", "0123456789abcdef0", "firstEig-MIDDLE-1-lastEigh",
        "firstEig-MIDDLE-2-lastEigh", "firstEig-MIDDLE-22-lastEigh", std::string(63, 'l'), std::string(64, 'l'),
        "x", ""};
    std::size_t found = 0;
    std::size_t missed = 0;
    for (int round = 0; round < 200; ++round) {
        PathTrie trie;
        TrieReference reference;
        std::vector<std::string> added;
        const std::size_t path_count = 1 + pick(round % 10 == 0 ? 400 : 40);
        for (std::size_t i = 0; i < path_count; ++i) {
            std::string path;
            const std::size_t depth = 1 + pick(4);
            for (std::size_t d = 0; d < depth; ++d) {
                if (d > 0) path += '.';
                path += pick(8) == 0 ? "n" + std::to_string(pick(300)) : vocabulary[pick(vocabulary.size())];
            }
            const auto id = static_cast<FieldId>(pick(50));
            trie.add(path, id);
            reference.add(path, id);
            added.push_back(path);
        }
        BOOST_TEST_CONTEXT("seed " << k_seed << ", round " << round) {
            for (int walk = 0; walk < 60; ++walk) {
                PathTrie::NodeId node = PathTrie::k_root;
                std::string ref_node;
                std::string keys;
                for (int step = 0; step < 5; ++step) {
                    // A key: a vocabulary segment, a run of them joined by dots, or a
                    // segment of a registered path.
                    std::string key;
                    const std::size_t kind = pick(4);
                    const std::string& path = added[pick(added.size())];
                    if (kind == 0 && !path.empty()) {
                        const std::size_t from = pick(path.size());
                        key = path.substr(from, pick(path.size() - from + 1));
                    } else {
                        const std::size_t parts = kind == 1 ? 2 + pick(3) : 1;
                        for (std::size_t p = 0; p < parts; ++p) {
                            if (p > 0) key += '.';
                            key += vocabulary[pick(vocabulary.size())];
                        }
                    }
                    keys += "[" + key + "]";
                    std::string ref_next;
                    const bool ref_found = reference.find(ref_node, key, ref_next);
                    const PathTrie::NodeId next = trie.find(node, key);
                    BOOST_TEST_REQUIRE((next != PathTrie::k_none) == ref_found, "keys " << keys);
                    ++(ref_found ? found : missed);
                    if (!ref_found) break;
                    node = next;
                    ref_node = ref_next;
                    BOOST_TEST_REQUIRE(trie_targets(trie, node) == reference.targets(ref_node), "keys " << keys);
                    BOOST_TEST_REQUIRE(trie.has_children(node) == reference.has_children(ref_node), "keys " << keys);
                }
            }
            // Every registered path is found, nested and as one dotted key.
            for (const auto& [path, ids] : reference.paths) {
                PathTrie::NodeId nested = PathTrie::k_root;
                for (std::size_t start = 0; nested != PathTrie::k_none;) {
                    const std::size_t dot = path.find('.', start);
                    nested = trie.find(nested, std::string_view(path).substr(start, dot == std::string::npos
                                                                                         ? std::string::npos
                                                                                         : dot - start));
                    if (dot == std::string::npos) break;
                    start = dot + 1;
                }
                BOOST_TEST_REQUIRE(nested != PathTrie::k_none, "path " << path);
                BOOST_TEST_REQUIRE(trie.find(PathTrie::k_root, path) == nested, "path " << path);
                BOOST_TEST_REQUIRE(trie_targets(trie, nested) == ids, "path " << path);
            }
        }
    }
    // Both outcomes are exercised, not only misses.
    BOOST_TEST_MESSAGE("lookups found " << found << ", missed " << missed);
    BOOST_TEST(found > 2000u);
    BOOST_TEST(missed > 2000u);
}

BOOST_AUTO_TEST_SUITE_END()
