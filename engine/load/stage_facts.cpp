#include "load/stage_facts.h"

#include <algorithm>
#include <iterator>

#include "enrich/enrich_fields.h"
#include "models/feature.h"
#include "parse/default_parser.h"
#include "parse/principal_resolver.h"

namespace trailproof::load {

const parse::ParserInfo& builtin_parser() {
    static const parse::ParserInfo k_parser = parse::default_cloudtrail_parser();
    return k_parser;
}

bool filled_by_engine(std::string_view field) noexcept {
    const auto& outputs = enrich::fields::k_outputs;
    const auto& principal = parse::k_principal_outputs;
    return field == "activity_type" || std::find(std::begin(outputs), std::end(outputs), field) != std::end(outputs) ||
           std::find(std::begin(principal), std::end(principal), field) != std::end(principal);
}

bool builtin_model_feature(std::string_view name) noexcept {
    return models::builtin_part(name) != models::PartKind::Field;
}

std::optional<rules::ConditionExpr> condition_tree(std::string_view condition) {
    return rules::parse_condition(condition).expr;
}

} // namespace trailproof::load
