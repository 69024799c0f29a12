#pragma once
// read: model YAML -> ModelInfo (no cross-references: duplicate ids and
// train_when compilation are compile_models' job). Every problem of every model
// is reported, and reading goes on with the next model.
//
//   models:
//     - id: UA-UC
//       description: Countries for user
//       scope: user            # user | peer_group | org | host | zone | {fields: [f1, f2]}
//       feature: src_country   # field, [f1, f2] tuple, or hour_of_day | day_of_week | activity_type
//       activity_types: [app-activity]
//       train_when: {eventName: [CreateUser]}   # a Sigma selection
//       convergence: {alpha: 1.0, confidence: 0.8, min_observations: 10, min_days: 7}
//       ageing_days: 90
//       max_values: 1000

#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "models/model_info.h"
#include "yaml/yaml_tree.h"

namespace trailproof::models {

// Appends the models of `yaml` (file name `file`, pack `pack`) to `out`; a model
// with an error is reported and left out. Unknown keys are warnings.
[[nodiscard]] LoadResult read_models(std::string_view yaml, std::string_view file, std::vector<ModelInfo>& out,
                                     std::string_view pack = {}, const yaml::YamlLimits& limits = {});

} // namespace trailproof::models
