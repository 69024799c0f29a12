#include "parse/json_walker.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <span>

#include <simdjson.h>

#include "core/json_text.h"
#include "core/raw_record.h"
#include "parse/field_scan.h"
#include "parse/reject_detail.h"

namespace trailproof::parse {

static_assert(trailproof::k_padding >= simdjson::SIMDJSON_PADDING, "records must carry simdjson's padding");

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Shortest text that reads back as the same number. For integers this is the
// literal as written; for doubles it is the canonical form (1.50 -> 1.5), since
// the DOM keeps values, not source text.
template <typename T>
std::size_t format_number(T value, char* out, std::size_t size) noexcept {
    auto r = std::to_chars(out, out + size, value);
    return r.ec == std::errc{} ? static_cast<std::size_t>(r.ptr - out) : 0;
}

constexpr std::size_t k_number_chars = 32;

// Writes the text of number element `v` to `out` (k_number_chars bytes); returns its length.
std::size_t format_element_number(element v, char* out) noexcept {
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    if (v.get_int64().get(i) == simdjson::SUCCESS) return format_number(i, out, k_number_chars);
    if (v.get_uint64().get(u) == simdjson::SUCCESS) return format_number(u, out, k_number_chars);
    if (v.get_double().get(d) == simdjson::SUCCESS) return format_number(d, out, k_number_chars);
    return 0;
}

// Writes the minified JSON of an element (no whitespace, keys in document
// order) into a buffer it reuses: a std::string used as raw bytes (its size is
// the capacity in use, grown by doubling and never shrunk), written through a
// pointer after one room check per piece, rather than many small appends.
// Strings and keys come from simdjson's DOM, which validated them as UTF-8, so
// they take the escaper for well-formed text: the bytes are
// append_json_string's (core/json_text.h).
class JsonSerializer {
public:
    explicit JsonSerializer(std::string& buffer) noexcept : m_buffer(buffer) {}

    // The JSON of `v`; valid until the buffer is written again.
    std::string_view serialize(element v) {
        m_used = 0;
        write(v);
        return {m_buffer.data(), m_used};
    }

private:
    std::string& m_buffer;
    std::size_t m_used = 0;

    char* room(std::size_t size) {
        if (m_buffer.size() - m_used < size) m_buffer.resize(std::max(2 * m_buffer.size(), m_used + size));
        return m_buffer.data() + m_used;
    }
    void done(const char* end) noexcept { m_used = static_cast<std::size_t>(end - m_buffer.data()); }
    void put(char c) {
        *room(1) = c;
        ++m_used;
    }
    void put(std::string_view text) {
        std::memcpy(room(text.size()), text.data(), text.size());
        m_used += text.size();
    }
    void put_string(std::string_view text) { done(write_json_string_valid(room(json_string_bound(text.size())), text)); }

    void write(element v) {
        switch (v.type()) {
        case element_type::OBJECT: {
            // value_unsafe() is safe wherever the type was checked first.
            simdjson::dom::object obj = v.get_object().value_unsafe();
            put('{');
            bool first = true;
            for (simdjson::dom::key_value_pair kv : obj) {
                if (!first) put(',');
                first = false;
                put_string(kv.key);
                put(':');
                write(kv.value);
            }
            put('}');
            break;
        }
        case element_type::ARRAY: {
            simdjson::dom::array arr = v.get_array().value_unsafe();
            put('[');
            bool first = true;
            for (element e : arr) {
                if (!first) put(',');
                first = false;
                write(e);
            }
            put(']');
            break;
        }
        case element_type::STRING: put_string(v.get_string().value_unsafe()); break;
        case element_type::INT64:
        case element_type::UINT64:
        case element_type::DOUBLE: {
            char* at = room(k_number_chars);
            done(at + format_element_number(v, at));
            break;
        }
        case element_type::BOOL: put(v.get_bool().value_unsafe() ? std::string_view("true") : "false"); break;
        case element_type::NULL_VALUE: put("null"); break;
        }
    }
};

// The very same bytes: the same address and size.
bool same_view(std::string_view a, std::string_view b) noexcept { return a.data() == b.data() && a.size() == b.size(); }

std::string_view json_type_name(element_type t) noexcept {
    switch (t) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
    }
    return "unknown";
}

