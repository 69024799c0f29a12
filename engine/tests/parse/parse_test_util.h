#pragma once
// Helpers shared by the parse tests: padded records and parser sets built from YAML.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <deque>
#include <ostream>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "core/raw_record.h"
#include "parse/parser_reader.h"
#include "parse/parser_set.h"
#include "parse/record_parser.h"

namespace trailproof {
// Boost.Test prints reject codes by their stable ids.
inline std::ostream& operator<<(std::ostream& os, RejectCode code) { return os << reject_code_id(code); }
} // namespace trailproof

namespace tp_test {

// A record with the k_padding bytes simdjson may read past the end.
struct Padded {
    explicit Padded(std::string_view text, trailproof::RecordFormat format = trailproof::RecordFormat::Json) {
        buffer.assign(text);
        buffer.append(trailproof::k_padding, ' ');
        record.bytes = std::string_view(buffer.data(), text.size());
        record.format = format;
        record.origin.line = 7;
    }
    std::string buffer;
    trailproof::RawRecord record;
};

// Reads `yaml`, compiles it, registers `extra` names (as rules would), finalizes.
struct Engine {
    explicit Engine(std::string_view yaml, std::vector<std::string> extra = {}) {
        std::vector<trailproof::parse::ParserInfo> infos;
        trailproof::LoadResult read = trailproof::parse::read_parsers(yaml, "parsers.yml", infos);
        BOOST_TEST_REQUIRE(read.successful(), read.render_text());
        trailproof::LoadResult compiled = trailproof::parse::ParserSet::compile(std::move(infos), registry, set);
        BOOST_TEST_REQUIRE(compiled.successful(), compiled.render_text());
        for (const std::string& name : extra) (void)registry.intern(name);
        set.finalize(registry);
    }
    explicit Engine(std::vector<trailproof::parse::ParserInfo> infos, std::vector<std::string> extra = {},
                    trailproof::parse::PrincipalPolicy principal = {}) {
        trailproof::LoadResult compiled =
            trailproof::parse::ParserSet::compile(std::move(infos), registry, set, std::move(principal));
        BOOST_TEST_REQUIRE(compiled.successful(), compiled.render_text());
        for (const std::string& name : extra) (void)registry.intern(name);
        set.finalize(registry);
    }

    trailproof::RejectCode parse(std::string_view text, trailproof::RecordFormat format = trailproof::RecordFormat::Json) {
        Padded p(text, format);
        keep.push_back(std::move(p.buffer)); // the event views the record; keep it alive
        trailproof::RawRecord r;
        r.bytes = std::string_view(keep.back().data(), text.size());
        r.format = format;
        r.origin.line = 7;
        return parser.parse(r, event, detail);
    }
    trailproof::FieldId id(std::string_view name) const { return registry.find(name); }
    std::string_view text(std::string_view name) const { return event.text(registry.find(name)); }
    // Every value of a field as "kind:text", in order.
    std::vector<std::string> values(std::string_view name) const {
        std::vector<std::string> out;
        static const char* k_kinds[] = {"null", "string", "number", "bool", "object", "array"};
        for (const trailproof::Value* v = event.first(registry.find(name)); v; v = event.next(*v))
            out.push_back(std::string(k_kinds[static_cast<int>(v->kind)]) + ":" + std::string(v->text));
        return out;
    }

    trailproof::FieldRegistry registry;
    trailproof::parse::ParserSet set;
    trailproof::parse::RecordParser parser{set};
    trailproof::Event event;
    std::string detail;
    std::deque<std::string> keep; // deque: records never move
};

} // namespace tp_test
