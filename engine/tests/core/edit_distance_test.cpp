// Levenshtein distance (core/edit_distance.h), with and without ASCII case folding.

#include <boost/test/unit_test.hpp>

#include "core/edit_distance.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(edit_distance_)

BOOST_AUTO_TEST_CASE(counts_insertions_deletions_substitutions) {
    BOOST_TEST(edit_distance("", "", false) == 0u);
    BOOST_TEST(edit_distance("abc", "", false) == 3u);
    BOOST_TEST(edit_distance("", "abc", false) == 3u);
    BOOST_TEST(edit_distance("startwith", "startswith", false) == 1u);
    BOOST_TEST(edit_distance("kitten", "sitting", false) == 3u);
    BOOST_TEST(edit_distance("contains", "contains", false) == 0u);
}

BOOST_AUTO_TEST_CASE(folds_ascii_case_only_when_asked) {
    BOOST_TEST(edit_distance("CreateVPC", "CreateVpc", false) == 2u);
    BOOST_TEST(edit_distance("CreateVPC", "CreateVpc", true) == 0u);
    BOOST_TEST(edit_distance("\xc3\x89", "\xc3\xa9", true) == 1u); // É and é: not ASCII, not folded
}

BOOST_AUTO_TEST_SUITE_END()
