#include "pipeline/output_file.h"

#include <cerrno>
#include <cstring>
#include <vector>

namespace trailproof::pipeline {

// Collects writes and hands them to OutputFile::write_out in blocks; a failed
// block makes the ostream bad (overflow and sync report failure).
class OutputFile::Buffer : public std::streambuf {
public:
    explicit Buffer(OutputFile& owner) : m_owner(owner), m_bytes(1 << 16) {
        setp(m_bytes.data(), m_bytes.data() + m_bytes.size());
    }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
        return c;
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain() {
        const auto size = static_cast<std::size_t>(pptr() - pbase());
        setp(m_bytes.data(), m_bytes.data() + m_bytes.size());
        return m_owner.write_out(m_bytes.data(), size);
    }
    OutputFile& m_owner;
    std::vector<char> m_bytes;
};

OutputFile::OutputFile() : m_buffer(std::make_unique<Buffer>(*this)), m_stream(m_buffer.get()) {}

OutputFile::~OutputFile() { discard(); }

bool OutputFile::open(const std::string& path) {
    m_target = nullptr;
    m_reason.clear();
    m_stream.clear();
    m_open = m_file.open(path);
    if (!m_open) m_reason = m_file.error();
    return m_open;
}

bool OutputFile::open_append(const std::string& path) {
    errno = 0;
    m_appended.open(path, std::ios::binary | std::ios::app);
    if (!m_appended) {
        m_open = false;
        m_reason = errno ? std::strerror(errno) : "cannot open";
        return false;
    }
    attach(m_appended);
    return true;
}

void OutputFile::attach(std::ostream& stream) {
    m_file.discard();
    m_target = &stream;
    m_reason.clear();
    m_stream.clear();
    m_open = true;
}

bool OutputFile::write_out(const char* data, std::size_t size) {
    if (failed() || !m_open) return false;
    if (size == 0 && !m_target) return true;
    if (m_target) {
        errno = 0;
        const bool written =
            m_target->write(data, static_cast<std::streamsize>(size)) && m_target->flush() && m_target->good();
        if (!written) {
            m_reason = errno ? std::strerror(errno) : "the stream reported an error";
            return false;
        }
        return true;
    }
    if (!m_file.write({data, size})) {
        m_reason = std::strerror(m_file.error_number());
        return false;
    }
    return true;
}

bool OutputFile::close() {
    if (!m_open) return false;
    m_stream.flush();
    m_open = false;
    if (failed()) {
        m_file.discard();
        return false;
    }
    if (!m_target && !m_file.commit()) {
        m_reason = m_file.error();
        return false;
    }
    return true;
}

void OutputFile::discard() noexcept {
    m_open = false;
    m_file.discard();
}

} // namespace trailproof::pipeline
