#pragma once
// A pack as pack.yml and its folder describe it: what loading needs. What the
// validator needs beyond it (the `documented:` block, the files as read) is in
// load/pack_source.h.

#include <string>
#include <vector>

#include "enrich/derived_fields.h"
#include "load/field_map.h"
#include "parse/principal_resolver.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

// `reuse: {pack, rules, models}`: content taken from another pack instead of
// copied, with where each part was written (the validator points at it).
struct ReuseInfo {
    bool declared = false; // pack.yml has a `reuse:` key
    yaml::SourcePos pos;   // its value
    std::string pack;      // the id of the pack reused from; "" when missing
    yaml::SourcePos pack_pos;
    std::vector<std::string> rules, models;          // ids, as listed
    std::vector<yaml::SourcePos> rule_pos, model_pos; // parallel
};

struct PackInfo {
    std::string id;
    std::string title;
    std::string vendor;
    std::string reference;    // `reference:` the URL documenting the pack's rules ("" when none)
    std::string dir;          // the pack's folder, as given
    bool plain_sigma = false; // `sigma: true`: ids must be UUIDs
    FieldMap field_map;       // rule field name -> event field name
    std::vector<std::string> parser_files;
    std::vector<std::string> parser_names; // the parsers this pack declares, in order (set by load)
    std::vector<std::string> rule_files;
    std::vector<std::string> model_files;
    std::string context_dir; // the pack's context/ folder, or "" when it has none
    ReuseInfo reuse;
    std::vector<enrich::DerivedFieldInfo> derived; // `field_derived:`
    parse::PrincipalPolicy principal;              // `principal:` (who the user of a record is)
    // `alerting: risk-based|standalone` (default standalone): a hit of a risk-based
    // pack's rule is a scored signal on the user's session; a rule may override it.
    bool risk_based = false;
};

} // namespace trailproof::load
