#pragma once
// What the stages know that a tool checking content needs without compiling it
// (the validator: can a rule ever fire on CloudTrail?), through the front door,
// so the harness includes no stage header: the built-in parser's definition, the
// fields the engine fills on every event, the built-in model features and a
// rule condition's expression tree.

#include <optional>
#include <string_view>

#include "parse/parser_info.h"
#include "rules/condition_parser.h"

namespace trailproof::load {

// The built-in CloudTrail parser (parse/default_parser.h): its fields and activity
// types. Every pack's events go through it last. Lives for the program's lifetime.
[[nodiscard]] const parse::ParserInfo& builtin_parser();

// True for a field the engine fills whatever the parser: enrichment's outputs
// (enrich/enrich_fields.h) and the parser's activity_type.
[[nodiscard]] bool filled_by_engine(std::string_view field) noexcept;

// True for a built-in model feature (hour_of_day, day_of_week, activity_type).
[[nodiscard]] bool builtin_model_feature(std::string_view name) noexcept;

// The expression tree of a rule condition, or nullopt when it does not parse
// (the compiler reports why).
[[nodiscard]] std::optional<rules::ConditionExpr> condition_tree(std::string_view condition);

} // namespace trailproof::load
