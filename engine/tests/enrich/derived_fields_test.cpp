// DerivedFields (a pack's `field_derived:`): per field the first entry whose
// `when` holds wins; a later entry of a field is skipped once the field has a
// value (from an earlier entry or from the record), while the first entry of a
// field adds its values even to a field the record carries; `path` translates.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "enrich/derived_fields.h"
#include "support/event_builder.h"

using namespace trailproof;
using namespace trailproof::enrich;

namespace {

// Sekoia's shape: two conditional entries and a default for one field, a
// translated field, and a constant.
std::vector<DerivedFieldInfo> sekoia_like() {
    std::vector<DerivedFieldInfo> out;
    out.push_back({"event.category", {{"eventName", {"ConsoleLogin"}}}, {"authentication"}, "", {}});
    out.push_back({"event.category", {{"eventName", {"PasswordUpdated", "EnableMFADevice"}}}, {"iam"}, "", {}});
    out.push_back({"event.category", {}, {"network"}, "", {}});
    out.push_back({"event.type",
                   {{"eventName", {"ConsoleLogin"}}},
                   {},
                   "responseElements.ConsoleLogin",
                   {{"Success", {"allowed"}}, {"Failure", {"denied"}}}});
    out.push_back({"event.type", {}, {"access"}, "", {}});
    out.push_back({"cloud.provider", {}, {"aws"}, "", {}});
    return out;
}

std::vector<std::string> texts(const Event& e, const FieldRegistry& registry, std::string_view name) {
    std::vector<std::string> out;
    for (const Value* v = e.first(registry.find(name)); v; v = e.next(*v)) out.emplace_back(v->text);
    return out;
}

using Texts = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(enrich_derived_fields)

BOOST_AUTO_TEST_CASE(the_first_entry_that_holds_wins_per_field) {
    FieldRegistry registry;
    DerivedFields derived;
    derived.compile(sekoia_like(), registry);

    tp_test::EventBuilder login(registry);
    login.str("eventName", "consolelogin").str("responseElements.ConsoleLogin", "Failure");
    Event& a = login.build();
    derived.apply(a);
    BOOST_TEST(texts(a, registry, "event.category") == Texts{"authentication"}); // case-insensitive when
    BOOST_TEST(texts(a, registry, "event.type") == Texts{"denied"});
    BOOST_TEST(texts(a, registry, "cloud.provider") == Texts{"aws"});

    tp_test::EventBuilder mfa(registry);
    mfa.str("eventName", "EnableMFADevice");
    Event& b = mfa.build();
    derived.apply(b);
    BOOST_TEST(texts(b, registry, "event.category") == Texts{"iam"});
    BOOST_TEST(texts(b, registry, "event.type") == Texts{"access"});

    // ConsoleLogin with an answer the translation lacks: event.type falls to the default.
    tp_test::EventBuilder odd(registry);
    odd.str("eventName", "ConsoleLogin").str("responseElements.ConsoleLogin", "Maybe");
    Event& c = odd.build();
    derived.apply(c);
    BOOST_TEST(texts(c, registry, "event.type") == Texts{"access"});
}

BOOST_AUTO_TEST_CASE(a_value_from_the_record_stops_only_the_later_entries) {
    FieldRegistry registry;
    DerivedFields derived;
    derived.compile(sekoia_like(), registry);
    // The record carries event.category: the first entry (whose `when` holds)
    // still adds its value, the later ones of the field do not.
    tp_test::EventBuilder login(registry);
    login.str("eventName", "ConsoleLogin").str("event.category", "preset");
    Event& a = login.build();
    derived.apply(a);
    BOOST_TEST(texts(a, registry, "event.category") == (Texts{"preset", "authentication"}));
    // Where the first entry's `when` fails, the record's value decides: no default.
    tp_test::EventBuilder other(registry);
    other.str("eventName", "GetObject").str("event.category", "preset").str("event.type", "mine");
    Event& b = other.build();
    derived.apply(b);
    BOOST_TEST(texts(b, registry, "event.category") == Texts{"preset"});
    BOOST_TEST(texts(b, registry, "event.type") == Texts{"mine"});
    BOOST_TEST(texts(b, registry, "cloud.provider") == Texts{"aws"});
}

BOOST_AUTO_TEST_SUITE_END()
