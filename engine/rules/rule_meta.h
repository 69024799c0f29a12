#pragma once
// A rule's metadata as plain data, copied out of the YAML (no behaviour).

#include <map>
#include <string>
#include <vector>

namespace trailproof::rules {

struct RuleMeta {
    std::string id, title, name, description, status, level, author, file, pack;
    int line = 0;                        // 1-based line of the rule's document
    std::vector<std::string> tags;       // as written
    std::vector<std::string> techniques; // from attack.tNNNN[.NNN], upper-cased: "T1078.004"
    std::vector<std::string> tactics;    // from attack.<tactic>, as written after "attack." (v1 underscores kept)
    std::string logsource_product, logsource_service, logsource_category;
    // trailproof extensions (extra top-level keys a Sigma tool ignores):
    int score = 0;
    std::vector<std::string> use_cases;
    std::vector<std::string> activity_types; // the rule only sees events of these activity types
    std::string effort;
    // "none" when the rule needs fields CloudTrail never carries (it can never fire here), and why.
    std::string cloudtrail_relevance, cloudtrail_relevance_reason;
    // `model: {ref: X, trigger: first_time|abnormal|nth_new, ...}`; the other keys go to model_params.
    std::string model_ref, model_trigger;
    std::map<std::string, std::string> model_params;
    // `facts: {new_user: true, dormant_days: 30}` and `session: {distinct: src_country, gte: 2}`:
    // conditions on built-in user facts and the user's session, checked by the models stage.
    std::map<std::string, std::string> facts, session_params;
    std::vector<std::string> fields_used; // every field the detection references, after map_field, first use first
};

} // namespace trailproof::rules
