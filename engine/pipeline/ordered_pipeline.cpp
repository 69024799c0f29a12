#include "pipeline/ordered_pipeline.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace trailproof::pipeline {

void run_ordered_pipeline(std::size_t threads, std::size_t slots, const PipelineStages& stages) {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::size_t> free_slots;
    for (std::size_t s = slots; s-- > 0;) free_slots.push_back(s);
    std::vector<std::uint64_t> sequence(slots);
    std::deque<std::size_t> to_work;               // read, waiting for a thread
    std::map<std::uint64_t, std::size_t> worked;   // sequence -> slot, waiting for its turn to prepare
    std::map<std::uint64_t, std::size_t> prepared; // sequence -> slot, waiting for the units
    std::map<std::uint64_t, std::size_t> sharded;  // sequence -> slot, waiting for its turn to apply
    std::vector<std::size_t> units_done(slots, 0);
    const std::size_t units = stages.units;
    std::vector<std::uint64_t> unit_next(units, 0); // the sequence each unit takes next
    std::vector<std::uint8_t> unit_busy(units, 0);
    std::size_t unit_scan = 0; // where the search for a ready unit starts, so every unit gets its turn
    std::uint64_t next_read = 0, next_prepare = 0, next_apply = 0;
    bool reading = false, preparing = false, applying = false; // a thread is in that serial stage
    bool input_ended = false;
    std::exception_ptr failure;

    auto loop = [&](std::size_t thread) {
        std::unique_lock lock(mutex);
        // Runs one stage outside the lock; a throwing stage stops every thread.
        auto run = [&](auto&& stage) {
            lock.unlock();
            try {
                stage();
            } catch (...) {
                lock.lock();
                if (!failure) failure = std::current_exception();
                return false;
            }
            lock.lock();
            return true;
        };
        while (!failure) {
            if (auto it = sharded.find(next_apply); !applying && it != sharded.end()) {
                const std::size_t slot = it->second;
                sharded.erase(it);
                applying = true;
                if (run([&] { stages.apply(slot); })) ++next_apply;
                applying = false;
                free_slots.push_back(slot);
                changed.notify_all();
                continue;
            }
            if (auto it = worked.find(next_prepare); !preparing && it != worked.end()) {
                const std::size_t slot = it->second;
                worked.erase(it);
                preparing = true;
                const bool ok = !stages.prepare || run([&] { stages.prepare(slot); });
                preparing = false;
                if (ok) {
                    units_done[slot] = 0;
                    (units == 0 ? sharded : prepared).emplace(next_prepare, slot);
                    ++next_prepare;
                }
                changed.notify_all();
                continue;
            }
            // A unit whose next batch is prepared; unit u takes batches in sequence order.
            std::size_t unit = units;
            for (std::size_t k = 0; k < units && unit == units; ++k) {
                const std::size_t u = (unit_scan + k) % units;
                const std::size_t after = u < stages.unit_after.size() ? stages.unit_after[u] : k_no_unit;
                if (!unit_busy[u] && unit_next[u] < next_prepare &&
                    (after == k_no_unit || unit_next[after] > unit_next[u]))
                    unit = u;
            }
            if (unit < units) {
                unit_scan = (unit + 1) % units;
                const std::uint64_t seq = unit_next[unit];
                const std::size_t slot = prepared.at(seq);
                unit_busy[unit] = 1;
                const bool ok = run([&] { stages.shard(slot, unit, thread); });
                unit_busy[unit] = 0;
                if (ok) {
                    ++unit_next[unit];
                    if (++units_done[slot] == units) {
                        prepared.erase(seq);
                        sharded.emplace(seq, slot);
                    }
                }
                changed.notify_all();
                continue;
            }
            // Read ahead only as far as the threads can use.
            if (!reading && !input_ended && !free_slots.empty() && to_work.size() < threads) {
                const std::size_t slot = free_slots.back();
                free_slots.pop_back();
                reading = true;
                bool got = false;
                run([&] { got = stages.read(slot); });
                reading = false;
                if (got) {
                    sequence[slot] = next_read++;
                    to_work.push_back(slot);
                } else {
                    input_ended = true;
                    free_slots.push_back(slot);
                }
                changed.notify_all();
                continue;
            }
            if (!to_work.empty()) {
                const std::size_t slot = to_work.front();
                to_work.pop_front();
                run([&] { stages.work(slot, thread); });
                worked.emplace(sequence[slot], slot);
                changed.notify_all();
                continue;
            }
            if (input_ended && next_apply == next_read) break;
            changed.wait(lock);
        }
        changed.notify_all();
    };

    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(loop, t);
    loop(0);
    for (auto& h : helpers) h.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace trailproof::pipeline
