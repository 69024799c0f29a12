// One extraction per record: the parser groups of a load (one FieldRegistry,
// several ParserSets) share one simdjson parse and one walk of each JSON record,
// and each group's event is exactly the one it gets parsing alone.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "parse/default_parser.h"
#include "parse/json_walker.h"
#include "parse_test_util.h"

using namespace trailproof;
using namespace trailproof::parse;

namespace {

// Two groups over one registry, the way load builds them: group 0 the built-in
// parser alone, group 1 a pack's parsers followed by it. The pack's parser maps
// names that are other parsers' raw paths and sources (`eventSource` from `x.y`,
// `src_ip` from `a`), so the projections differ from group to group.
struct Groups {
    Groups() {
        BOOST_TEST_REQUIRE(ParserSet::compile({default_cloudtrail_parser()}, registry, sets[0]).successful());
        std::vector<ParserInfo> infos;
        BOOST_TEST_REQUIRE(read_parsers(R"(parsers:
  - name: pack
    format: json
    conditions: ['"eventName"']
    required: [eventName]
    fields: {op: eventName, eventSource: x.y, copy: userIdentity.arn, src_ip: a, tags: resources.ARN}
)",
                                        "p.yml", infos)
                               .successful());
        infos.push_back(default_cloudtrail_parser());
        BOOST_TEST_REQUIRE(ParserSet::compile(std::move(infos), registry, sets[1]).successful());
        // Raw paths rules would read, registered after the parsers.
        for (const char* name : {"x", "x.y", "a", "resources", "requestParameters", "requestParameters.k",
                                 "userIdentity", "activity_type", "n"})
            (void)registry.intern(name);
        for (ParserSet& s : sets) s.finalize(registry);
    }

    FieldRegistry registry;
    ParserSet sets[2];
};

// Every value of every field of `e` as "field=kind:text", in slot order.
std::vector<std::string> dump(const FieldRegistry& registry, const Event& e) {
    std::vector<std::string> out;
    for (FieldId id = 0; id < registry.size(); ++id)
        for (const Value* v = e.first(id); v; v = e.next(*v))
            out.push_back(std::string(registry.name(id)) + "=" + std::to_string(static_cast<int>(v->kind)) + ":" +
                          std::string(v->text));
    return out;
}

std::string record_text(std::string_view extra) {
    std::string out = R"({"eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",)"
                      R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a","accountId":"1"})";
    if (!extra.empty()) out += "," + std::string(extra);
    return out + "}";
}

constexpr const char* k_keys[] = {"x", "y", "x.y", "a", "user", "copy", "n", "k", "ARN", "eventSource", "tags",
                           "activity_type", "resources", "requestParameters"};
constexpr const char* k_scalars[] = {"\"s\"", "\"\\u00e9t\\u00e9\"", "1.50", "12", "-0.5e3", "true", "null",
                              "\"eventName\"", "\"\""};

// A random record over a small vocabulary: the names the groups map and read,
// nested, dotted, repeated, in arrays, null, numbers that format differently.
std::string random_record(std::mt19937_64& rng) {
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::string out;
    auto value = [&](auto&& self, int depth) -> void {
        const std::size_t shape = depth > 2 ? 0 : pick(4);
        if (shape <= 1) {
            out += k_scalars[pick(std::size(k_scalars))];
        } else if (shape == 2) {
            out += '[';
            for (std::size_t i = 0, n = pick(3); i < n; ++i) {
                if (i) out += ',';
                self(self, depth + 1);
            }
            out += ']';
        } else {
            out += '{';
            for (std::size_t i = 0, n = pick(4); i < n; ++i) {
                if (i) out += ',';
                out += '"';
                out += k_keys[pick(std::size(k_keys))];
                out += "\":";
                self(self, depth + 1);
            }
            out += '}';
        }
    };
    std::string extra;
    for (std::size_t i = 0, n = 1 + pick(6); i < n; ++i) {
        out.clear();
        value(value, 0);
        if (i) extra += ',';
        extra += '"';
        extra += k_keys[pick(std::size(k_keys))];
        extra += "\":" + out;
    }
    return record_text(extra);
}

