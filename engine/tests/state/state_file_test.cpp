// The state file: round trip, every kind of bad file with its exact message,
// and atomic saves (a failed or killed writer leaves the old file intact).

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../models/models_fixture.h"
#include "state/checksum.h"
#include "state/state_codec.h"
#include "state/state_file.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;
using namespace trailproof::state;
namespace fs = std::filesystem;

namespace {

// The tests train within minutes: the user models converge on one day (min_days: 1).
constexpr std::string_view k_state_file_models = R"(models:
  - {id: UA-UC, scope: user, feature: src_country, convergence: {min_observations: 3, min_days: 1}}
  - {id: UA-OC, scope: org, feature: src_country}
  - {id: APP-UAg, scope: user, feature: user_agent, ageing_days: 30, convergence: {min_days: 1}}
)";

const std::string k_rules = rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}\nscore: 50") +
                            rule_doc("APP-UAg-2", "model: {ref: APP-UAg, trigger: nth_new, n: 2}") +
                            rule_doc("UA-UC-Two", "session: {distinct: src_country, gte: 2}\nscore: 45");

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh folder under the system temp folder, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "tp-state-XXXXXX").string();
        path = ::mkdtemp(templ.data());
    }
    ~TempDir() { fs::remove_all(path); }
    [[nodiscard]] std::vector<std::string> entries() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
};

struct StateFixture : ModelsFixture {
    TempDir dir;
    std::string file = (dir.path / "state.tpst").string();

    StateFixture() { load(k_state_file_models, k_rules); }

    // Some history: three users, several countries and agents, an open session with alerts.
    void history() {
        const char* users[] = {"alice", "bob", "carol"};
        for (int i = 0; i < 30; ++i) {
            auto b = event();
            b.user(users[i % 3]).str("src_country", i % 7 == 0 ? "DE" : "US").str("user_agent", i % 5 == 0 ? "cli" : "console");
            run(b.at_time(k_t0 + i * k_minute).build());
        }
        run(event().user("alice").str("src_country", "FR").str("user_agent", "sdk").at_time(k_t0 + 31 * k_minute).build());
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(state_file, StateFixture)

BOOST_AUTO_TEST_CASE(round_trip_keeps_everything) {
    history();
    const StateStats before = state->stats();
    BOOST_TEST(before.open_sessions == 3u);
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    BOOST_TEST(dir.entries() == std::vector<std::string>{"state.tpst"}); // no temporary file left
    const std::string bytes = read_file(file);
    BOOST_TEST(bytes.substr(0, 4) == "TPST");
    BOOST_TEST((bytes == encode_state(*state)));

    ModelState loaded(models, bindings, session);
    const StateResult r = load_state(loaded, file);
    BOOST_TEST_REQUIRE(r.ok(), r.message);
    BOOST_TEST(r.notes.empty());
    BOOST_TEST((encode_state(loaded) == bytes));
    const StateStats after = loaded.stats();
    BOOST_TEST(after.users == before.users);
    BOOST_TEST(after.values == before.values);
    BOOST_TEST(after.observations == before.observations);
    BOOST_TEST(after.open_sessions == before.open_sessions);
    BOOST_TEST(loaded.count_of("UA-UC", "alice", "FR") == 1u);
    BOOST_TEST(loaded.inspect("UA-OC", "").observations == 31u);
    // Both states answer the next event the same way.
    auto b = event();
    const Event& next = b.user("bob").str("src_country", "JP").str("user_agent", "x").at_time(k_t0 + 32 * k_minute).build();
    BOOST_TEST(run_on(*state, next) == run_on(loaded, next));
    BOOST_TEST((encode_state(*state) == encode_state(loaded)));
}

BOOST_AUTO_TEST_CASE(missing_file) {
    const StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::Missing));
    BOOST_TEST(r.message == file + ": state file does not exist");
}

BOOST_AUTO_TEST_CASE(empty_file) {
    write_file(file, "");
    history();
    const StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::Empty));
    BOOST_TEST(state_code_id(r.code) == "state.empty");
    BOOST_TEST(r.message == file + ": state file is empty");
    BOOST_TEST(state->stats().users == 0u); // never a half-loaded state
}

