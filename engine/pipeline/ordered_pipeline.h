#pragma once
// A three-stage pipeline over a fixed set of batch slots, for `detect --threads`:
//   read  (serial)   fills a free slot with the next batch of input;
//   work  (parallel) any thread processes a read batch, without shared state;
//   apply (serial)   batches are applied strictly in the order they were read.
// Apply sees exactly what one thread would see: output is identical by
// construction. Read and apply may run at the same time (on different batches).
// Every thread, the caller included, takes whatever stage is ready: apply first,
// then read (only as far ahead as the threads can use), then work.

#include <cstddef>
#include <functional>

namespace trailproof::pipeline {

struct PipelineStages {
    std::function<bool(std::size_t slot)> read;                  // false: input ended, the slot is empty
    std::function<void(std::size_t slot, std::size_t thread)> work; // thread: 0 .. threads-1
    std::function<void(std::size_t slot)> apply;
};

// Runs until read returns false and every read batch is applied. `slots` >= 1
// bounds the batches in flight; `threads` >= 1 counts the caller.
void run_ordered_pipeline(std::size_t threads, std::size_t slots, const PipelineStages& stages);

} // namespace trailproof::pipeline
