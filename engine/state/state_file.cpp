#include "state/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "state/atomic_file.h"
#include "state/state_codec.h"

namespace trailproof::state {

namespace {

std::string errno_text(int error) { return std::strerror(error); }

StateResult write_failed(const std::string& path, std::string what) {
    return {StateCode::WriteFailed, path + ": cannot write state file: " + what + "; the previous file is unchanged", {}};
}

// Writes all of `bytes`, honouring the fault hook: when the hook returns false
// the file fails there, as a full disk would.
bool write_all(AtomicFile& file, std::string_view bytes, const SaveOptions& options) {
    if (options.fault_after_bytes >= bytes.size()) return file.write(bytes);
    if (!file.write(bytes.substr(0, options.fault_after_bytes))) return false;
    if (options.fault && !options.fault()) {
        file.fail("writing " + file.temp_path() + " failed: injected fault", -1);
        return false;
    }
    return file.write(bytes.substr(options.fault_after_bytes));
}

} // namespace

std::string encode_state(const models::ModelState& state) {
    models::StateImage image;
    state.export_image(image);
    return encode_image(image);
}

StateResult decode_state(std::string_view bytes, std::string_view name, models::ModelState& state) {
    models::StateImage image;
    StateResult result = decode_image(bytes, name, image);
    if (!result.ok()) {
        state.clear();
        return result;
    }
    std::string error;
    if (!state.import_image(image, error, result.notes))
        return {StateCode::Corrupt, std::string(name) + ": state file is corrupt (" + error + ")", {}};
    return result;
}

StateResult write_state_file(std::string_view bytes, const std::string& path, const SaveOptions& options) {
    AtomicFile file;
    // State names users and principals: a new file is readable by its owner only.
    if (!file.open(path, true) || !write_all(file, bytes, options) || !file.commit()) {
        if (file.renamed())
            return {StateCode::WriteFailed, path + ": state file written, but " + file.error(), {}};
        return write_failed(path, file.error());
    }
    StateResult result;
    for (const auto& stale : file.removed_stale())
        result.notes.push_back("removed " + stale + ", left by an interrupted save");
    return result;
}

StateResult read_state_file(const std::string& path, std::string& bytes) {
    bytes.clear();
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) return {StateCode::Missing, path + ": state file does not exist", {}};
        return {StateCode::Unreadable, path + ": cannot read state file: " + errno_text(error), {}};
    }
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            return {StateCode::Unreadable, path + ": cannot read state file: " + errno_text(error), {}};
        }
        if (n == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return {};
}

StateResult save_state(const models::ModelState& state, const std::string& path, const SaveOptions& options) {
    return write_state_file(encode_state(state), path, options);
}

StateResult load_state(models::ModelState& state, const std::string& path) {
    state.clear();
    std::string bytes;
    if (StateResult r = read_state_file(path, bytes); !r.ok()) return r;
    return decode_state(bytes, path, state);
}

} // namespace trailproof::state
