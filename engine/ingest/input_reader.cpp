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
    enum class Kind : std::uint8_t { Path, Stdin, Buffer, Unlisted, Dangling };
    Kind kind = Kind::Path;
    std::string name;
    std::string bytes; // Buffer: the input; Unlisted: why the directory could not be listed; Dangling: the target
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
    // Reads until the shape is known, then starts the matching framer; false (reject
    // filled, input finished) when the whole input is rejected.
    [[nodiscard]] bool detect(Reject& reject);
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
                    const Input::Kind kind = entry.dangling        ? Input::Kind::Dangling
                                             : entry.error.empty() ? Input::Kind::Path
                                                                   : Input::Kind::Unlisted;
                    expanded.push_back({kind, entry.path.string(), std::move(entry.error)});
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
        case Input::Kind::Dangling:
            reject.origin = Origin{source, 0, k_no_index};
            reject.code = input.kind == Input::Kind::Dangling ? RejectCode::DanglingSymlink : RejectCode::Unreadable;
            reject.detail = input.name + ": " + input.bytes;
            return Opened::Rejected;
        }
        stream.limit_gzip_ratio(options.max_gzip_ratio, k_gzip_ratio_floor);
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

bool InputReader::Impl::detect(Reject& reject) {
    for (;;) {
        std::string_view text(buffer.data(), buffer.size());
        Shape shape = detector.detect(text, stream.finished(), options);
        switch (shape) {
        case Shape::Undecided:
            // Whole lines of leading whitespace are dropped, not kept (their count is).
            if (std::size_t n = detector.droppable(); n != 0) {
                buffer.drop_front(n);
                detector.dropped(n);
            }
            (void)read_chunk();
            continue;
        case Shape::Rejected:
            reject.origin = Origin{source, 0, k_no_index};
            reject.code = detector.reject_code();
            reject.detail = stream.name() + ": " + detector.reason();
            finish_input();
            return false;
        case Shape::Lines:
            lines.start(source, detector.start(), detector.line());
            phase = Phase::Lines;
            return true;
        case Shape::Document:
            // Streamed: members are framed as their bytes arrive, never the whole document at once.
            document.start(source, detector.start(), detector.line());
            phase = Phase::Document;
            return true;
        }
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
            if (s.detect(reject)) continue;
            ++s.rejects;
            return ReadItem::Reject;
        case Phase::Lines:
            item = s.lines.next(s.stream, s.buffer, s.options, record, reject);
            if (item == ReadItem::End && s.lines.handover()) {
                // A Records envelope inside line-framed input: framed member by member.
                s.document.start(s.source, s.lines.handover_offset(), s.lines.handover_line(), true);
                s.phase = Phase::Document;
                continue;
            }
            break;
        case Phase::Document:
            item = s.document.next(s.stream, s.buffer, s.options, record, reject);
            if (item == ReadItem::End && s.document.handover()) {
                s.lines.resume(s.document.offset(), s.document.line());
                s.phase = Phase::Lines;
                continue;
            }
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
BufferStats InputReader::buffer_stats() const noexcept {
    return {m_impl->buffer.capacity(), m_impl->buffer.bytes_moved()};
}

std::uint64_t InputReader::bytes_decoded() const noexcept {
    return m_impl->decoded_done + m_impl->stream.decoded_bytes();
}

} // namespace trailproof::ingest
