#pragma once
// A rule's metadata as plain data, copied out of the YAML (no behaviour).

#include <map>
#include <string>
#include <vector>

#include "rules/document_meta.h"

namespace trailproof::rules {

// What every document has (DocumentMeta: id, title, ..., tags, labels, file:line),
// then what only a rule has.
struct RuleMeta : DocumentMeta {
    std::string logsource_product, logsource_service, logsource_category;
    // trailproof extensions (extra top-level keys a Sigma tool ignores):
    int score = 0;
    // `alerting: risk-based|standalone`: overrides the pack's style for this rule; "" = the pack's.
    std::string alerting;
    // `model: {ref: X, trigger: first_time|abnormal|nth_new, ...}`; the other keys go to model_params.
    std::string model_ref, model_trigger;
    std::map<std::string, std::string> model_params;
    // `facts: {new_user: true, dormant_days: 30}` and `session: {distinct: src_country, gte: 2}`:
    // conditions on built-in user facts and the user's session, checked by the models stage.
    std::map<std::string, std::string> facts, session_params;
    std::vector<std::string> fields_used; // every field the detection references, after map_field, first use first
};

} // namespace trailproof::rules