BOOST_AUTO_TEST_CASE(not_our_format) {
    write_file(file, "{\"Records\": []}\n");
    StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::NotState));
    BOOST_TEST(r.message == file + ": not a trailproof state file (no TPST header)");
    write_file(file, "TP");
    r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::Truncated));
    BOOST_TEST(r.message == file + ": state file is truncated (2 bytes, the header alone is 24)");
}

BOOST_AUTO_TEST_CASE(truncated_file) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    const std::string bytes = read_file(file);
    write_file(file, bytes.substr(0, bytes.size() / 2));
    const StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::Truncated));
    BOOST_TEST(r.message == file + ": state file is truncated (" + std::to_string(bytes.size() / 2) + " bytes, expected " +
                                std::to_string(bytes.size()) + ")");
    BOOST_TEST(state->stats().users == 0u);
}

BOOST_AUTO_TEST_CASE(flipped_byte) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    std::string bytes = read_file(file);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
    write_file(file, bytes);
    StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::ChecksumMismatch));
    BOOST_TEST(r.message == file + ": state file is corrupt (checksum mismatch)");
    // The last byte of the payload too.
    bytes = read_file(file);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
    bytes.back() = static_cast<char>(bytes.back() ^ 0x01);
    write_file(file, bytes);
    r = load_state(*state, file);
    BOOST_TEST(r.message == file + ": state file is corrupt (checksum mismatch)");
}

BOOST_AUTO_TEST_CASE(wrong_version) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    std::string bytes = read_file(file);
    bytes[4] = 7; // u32 version, little-endian
    write_file(file, bytes);
    const StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::WrongVersion));
    BOOST_TEST(r.message == file + ": state file version 7 is not supported (this build reads version 4)");
    // A version 2 file (before the distinct-days counts) is refused the same way, never read wrongly.
    bytes[4] = 2;
    write_file(file, bytes);
    const StateResult old = load_state(*state, file);
    BOOST_TEST((old.code == StateCode::WrongVersion));
    BOOST_TEST(old.message == file + ": state file version 2 is not supported (this build reads version 4)");
    // So is a version 3 file (every value with a last-seen time, no per-model flag).
    bytes[4] = 3;
    write_file(file, bytes);
    const StateResult v3 = load_state(*state, file);
    BOOST_TEST((v3.code == StateCode::WrongVersion));
    BOOST_TEST(v3.message == file + ": state file version 3 is not supported (this build reads version 4)");
}

BOOST_AUTO_TEST_CASE(trailing_bytes) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    write_file(file, read_file(file) + "xx");
    const StateResult r = load_state(*state, file);
    BOOST_TEST((r.code == StateCode::Corrupt));
    BOOST_TEST(r.message == file + ": state file is corrupt (2 bytes after the payload)");
}

// A file whose checksum is right but whose records point nowhere.
BOOST_AUTO_TEST_CASE(consistent_checksum_bad_records) {
    StateImage image;
    image.strings = {"UA-UC", "alice"};
    image.models.push_back({0, 7, 0, 0}); // signature string 7 does not exist
    StateResult r = decode_state(encode_image(image), "mem", *state);
    BOOST_TEST((r.code == StateCode::Corrupt));
    BOOST_TEST(r.message == "mem: state file is corrupt (a model record is out of range)");

    image = StateImage{};
    image.strings = {"b", "a"};
    r = decode_state(encode_image(image), "mem", *state);
    BOOST_TEST(r.message == "mem: state file is corrupt (the string table is not sorted)");

    image = StateImage{};
    image.strings = {"alice", "bob"};
    image.users.push_back({1, k_t0, k_t0, 1, UINT32_MAX});
    image.users.push_back({0, k_t0, k_t0, 1, UINT32_MAX});
    r = decode_state(encode_image(image), "mem", *state);
    BOOST_TEST(r.message == "mem: state file is corrupt (the users are not in key order)");
    std::swap(image.users[0], image.users[1]);
    BOOST_TEST(decode_state(encode_image(image), "mem", *state).ok());
    BOOST_TEST(state->stats().users == 2u);

    // A record count larger than its section, with a checksum that matches.
    image = StateImage{};
    image.strings = {"UA-UC", "sig"};
    image.models.push_back({0, 1, 0, 0});
    std::string bytes = encode_image(image);
    BOOST_TEST(decode_state(bytes, "mem", *state).ok());
    // payload: strings section = 12-byte head + 8 (count) + 4+5 + 4+3; the models count follows its head.
    const std::size_t models_count = k_state_header_size + 12 + 24 + 12;
    BOOST_TEST_REQUIRE(bytes[models_count] == 1);
    bytes[models_count] = 2;
    const std::uint32_t crc = state::crc32(std::string_view(bytes).substr(k_state_header_size));
    for (int i = 0; i < 4; ++i) bytes[16 + static_cast<std::size_t>(i)] = static_cast<char>((crc >> (8 * i)) & 0xff);
    r = decode_state(bytes, "mem", *state);
    BOOST_TEST((r.code == StateCode::Corrupt));
    BOOST_TEST(r.message == "mem: state file is corrupt (section models ends inside a record)");
}

