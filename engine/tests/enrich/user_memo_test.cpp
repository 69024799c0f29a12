// UserMemo (the users-table answers of the principals seen before): it answers
// only for exactly the five texts it remembered, a colliding key replaces the
// slot, a key longer than its budget is not remembered, forget() empties it;
// and through the Enricher, principals that alternate get their own records.

#include <boost/test/unit_test.hpp>

#include <string>

#include "enrich/user_memo.h"
#include "enrich_test_util.h"

using namespace trailproof;
using namespace trailproof::enrich;
using tp_test::EnrichSetup;
using tp_test::Values;

namespace {

// Stands for a users-table record: the memo stores the pointer only.
const context::UserRecord* record(int i) {
    static context::UserRecord records[3];
    return &records[i];
}

} // namespace

BOOST_AUTO_TEST_SUITE(enrich_user_memo)

BOOST_AUTO_TEST_CASE(answers_only_the_exact_texts_it_remembered) {
    UserMemo memo;
    const UserMemo::Key alice = {"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice",
                                 "alice", "alice", ""};
    BOOST_TEST(memo.find(alice) == nullptr);
    memo.remember(alice, record(0));
    BOOST_TEST_REQUIRE(memo.find(alice) != nullptr);
    BOOST_TEST(*memo.find(alice) == record(0));
    // The same bytes split differently, or one text other: no answer.
    const UserMemo::Key moved = {"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice",
                                 "alicealice", "", ""};
    BOOST_TEST(memo.find(moved) == nullptr);
    const UserMemo::Key role = {"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice",
                                "alice", "alice", "admin"};
    BOOST_TEST(memo.find(role) == nullptr);
    // A principal that is not in the table is remembered too (nullptr answer).
    const UserMemo::Key nobody = {"nobody", "", "", "", ""};
    memo.remember(nobody, nullptr);
    BOOST_TEST_REQUIRE(memo.find(nobody) != nullptr);
    BOOST_TEST(*memo.find(nobody) == nullptr);
    memo.forget();
    BOOST_TEST(memo.find(alice) == nullptr);
    BOOST_TEST(memo.find(nobody) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_colliding_key_replaces_the_slot_and_long_keys_are_not_kept) {
    UserMemo memo;
    std::string first_user = "user-100000", other_user;
    const auto key = [](const std::string& u) { return UserMemo::Key{u, "", u, "", ""}; };
    for (int i = 100001; other_user.empty(); ++i) { // same sizes, same slot, other bytes
        const std::string u = "user-" + std::to_string(i);
        if (UserMemo::index_of(key(u)) == UserMemo::index_of(key(first_user))) other_user = u;
    }
    memo.remember(key(first_user), record(1));
    BOOST_TEST(memo.find(key(other_user)) == nullptr);
    memo.remember(key(other_user), record(2));
    BOOST_TEST(memo.find(key(first_user)) == nullptr);
    BOOST_TEST_REQUIRE(memo.find(key(other_user)) != nullptr);
    BOOST_TEST(*memo.find(key(other_user)) == record(2));

    const std::string huge(UserMemo::k_key_bytes, 'x'); // with "u" below: one byte too many
    const UserMemo::Key long_key = {huge, "u", "", "", ""};
    memo.remember(long_key, record(0));
    BOOST_TEST(memo.find(long_key) == nullptr);
}

// Alternating principals (each record's two parser groups ask in turn): every
// event gets its own user's record, never the one remembered for another.
BOOST_AUTO_TEST_CASE(alternating_principals_get_their_own_records) {
    EnrichSetup s({"user_peer_group", "user_is_executive"});
    for (int round = 0; round < 3; ++round) {
        s.enrich({{"user", "arn:aws:iam::111122223333:user/alice"}});
        BOOST_TEST(s.values("user_peer_group") == Values{"string:cloud-platform"});
        BOOST_TEST(s.values("user_is_executive") == Values{"bool:false"});
        s.enrich({{"user", "bob"}});
        BOOST_TEST(s.values("user_peer_group") == Values{"string:finance-apps"});
        BOOST_TEST(s.values("user_is_executive") == Values{"bool:true"});
        s.enrich({{"user", "mallory"}}); // not in the table
        BOOST_TEST(s.values("user_peer_group").empty());
        s.enrich({{"user", "erin@example.com"}});
        BOOST_TEST(s.values("user_peer_group") == Values{"string:cloud-platform"});
        BOOST_TEST(s.values("user_is_executive") == Values{"bool:true"});
    }
}

BOOST_AUTO_TEST_SUITE_END()
