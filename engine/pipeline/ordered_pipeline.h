#pragma once
// A staged pipeline over a fixed set of batch slots, for `detect --threads`:
//   read    (serial)   fills a free slot with the next batch of input;
//   work    (parallel) any thread processes a read batch, without shared state;
//   prepare (serial)   batches in read order: decisions that depend on the order
//                      of batches (optional);
//   shard   (units)    each of `units` state shards sees every batch, in read
//                      order; different units run at the same time (optional);
//                      a unit may wait for another unit to be done with the batch
//                      (unit_after: the owner of a pack's shared models goes first);
//   apply   (serial)   batches are applied strictly in the order they were read,
//                      after every unit is done with them.
// Each unit and the apply stage see batches exactly in read order, so a unit's
// state and the output are what one thread gives, by construction. Read, prepare,
// the units and apply may run at the same time (on different batches). Every
// thread, the caller included, takes whatever stage is ready: apply first, then
// prepare, then a unit, then read (only as far ahead as the threads can use),
// then work.

#include <cstddef>
#include <functional>

namespace trailproof::pipeline {

inline constexpr std::size_t k_no_unit = static_cast<std::size_t>(-1);

struct PipelineStages {
    std::function<bool(std::size_t slot)> read;                  // false: input ended, the slot is empty
    std::function<void(std::size_t slot, std::size_t thread)> work; // thread: 0 .. threads-1
    std::function<void(std::size_t slot)> prepare;              // may be empty
    std::size_t units = 0;                                       // shards; 0: no shard stage
    // By unit (empty: none waits): a unit that must be done with a batch before this
    // unit takes it (k_no_unit: none). Must not form a cycle.
    std::vector<std::size_t> unit_after;
    std::function<void(std::size_t slot, std::size_t unit, std::size_t thread)> shard;
    std::function<void(std::size_t slot)> apply;
};

// Runs until read returns false and every read batch is applied. `slots` >= 1
// bounds the batches in flight; `threads` >= 1 counts the caller.
void run_ordered_pipeline(std::size_t threads, std::size_t slots, const PipelineStages& stages);

} // namespace trailproof::pipeline