BOOST_AUTO_TEST_CASE(failed_save_keeps_the_old_file) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    const std::string old_bytes = read_file(file);
    run(event().user("dave").str("src_country", "BR").at_time(k_t0 + k_hour).build());
    const std::string new_bytes = encode_state(*state);
    BOOST_TEST_REQUIRE(new_bytes != old_bytes);

    SaveOptions faulty;
    faulty.fault_after_bytes = new_bytes.size() / 2;
    faulty.fault = [] { return false; }; // the disk fills up half way
    const StateResult r = save_state(*state, file, faulty);
    BOOST_TEST((r.code == StateCode::WriteFailed));
    BOOST_TEST(r.message.starts_with(file + ": cannot write state file: writing " + dir.path.string() + "/.state.tpst.tmp-"));
    BOOST_TEST(r.message.ends_with(" failed: injected fault; the previous file is unchanged"));
    BOOST_TEST((read_file(file) == old_bytes));
    BOOST_TEST(dir.entries() == std::vector<std::string>{"state.tpst"}); // the temporary file was removed
    // The old file still loads.
    ModelState loaded(models, bindings, session);
    BOOST_TEST(load_state(loaded, file).ok());
    BOOST_TEST((encode_state(loaded) == old_bytes));
}

// Kill the writer in the middle of the write: the old file is intact.
BOOST_AUTO_TEST_CASE(killed_writer_keeps_the_old_file) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    const std::string old_bytes = read_file(file);
    run(event().user("dave").str("src_country", "BR").at_time(k_t0 + k_hour).build());
    const std::size_t size = encode_state(*state).size();

    const pid_t child = ::fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        SaveOptions crash;
        crash.fault_after_bytes = size / 2;
        crash.fault = [] {
            ::kill(::getpid(), SIGKILL);
            return true;
        };
        (void)save_state(*state, file, crash);
        ::_exit(0); // not reached
    }
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == SIGKILL);
    BOOST_TEST((read_file(file) == old_bytes));
    const auto entries = dir.entries();
    BOOST_TEST_REQUIRE(entries.size() == 2u); // the half-written temporary file a crash leaves behind
    BOOST_TEST(entries[0].starts_with(".state.tpst.tmp-"));
    BOOST_TEST(fs::file_size(dir.path / entries[0]) == size / 2);
    ModelState loaded(models, bindings, session);
    BOOST_TEST(load_state(loaded, file).ok());
    BOOST_TEST((encode_state(loaded) == old_bytes));
    // The next save removes what the killed writer left, and says so.
    const StateResult next = save_state(*state, file);
    BOOST_TEST_REQUIRE(next.ok(), next.message);
    BOOST_TEST(next.notes == std::vector<std::string>{"removed " + (dir.path / entries[0]).string() +
                                                      ", left by an interrupted save"});
    BOOST_TEST(dir.entries() == std::vector<std::string>{"state.tpst"});
}

