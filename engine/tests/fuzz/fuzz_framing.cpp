// Ingest framing: shape detection, NDJSON and text lines (CEF, collector lines),
// Records files, JSON arrays, EventBridge envelopes and multi-line objects, with
// the size caps set small. The items must not depend on the chunk size the bytes
// arrive in, and records() + rejects() must count every item once.

#include "fuzz_ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tp_fuzz::check_chunk_independence(tp_fuzz::as_text(data, size));
    return 0;
}
