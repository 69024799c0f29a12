// The field scan (engine/parse/README.md "Field scan"): one JSON record read
// through a shared document, as a head and whole, where scan_fields may read it
// without simdjson's DOM; and read whole by a parser of its own, through the
// DOM. They must agree: the same reject code and detail, and for an accepted
// record the same values of every head field (the head) and of every field
// (the whole). A scan that accepted what the DOM rejects breaks the first.

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

struct ScanParsers {
    FieldRegistry registry;
    parse::ParserSet set;
    ScanParsers() {
        TP_FUZZ_REQUIRE(parse::ParserSet::compile({parse::default_cloudtrail_parser()}, registry, set).successful());
        // Raw paths a rule might read, one of them in the head, two of them objects.
        for (const char* name :
             {"requestParameters.bucketName", "userAgent", "resources.ARN", "requestParameters", "resources"})
            (void)registry.intern(name);
        set.finalize(registry);
        const FieldId also[] = {registry.find("eventName"), registry.find("requestParameters.bucketName")};
        set.finalize_head(registry, set.head_fields(also));
    }
};

// Every value of each of `fields`, as "field=kind:text" lines.
std::string values(const ScanParsers& p, const Event& event, const std::vector<FieldId>& fields) {
    std::string out;
    for (FieldId id : fields)
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
    static ScanParsers parsers;
    static parse::JsonDocument document;
    static parse::RecordParser head(parsers.set), full(parsers.set), whole(parsers.set);
    static bool shared = (head.share_json(document), full.share_json(document), true);
    static const std::vector<FieldId> every = [] {
        std::vector<FieldId> ids;
        for (FieldId id = 0; id < parsers.registry.size(); ++id) ids.push_back(id);
        return ids;
    }();
    (void)shared;
    // The framer guarantees k_padding readable bytes after every record.
    std::string buffer(tp_fuzz::as_text(data, size));
    const std::size_t length = buffer.size();
    buffer.append(k_padding, '\0');
    RawRecord record;
    record.bytes = std::string_view(buffer.data(), length);
    record.format = RecordFormat::Json;
    Event head_event, full_event, whole_event;
    std::string head_detail, full_detail, whole_detail;
    document.forget();
    const RejectCode head_code = head.parse(record, head_event, head_detail, parse::RecordParser::Extent::Head);
    const RejectCode full_code = full.parse(record, full_event, full_detail);
    const RejectCode whole_code = whole.parse(record, whole_event, whole_detail);
    TP_FUZZ_REQUIRE(head_code == whole_code && full_code == whole_code);
    TP_FUZZ_REQUIRE(head_detail == whole_detail && full_detail == whole_detail);
    if (whole_code != RejectCode::Ok) return 0;
    const std::vector<FieldId>& head_fields = parsers.set.head_plan().fields;
    TP_FUZZ_REQUIRE(values(parsers, head_event, head_fields) == values(parsers, whole_event, head_fields));
    TP_FUZZ_REQUIRE(values(parsers, full_event, every) == values(parsers, whole_event, every));
    return 0;
}
