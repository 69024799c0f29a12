#include "load/pack_source.h"

#include "core/diagnostic_builder.h"
#include "load/files.h"
#include "models/model_reader.h"
#include "parse/parser_reader.h"

namespace trailproof::load {

namespace {

Diagnostic unreadable(std::string_view what, const std::string& file) {
    return diagnostic_at(codes::load_unreadable, "cannot read " + std::string(what) + " file", file).item("pack", "");
}

} // namespace

std::string_view PackSource::text_of(std::string_view file) const {
    for (const auto& r : rule_files)
        if (r.source.file == file) return r.source.text;
    for (const auto& t : texts)
        if (t.file == file) return t.text;
    return {};
}

void read_pack_source(const PackInfo& pack, const ContentLimits& limits, PackSource& out, LoadResult& result) {
    rules::CompileOptions options;
    options.require_uuid_ids = pack.plain_sigma; // with the YAML limits, the only options reading uses
    options.yaml_limits = limits.yaml;
    for (const auto& file : pack.rule_files) {
        std::string text;
        if (!read_file(file, text)) {
            result.add(unreadable("rule", file));
            continue;
        }
        out.rule_files.push_back(rules::read_rule_file({file, std::move(text), pack.id}, options, result));
    }
    for (const auto& file : pack.model_files) {
        std::string text;
        if (!read_file(file, text)) {
            result.add(unreadable("model", file));
            continue;
        }
        result.merge(models::read_models(text, file, out.models, pack.id, limits.yaml));
        out.texts.push_back({file, std::move(text)});
    }
    for (const auto& file : pack.parser_files) {
        std::string text;
        if (!read_file(file, text)) {
            result.add(unreadable("parser", file));
            continue;
        }
        result.merge(parse::read_parsers(text, file, out.parsers, limits.yaml));
        out.texts.push_back({file, std::move(text)});
    }
}

} // namespace trailproof::load
