#pragma once
// A pack as pack.yml and its folder describe it: what loading needs (the
// validator reads `documented:` itself).

#include <string>
#include <vector>

#include "enrich/derived_fields.h"
#include "load/field_map.h"

namespace trailproof::load {

struct PackInfo {
    std::string id;
    std::string title;
    std::string vendor;
    std::string dir;          // the pack's folder, as given
    bool plain_sigma = false; // `sigma: true`: ids must be UUIDs
    FieldMap field_map;       // rule field name -> event field name
    std::vector<std::string> parser_files;
    std::vector<std::string> parser_names; // the parsers this pack declares, in order (set by load)
    std::vector<std::string> rule_files;
    std::vector<std::string> model_files;
    std::string context_dir; // the pack's context/ folder, or "" when it has none
    // `reuse: {pack, rules, models}`: content taken from another pack instead of copied.
    std::string reuse_pack;
    std::vector<std::string> reuse_rules;
    std::vector<std::string> reuse_models;
    std::vector<enrich::DerivedFieldInfo> derived; // `field_derived:`
};

} // namespace trailproof::load
