#include "ingest/byte_source.h"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace trailproof::ingest {

namespace {

std::string os_error_text(int error) { return std::generic_category().message(error); }

} // namespace

ByteSource::~ByteSource() { close(); }

bool ByteSource::open_file(const std::string& path) {
    close();
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        m_error = os_error_text(errno);
        return false;
    }
    m_fd = fd;
    m_owns_fd = true;
    return true;
}

void ByteSource::open_stdin() noexcept {
    close();
    m_fd = STDIN_FILENO;
    m_owns_fd = false;
}

void ByteSource::open_memory(std::string bytes) noexcept {
    close();
    m_bytes = std::move(bytes);
    m_memory = true;
}

ByteStatus ByteSource::read(char* dst, std::size_t capacity, std::size_t& got) noexcept {
    got = 0;
    if (capacity == 0) return ByteStatus::Ok;
    if (m_memory) {
        std::size_t left = m_bytes.size() - m_cursor;
        if (left == 0) return ByteStatus::End;
        got = left < capacity ? left : capacity;
        std::memcpy(dst, m_bytes.data() + m_cursor, got);
        m_cursor += got;
        m_offset += got;
        return ByteStatus::Ok;
    }
    if (m_fd < 0) return ByteStatus::End;
    for (;;) {
        ssize_t n = ::read(m_fd, dst, capacity);
        if (n > 0) {
            got = static_cast<std::size_t>(n);
            m_offset += got;
            return ByteStatus::Ok;
        }
        if (n == 0) return ByteStatus::End;
        if (errno == EINTR) continue;
        try {
            m_error = os_error_text(errno);
        } catch (...) {
            m_error.clear(); // out of memory for the text: the code still says what happened
        }
        return ByteStatus::Error;
    }
}

void ByteSource::close() noexcept {
    if (m_owns_fd && m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    m_owns_fd = false;
    m_memory = false;
    m_bytes.clear();
    m_bytes.shrink_to_fit();
    m_cursor = 0;
    m_offset = 0;
    m_error.clear();
}

} // namespace trailproof::ingest
