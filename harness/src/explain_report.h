#pragma once
// The text of `trailproof explain` (pipeline::Explanation): the parser choice,
// the normalized fields, and rule by rule the detection items with the event's
// values, the condition's result and the model verdict.

#include <functional>
#include <string>

#include "pipeline/explain.h"

namespace trailproof::harness {

// For a field a rule reads that has no value on the event: a hint when nothing
// could ever produce it ("field 'x' is produced by no parser ...; did you mean
// 'y'?"), else "". Arguments: pack id, field as the rule writes it.
using FieldHint = std::function<std::string(const std::string&, const std::string&)>;

[[nodiscard]] std::string render_explanation(const pipeline::Explanation& e, const FieldHint& hint);

} // namespace trailproof::harness
