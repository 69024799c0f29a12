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

BOOST_AUTO_TEST_CASE(closest_name_is_the_nearest_candidate_under_the_bound) {
    const std::vector<std::string_view> keys = {"id", "title", "sigma", "field_map", "source"};
    BOOST_TEST(closest_name("titel", keys, 3, false) == "title");
    BOOST_TEST(closest_name("field_mapp", keys, 3, false) == "field_map");
    BOOST_TEST(closest_name("SIGMA", keys, 3, true) == "sigma");
    BOOST_TEST(closest_name("SIGMA", keys, 3, false) == "");        // 5 edits without folding
    BOOST_TEST(closest_name("completely", keys, 3, false) == "");   // nothing close
    BOOST_TEST(closest_name("sourc", {"source", "sourcf"}, 3, false) == "source"); // first of equals
    BOOST_TEST(closest_name("x", {}, 3, false) == "");
    BOOST_TEST(did_you_mean("contans", {"contains", "endswith"}, 3, true) == "; did you mean 'contains'?");
    BOOST_TEST(did_you_mean("zzz", {"contains", "endswith"}, 3, true) == "");
}

BOOST_AUTO_TEST_SUITE_END()
