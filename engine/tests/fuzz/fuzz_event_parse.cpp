// JSON-to-event parsing (and CEF lines): one record through the built-in
// CloudTrail parser and a CEF parser. The first byte says whether the record was
// framed as JSON or as a text line. A record becomes an Event or a reject with a
// reason; the Event's text views stay inside memory the parser owns.

#include <string>
#include <vector>

#include "core/field_registry.h"
#include "core/raw_record.h"
#include "fuzz_check.h"
#include "parse/default_parser.h"
#include "parse/parser_reader.h"
#include "parse/parser_set.h"
#include "parse/record_parser.h"

using namespace trailproof;

namespace {

constexpr std::string_view k_cef = R"(parsers:
  - name: cef-any
    format: cef
    conditions: ["CEF:"]
    time: {field: rt, format: auto}
    fields: {user: suser, src_ip: src, operation: act, vendor: cef.vendor, title: cef.name}
)";

struct Parsers {
    FieldRegistry registry;
    parse::ParserSet set;
    Parsers() {
        std::vector<parse::ParserInfo> infos{parse::default_cloudtrail_parser()};
        LoadResult result = parse::read_parsers(k_cef, "cef.yml", infos);
        result.merge(parse::ParserSet::compile(std::move(infos), registry, set));
        TP_FUZZ_REQUIRE(result.successful());
        set.finalize(registry);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Parsers parsers;
    static parse::RecordParser parser(parsers.set);
    if (size == 0) return 0;
    // The framer guarantees k_padding readable bytes after every record.
    std::string buffer(tp_fuzz::as_text(data + 1, size - 1));
    const std::size_t length = buffer.size();
    buffer.append(k_padding, '\0');
    RawRecord record;
    record.bytes = std::string_view(buffer.data(), length);
    record.format = data[0] & 1 ? RecordFormat::Text : RecordFormat::Json;
    Event event;
    std::string detail;
    RejectCode code = parser.parse(record, event, detail);
    if (code != RejectCode::Ok) TP_FUZZ_REQUIRE(!detail.empty());
    return 0;
}