// The parsers of both groups sharing one document, and each group's parser
// alone; kept across records, so reused tables and buffers are part of the test.
struct Readers {
    explicit Readers(const Groups& groups)
        : g(groups), shared{RecordParser(g.sets[0]), RecordParser(g.sets[1])},
          alone{RecordParser(g.sets[0]), RecordParser(g.sets[1])} {
        for (RecordParser& p : shared) p.share_json(document);
    }

    // The record parsed by both groups through the document, then by each alone:
    // the events must agree slot for slot, and the document parses and walks the
    // record once. True when the document's read was a scan (field_scan.h).
    bool check(const std::string& text) {
        tp_test::Padded record(text);
        const std::uint64_t parses = document.parses(), walks = document.walks(), scans = document.scans();
        RejectCode shared_codes[2], alone_codes[2];
        document.forget();
        for (int i = 0; i < 2; ++i) shared_codes[i] = shared[i].parse(record.record, shared_events[i], detail);
        for (int i = 0; i < 2; ++i) alone_codes[i] = alone[i].parse(record.record, alone_events[i], detail);
        BOOST_TEST(document.parses() == parses + 1);
        // Walked when it is a JSON object (the built-in parser, last in both groups, claims every JSON record).
        const bool object = shared_codes[0] != RejectCode::NotAnObject &&
                            shared_codes[0] != RejectCode::MalformedJson && shared_codes[0] != RejectCode::InvalidUtf8;
        BOOST_TEST(document.walks() == walks + (object ? 1u : 0u));
        for (int i = 0; i < 2; ++i) {
            BOOST_TEST(shared_codes[i] == alone_codes[i]);
            if (shared_codes[i] == RejectCode::Ok)
                BOOST_TEST(dump(g.registry, shared_events[i]) == dump(g.registry, alone_events[i]),
                           boost::test_tools::per_element());
        }
        return document.scans() != scans;
    }

    const Groups& g;
    JsonDocument document;
    RecordParser shared[2];
    RecordParser alone[2];
    Event shared_events[2], alone_events[2];
    std::string detail;
};

// detect's quiet events (pipeline/README.md) read a record's head first: the
// head plan's fields only, with the same verdict as a whole read. Two groups'
// head readers share one document, as in detect; each record is read whole
// by readers of their own.
struct HeadReaders {
    HeadReaders() {
        const FieldId event_name[] = {g.registry.find("eventName")};
        std::vector<FieldId> head;
        for (const ParserSet& s : g.sets) {
            const auto fields = s.head_fields(event_name);
            head.insert(head.end(), fields.begin(), fields.end());
        }
        for (ParserSet& s : g.sets) s.finalize_head(g.registry, head);
        for (RecordParser& p : heads) p.share_json(document);
    }

    // Only the head plan's fields, as "field=kind:text".
    std::vector<std::string> head_dump(const Event& e) const {
        const std::vector<FieldId>& fields = g.sets[0].head_plan().fields;
        std::vector<std::string> out;
        for (const std::string& line : dump(g.registry, e)) {
            const FieldId id = g.registry.find(line.substr(0, line.find('=')));
            if (std::count(fields.begin(), fields.end(), id)) out.push_back(line);
        }
        return out;
    }

    // Reads `text` both ways; true when the head was scanned without the DOM.
    bool check(const std::string& text) {
        tp_test::Padded record(text);
        const std::uint64_t scans = document.scans();
        document.forget();
        for (int i = 0; i < 2; ++i) {
            const RejectCode head_code =
                heads[i].parse(record.record, head_events[i], head_detail, RecordParser::Extent::Head);
            const RejectCode whole_code = wholes[i].parse(record.record, whole_events[i], whole_detail);
            BOOST_TEST(head_code == whole_code);
            BOOST_TEST(head_detail == whole_detail);
            if (head_code != RejectCode::Ok || whole_code != RejectCode::Ok) continue;
            BOOST_TEST(head_events[i].time_ms == whole_events[i].time_ms);
            BOOST_TEST(head_events[i].parser == whole_events[i].parser);
            BOOST_TEST(head_dump(head_events[i]) == head_dump(whole_events[i]), boost::test_tools::per_element());
            const std::vector<std::string> whole_lines = dump(g.registry, whole_events[i]);
            // Beyond the head fields the head has at most the names its parsers map
            // from them (the pack's `copy`), as the whole record has them.
            const std::vector<std::string> head_lines = dump(g.registry, head_events[i]);
            for (const std::string& line : head_lines)
                BOOST_TEST(std::count(whole_lines.begin(), whole_lines.end(), line) ==
                               std::count(head_lines.begin(), head_lines.end(), line),
                           line);
            BOOST_TEST(head_events[i].activity_type.empty());
        }
        // One scan serves both groups (one registry, one head plan).
        BOOST_TEST(document.scans() - scans <= 1u);
        return document.scans() != scans;
    }

