// YAML context tables on the shared YAML layer: a key repeated in one entry is
// an error, as a column repeated in a CSV header is.

#include <boost/test/unit_test.hpp>

#include "context_test_util.h"

using tp_test::load_errors;

BOOST_AUTO_TEST_SUITE(context_yaml_tables)

BOOST_AUTO_TEST_CASE(repeated_and_non_string_keys) {
    BOOST_TEST(load_errors({{"t.yml", "users:\n  - {user: carol, user: dave}\n  - {[k]: v, user: frank}\n"}}) ==
               "t.yml:2:19: error[load.duplicate_key]: duplicate key 'user' (first at line 2)\n"
               "  |   - {user: carol, user: dave}\n"
               "  |                   ^\n"
               "t.yml:3:6: error[load.wrong_type]: a key must be a string, found a list\n"
               "  |   - {[k]: v, user: frank}\n"
               "  |      ^\n");
}

BOOST_AUTO_TEST_SUITE_END()
