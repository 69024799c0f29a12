#pragma once
// The command-line flags every content-loading command shares: --context,
// --geoip-country, --geoip-asn and the content limits (--max-yaml-depth,
// --max-yaml-aliases, --max-condition-depth, --max-model-values). Included only
// by command_*.cpp (cxxopts stays there).

#include <optional>
#include <string>

#include <cxxopts.hpp>

#include "command_args.h"
#include "load/content.h"

namespace trailproof::harness {

// -c/--content DIR (repeatable): what detect and explain load.
inline void add_content_path_flag(cxxopts::Options& options) {
    options.add_options()
        ("c,content", "content folder: a pack, a folder of packs or a folder of Sigma rules (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "DIR");
}

// README.md "Limits". The maxima keep the recursive walks of a YAML tree and of a
// condition well inside a thread's stack.
inline void add_content_limit_flags(cxxopts::Options& options) {
    const load::ContentLimits d;
    options.add_options("limits")
        ("max-yaml-depth", "content files nest lists and maps at most N levels, N <= 1000 (load.yaml_parse)",
         cxxopts::value<std::size_t>()->default_value(std::to_string(d.yaml.max_depth)), "N")
        ("max-yaml-aliases", "YAML aliases copy at most N nodes per content document (load.yaml_parse)",
         cxxopts::value<std::size_t>()->default_value(std::to_string(d.yaml.max_alias_nodes)), "N")
        ("max-condition-depth", "rule conditions nest at most N levels, N <= 1000 (rule.condition_syntax)",
         cxxopts::value<std::size_t>()->default_value(std::to_string(d.max_condition_depth)), "N")
        ("max-model-values", "models without their own max_values store at most N distinct values per entity; "
                             "more are counted, not stored",
         cxxopts::value<std::size_t>()->default_value(std::to_string(d.max_model_values)), "N");
}

inline void add_content_flags(cxxopts::Options& options) {
    options.add_options("content")
        ("context", "folder of context tables that replace the packs' tables of the same name (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "DIR")
        ("geoip-country", "MaxMind-format .mmdb with countries (GeoLite2-Country, DB-IP, ip-location-db, ...)",
         cxxopts::value<std::string>(), "FILE")
        ("geoip-asn", "MaxMind-format .mmdb with autonomous systems (GeoLite2-ASN, ...)",
         cxxopts::value<std::string>(), "FILE");
    add_content_limit_flags(options);
}

// The content limits given; an error naming the flag when one is out of range.
[[nodiscard]] inline std::optional<std::string> content_limits(const cxxopts::ParseResult& args,
                                                               load::ContentLimits& out) {
    const auto value = [&](const char* flag, std::size_t max, std::size_t& v) {
        return flag_in_range<std::size_t>(args, flag, 1, max, v);
    };
    std::size_t model_values = 0;
    for (auto error : {value("max-yaml-depth", 1000, out.yaml.max_depth),
                       value("max-yaml-aliases", 1'000'000'000, out.yaml.max_alias_nodes),
                       value("max-condition-depth", 1000, out.max_condition_depth),
                       value("max-model-values", 100'000'000, model_values)})
        if (error) return error;
    out.max_model_values = static_cast<std::uint32_t>(model_values);
    return std::nullopt;
}

// --context, --geoip-*, the content limits; an error naming a flag out of range.
[[nodiscard]] inline std::optional<std::string> load_options(const cxxopts::ParseResult& args, load::LoadOptions& out) {
    if (args.count("context")) out.context_dirs = args["context"].as<std::vector<std::string>>();
    if (args.count("geoip-country")) out.enrich.geoip_country = args["geoip-country"].as<std::string>();
    if (args.count("geoip-asn")) out.enrich.geoip_asn = args["geoip-asn"].as<std::string>();
    return content_limits(args, out.limits);
}

} // namespace trailproof::harness
