#pragma once
// Helpers for the enrich tests: context tables and an Enricher compiled for a
// given set of "used" fields (as rules would register them), and hand-made Events.

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "context/context_tables.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "enrich/enricher.h"
#include "geo_fixture.h"
#include "support/event_builder.h"

namespace tp_test {

inline std::vector<trailproof::context::TableSource> test_tables() {
    return {
        {"ctx/users.csv",
         "user,peer_group,department,executive,privileged,service_account,deactivated\n"
         "arn:aws:iam::111122223333:user/alice,cloud-platform,Engineering,false,true,false,false\n"
         "bob,finance-apps,Finance,true,false,false,false\n"
         "erin@example.com,cloud-platform,Engineering,true,true,false,false\n"
         "deploy-bot,automation,Engineering,false,true,true,false\n"
         "grace,finance-apps,,false,false,false,true\n"},
        {"ctx/zones.csv", "cidr,zone\n10.0.0.0/8,aws-vpc\n203.0.113.0/25,office-hq\n2001:db8:1::/48,office-v6\n"},
        {"ctx/tor_exit_nodes.txt", "203.0.113.7\n198.51.100.64/28\n"},
        {"ctx/blocklisted_ips.txt", "203.0.113.0/24\n"},
    };
}

inline trailproof::enrich::EnrichOptions geo_options() {
    trailproof::enrich::EnrichOptions o;
    o.geoip_country = GeoFiles::get().country;
    o.geoip_asn = GeoFiles::get().asn;
    return o;
}

// Registers `used` (as rules would), loads the test tables, compiles the Enricher.
// Not movable: the Enricher points at `tables`.
class EnrichSetup {
public:
    explicit EnrichSetup(std::initializer_list<std::string_view> used,
                         trailproof::enrich::EnrichOptions options = geo_options()) {
        for (std::string_view name : used) (void)registry.intern(name);
        const trailproof::LoadResult t = trailproof::context::ContextTables::compile(test_tables(), tables);
        BOOST_TEST_REQUIRE(t.successful(), t.render_text());
        result = trailproof::enrich::Enricher::compile(options, &tables, registry, enricher);
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        scratch.emplace(enricher); // sized by the compiled options
    }
    EnrichSetup(const EnrichSetup&) = delete;
    EnrichSetup& operator=(const EnrichSetup&) = delete;

    // A fresh event holding `fields` as String values, enriched once.
    trailproof::Event& enrich(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
        builder.emplace(registry);
        for (const auto& [name, text] : fields) builder->str(name, text);
        trailproof::Event& e = builder->build();
        enricher.enrich(e, *scratch);
        return e;
    }
    // The last event enrich() built.
    [[nodiscard]] const trailproof::Event& event() const { return builder->built(); }

    // Every value of `name` as "kind:text" ("string:US", "number:64500", "bool:true").
    std::vector<std::string> values(std::string_view name) const {
        std::vector<std::string> out;
        static const char* k_kinds[] = {"null", "string", "number", "bool", "object", "array"};
        const trailproof::FieldId id = registry.find(name);
        if (id == trailproof::k_no_field || !builder) return out;
        for (const trailproof::Value* v = event().first(id); v; v = event().next(*v))
            out.push_back(std::string(k_kinds[static_cast<int>(v->kind)]) + ":" + std::string(v->text));
        return out;
    }

    trailproof::FieldRegistry registry;
    trailproof::context::ContextTables tables;
    trailproof::enrich::Enricher enricher;
    trailproof::LoadResult result;
    std::optional<trailproof::enrich::EnrichScratch> scratch;
    std::optional<tp_test::EventBuilder> builder; // the last event enrich() built
};

using Values = std::vector<std::string>;

} // namespace tp_test