    Groups g;
    JsonDocument document;
    RecordParser heads[2] = {RecordParser(g.sets[0]), RecordParser(g.sets[1])};
    RecordParser wholes[2] = {RecordParser(g.sets[0]), RecordParser(g.sets[1])};
    Event head_events[2], whole_events[2];
    std::string head_detail, whole_detail;
};

// `text` with 1 to 3 random edits: a byte deleted, inserted or replaced, the
// new bytes from JSON's own and a few that are never JSON.
std::string mutated(std::string text, std::mt19937_64& rng) {
    static constexpr char k_bytes[] = {'{', '}', '[', ']', ':', ',', '"', '0', '1', '-', '.', 'e', 't', 'n',
                                       ' ', '\t', 'x', '\\', '\x01', '\x7f', '\xc3', '\xff'};
    for (std::uint64_t i = 0, n = 1 + rng() % 3; i < n && !text.empty(); ++i) {
        const std::size_t at = rng() % text.size();
        const char byte = k_bytes[rng() % std::size(k_bytes)];
        switch (rng() % 3) {
        case 0: text.erase(at, 1); break;
        case 1: text.insert(at, 1, byte); break;
        default: text[at] = byte; break;
        }
    }
    return text;
}

} // namespace

BOOST_AUTO_TEST_SUITE(extraction)

