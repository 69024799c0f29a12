// The run-state bundle: round trip, and every damaged form an exact error.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "state/state_bundle.h"

using namespace trailproof::state;

namespace {
std::vector<StateSection> sample() { return {{"models/a", std::string("\x01\x02", 2)}, {"correlate/a", ""}}; }
std::string message_of(std::string_view bytes) {
    std::vector<StateSection> out;
    StateResult r = decode_bundle(bytes, "s.state", out);
    BOOST_TEST(out.empty());
    return r.message;
}
} // namespace

BOOST_AUTO_TEST_SUITE(state_bundle)

BOOST_AUTO_TEST_CASE(round_trip_keeps_names_and_bytes) {
    std::vector<StateSection> out;
    BOOST_REQUIRE(decode_bundle(encode_bundle(sample()), "s.state", out).ok());
    BOOST_REQUIRE_EQUAL(out.size(), 2u);
    BOOST_TEST(out[0].name == "models/a");
    BOOST_TEST(out[0].bytes == std::string("\x01\x02", 2));
    BOOST_TEST(out[1].name == "correlate/a");
    BOOST_TEST(out[1].bytes.empty());
}

// The bundle's frame is checked by the same code as the model state file's, so
// the CLI prints exactly the messages engine/state/README.md lists.
BOOST_AUTO_TEST_CASE(damaged_bundles_give_exact_errors) {
    const std::string good = encode_bundle(sample());
    BOOST_TEST(message_of("") == "s.state: state file is empty");
    BOOST_TEST(message_of("TPST\x01") == "s.state: not a trailproof state file (no TPRB header)");
    BOOST_TEST(message_of(good.substr(0, 10)) == "s.state: state file is truncated (10 bytes, the header alone is 24)");
    BOOST_TEST(message_of(good.substr(0, good.size() - 1)) ==
               "s.state: state file is truncated (" + std::to_string(good.size() - 1) + " bytes, expected " +
                   std::to_string(good.size()) + ")");
    std::string flipped = good;
    flipped[good.size() - 3] ^= 0x10;
    BOOST_TEST(message_of(flipped) == "s.state: state file is corrupt (checksum mismatch)");
    std::string version = good;
    version[4] = 2;
    BOOST_TEST(message_of(version) == "s.state: state file version 2 is not supported (this build reads version 1)");
    BOOST_TEST(message_of(good + "x") == "s.state: state file is corrupt (1 bytes after the payload)");
    std::string reserved = good;
    reserved[20] ^= 0x01; // the adversarial run's case: detect used to accept it and rewrite the file
    BOOST_TEST(message_of(reserved) == "s.state: state file is corrupt (reserved header bytes are set)");
}

// Every bit of the 24-byte header is checked: flipping any one is an error.
BOOST_AUTO_TEST_CASE(every_header_bit_is_checked) {
    const std::string good = encode_bundle(sample());
    for (std::size_t byte = 0; byte < 24; ++byte)
        for (int bit = 0; bit < 8; ++bit) {
            std::string damaged = good;
            damaged[byte] = static_cast<char>(damaged[byte] ^ (1 << bit));
            std::vector<StateSection> out;
            BOOST_TEST(!decode_bundle(damaged, "s.state", out).ok(), "byte " << byte << " bit " << bit);
        }
}

BOOST_AUTO_TEST_CASE(failed_save_leaves_the_old_file) {
    const auto path = (std::filesystem::temp_directory_path() / "tp_bundle_test.state").string();
    BOOST_REQUIRE(save_bundle(sample(), path).ok());
    SaveOptions fail_half;
    fail_half.fault_after_bytes = 10;
    fail_half.fault = [] { return false; };
    StateResult r = save_bundle({{"models/b", std::string(100, 'x')}}, path, fail_half);
    BOOST_TEST(state_code_id(r.code) == "state.write_failed");
    std::vector<StateSection> out;
    BOOST_REQUIRE(load_bundle(path, out).ok());
    BOOST_TEST(out.size() == 2u);
    BOOST_TEST(state_code_id(load_bundle(path + ".missing", out).code) == "state.missing");
}

BOOST_AUTO_TEST_SUITE_END()