// EventBridge delivers CloudTrail events inside an envelope; the event is
// `detail`. The root walk notes the two keys that tell (every root key passes
// `note`), so a plain record's root is iterated once, not scanned for them first.
class EventBridgeEnvelope {
public:
    void note(const simdjson::dom::key_value_pair& kv) noexcept {
        if (kv.key == "detail-type") m_has_type = kv.value.get_string().get(m_detail_type) == simdjson::SUCCESS;
        else if (kv.key == "detail") m_has_detail = kv.value.get_object().get(m_detail) == simdjson::SUCCESS;
    }
    // True when the root noted is an envelope: `event` is then its `detail`.
    [[nodiscard]] bool unwrap(simdjson::dom::object& event) const noexcept {
        if (!m_has_type || !m_has_detail) return false;
        if (m_detail_type == "AWS API Call via CloudTrail" || m_detail_type == "AWS Console Sign In via CloudTrail" ||
            m_detail.at_key("eventName").error() == simdjson::SUCCESS) {
            event = m_detail;
            return true;
        }
        return false;
    }

private:
    std::string_view m_detail_type;
    simdjson::dom::object m_detail;
    bool m_has_type = false;
    bool m_has_detail = false;
};

} // namespace

struct JsonDocument::Impl {
    simdjson::dom::parser parser;
    bool parsed = false;
    // `bytes` were read by scan_fields (no DOM): only the walks' tables hold them.
    bool scanned = false;
    std::string_view bytes; // what was parsed or scanned
    // The bytes whose stage 1 (structural indexes) the parser holds, set by a
    // scan of this record (only a shared document scans): empty after
    // forget() and after a parse, so a walker of its own, which is never told
    // of a new record, never takes indexes of other bytes at the same address.
    std::string_view staged;
    RejectCode code = RejectCode::Ok;
    std::string detail;     // why it failed
    element root;
    std::uint64_t parses = 0;
    std::uint64_t walks = 0;
    std::uint64_t scans = 0;
    // The extractions of this record: by a full plan, and by a head plan.
    struct Walk {
        FieldTable table;
        const ExtractionPlan* plan = nullptr; // when `walked`
        bool walked = false;
    };
    Walk full, head;
    TextArena* keep = nullptr; // where this record's walks keep their text (keep_text_in)

    [[nodiscard]] bool is_staged(std::string_view record) const noexcept {
        return same_view(staged, record);
    }

    void parse(std::string_view record) noexcept {
        parsed = true;
        scanned = false;
        full.walked = head.walked = false;
        bytes = record;
        ++parses;
        code = RejectCode::Ok;
        simdjson::error_code error;
        if (is_staged(record) && parser.doc.capacity() >= record.size()) {
            // A scan ran stage 1 on these bytes and was unsure: stage 2 goes on
            // from its structural indexes, as parser.parse would after its own.
            error = parser.implementation->stage2(parser.doc);
            if (error == simdjson::SUCCESS) root = parser.doc.root();
        } else {
            // realloc_if_needed = false: the record's padding lets simdjson read in place.
            error = parser.parse(reinterpret_cast<const std::uint8_t*>(record.data()), record.size(), false).get(root);
        }
        staged = {}; // only a scan's stage 1 is taken up (after forget(), for this record)
        if (error == simdjson::SUCCESS) return;
        // Report bad UTF-8 as such even when the structure error surfaced first.
        if (error == simdjson::UTF8_ERROR || !simdjson::validate_utf8(record.data(), record.size())) {
            detail = invalid_utf8_detail(record);
            code = RejectCode::InvalidUtf8;
        } else {
            detail = simdjson::error_message(error);
            code = RejectCode::MalformedJson;
        }
    }
};

JsonDocument::JsonDocument() : m_impl(std::make_unique<Impl>()) {}
JsonDocument::~JsonDocument() = default;
JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;
void JsonDocument::forget() noexcept {
    m_impl->parsed = m_impl->scanned = false;
    m_impl->staged = {};
    m_impl->full.walked = m_impl->head.walked = false;
    m_impl->keep = nullptr;
}
void JsonDocument::keep_text_in(TextArena* store) noexcept { m_impl->keep = store; }
std::uint64_t JsonDocument::parses() const noexcept { return m_impl->parses; }
std::uint64_t JsonDocument::walks() const noexcept { return m_impl->walks; }
std::uint64_t JsonDocument::scans() const noexcept { return m_impl->scans; }

