#pragma once
// A file that appears complete or not at all: the bytes go to a temporary file
// `.<name>.tmp-XXXXXX` beside the target, which commit() fsyncs, renames over
// the target and makes durable (fsync of the folder). Used by `--state` saves
// and by detect's `--out`, `--dead-letter` and `--report` files, so a run that
// is interrupted or fails never leaves a file that looks finished.
//
// - Symbolic links are written through: the temporary file goes beside the
//   file the link points to, which is replaced; the link stays a link.
// - A target that exists and is not a regular file (a device such as
//   /dev/full or /dev/null, a FIFO), and any path under /dev/ or /proc/
//   (/dev/stdout), is written directly: a stream has no "complete" form.
// - Temporary files of our naming that an interrupted writer left beside the
//   target are removed by the next open(), unless a live writer still holds
//   them: each writer keeps an exclusive flock(2) on its temporary file.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::state {

class AtomicFile {
public:
    AtomicFile() = default;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    // Closes the file; an uncommitted temporary file is removed.
    ~AtomicFile();

    // Opens `path` for writing (see above). The file replacing an existing one
    // keeps its mode; a new one gets 0666 less the umask, or 0600 if `owner_only`.
    // False when it cannot: error() says "cannot create a temporary file in DIR:
    // <errno text>" (or which step failed).
    [[nodiscard]] bool open(const std::string& path, bool owner_only = false);
    // Writes all of `bytes`. False on the first failure (error(), error_number()
    // set); every later write fails too.
    [[nodiscard]] bool write(std::string_view bytes);
    // Temporary file: fsync, close, rename over the target, fsync the folder.
    // Direct file: close. False when a step fails; renamed() tells whether the
    // target was replaced before it (only the folder's fsync can fail after).
    [[nodiscard]] bool commit();
    // Closes and removes the temporary file; the target stays as it was.
    void discard() noexcept;

    [[nodiscard]] bool failed() const noexcept { return m_errno != 0; }
    [[nodiscard]] const std::string& error() const noexcept { return m_error; } // the failed step and errno text
    [[nodiscard]] int error_number() const noexcept { return m_errno; }          // errno of the failure (-1: injected)
    [[nodiscard]] bool direct() const noexcept { return m_direct; }
    [[nodiscard]] bool renamed() const noexcept { return m_renamed; }
    [[nodiscard]] const std::string& temp_path() const noexcept { return m_temp; }
    // The file the bytes end up in (`path` with its symbolic links followed).
    [[nodiscard]] const std::string& target() const noexcept { return m_target; }
    // Names of stale temporary files open() removed.
    [[nodiscard]] const std::vector<std::string>& removed_stale() const noexcept { return m_removed; }
    // Marks the file failed as if a write had (fault injection in tests).
    void fail(std::string step, int error_number);

private:
    bool fail_step(std::string step, int error_number);
    int m_fd = -1;
    bool m_direct = false;
    bool m_renamed = false;
    int m_errno = 0;
    std::string m_error;
    std::string m_target;
    std::string m_temp;
    std::vector<std::string> m_removed;
};

// `path` with symbolic links of its last component followed (relative links
// resolve against the link's folder), up to 40 links. False with `error` set
// on a loop or an unreadable link. A dangling link resolves to the missing file.
[[nodiscard]] bool follow_links(const std::string& path, std::string& target, std::string& error);

} // namespace trailproof::state