// A temporary file of a save still in progress (its writer holds a lock on it) is
// not stale: another save leaves it alone.
BOOST_AUTO_TEST_CASE(a_live_writers_temporary_file_is_kept) {
    const fs::path live = dir.path / ".state.tpst.tmp-LIVE01";
    write_file(live, "half");
    const int fd = ::open(live.c_str(), O_RDONLY);
    BOOST_TEST_REQUIRE(fd >= 0);
    BOOST_TEST_REQUIRE(::flock(fd, LOCK_EX) == 0);
    const fs::path other = dir.path / ".state.tpst.tmp-GONE01"; // same naming, nobody holds it
    write_file(other, "stale");
    write_file(dir.path / ".state.tpst.tmp-TOOLONG1", "not ours: wrong length");
    const StateResult r = save_state(*state, file);
    ::close(fd);
    BOOST_TEST_REQUIRE(r.ok(), r.message);
    BOOST_TEST(r.notes == std::vector<std::string>{"removed " + other.string() + ", left by an interrupted save"});
    BOOST_TEST(dir.entries() ==
               (std::vector<std::string>{".state.tpst.tmp-LIVE01", ".state.tpst.tmp-TOOLONG1", "state.tpst"}));
}

// A symbolic link as the state path is written through: the link stays, the file it
// points to gets the new state (also when it does not exist yet).
BOOST_AUTO_TEST_CASE(a_symlinked_state_path_is_written_through) {
    history();
    fs::create_directory(dir.path / "real");
    fs::create_symlink("real/state.tpst", file); // relative, resolved against the link's folder
    BOOST_TEST_REQUIRE(save_state(*state, file).ok()); // dangling before the first save
    BOOST_TEST(fs::is_symlink(file));
    BOOST_TEST((read_file(dir.path / "real" / "state.tpst") == encode_state(*state)));
    run(event().user("dave").str("src_country", "BR").at_time(k_t0 + k_hour).build());
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    BOOST_TEST(fs::is_symlink(file));
    BOOST_TEST((read_file(dir.path / "real" / "state.tpst") == encode_state(*state)));
    ModelState loaded(models, bindings, session);
    BOOST_TEST(load_state(loaded, file).ok());
    // A loop of links is an error naming the path.
    const std::string loop = (dir.path / "loop").string();
    fs::create_symlink("loop", loop);
    const StateResult r = save_state(*state, loop);
    BOOST_TEST(r.message == loop + ": cannot write state file: too many levels of symbolic links at " + loop +
                                ": Too many levels of symbolic links; the previous file is unchanged");
}

BOOST_AUTO_TEST_CASE(save_into_a_missing_folder) {
    const std::string path = (dir.path / "no-such-dir" / "state.tpst").string();
    const StateResult r = save_state(*state, path);
    BOOST_TEST((r.code == StateCode::WriteFailed));
    BOOST_TEST(r.message == path + ": cannot write state file: cannot create a temporary file in " +
                                (dir.path / "no-such-dir").string() +
                                ": No such file or directory; the previous file is unchanged");
}

// Content changed between runs: state of a gone or changed model is dropped, with a note.
BOOST_AUTO_TEST_CASE(changed_models_are_dropped_with_notes) {
    history();
    BOOST_TEST_REQUIRE(save_state(*state, file).ok());
    ModelsFixture next;
    next.load(R"(models:
  - {id: UA-UC, scope: user, feature: src_isp}
  - {id: APP-UAg, scope: user, feature: user_agent, ageing_days: 30}
)",
              rule_doc("APP-UAg-F", "model: {ref: APP-UAg, trigger: first_time}"));
    const StateResult r = load_state(*next.state, file);
    BOOST_TEST_REQUIRE(r.ok(), r.message);
    BOOST_TEST(r.notes == (std::vector<std::string>{
                              "model 'UA-OC' is no longer defined; its state was dropped",
                              "model 'UA-UC' changed from user|src_country to user|src_isp; its state was dropped",
                              "session field 'src_country' is no longer used by any rule; its session values were dropped",
                              "nth_new model 'APP-UAg' is no longer used by any rule; its session values were dropped",
                          }));
    BOOST_TEST(next.state->count_of("APP-UAg", "alice", "sdk") == 1u);
    BOOST_TEST(!next.state->inspect("UA-UC", "alice").found);
    BOOST_TEST(next.state->stats().users == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