ParseId JsonWalker::parse_id() const noexcept {
    const JsonDocument::Impl* doc = (m_shared ? m_shared : &m_own)->m_impl.get();
    return {doc, doc->parses};
}

struct JsonWalker::Impl {
    std::string scratch; // JsonSerializer's buffer: minified JSON of object/array leaves, kept across records
    const PathTrie* trie = nullptr;
    FieldTable* table = nullptr; // the table being filled

    // Inlined into the walk (measured: out of line, returning the Value through
    // memory, it cost ~50 instructions per value more, 2.4% of a one-rule run).
    [[gnu::always_inline]] Value make_value(element v) {
        Value out;
        switch (v.type()) {
        case element_type::STRING:
            out.kind = ValueKind::String;
            out.text = v.get_string().value_unsafe();
            table->note_string(out.text);
            break;
        case element_type::INT64:
        case element_type::UINT64:
        case element_type::DOUBLE: {
            out.kind = ValueKind::Number;
            out.number = v.get_double().value_unsafe(); // converts integers too
            char* p = table->arena().reserve(k_number_chars);
            out.text = table->arena().commit(p, format_element_number(v, p));
            break;
        }
        case element_type::BOOL: {
            out.kind = ValueKind::Bool;
            out.text = table->json_literal(v.get_bool().value_unsafe() ? FieldTable::Literal::True
                                                                         : FieldTable::Literal::False);
            break;
        }
        case element_type::NULL_VALUE:
            out.kind = ValueKind::Null;
            out.text = table->json_literal(FieldTable::Literal::Null);
            break;
        case element_type::OBJECT:
        case element_type::ARRAY:
            out.kind = v.type() == element_type::OBJECT ? ValueKind::Object : ValueKind::Array;
            out.text = container_text(v);
            break;
        }
        return out;
    }

    // Out of line: few values are objects, and make_value stays small enough to
    // be inlined into the walk.
    [[gnu::noinline]] std::string_view container_text(element v) {
        return table->arena().store(JsonSerializer(scratch).serialize(v));
    }

    // Out of line, the unit the compiler inlines visit and cross into (measured:
    // walk_object inlined into them costs more per key).
    [[gnu::noinline]] void walk_object(simdjson::dom::object obj, PathTrie::NodeId node) {
        for (simdjson::dom::key_value_pair kv : obj) {
            PathTrie::NodeId child = trie->find(node, kv.key);
            if (child != PathTrie::k_none) visit(kv.value, child);
        }
    }

    // walk_object of the record's root, noting whether it is an EventBridge envelope.
    [[gnu::noinline]] void walk_root(simdjson::dom::object obj, EventBridgeEnvelope& envelope) {
        for (simdjson::dom::key_value_pair kv : obj) {
            PathTrie::NodeId child = trie->find(PathTrie::k_root, kv.key);
            if (child != PathTrie::k_none) visit(kv.value, child);
            envelope.note(kv);
        }
    }

    // A path that ends on an array has one value per element, so `eventCategory: x`
    // style matches see each element (any-element semantics). Nested arrays are
    // flattened the same way, and an empty array adds nothing: `[]` is no value,
    // like an absent field (SIGMA.md: never the text "[]"). A null element is a
    // Null value, present but not a value to match.
    void add_elements(element v, std::span<const FieldId> targets) {
        // Copy the array out: value_unsafe() returns a reference into the temporary result.
        simdjson::dom::array arr = v.get_array().value_unsafe();
        for (element e : arr) {
            if (e.type() == element_type::ARRAY) {
                add_elements(e, targets);
                continue;
            }
            Value value = make_value(e);
            for (FieldId t : targets) table->add(t, value);
        }
    }

    // `v` is the value at trie node `node`: fill the node's slots, then go deeper.
    [[gnu::always_inline]] void visit(element v, PathTrie::NodeId node) {
        auto targets = trie->targets(node);
        if (!targets.empty()) {
            if (v.type() == element_type::ARRAY) {
                add_elements(v, targets);
            } else {
                Value value = make_value(v);
                for (FieldId t : targets) table->add(t, value);
            }
        }
        if (trie->has_children(node)) cross(v, node);
    }

