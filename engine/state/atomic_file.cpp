#include "state/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace trailproof::state {

namespace {

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The temporary name's prefix; mkstemp appends six characters.
std::string temp_prefix(const std::string& target) { return "." + base_of(target) + ".tmp-"; }

// Removes `.<name>.tmp-XXXXXX` files beside `target` that no live writer holds
// (a writer keeps LOCK_EX on its temporary file until it is renamed or removed).
void remove_stale_temps(const std::string& target, std::vector<std::string>& removed) {
    const std::string dir = parent_of(target);
    const std::string prefix = temp_prefix(target);
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (const dirent* entry = ::readdir(d)) {
        const std::string_view name = entry->d_name;
        if (name.size() != prefix.size() + 6 || !name.starts_with(prefix)) continue;
        const std::string path = dir + "/" + std::string(name);
        const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) continue;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            ::unlink(path.c_str()) == 0)
            removed.push_back(path);
        ::close(fd);
    }
    ::closedir(d);
}

} // namespace

bool follow_links(const std::string& path, std::string& target, std::string& error) {
    target = path;
    for (int hops = 0; hops <= 40; ++hops) {
        struct stat st {};
        if (::lstat(target.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return true;
        std::string link(PATH_MAX, '\0');
        const ssize_t n = ::readlink(target.c_str(), link.data(), link.size());
        if (n < 0) {
            error = "cannot read the symbolic link " + target + ": " + std::strerror(errno);
            return false;
        }
        link.resize(static_cast<std::size_t>(n));
        target = link.starts_with('/') ? link : parent_of(target) + "/" + link;
    }
    error = "too many levels of symbolic links at " + path;
    return false;
}

AtomicFile::~AtomicFile() { discard(); }

bool AtomicFile::fail_step(std::string step, int error_number) {
    if (m_errno == 0) {
        m_errno = error_number;
        m_error = std::move(step);
        if (error_number > 0) m_error += std::string(": ") + std::strerror(error_number);
    }
    return false;
}

void AtomicFile::fail(std::string step, int error_number) { (void)fail_step(std::move(step), error_number); }

bool AtomicFile::open(const std::string& path, bool owner_only) {
    discard();
    bool existing = false;
    mode_t existing_mode = 0;
    m_errno = 0;
    m_error.clear();
    m_renamed = false;
    m_removed.clear();
    // Streams and devices: write in place.
    if (path.starts_with("/dev/") || path.starts_with("/proc/")) {
        m_target = path;
        m_direct = true;
    } else {
        std::string error;
        if (!follow_links(path, m_target, error)) return fail_step(error, ELOOP);
        struct stat st {};
        existing = ::stat(m_target.c_str(), &st) == 0;
        existing_mode = st.st_mode;
        m_direct = existing && !S_ISREG(st.st_mode);
    }
    if (m_direct) {
        m_fd = ::open(m_target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (m_fd < 0) return fail_step("cannot open " + m_target, errno);
        return true;
    }
    remove_stale_temps(m_target, m_removed);
    const std::string dir = parent_of(m_target);
    std::string temp = dir + "/" + temp_prefix(m_target) + "XXXXXX";
    m_fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (m_fd < 0) return fail_step("cannot create a temporary file in " + dir, errno);
    m_temp = std::move(temp);
    (void)::flock(m_fd, LOCK_EX); // marks the file live for other writers' stale-file cleanup
    // The replacement keeps the mode of the file it replaces; a new file gets what
    // a plain open would give it (mkstemp makes it 0600), or 0600 when owner_only.
    if (existing) {
        (void)::fchmod(m_fd, existing_mode & 07777);
    } else if (!owner_only) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        (void)::fchmod(m_fd, 0666 & ~mask);
    }
    return true;
}

bool AtomicFile::write(std::string_view bytes) {
    if (m_errno != 0 || m_fd < 0) return false;
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(m_fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_step("writing " + (m_direct ? m_target : m_temp) + " failed", errno);
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

bool AtomicFile::commit() {
    if (m_errno != 0 || m_fd < 0) return false;
    if (m_direct) {
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0) return fail_step("closing " + m_target + " failed", errno);
        return true;
    }
    if (::fsync(m_fd) != 0) return fail_step("fsync of " + m_temp + " failed", errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) return fail_step("closing " + m_temp + " failed", errno);
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
        return fail_step("renaming " + m_temp + " failed", errno);
    m_temp.clear();
    m_renamed = true;
    // Make the rename itself durable.
    const std::string dir = parent_of(m_target);
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        const int sync = ::fsync(dir_fd);
        const int error = errno;
        ::close(dir_fd);
        if (sync != 0) return fail_step("fsync of " + dir + " failed", error);
    }
    return true;
}

void AtomicFile::discard() noexcept {
    if (!m_temp.empty()) ::unlink(m_temp.c_str()); // while our lock still marks it live
    m_temp.clear();
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

} // namespace trailproof::state
