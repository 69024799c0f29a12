#pragma once
// Reads one JSON record into an Event: simdjson DOM parse in place (the record's
// padding makes that safe), EventBridge unwrap, then one forward walk of the
// document guided by a PathTrie. simdjson stays inside json_walker.cpp.

#include <memory>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/reject.h"
#include "parse/path_trie.h"

namespace trailproof::parse {

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

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace trailproof::parse
