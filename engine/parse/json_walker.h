#pragma once
// Reads one JSON record into an Event: simdjson DOM parse in place (the record's
// padding makes that safe), EventBridge unwrap, then one forward walk of the
// document guided by a PathTrie. simdjson stays inside json_walker.cpp.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/reject.h"
#include "parse/path_trie.h"

namespace trailproof::parse {

// One record's parsed JSON, shareable by the walkers of several parser groups so
// a record is parsed once however many groups read it. forget() before each new
// record; read() also parses again when it is given other bytes.
class JsonDocument {
public:
    JsonDocument();
    ~JsonDocument();
    JsonDocument(const JsonDocument&) = delete;
    JsonDocument& operator=(const JsonDocument&) = delete;
    JsonDocument(JsonDocument&&) noexcept;
    JsonDocument& operator=(JsonDocument&&) noexcept;

    void forget() noexcept;
    // Records parsed so far (for tests and stats).
    [[nodiscard]] std::uint64_t parses() const noexcept;

private:
    friend class JsonWalker;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

class JsonWalker {
public:
    JsonWalker();
    ~JsonWalker();
    JsonWalker(const JsonWalker&) = delete;
    JsonWalker& operator=(const JsonWalker&) = delete;
    JsonWalker(JsonWalker&&) noexcept;
    JsonWalker& operator=(JsonWalker&&) noexcept;

    // Parses `bytes` (followed by k_padding readable bytes) and adds the value of
    // every trie path to `event`. Strings are views into the parser's string
    // buffer, valid until the next read; numbers' text and object/array JSON go
    // to the event's arena. On failure returns MalformedJson, InvalidUtf8 or
    // NotAnObject and sets `detail`.
    [[nodiscard]] RejectCode read(std::string_view bytes, const PathTrie& trie, Event& event,
                                  std::string& detail) noexcept;
    // Reads through `document` (which must outlive the walker) instead of parsing
    // each record itself; the strings of events stay valid until the document
    // parses another record.
    void share(JsonDocument& document) noexcept { m_shared = &document; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    JsonDocument m_own;
    JsonDocument* m_shared = nullptr;
};

} // namespace trailproof::parse
