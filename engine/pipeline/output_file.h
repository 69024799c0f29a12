#pragma once
// An output of a detect run (alerts, dead letters, the run report) whose every
// write is checked: a failed write (a full disk, /dev/full, a size limit, a
// closed pipe) is remembered with its reason, and later writes are dropped. A
// file is written through state::AtomicFile, so it appears complete or not at
// all: close() renames it into place, discard() (or a failure, or a crash)
// leaves the previous file, if any, as it was. A stream (stdout) has no
// "complete" form: its failures are caught at each flush and at close; nor has
// a file opened for appending (open_append), whose every flush is on disk.

#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <streambuf>

#include "state/atomic_file.h"

namespace trailproof::pipeline {

class OutputFile {
public:
    OutputFile();
    ~OutputFile(); // discards an output not closed
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Writes to `path` (see state::AtomicFile for devices, FIFOs and links).
    // False when it cannot be created; reason() says why.
    [[nodiscard]] bool open(const std::string& path);
    // Appends to `path`, created if absent, as a stream (each flush lands in the
    // file; close() commits nothing). For --kafka's dead letters, which must stay
    // on disk for every committed offset of a member that may be killed.
    [[nodiscard]] bool open_append(const std::string& path);
    // Writes to `stream` (stdout), checking it at each flush.
    void attach(std::ostream& stream);

    // The stream to write to; a failed output swallows what it is given.
    [[nodiscard]] std::ostream& stream() noexcept { return m_stream; }
    [[nodiscard]] bool failed() const noexcept { return !m_reason.empty(); }
    // Why it failed: the errno text of a failed write ("No space left on device"),
    // or the step of creating or renaming the file that failed.
    [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }

    // Flushes; a file is then committed (renamed into place). False on any failure.
    [[nodiscard]] bool close();
    // Drops a file's bytes: the target keeps its previous content (or stays absent).
    void discard() noexcept;

private:
    class Buffer;
    bool write_out(const char* data, std::size_t size);
    state::AtomicFile m_file;
    std::ostream* m_target = nullptr; // attached stream, or null for a file
    std::ofstream m_appended;         // the file of open_append, attached
    bool m_open = false;
    std::string m_reason;
    std::unique_ptr<Buffer> m_buffer;
    std::ostream m_stream;
};

} // namespace trailproof::pipeline
