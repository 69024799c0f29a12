#include "state/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "state/state_codec.h"

namespace trailproof::state {

namespace {

std::string errno_text(int error) { return std::strerror(error); }

StateResult write_failed(const std::string& path, std::string what) {
    return {StateCode::WriteFailed, path + ": cannot write state file: " + what + "; the previous file is unchanged", {}};
}

// Closes a descriptor and removes the temporary file unless released.
class TempFile {
public:
    TempFile(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_released) ::unlink(m_path.c_str());
    }
    [[nodiscard]] int fd() const noexcept { return m_fd; }
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }
    // Closes the descriptor; returns false (errno set) when close reports an error.
    bool close() {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }
    void release() noexcept { m_released = true; }

private:
    int m_fd;
    std::string m_path;
    bool m_released = false;
};

// Writes all of `bytes`, honouring the fault hook. Returns 0 or an errno value (-1: injected fault).
int write_all(int fd, std::string_view bytes, const SaveOptions& options) {
    std::size_t written = 0;
    bool fault_done = false;
    while (written < bytes.size()) {
        std::size_t chunk = bytes.size() - written;
        if (!fault_done && options.fault_after_bytes < bytes.size()) {
            if (written == options.fault_after_bytes) {
                fault_done = true;
                if (options.fault && !options.fault()) return -1;
                continue;
            }
            if (written < options.fault_after_bytes) chunk = std::min(chunk, options.fault_after_bytes - written);
        }
        const ssize_t n = ::write(fd, bytes.data() + written, chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        written += static_cast<std::size_t>(n);
    }
    return 0;
}

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
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
    const std::string dir = parent_of(path);
    const std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    std::string temp = dir + "/." + base + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) return write_failed(path, "cannot create a temporary file in " + dir + ": " + errno_text(errno));
    TempFile file(fd, temp);

    if (const int error = write_all(file.fd(), bytes, options); error != 0)
        return write_failed(path, "writing " + temp + " failed: " +
                                      (error < 0 ? std::string("injected fault") : errno_text(error)));
    if (::fsync(file.fd()) != 0) return write_failed(path, "fsync of " + temp + " failed: " + errno_text(errno));
    if (!file.close()) return write_failed(path, "closing " + temp + " failed: " + errno_text(errno));
    if (::rename(temp.c_str(), path.c_str()) != 0)
        return write_failed(path, "renaming " + temp + " failed: " + errno_text(errno));
    file.release();
    // Make the rename itself durable.
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) {
        const int sync = ::fsync(dir_fd);
        const int error = errno;
        ::close(dir_fd);
        if (sync != 0)
            return {StateCode::WriteFailed, path + ": state file written, but fsync of " + dir + " failed: " + errno_text(error), {}};
    }
    return {};
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
