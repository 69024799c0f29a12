// Model YAML: read_models then compile_models (train_when selections, scopes,
// features, convergence numbers) on any bytes; problems are diagnostics.

#include <string>
#include <vector>

#include "core/field_registry.h"
#include "fuzz_check.h"
#include "models/model_reader.h"
#include "models/model_set.h"

using namespace trailproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<models::ModelInfo> infos;
    LoadResult result = models::read_models(tp_fuzz::as_text(data, size), "models.yml", infos, "fuzz");
    FieldRegistry registry;
    models::ModelSet set;
    result.merge(models::compile_models(std::move(infos), registry, set, rules::CompileOptions{}));
    (void)result.render_text();
    return 0;
}
