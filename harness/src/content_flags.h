#pragma once
// The command-line flags every content-loading command shares: --context,
// --geoip-country, --geoip-asn. Included only by command_*.cpp (cxxopts stays there).

#include <cxxopts.hpp>

#include "load/content.h"

namespace trailproof::harness {

// -c/--content DIR (repeatable): what detect and explain load.
inline void add_content_path_flag(cxxopts::Options& options) {
    options.add_options()
        ("c,content", "content folder: a pack, a folder of packs or a folder of Sigma rules (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "DIR");
}

inline void add_content_flags(cxxopts::Options& options) {
    options.add_options("content")
        ("context", "folder of context tables that replace the packs' tables of the same name (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "DIR")
        ("geoip-country", "MaxMind-format .mmdb with countries (GeoLite2-Country, DB-IP, ip-location-db, ...)",
         cxxopts::value<std::string>(), "FILE")
        ("geoip-asn", "MaxMind-format .mmdb with autonomous systems (GeoLite2-ASN, ...)",
         cxxopts::value<std::string>(), "FILE");
}

[[nodiscard]] inline load::LoadOptions load_options(const cxxopts::ParseResult& args) {
    load::LoadOptions out;
    if (args.count("context")) out.context_dirs = args["context"].as<std::vector<std::string>>();
    if (args.count("geoip-country")) out.enrich.geoip_country = args["geoip-country"].as<std::string>();
    if (args.count("geoip-asn")) out.enrich.geoip_asn = args["geoip-asn"].as<std::string>();
    return out;
}

} // namespace trailproof::harness
