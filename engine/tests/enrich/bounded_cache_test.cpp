// BoundedCache: hits and misses, clearing when full (entries or key bytes),
// oversized keys, and a disabled cache.

#include <boost/test/unit_test.hpp>

#include <string>

#include "enrich/bounded_cache.h"

using trailproof::enrich::BoundedCache;

BOOST_AUTO_TEST_SUITE(bounded_cache)

BOOST_AUTO_TEST_CASE(find_after_insert) {
    BoundedCache<int> cache(4, 1024);
    BOOST_TEST(cache.find("a") == nullptr);
    cache.insert("a", 1);
    cache.insert("bb", 2);
    cache.insert("", 3); // an empty key is a key like any other
    BOOST_TEST_REQUIRE(cache.find("a") != nullptr);
    BOOST_TEST(*cache.find("a") == 1);
    BOOST_TEST(*cache.find("bb") == 2);
    BOOST_TEST(*cache.find("") == 3);
    BOOST_TEST(cache.find("b") == nullptr);
    BOOST_TEST(cache.size() == 3u);
    BOOST_TEST(cache.stats().hits == 4u);
    BOOST_TEST(cache.stats().misses == 2u);
    BOOST_TEST(cache.stats().clears == 0u);
}

BOOST_AUTO_TEST_CASE(clears_when_entries_are_full) {
    BoundedCache<int> cache(2, 1024);
    cache.insert("a", 1);
    cache.insert("b", 2);
    cache.insert("c", 3); // full: everything goes, then c is stored
    BOOST_TEST(cache.stats().clears == 1u);
    BOOST_TEST(cache.size() == 1u);
    BOOST_TEST(cache.find("a") == nullptr);
    BOOST_TEST(cache.find("b") == nullptr);
    BOOST_TEST_REQUIRE(cache.find("c") != nullptr);
    BOOST_TEST(*cache.find("c") == 3);
}

BOOST_AUTO_TEST_CASE(clears_when_key_bytes_are_full) {
    BoundedCache<int> cache(100, 16);
    cache.insert("abcd", 1);
    cache.insert("efgh", 2);
    cache.insert("ijkl", 3);
    cache.insert("mnop", 4);
    BOOST_TEST(cache.stats().clears == 0u);
    cache.insert("qrst", 5); // 20 bytes > 16
    BOOST_TEST(cache.stats().clears == 1u);
    BOOST_TEST(cache.find("abcd") == nullptr);
    BOOST_TEST(*cache.find("qrst") == 5);
}

BOOST_AUTO_TEST_CASE(oversized_keys_are_not_cached) {
    BoundedCache<int> cache(8, 64);
    cache.insert("a", 1);
    cache.insert(std::string(17, 'x'), 2); // more than a quarter of the key budget
    BOOST_TEST(cache.find(std::string(17, 'x')) == nullptr);
    BOOST_TEST(*cache.find("a") == 1); // and nothing was flushed for it
    BOOST_TEST(cache.stats().clears == 0u);
}

BOOST_AUTO_TEST_CASE(zero_entries_disables_the_cache) {
    BoundedCache<int> cache(0, 0);
    cache.insert("a", 1);
    BOOST_TEST(cache.find("a") == nullptr);
    BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_CASE(many_keys_with_colliding_slots) {
    // Fill to capacity several times; every stored key must be found with its value.
    BoundedCache<int> cache(64, 64 * 8);
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 64; ++i) {
            const std::string key = "k" + std::to_string(round * 64 + i);
            BOOST_TEST(cache.find(key) == nullptr);
            cache.insert(key, round * 64 + i);
        }
        for (int i = 0; i < 64; ++i) {
            const std::string key = "k" + std::to_string(round * 64 + i);
            const int* v = cache.find(key);
            BOOST_TEST_REQUIRE(v != nullptr);
            BOOST_TEST(*v == round * 64 + i);
        }
    }
    BOOST_TEST(cache.stats().clears == 2u);
}

// The last entry is tried before hashing (issue 13): it must answer by the key's
// bytes, never by where the key lies, and never survive a clear.
BOOST_AUTO_TEST_CASE(the_last_entry_answers_only_its_own_bytes) {
    BoundedCache<int> cache(2, 1024);
    std::string key = "203.0.113.5";
    cache.insert(key, 1);
    key[key.size() - 1] = '6'; // the same buffer, other bytes: not the last entry's key
    BOOST_TEST(cache.find(key) == nullptr);
    cache.insert(key, 2);
    const std::string same_bytes_elsewhere = "203.0.113.6";
    BOOST_TEST_REQUIRE(cache.find(same_bytes_elsewhere) != nullptr);
    BOOST_TEST(*cache.find(same_bytes_elsewhere) == 2);
    BOOST_TEST_REQUIRE(cache.find("203.0.113.5") != nullptr); // an older entry, through the probe
    BOOST_TEST(*cache.find("203.0.113.5") == 1);
    BOOST_TEST(*cache.find("203.0.113.5") == 1); // now the last one
    BOOST_TEST(cache.find("203.0.113.") == nullptr); // a prefix of it is another key
    cache.insert("198.51.100.1", 3); // full: cleared, then stored
    BOOST_TEST(cache.find("203.0.113.5") == nullptr);
    BOOST_TEST(*cache.find("198.51.100.1") == 3);
    cache.reset();
    BOOST_TEST(cache.find("198.51.100.1") == nullptr);
    BOOST_TEST(cache.stats().hits == 6u);
    BOOST_TEST(cache.stats().misses == 4u);
    BOOST_TEST(cache.stats().clears == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
