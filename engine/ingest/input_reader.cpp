#include "ingest/input_reader.h"

#include <filesystem>
#include <string_view>
#include <vector>

#include "ingest/document_framer.h"
#include "ingest/input_stream.h"
#include "ingest/line_framer.h"
#include "ingest/padded_buffer.h"
#include "ingest/path_list.h"
#include "ingest/shape_detector.h"

namespace trailproof::ingest {

namespace {

struct Input {
    enum class Kind : std::uint8_t { Path, Stdin, Buffer, Unlisted };
    Kind kind = Kind::Path;
    std::string name;
    std::string bytes; // Buffer: the input; Unlisted: why the directory could not be listed
};

enum class Phase : std::uint8_t { Open, Detect, Lines, Document };

enum class Opened : std::uint8_t { Yes, Rejected, NoInputLeft };

} // namespace

struct InputReader::Impl {
    Impl(SourceTable& table, ReaderOptions opts) : sources(table), options(opts) {
        if (options.chunk_bytes == 0) options.chunk_bytes = 1;
    }

    // Opens the next input (expanding directories on the way); fills `reject` when it cannot.
    Opened open_next(Reject& reject);
    // Reads until the shape is known, then starts the matching framer.
    void detect();
    // Reads one more chunk behind the buffer's data; false once the stream is finished.
    bool read_chunk();
    void finish_input() noexcept;

    SourceTable& sources;
    ReaderOptions options;
    std::vector<Input> inputs;
    std::size_t next_input = 0;

    Phase phase = Phase::Open;
    std::uint32_t source = 0;
    InputStream stream;
    PaddedBuffer buffer;
    ShapeDetector detector;
    LineFramer lines;
    DocumentFramer document;

    std::uint64_t records = 0;
    std::uint64_t rejects = 0;
    std::uint64_t bytes_done = 0;   // raw bytes of finished inputs
    std::uint64_t decoded_done = 0; // decoded bytes of finished inputs
};

Opened InputReader::Impl::open_next(Reject& reject) {
    for (;;) {
        if (next_input == inputs.size()) return Opened::NoInputLeft;
        Input input = std::move(inputs[next_input++]);
        if (input.kind == Input::Kind::Path) {
            std::error_code ec;
            if (std::filesystem::is_directory(input.name, ec)) {
                std::vector<ListedPath> listed = list_files(input.name);
                std::vector<Input> expanded;
                expanded.reserve(listed.size());
                for (ListedPath& entry : listed) {
                    expanded.push_back({entry.error.empty() ? Input::Kind::Path : Input::Kind::Unlisted,
                                        entry.path.string(), std::move(entry.error)});
                }
                inputs.insert(inputs.begin() + static_cast<std::ptrdiff_t>(next_input),
                              std::make_move_iterator(expanded.begin()), std::make_move_iterator(expanded.end()));
                continue;
            }
        }
        source = sources.add(input.name);
        switch (input.kind) {
        case Input::Kind::Path:
            if (!stream.open_file(input.name, input.name)) {
                reject.origin = Origin{source, 0, k_no_index};
                reject.code = RejectCode::Unreadable;
                reject.detail = stream.failure_detail();
                finish_input();
                return Opened::Rejected;
            }
            break;
        case Input::Kind::Stdin:
            stream.open_stdin(input.name);
            break;
        case Input::Kind::Buffer:
            stream.open_memory(input.name, std::move(input.bytes));
            break;
        case Input::Kind::Unlisted:
            reject.origin = Origin{source, 0, k_no_index};
            reject.code = RejectCode::Unreadable;
            reject.detail = input.name + ": " + input.bytes;
            return Opened::Rejected;
        }
        buffer.clear();
        detector.reset();
        phase = Phase::Detect;
        return Opened::Yes;
    }
}

bool InputReader::Impl::read_chunk() {
    buffer.reserve_tail(options.chunk_bytes);
    std::size_t got = 0;
    StreamStatus status = stream.read(buffer.tail(), options.chunk_bytes, got);
    buffer.commit(got);
    return status == StreamStatus::Ok;
}

void InputReader::Impl::detect() {
    for (;;) {
        std::string_view text(buffer.data(), buffer.size());
        Shape shape = detector.detect(text, stream.finished(), options.max_record_bytes);
        if (shape == Shape::Undecided) {
            (void)read_chunk();
            continue;
        }
        if (shape == Shape::Lines) {
            lines.start(source, detector.start());
            phase = Phase::Lines;
            return;
        }
        // A document needs all of its bytes before it can be framed (no DOM is built, though).
        // Sizing the buffer once avoids regrowing (and re-copying) a large file.
        if (std::uint64_t size = stream.size_hint(); size > buffer.size() && size < (std::uint64_t{1} << 40))
            buffer.reserve_tail(static_cast<std::size_t>(size - buffer.size()) + options.chunk_bytes);
        while (read_chunk()) {
        }
        document.start(source, detector.start());
        phase = Phase::Document;
        return;
    }
}

void InputReader::Impl::finish_input() noexcept {
    bytes_done += stream.raw_bytes();
    decoded_done += stream.decoded_bytes();
    stream.close();
    phase = Phase::Open;
}

InputReader::InputReader(SourceTable& sources, ReaderOptions options)
    : m_impl(std::make_unique<Impl>(sources, options)) {}

InputReader::~InputReader() = default;

void InputReader::add_path(std::string path) {
    Input::Kind kind = path == "-" ? Input::Kind::Stdin : Input::Kind::Path;
    m_impl->inputs.push_back({kind, std::move(path), {}});
}

void InputReader::add_buffer(std::string name, std::string bytes) {
    m_impl->inputs.push_back({Input::Kind::Buffer, std::move(name), std::move(bytes)});
}

ReadItem InputReader::next(RawRecord& record, Reject& reject) {
    Impl& s = *m_impl;
    for (;;) {
        ReadItem item = ReadItem::End;
        switch (s.phase) {
        case Phase::Open:
            switch (s.open_next(reject)) {
            case Opened::Yes:
                continue;
            case Opened::Rejected:
                ++s.rejects;
                return ReadItem::Reject;
            case Opened::NoInputLeft:
                return ReadItem::End;
            }
            continue;
        case Phase::Detect:
            s.detect();
            continue;
        case Phase::Lines:
            item = s.lines.next(s.stream, s.buffer, s.options, record, reject);
            break;
        case Phase::Document:
            item = s.document.next(s.stream, {s.buffer.data(), s.buffer.size()}, s.options, record, reject);
            break;
        }
        if (item == ReadItem::End) {
            s.finish_input();
            continue;
        }
        ++(item == ReadItem::Record ? s.records : s.rejects);
        return item;
    }
}

std::uint64_t InputReader::records() const noexcept { return m_impl->records; }
std::uint64_t InputReader::rejects() const noexcept { return m_impl->rejects; }
std::uint64_t InputReader::bytes_read() const noexcept { return m_impl->bytes_done + m_impl->stream.raw_bytes(); }
std::uint64_t InputReader::bytes_decoded() const noexcept {
    return m_impl->decoded_done + m_impl->stream.decoded_bytes();
}

} // namespace trailproof::ingest
