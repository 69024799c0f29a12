// Head reads (engine/parse/README.md "Head reads", "Head scan"): one JSON record
// read as a head through a shared document, where scan_head may read it without
// simdjson's DOM, and read whole through the DOM. The two must agree: the same
// reject code and detail, and for an accepted record the same values of every
// head field. A scan that accepted what the DOM rejects breaks the first.

#include <string>
#include <vector>

#include "core/field_registry.h"
#include "core/raw_record.h"
#include "fuzz_check.h"
#include "parse/default_parser.h"
#include "parse/json_walker.h"
#include "parse/parser_set.h"
#include "parse/record_parser.h"

using namespace trailproof;

namespace {

struct HeadParsers {
    FieldRegistry registry;
    parse::ParserSet set;
    HeadParsers() {
        TP_FUZZ_REQUIRE(parse::ParserSet::compile({parse::default_cloudtrail_parser()}, registry, set).successful());
        // Raw paths a rule might read, one of them in the head.
        for (const char* name : {"requestParameters.bucketName", "userAgent", "resources.ARN"})
            (void)registry.intern(name);
        set.finalize(registry);
        const FieldId also[] = {registry.find("eventName"), registry.find("requestParameters.bucketName")};
        set.finalize_head(registry, set.head_fields(also));
    }
};

// Every value of every head field, as "field=kind:text" lines.
std::string head_values(const HeadParsers& p, const Event& event) {
    std::string out;
    for (FieldId id : p.set.head_plan().fields)
        for (const Value* v = event.first(id); v; v = event.next(*v)) {
            out += p.registry.name(id);
            out += '=';
            out += std::to_string(static_cast<int>(v->kind));
            out += ':';
            out += v->text;
            out += '\n';
        }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static HeadParsers parsers;
    static parse::JsonDocument document;
    static parse::RecordParser head(parsers.set), whole(parsers.set);
    static bool shared = (head.share_json(document), true);
    (void)shared;
    // The framer guarantees k_padding readable bytes after every record.
    std::string buffer(tp_fuzz::as_text(data, size));
    const std::size_t length = buffer.size();
    buffer.append(k_padding, '\0');
    RawRecord record;
    record.bytes = std::string_view(buffer.data(), length);
    record.format = RecordFormat::Json;
    Event head_event, whole_event;
    std::string head_detail, whole_detail;
    document.forget();
    const RejectCode head_code = head.parse(record, head_event, head_detail, parse::RecordParser::Extent::Head);
    const RejectCode whole_code = whole.parse(record, whole_event, whole_detail);
    TP_FUZZ_REQUIRE(head_code == whole_code);
    TP_FUZZ_REQUIRE(head_detail == whole_detail);
    if (head_code == RejectCode::Ok) TP_FUZZ_REQUIRE(head_values(parsers, head_event) == head_values(parsers, whole_event));
    return 0;
}
