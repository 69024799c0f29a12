// value_count: distinct values of condition.field per group within the window.

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

std::string distinct(std::string_view field, std::string_view condition = "    gte: 3\n") {
    return base_rule("read", "ListBuckets") + base_rule("read2", "GetObject") +
           "title: spread\nname: spread\ncorrelation:\n  type: value_count\n  rules: [read, read2]\n"
           "  group-by: [user]\n  timespan: 1h\n  condition:\n    field: " + std::string(field) + "\n" +
           std::string(condition);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(value_count, CorrelateFixture)

// Values compare byte for byte (case-sensitive): "a" and "A" are two values.
BOOST_AUTO_TEST_CASE(values_compare_exactly) {
    load(distinct("bucket"));
    auto e = [&](std::string_view bucket, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ListBuckets").user("alice").str("bucket", bucket).at_offset(at).build());
    };
    BOOST_TEST(e("a", 0).empty());
    BOOST_TEST(e("a", 1).empty());
    BOOST_TEST(e("A", 2).empty());
    BOOST_TEST(e("b", 3) == Hits{"spread(alice) value=3 @3"});
}

BOOST_AUTO_TEST_CASE(repeated_values_do_not_count) {
    load(distinct("bucket"));
    auto e = [&](std::string_view name, std::string_view bucket, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name(name).user("alice").str("bucket", bucket).at_offset(at).build());
    };
    BOOST_TEST(e("ListBuckets", "a", 0).empty());
    BOOST_TEST(e("GetObject", "a", 1).empty());
    BOOST_TEST(e("ListBuckets", "b", 2).empty());
    BOOST_TEST(e("GetObject", "b", 3).empty());
    BOOST_TEST(e("GetObject", "a", 4).empty());
    BOOST_TEST(e("GetObject", "c", 5) == Hits{"spread(alice) value=3 @5"});
}

BOOST_AUTO_TEST_CASE(values_leave_with_their_last_hit) {
    load(distinct("bucket"));
    auto e = [&](std::string_view bucket, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ListBuckets").user("alice").str("bucket", bucket).at_offset(at).build());
    };
    e("a", 0);
    e("b", 10 * k_minute);
    e("a", 30 * k_minute);                        // refreshes "a"
    BOOST_TEST(e("c", 65 * k_minute) == Hits{"spread(alice) value=3 @3900000"}); // first "a" expired, second holds
}

BOOST_AUTO_TEST_CASE(a_hit_without_the_field_adds_nothing) {
    load(distinct("bucket", "    gte: 2\n"));
    EventBuilder a = event();
    feed(a.name("ListBuckets").user("alice").str("bucket", "a").at_offset(0).build());
    EventBuilder b = event();
    BOOST_TEST(feed(b.name("ListBuckets").user("alice").at_offset(1).build()).empty());
    BOOST_TEST(stats("spread").missing_field == 1u);
    EventBuilder c = event();
    BOOST_TEST(feed(c.name("ListBuckets").user("alice").str("bucket", "").at_offset(2).build()) ==
               Hits{"spread(alice) value=2 @2"}); // "" is a value
}

BOOST_AUTO_TEST_CASE(a_field_list_counts_distinct_tuples) {
    load(base_rule("read", "ListBuckets") +
         "title: spread\nname: spread\ncorrelation:\n  type: value_count\n  rules: [read]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    field: [region, bucket]\n    gte: 3\n");
    auto e = [&](std::string_view region, std::string_view bucket, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ListBuckets").user("alice").str("region", region).str("bucket", bucket).at_offset(at).build());
    };
    BOOST_TEST(e("us,east", "a", 0).empty());
    BOOST_TEST(e("us", "east,a", 1).empty()); // not the same tuple, even if joined text is
    BOOST_TEST(e("us", "east,a", 2).empty());
    BOOST_TEST(e("eu", "a", 3) == Hits{"spread(alice) value=3 @3"});
}

BOOST_AUTO_TEST_CASE(value_count_with_an_upper_bound_closes) {
    load(distinct("bucket", "    lt: 2\n"));
    auto e = [&](std::string_view user, std::string_view bucket, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ListBuckets").user(user).str("bucket", bucket).at_offset(at).build());
    };
    e("alice", "a", 0);
    e("alice", "a", 1);
    e("bob", "a", 0);
    e("bob", "b", 1);
    BOOST_TEST(flush() == Hits{"spread(alice) value=1 @3600000"});
}

BOOST_AUTO_TEST_SUITE_END()
