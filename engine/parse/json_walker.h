#pragma once
// Reads one JSON record into a FieldTable: simdjson DOM parse in place (the
// record's padding makes that safe), EventBridge unwrap, then one forward walk of
// the document guided by the extraction plan's PathTrie. A shared document's
// record is scanned without the DOM when it can be (field_scan.h). simdjson
// stays inside json_walker.cpp and field_scan.cpp.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/reject.h"
#include "parse/field_table.h"

namespace trailproof::parse {

// One record's parsed JSON and its extraction, shareable by the walkers of
// several parser groups so a record is parsed and walked once however many
// groups read it (walkers whose plans differ walk again into their own table).
// forget() before each new record; extract() also parses again when it is
// given other bytes.
class JsonDocument {
public:
    JsonDocument();
    ~JsonDocument();
    JsonDocument(const JsonDocument&) = delete;
    JsonDocument& operator=(const JsonDocument&) = delete;
    JsonDocument(JsonDocument&&) noexcept;
    JsonDocument& operator=(JsonDocument&&) noexcept;

    void forget() noexcept;
    // Where the walks of the current record keep their text (FieldTable::keep):
    // a store the caller keeps as long as the record's events, so the events of
    // every group adopt views that outlive the parser and own_text copies
    // nothing of the extraction. nullptr (the default): each event copies the
    // ranges it is lent. forget() clears it: set it after forget(), per record.
    void keep_text_in(TextArena* store) noexcept;
    // Records parsed so far, and walks of a parsed record (for tests and stats).
    [[nodiscard]] std::uint64_t parses() const noexcept;
    [[nodiscard]] std::uint64_t walks() const noexcept;
    // Reads scan_fields filled without the DOM (each counts as a parse and a walk too).
    [[nodiscard]] std::uint64_t scans() const noexcept;

private:
    friend class JsonWalker;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Which parse of which document an extract() read: equal ids mean the same
// parse of the same bytes, so views into it are the same texts (each parse of
// a document, the same record again included, gets a new id).
struct ParseId {
    const void* document = nullptr;
    std::uint64_t parse = 0;
    bool operator==(const ParseId&) const = default;
};

class JsonWalker {
public:
    JsonWalker();
    ~JsonWalker();
    JsonWalker(const JsonWalker&) = delete;
    JsonWalker& operator=(const JsonWalker&) = delete;
    JsonWalker(JsonWalker&&) noexcept;
    JsonWalker& operator=(JsonWalker&&) noexcept;

    // Parses `bytes` (followed by k_padding readable bytes) and extracts the value
    // of every path of `plan`; `table` points at the result (owned by the walker
    // or the shared document). Strings are views into the parser's string
    // buffer, valid until the next parse; numbers' text and object/array JSON are
    // in the table's arena, valid until it is filled again. On failure returns
    // MalformedJson, InvalidUtf8 or NotAnObject and sets `detail`.
    [[nodiscard]] RejectCode extract(std::string_view bytes, const ExtractionPlan& plan, const FieldTable*& table,
                                     std::string& detail) noexcept;
    // Reads through `document` (which must outlive the walker) instead of parsing
    // each record itself: a record is parsed once and, for the walkers of one
    // plan, walked once; its strings stay valid until the document parses
    // another record.
    void share(JsonDocument& document) noexcept { m_shared = &document; }
    // The parse the last extract() read (or the document's last parse).
    [[nodiscard]] ParseId parse_id() const noexcept;

private:
    struct Impl;
    // extract() through a shared document by scan_fields (field_scan.h); false
    // when the scan is unsure and the record must be read through the DOM.
    bool scan(JsonDocument::Impl& doc, std::string_view bytes, bool same_bytes, const ExtractionPlan& plan,
              const FieldTable*& table) noexcept;
    std::unique_ptr<Impl> m_impl;
    JsonDocument m_own;
    FieldTable m_table; // a shared document's record walked with another plan than the document's table
    JsonDocument* m_shared = nullptr;
};

} // namespace trailproof::parse
