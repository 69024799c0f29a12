// LastAnswer (core/last_answer.h): an answer is given back only for the very
// bytes it was remembered for, part by part, wherever those bytes lie.

#include <boost/test/unit_test.hpp>

#include <array>
#include <random>
#include <string>

#include "core/last_answer.h"

using trailproof::LastAnswer;

BOOST_AUTO_TEST_SUITE(last_answer)

BOOST_AUTO_TEST_CASE(answers_the_same_bytes_in_other_memory) {
    LastAnswer<int, 2, 64> memo;
    BOOST_TEST(memo.find({"a", "b"}) == nullptr); // nothing remembered yet
    std::string first = "arn:aws:iam::111122223333:user/alice", second = "alice";
    memo.remember({first, second}, 7);
    const std::string copy_first = first, copy_second = second;
    BOOST_TEST_REQUIRE(memo.find({copy_first, copy_second}) != nullptr);
    BOOST_TEST(*memo.find({copy_first, copy_second}) == 7);
    // The caller's buffer changed after remember(): the memo kept its own copy.
    first[first.size() - 1] = 'X';
    BOOST_TEST(memo.find({first, second}) == nullptr);
    BOOST_TEST(*memo.find({copy_first, copy_second}) == 7);
}

BOOST_AUTO_TEST_CASE(parts_are_compared_one_by_one) {
    LastAnswer<int, 2, 64> memo;
    memo.remember({"ab", "c"}, 1);
    BOOST_TEST(memo.find({"a", "bc"}) == nullptr); // the same bytes in all, split elsewhere
    BOOST_TEST(memo.find({"ab", ""}) == nullptr);
    BOOST_TEST(memo.find({"ab", "d"}) == nullptr);
    memo.remember({"", ""}, 2); // empty texts are a key like any other
    BOOST_TEST(*memo.find({"", ""}) == 2);
    BOOST_TEST(memo.find({"ab", "c"}) == nullptr);
    memo.forget();
    BOOST_TEST(memo.find({"", ""}) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_key_too_long_is_not_remembered) {
    LastAnswer<int, 1, 8> memo;
    memo.remember({"12345678"}, 1);
    BOOST_TEST(*memo.find({"12345678"}) == 1);
    memo.remember({"123456789"}, 2); // 9 bytes: forgets, keeps nothing
    BOOST_TEST(memo.find({"123456789"}) == nullptr);
    BOOST_TEST(memo.find({"12345678"}) == nullptr);
}

// Property: over random keys from a small alphabet (so that equal and nearly
// equal keys are common), find() answers exactly when the key equals the last
// remembered one, with its value.
BOOST_AUTO_TEST_CASE(answers_exactly_the_last_key) {
    constexpr unsigned k_seed = 1313;
    BOOST_TEST_MESSAGE("last_answer seed " << k_seed);
    std::mt19937 rng(k_seed);
    const auto random_text = [&rng] {
        std::string s(rng() % 4, 'a');
        for (char& c : s) c = static_cast<char>('a' + rng() % 2);
        return s;
    };
    LastAnswer<int, 3, 8> memo;
    bool have = false;
    std::array<std::string, 3> last;
    int last_value = 0;
    for (int step = 0; step < 5000; ++step) {
        const std::array<std::string, 3> key = {random_text(), random_text(), random_text()};
        const LastAnswer<int, 3, 8>::Key view = {key[0], key[1], key[2]};
        const int* found = memo.find(view);
        if (have && key == last) {
            BOOST_TEST_REQUIRE(found != nullptr, "step " << step);
            BOOST_TEST(*found == last_value);
        } else {
            BOOST_TEST_REQUIRE(found == nullptr, "step " << step);
        }
        if (rng() % 2 == 0) {
            memo.remember(view, step);
            have = key[0].size() + key[1].size() + key[2].size() <= 8;
            last = key;
            last_value = step;
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
