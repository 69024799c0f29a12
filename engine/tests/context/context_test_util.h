#pragma once
// Helpers for the context tests: compile tables from inline text.

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "context/context_tables.h"

namespace trailproof::context {
// Boost.Test prints table kinds by name.
inline std::ostream& operator<<(std::ostream& os, TableKind kind) { return os << table_kind_name(kind); }
} // namespace trailproof::context

namespace tp_test {

using Sources = std::vector<trailproof::context::TableSource>;

// Compiles `sources`, requiring success; returns the rendered warnings ("" if none).
inline std::string load_ok(const Sources& sources, trailproof::context::ContextTables& out) {
    const trailproof::LoadResult r = trailproof::context::ContextTables::compile(sources, out);
    BOOST_TEST_REQUIRE(r.successful(), r.render_text());
    return r.render_text();
}

// Compiles `sources`, requiring failure; returns every rendered diagnostic.
inline std::string load_errors(const Sources& sources) {
    trailproof::context::ContextTables out;
    const trailproof::LoadResult r = trailproof::context::ContextTables::compile(sources, out);
    BOOST_TEST(!r.successful());
    return r.render_text();
}

} // namespace tp_test