    // Continues the paths below `node` into `v`; a path that crosses an array
    // continues into every element ("any element" semantics).
    void cross(element v, PathTrie::NodeId node) {
        if (v.type() == element_type::OBJECT) {
            walk_object(v.get_object().value_unsafe(), node);
        } else if (v.type() == element_type::ARRAY) {
            // Copy the array out: value_unsafe() returns a reference into the temporary result.
            simdjson::dom::array arr = v.get_array().value_unsafe();
            for (element e : arr) cross(e, node);
        }
    }
};

JsonWalker::JsonWalker() : m_impl(std::make_unique<Impl>()) {}
JsonWalker::~JsonWalker() = default;
JsonWalker::JsonWalker(JsonWalker&&) noexcept = default;
JsonWalker& JsonWalker::operator=(JsonWalker&&) noexcept = default;

RejectCode JsonWalker::extract(std::string_view bytes, const ExtractionPlan& plan, const FieldTable*& table,
                               std::string& detail) noexcept {
    Impl& w = *m_impl;
    JsonDocument::Impl& doc = *(m_shared ? m_shared : &m_own)->m_impl;
    // The same bytes (same address and size) as the document's last parse are
    // not parsed again: the sharer forgets the document before each new record.
    const bool same_bytes = same_view(doc.bytes, bytes);
    const bool same = doc.parsed && same_bytes;
    // A shared document's record is scanned without the DOM when it can be
    // (field_scan.h); a record the scan is unsure of, and a record already
    // parsed, are read through the DOM. A walker of its own always builds the
    // DOM: the reference the tests and fuzz targets hold the scan to.
    if (m_shared && !same && scan(doc, bytes, same_bytes, plan, table)) return RejectCode::Ok;
    if (!m_shared || !same) doc.parse(bytes);
    if (doc.code != RejectCode::Ok) {
        detail = doc.detail;
        return doc.code;
    }
    const element root = doc.root;
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) {
        detail = "record is ";
        detail += json_type_name(root.type());
        detail += ", expected a JSON object";
        return RejectCode::NotAnObject;
    }
    // One walk per record and plan (full or head): a sharer with the document's
    // plan reads the document's table; one with another plan walks into its own.
    JsonDocument::Impl::Walk& walk = plan.head ? doc.head : doc.full;
    FieldTable* into = &walk.table;
    if (m_shared && walk.walked) {
        if (walk.plan->same_as(plan)) {
            table = &walk.table;
            return RejectCode::Ok;
        }
        into = &m_table;
    } else {
        walk.walked = true;
        walk.plan = &plan;
    }
    ++doc.walks;
    into->reset(plan.field_count, doc.keep);
    w.trie = &plan.trie;
    w.table = into;
    // An envelope's root was walked for nothing (it is rare): its event is walked instead.
    EventBridgeEnvelope envelope;
    w.walk_root(obj, envelope);
    if (simdjson::dom::object event; envelope.unwrap(event)) {
        into->reset(plan.field_count, doc.keep);
        w.walk_object(event, PathTrie::k_root);
    }
    into->keep(); // into the record's store, when the document has one
    table = into;
    return RejectCode::Ok;
}

bool JsonWalker::scan(JsonDocument::Impl& doc, std::string_view bytes, bool same_bytes, const ExtractionPlan& plan,
                      const FieldTable*& table) noexcept {
    // As in extract: a sharer with the plan this record's scan filled the
    // document's table with reads it; one with another plan scans into its own.
    JsonDocument::Impl::Walk& walk = plan.head ? doc.head : doc.full;
    const bool walked = doc.scanned && same_bytes && walk.walked;
    if (walked && walk.plan->same_as(plan)) {
        table = &walk.table;
        return true;
    }
    FieldTable* into = walked ? &m_table : &walk.table;
    into->reset(plan.field_count, doc.keep);
    const FieldScan result = scan_fields(doc.parser, bytes, doc.is_staged(bytes), plan.trie, *into);
    if (result != FieldScan::Unsure) doc.staged = bytes;
    if (result != FieldScan::Filled) return false;
    if (!walked) {
        if (!(doc.scanned && same_bytes)) { // a new record: the other table is of other bytes
            doc.parsed = false;
            doc.scanned = true;
            doc.bytes = bytes;
            doc.head.walked = doc.full.walked = false;
        }
        walk.walked = true;
        walk.plan = &plan;
        ++doc.parses; // a new parse id: views of this scan are not those of the last read
    }
    ++doc.walks;
    ++doc.scans;
    into->keep();
    table = into;
    return true;
}

} // namespace trailproof::parse