BOOST_AUTO_TEST_CASE(groups_of_one_registry_share_one_parse_and_one_walk) {
    Groups g;
    tp_test::Padded record(record_text(R"("x":{"y":"xy"},"a":[1.50,{"k":"v"}],"user":"raw-user",)"
                                       R"("activity_type":"raw",)"
                                       R"("resources":[{"ARN":"r1"},{"ARN":"r2"}],"requestParameters":{"k":"v"})"));
    JsonDocument document;
    RecordParser p0(g.sets[0]), p1(g.sets[1]);
    p0.share_json(document);
    p1.share_json(document);
    Event e0, e1;
    std::string d0, d1;
    document.forget();
    BOOST_TEST(p0.parse(record.record, e0, d0) == RejectCode::Ok);
    BOOST_TEST(p1.parse(record.record, e1, d1) == RejectCode::Ok);
    BOOST_TEST(document.parses() == 1u);
    BOOST_TEST(document.walks() == 1u);
    BOOST_TEST(e0.parser == 0);
    BOOST_TEST(e1.parser == 0); // the pack's parser

    auto values = [&](const Event& e, const char* name) {
        std::vector<std::string> out;
        for (const Value* v = e.first(g.registry.find(name)); v; v = e.next(*v)) out.emplace_back(v->text);
        return out;
    };
    using Strings = std::vector<std::string>;
    // The built-in parser: `user` is its own normalized name (from userIdentity.arn),
    // the record's top-level "user" is no value of it; x.y and a are raw paths.
    BOOST_TEST(values(e0, "user") == Strings{"arn:aws:iam::1:user/a"}, boost::test_tools::per_element());
    BOOST_TEST(values(e0, "x.y") == Strings{"xy"}, boost::test_tools::per_element());
    BOOST_TEST(values(e0, "eventSource") == Strings{"s3.amazonaws.com"}, boost::test_tools::per_element());
    BOOST_TEST(values(e0, "a") == (Strings{"1.5", R"({"k":"v"})"}), boost::test_tools::per_element());
    // The pack's parser: each normalized name from its source only.
    BOOST_TEST(values(e1, "op") == Strings{"GetObject"}, boost::test_tools::per_element());
    BOOST_TEST(values(e1, "eventSource") == Strings{"xy"}, boost::test_tools::per_element());
    BOOST_TEST(values(e1, "copy") == Strings{"arn:aws:iam::1:user/a"}, boost::test_tools::per_element());
    BOOST_TEST(values(e1, "src_ip") == (Strings{"1.5", R"({"k":"v"})"}), boost::test_tools::per_element());
    BOOST_TEST(values(e1, "tags") == (Strings{"r1", "r2"}), boost::test_tools::per_element());
    BOOST_TEST(values(e1, "a") == (Strings{"1.5", R"({"k":"v"})"}), boost::test_tools::per_element());
    BOOST_TEST(values(e1, "requestParameters") == Strings{R"({"k":"v"})"}, boost::test_tools::per_element());
    // activity_type is the parser's to set (this one has no activity types), never the record's.
    BOOST_TEST(values(e1, "activity_type") == Strings{}, boost::test_tools::per_element());
    BOOST_TEST(values(e0, "activity_type") == Strings{"app-activity"}, boost::test_tools::per_element());

    // The next record is parsed and walked once more; a parser set finalized for
    // another registry size reads the same parse but walks it with its own plan.
    ParserSet other;
    FieldRegistry other_registry;
    BOOST_TEST_REQUIRE(ParserSet::compile({default_cloudtrail_parser()}, other_registry, other).successful());
    RecordParser p2(other);
    p2.share_json(document);
    Event e2;
    document.forget();
    BOOST_TEST(p0.parse(record.record, e0, d0) == RejectCode::Ok);
    BOOST_TEST(p2.parse(record.record, e2, d0) == RejectCode::Ok);
    BOOST_TEST(p1.parse(record.record, e1, d1) == RejectCode::Ok);
    BOOST_TEST(document.parses() == 2u);
    BOOST_TEST(document.walks() == 3u);
    BOOST_TEST(e2.text(other_registry.find("user")) == "arn:aws:iam::1:user/a");
    // p2's walk went to its own table: the others' values are intact.
    BOOST_TEST(values(e0, "a") == (Strings{"1.5", R"({"k":"v"})"}), boost::test_tools::per_element());
    BOOST_TEST(values(e1, "src_ip") == (Strings{"1.5", R"({"k":"v"})"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_shared_extraction_gives_each_group_the_event_it_gets_alone) {
    Groups g;
    Readers r(g);
    r.check(record_text(""));
    r.check(R"({"detail-type":"AWS API Call via CloudTrail","detail":)" + record_text(R"("x.y":1)") + "}");
    r.check(R"({"eventTime":"2024-01-02T03:04:05Z"})"); // every parser rejects it
    r.check("[1]");
    r.check("{\"eventTime\": ");

    constexpr std::uint64_t k_seed = 1313;
    BOOST_TEST_MESSAGE("shared extraction seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    for (int round = 0; round < 300; ++round) {
        const std::string text = random_record(rng);
        BOOST_TEST_CONTEXT("seed " << k_seed << ", round " << round << ": " << text) {
            r.check(text);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_head_read_rejects_as_a_whole_read_and_fills_the_head_fields_alike) {
    HeadReaders r;
    const std::vector<FieldId>& fields = r.g.sets[0].head_plan().fields;
    // What the head must hold: eventName, the built-in parser's required
    // eventTime and eventSource, `x.y` (the pack maps its eventSource from it),
    // the principal's inputs and `user`; not what only other names read.
    for (const char* name :
         {"eventName", "eventTime", "eventSource", "x.y", "userIdentity.type", "userIdentity.arn", "user"})
        BOOST_TEST(std::count(fields.begin(), fields.end(), r.g.registry.find(name)) == 1, name);
    for (const char* name : {"op", "a", "tags", "src_ip", "resources.ARN", "requestParameters", "n"})
        BOOST_TEST(std::count(fields.begin(), fields.end(), r.g.registry.find(name)) == 0, name);

    r.check(record_text(R"("x.y":1,"a":"b","requestParameters":{"k":[1,2]})"));
    r.check(R"({"detail-type":"AWS API Call via CloudTrail","detail":)" + record_text(R"("x.y":1)") + "}");
    r.check(R"({"eventTime":"2024-01-02T03:04:05Z"})");                          // no eventName
    r.check(R"({"eventName":"A","eventTime":"2024-02-30T03:04:05Z"})");          // bad time
    r.check(R"({"eventName":"A","eventTime":17})");                              // wrong type
    r.check(R"({"eventName":null,"eventTime":"2024-01-02T03:04:05Z"})");         // null
    r.check("[1]");
    r.check("{\"eventTime\": ");

    constexpr std::uint64_t k_seed = 1717;
    BOOST_TEST_MESSAGE("head extraction seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    for (int round = 0; round < 300; ++round) {
        const std::string text = random_record(rng);
        BOOST_TEST_CONTEXT("seed " << k_seed << ", round " << round << ": " << text) {
            r.check(text);
        }
    }
}

// scan_fields (field_scan.h) vouches only for records simdjson's DOM accepts, and
// then fills the head as the DOM walk does; what it is unsure of goes to the DOM.
BOOST_AUTO_TEST_CASE(a_head_scan_vouches_only_for_records_the_dom_accepts) {
    HeadReaders r;
    // Scanned: plain records, whatever lies off the head's paths.
    for (const std::string& text :
         {record_text(""), record_text(R"("a":[1,-0.5,{"k":[true,false,null]}],"n":{},"x":{"z":[]})"),
          record_text(R"("x.y":"s","x":{"y":true},"user":null)"), record_text(R"("eventName" : "Twice")"),
          std::string(R"( {"eventName":"A","eventTime":"2024-01-02T03:04:05Z","userIdentity":{}} )"),
          record_text(R"("x.y":-12)"),                      // an integer on the head's path
          record_text(R"("x":{"y":{"k":[1,"s"]}})"),        // an object on it
          record_text(R"("x":[{"y":"s"},[{"y":"t"}],"z"])")}) // arrays across it
        BOOST_TEST(r.check(text), text);
    // Unsure, each for its reason: read through the DOM, with the same result.
    for (const std::string& text : {
             record_text(R"("a":"\u00e9")"),                                  // a backslash anywhere
             record_text(R"("a":1e3)"),                                       // an exponent
             record_text(R"("a":1234567890123456789)"),                       // 19 digits
             record_text("\"a\":" + std::string(64, '[') + std::string(64, ']')), // deeper than 64
             R"({"detail-type":"AWS API Call via CloudTrail","detail":)" + record_text("") + "}",
             record_text(R"("x.y":1.0)"), record_text(R"("x.y":-0)"),         // the DOM's to format
             record_text(R"("x":{"y":{"k":[1,2.5]}})"), record_text(R"("x":{"y":[-0]})"),
             std::string("[1]"), std::string(R"("s")"), std::string(""),      // no object
             record_text(R"("a":01)"), record_text(R"("a":1.)"), record_text(R"("a":-)"),
             record_text(R"("a":tru)"), record_text(R"("a":truex)"), record_text(R"("a":"b" "c")"),
             record_text(R"("a":[1,])"), record_text(R"("a":{"k"})"), record_text(R"("a":{,})"),
             record_text(R"("a"::1)"), record_text(R"("a":1,)"), record_text("") + "}",
             record_text("") + " x", std::string(R"({"a":"b)"), record_text("\"a\":\"\x01\""),
             record_text("\"a\":\"\xc3\""), std::string("{\"a\":1}\x0b")})
        BOOST_TEST(!r.check(text), text);

    // Random records, and the same with random edits (mostly broken JSON): the
    // head agrees with the whole read every time, and a share is scanned.
    constexpr std::uint64_t k_seed = 2929;
    BOOST_TEST_MESSAGE("head scan seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    int scanned = 0, edited_scanned = 0;
    for (int round = 0; round < 600; ++round) {
        const std::string text = random_record(rng);
        const std::string edited = mutated(text, rng);
        BOOST_TEST_CONTEXT("seed " << k_seed << ", round " << round << ": " << text << " / " << edited) {
            scanned += r.check(text) ? 1 : 0;
            edited_scanned += r.check(edited) ? 1 : 0;
        }
    }
    BOOST_TEST_MESSAGE("scanned " << scanned << " records and " << edited_scanned << " edited ones of 600");
    BOOST_TEST(scanned > 100);
    BOOST_TEST(edited_scanned > 20);
}

// `text` with whitespace after some of its structural characters (never in a
// string: the records spaced hold no backslash, so each quote opens or closes one).
std::string spaced(const std::string& text, std::mt19937_64& rng) {
    static constexpr const char* k_spaces[] = {" ", "\n", "\t ", "\r\n  "};
    std::string out;
    bool in_string = false;
    for (const char c : text) {
        out += c;
        if (c == '"') in_string = !in_string;
        if (!in_string && (c == '{' || c == '[' || c == ',' || c == ':' || c == '"') && rng() % 2 == 0)
            out += k_spaces[rng() % std::size(k_spaces)];
    }
    return out;
}

// A full plan's read through the shared document is scanned too (field_scan.h):
// every path as the DOM walk fills it (the alone readers' DOM reads are the
// reference), objects' and arrays' text minified, any-element paths.
BOOST_AUTO_TEST_CASE(a_full_scan_fills_every_path_as_the_dom_walk_does) {
    Groups g;
    Readers r(g);
    for (const std::string& text : {
             // an object at a target and a path below it, integers in it
             record_text(R"("requestParameters":{"k":[1,-2,{"a":"s"}],"z":null,"k":"v"},"n":7)"),
             // any-element paths; nested arrays flattened, an empty one adds nothing
             record_text(R"("resources":[{"ARN":"a1"},{"ARN":["a2",["a3"]]},[],"s",{}],"a":[[],["x",true,{"k":0}]])"),
             // whitespace between tokens (not in strings) is not in an object's text
             record_text("\"requestParameters\" : { \"k\" : [ 1 , \"a b\" ] ,\n\t\"z\":{ }, \"e\":[ ] }\n"),
             record_text(R"("x":{"y":"s"},"x.y":"t","a":-12,"n":[0,false])"),
             record_text(R"("requestParameters":[],"resources":{"ARN":{"k":1}})")})
        BOOST_TEST(r.check(text), text);
    // Numbers the DOM formats (a fraction, -0) at a target or in a targeted object.
    for (const std::string& text :
         {record_text(R"("n":1.5)"), record_text(R"("n":-0)"), record_text(R"("requestParameters":{"k":[2.50]})"),
          record_text(R"("resources":[{"ARN":-0}])"), record_text(R"("requestParameters":{"k":{"z":-0}})")})
        BOOST_TEST(!r.check(text), text);

    // Random records, spaced, and with random edits (mostly broken JSON): the
    // scan agrees with the DOM every time, and reads many of them.
    constexpr std::uint64_t k_seed = 3131;
    BOOST_TEST_MESSAGE("full scan seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    int scanned = 0, spaced_scanned = 0, edited_scanned = 0;
    for (int round = 0; round < 600; ++round) {
        const std::string text = random_record(rng);
        const std::string with_spaces = spaced(text, rng);
        const std::string edited = mutated(with_spaces, rng);
        BOOST_TEST_CONTEXT("seed " << k_seed << ", round " << round << ": " << with_spaces << " / " << edited) {
            scanned += r.check(text) ? 1 : 0;
            spaced_scanned += r.check(with_spaces) ? 1 : 0;
            edited_scanned += r.check(edited) ? 1 : 0;
        }
    }
    BOOST_TEST_MESSAGE("scanned " << scanned << " records, " << spaced_scanned << " spaced and " << edited_scanned
                                  << " edited ones of 600");
    BOOST_TEST(scanned > 100);
    BOOST_TEST(spaced_scanned == scanned);
    BOOST_TEST(edited_scanned > 20);
}

BOOST_AUTO_TEST_SUITE_END()
