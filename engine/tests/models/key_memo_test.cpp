// KeyMemo (begin_event's text -> stable_hash and id memo): it answers only for
// the exact bytes it holds (its compare sees any difference), a text sharing a
// slot replaces the older one, learn() gives a held text its id, long texts are
// not kept, forget() empties it; a state tells it every text it interns, and
// forgets it with its interner, so ids of a cleared state never answer for the
// new one.

#include <boost/test/unit_test.hpp>

#include <string>

#include "models/key_memo.h"
#include "models/value_interner.h"
#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

BOOST_AUTO_TEST_SUITE(models_key_memo)

BOOST_AUTO_TEST_CASE(answers_only_the_exact_bytes_it_holds) {
    KeyMemo memo;
    const std::string arn = "arn:aws:iam::111122223333:user/alice";
    BOOST_TEST(memo.find(arn) == nullptr);
    memo.remember(arn, stable_hash(arn), 7);
    const KeyMemo::Entry* e = memo.find(arn);
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(e->hash == stable_hash(arn));
    BOOST_TEST(e->id == 7u);
    // Other bytes of the same length, a prefix, the empty string: no answer.
    BOOST_TEST(memo.find("arn:aws:iam::111122223333:user/alicf") == nullptr);
    BOOST_TEST(memo.find("arn:aws:iam::111122223333:user/alic") == nullptr);
    BOOST_TEST(memo.find("") == nullptr);
    memo.remember("", stable_hash(""), 0); // the organization's key is a text too
    BOOST_TEST_REQUIRE(memo.find("") != nullptr);
    BOOST_TEST(memo.find("")->id == 0u);
    memo.forget();
    BOOST_TEST(memo.find(arn) == nullptr);
    BOOST_TEST(memo.find("") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_text_of_the_same_slot_replaces_the_older_one) {
    KeyMemo memo;
    const std::string first = "user-100000";
    std::string other;
    for (int i = 100001; other.empty(); ++i) { // a text of the same size that shares first's slot
        const std::string t = "user-" + std::to_string(i);
        if (KeyMemo::index_of(t) == KeyMemo::index_of(first)) other = t;
    }
    BOOST_TEST_REQUIRE(other.size() == first.size());
    memo.remember(first, stable_hash(first), 1);
    BOOST_TEST(memo.find(other) == nullptr); // same slot, same size, other bytes
    memo.remember(other, stable_hash(other), 2);
    BOOST_TEST(memo.find(first) == nullptr);
    BOOST_TEST_REQUIRE(memo.find(other) != nullptr);
    BOOST_TEST(memo.find(other)->id == 2u);
}

// learn(): an entry that holds the text takes the interner's id; other texts
// (held or not) are left as they are.
BOOST_AUTO_TEST_CASE(learn_gives_a_held_text_its_id) {
    KeyMemo memo;
    memo.remember("JP", stable_hash("JP"), k_no_value);
    memo.remember("DE", stable_hash("DE"), k_no_value);
    memo.learn("JP", 5);
    memo.learn("FR", 6); // not held: nothing to do
    BOOST_TEST_REQUIRE(memo.find("JP") != nullptr);
    BOOST_TEST(memo.find("JP")->id == 5u);
    BOOST_TEST(memo.find("JP")->hash == stable_hash("JP"));
    BOOST_TEST(memo.find("DE")->id == k_no_value);
    BOOST_TEST(memo.find("FR") == nullptr);
}

BOOST_AUTO_TEST_CASE(long_texts_are_not_kept) {
    KeyMemo memo;
    const std::string fits(KeyMemo::k_text_bytes, 'a');
    const std::string too_long(KeyMemo::k_text_bytes + 1, 'a');
    memo.remember(fits, stable_hash(fits), 3);
    memo.remember(too_long, stable_hash(too_long), 4);
    BOOST_TEST_REQUIRE(memo.find(fits) != nullptr);
    BOOST_TEST(memo.find(fits)->id == 3u);
    BOOST_TEST(memo.find(too_long) == nullptr);
}

// The compare find() uses: equal bytes are equal, and a difference at any
// position of any length is seen (the short paths compare with overlapping loads).
BOOST_AUTO_TEST_CASE(same_bytes_sees_a_difference_anywhere) {
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string a;
        for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i % 26);
        const std::string equal = a;
        BOOST_TEST(KeyMemo::same_bytes(a.data(), equal.data(), n));
        for (std::size_t i = 0; i < n; ++i) {
            std::string b = a;
            b[i] = static_cast<char>(b[i] ^ 0x20);
            BOOST_TEST(!KeyMemo::same_bytes(a.data(), b.data(), n), "length " << n << ", byte " << i);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(models_key_memo_state, ModelsFixture)

// A value the memo knows as not interned (read by a check, not trained) is
// learned when training interns it: the next event finds it seen.
BOOST_AUTO_TEST_CASE(a_value_interned_by_training_is_known_to_the_next_event) {
    load(R"(models:
  - {id: UA-UC, scope: user, feature: src_country, activity_types: [app-activity], convergence: {min_observations: 1, confidence: 0.5, min_days: 1}}
)",
         rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    auto country = [&](std::string_view c, std::string_view type, std::int64_t at) {
        return run(event().user("alice").str("src_country", c).activity(type).at_time(k_t0 + at).build());
    };
    country("US", "app-activity", 0);
    country("US", "app-activity", 1); // converged: N 2, C 1
    BOOST_TEST(country("JP", "account-creation", 2) == std::vector<std::string>{"UA-UC-F"}); // read, not trained
    BOOST_TEST(country("JP", "app-activity", 3) == std::vector<std::string>{"UA-UC-F"}); // trained: interned now
    BOOST_TEST(country("JP", "app-activity", 4).empty()); // seen
}

// After clear() the interner hands the same ids to other texts: bob's "BR"
// gets the id alice's "US" had. A memo kept across the clear would call "US" seen.
BOOST_AUTO_TEST_CASE(a_cleared_state_forgets_the_ids_it_memoized) {
    load(k_countries_model, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    std::int64_t t = k_t0;
    auto country = [&](std::string_view user, std::string_view c) {
        return run(event().user(user).str("src_country", c).at_time(t += k_minute).build());
    };
    for (int i = 0; i < 12; ++i) BOOST_TEST(country("alice", "US").empty());
    state->clear();
    for (int i = 0; i < 12; ++i) BOOST_TEST(country("bob", "BR").empty()); // converged on BR alone
    BOOST_TEST(country("bob", "US") == std::vector<std::string>{"UA-UC-F"});
    BOOST_TEST(country("bob", "US").empty());
}

BOOST_AUTO_TEST_SUITE_END()
