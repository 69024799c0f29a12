// The ordered pipeline behind `detect --threads`: apply sees batches in read
// order whatever the thread count, each batch is worked once, errors stop it.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

#include "pipeline/ordered_pipeline.h"

using namespace trailproof::pipeline;

namespace {

struct Recorder {
    std::size_t batches = 0;            // how many batches the input has
    std::vector<int> slot_value;        // what read put in each slot
    std::vector<int> worked_value;      // what work made of it
    std::vector<int> applied;           // values in apply order
    std::atomic<int> works{0};
    int next = 0;

    PipelineStages stages(std::size_t slots) {
        slot_value.assign(slots, -1);
        worked_value.assign(slots, -1);
        PipelineStages s;
        s.read = [this](std::size_t slot) {
            if (static_cast<std::size_t>(next) == batches) return false;
            slot_value[slot] = next++;
            return true;
        };
        s.work = [this](std::size_t slot, std::size_t thread) {
            // Uneven work, so later batches often finish first.
            if (slot_value[slot] % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            worked_value[slot] = slot_value[slot] * 10;
            ++works;
            (void)thread;
        };
        s.apply = [this](std::size_t slot) { applied.push_back(worked_value[slot]); };
        return s;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(ordered_pipeline)

BOOST_AUTO_TEST_CASE(apply_follows_read_order_for_any_thread_count) {
    for (std::size_t threads : {1u, 2u, 3u, 8u}) {
        Recorder r;
        r.batches = 200;
        run_ordered_pipeline(threads, 2 * threads + 1, r.stages(2 * threads + 1));
        std::vector<int> expected;
        for (int i = 0; i < 200; ++i) expected.push_back(i * 10);
        BOOST_TEST(r.applied == expected, boost::test_tools::per_element());
        BOOST_TEST(r.works.load() == 200);
    }
}

BOOST_AUTO_TEST_CASE(empty_input_and_a_single_slot) {
    Recorder none;
    run_ordered_pipeline(2, 5, none.stages(5));
    BOOST_TEST(none.applied.empty());

    Recorder one_slot;
    one_slot.batches = 7;
    run_ordered_pipeline(3, 1, one_slot.stages(1));
    BOOST_TEST(one_slot.applied.size() == 7u);
}

BOOST_AUTO_TEST_CASE(reading_goes_on_while_a_batch_is_applied) {
    // The apply stage is the serial bottleneck of detect: other threads must keep
    // reading (and working) meanwhile. Reads after the first wait until the first
    // apply has begun, so the reader cannot fill every slot beforehand whatever
    // the scheduler does; that apply then waits for two more reads: the one that
    // was waiting, and one that only a pipeline reading during an apply begins.
    std::mutex mutex;
    std::condition_variable changed;
    int reads = 0;
    bool apply_began = false, overlapped = false;
    PipelineStages s;
    s.read = [&](std::size_t) {
        std::unique_lock lock(mutex);
        if (reads == 20) return false;
        if (reads >= 1) changed.wait_for(lock, std::chrono::seconds(10), [&] { return apply_began; });
        ++reads;
        changed.notify_all();
        return true;
    };
    s.work = [](std::size_t, std::size_t) {};
    s.apply = [&](std::size_t) {
        std::unique_lock lock(mutex);
        if (apply_began) return;
        apply_began = true;
        changed.notify_all();
        const int before = reads;
        overlapped = changed.wait_for(lock, std::chrono::seconds(10), [&] { return reads >= before + 2; });
    };
    run_ordered_pipeline(2, 5, s);
    BOOST_TEST(overlapped);
}

BOOST_AUTO_TEST_CASE(every_unit_sees_every_batch_in_read_order_before_it_is_applied) {
    // The sharded state of detect: unit u keeps a state of its own, fed batch by
    // batch; apply sees a batch only when every unit is done with it.
    for (std::size_t threads : {1u, 2u, 3u, 8u}) {
        constexpr std::size_t k_units = 5;
        Recorder r;
        r.batches = 150;
        const std::size_t slots = 3 * threads + 1;
        PipelineStages s = r.stages(slots);
        std::vector<std::vector<int>> seen(k_units);       // per unit: batches in the order it took them
        std::vector<std::vector<int>> done(slots);          // per slot: units done with its batch
        std::vector<int> prepared;                          // batches in prepare order
        std::vector<int> complete_at_apply;                 // per applied batch: units done when applied
        s.prepare = [&](std::size_t slot) {
            prepared.push_back(r.slot_value[slot]);
            done[slot].assign(k_units, 0);
        };
        s.units = k_units;
        std::atomic<bool> bad_thread{false}; // Boost.Test's checks are not for other threads
        s.shard = [&](std::size_t slot, std::size_t unit, std::size_t thread) {
            if (thread >= threads) bad_thread = true;
            if ((r.slot_value[slot] + static_cast<int>(unit)) % 4 == 0)
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            seen[unit].push_back(r.worked_value[slot]);
            done[slot][unit] = 1; // each unit writes its own element only
        };
        s.apply = [&](std::size_t slot) {
            int n = 0;
            for (int d : done[slot]) n += d;
            complete_at_apply.push_back(n);
            r.applied.push_back(r.worked_value[slot]);
        };
        run_ordered_pipeline(threads, slots, s);
        BOOST_TEST(!bad_thread);
        std::vector<int> expected, in_order;
        for (int i = 0; i < 150; ++i) {
            expected.push_back(i * 10);
            in_order.push_back(i);
        }
        BOOST_TEST(r.applied == expected, boost::test_tools::per_element());
        BOOST_TEST(prepared == in_order, boost::test_tools::per_element());
        for (std::size_t u = 0; u < k_units; ++u) BOOST_TEST(seen[u] == expected, boost::test_tools::per_element());
        BOOST_TEST(complete_at_apply == std::vector<int>(150, static_cast<int>(k_units)), boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(a_unit_after_another_takes_a_batch_only_once_the_other_is_done_with_it) {
    // A pack split by scope group: its owner unit (0) decides for the shared models
    // first, and its principal shards (1..3) read that; unit 4 waits for nobody.
    for (std::size_t threads : {1u, 2u, 4u}) {
        const std::size_t slots = 2 * threads + 2;
        Recorder r;
        r.batches = 120;
        PipelineStages s = r.stages(slots);
        s.units = 5;
        s.unit_after = {k_no_unit, 0, 0, 0, k_no_unit};
        std::vector<std::vector<int>> seen(s.units);     // per unit: the batches it took, in order
        std::vector<std::atomic<int>> owner_done(slots); // per slot: the batch the owner finished in it
        for (auto& d : owner_done) d = -1;
        std::atomic<int> early{0};                       // a dependent unit before the owner
        s.shard = [&](std::size_t slot, std::size_t unit, std::size_t) {
            if (unit == 0) {
                if (r.slot_value[slot] % 5 == 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
                owner_done[slot] = r.slot_value[slot];
            } else if (unit < 4 && owner_done[slot] != r.slot_value[slot]) {
                ++early;
            }
            seen[unit].push_back(r.slot_value[slot]);
        };
        run_ordered_pipeline(threads, slots, s);
        BOOST_TEST(early.load() == 0);
        std::vector<int> in_order(120);
        std::iota(in_order.begin(), in_order.end(), 0);
        for (const auto& unit : seen) BOOST_TEST(unit == in_order, boost::test_tools::per_element());
        BOOST_TEST(r.applied.size() == 120u);
    }
}

BOOST_AUTO_TEST_CASE(units_run_at_the_same_time) {
    // Two units of one batch meet inside the shard stage: they overlap.
    std::mutex mutex;
    std::condition_variable arrived;
    int inside = 0;
    bool met = false;
    Recorder r;
    r.batches = 1;
    PipelineStages s = r.stages(7);
    s.units = 2;
    s.shard = [&](std::size_t, std::size_t, std::size_t) {
        std::unique_lock lock(mutex);
        ++inside;
        arrived.notify_all();
        if (arrived.wait_for(lock, std::chrono::seconds(5), [&] { return inside == 2; })) met = true;
    };
    run_ordered_pipeline(2, 7, s);
    BOOST_TEST(met);
    BOOST_TEST(r.applied.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_throwing_stage_stops_every_thread_and_reaches_the_caller) {
    Recorder r;
    r.batches = 1000;
    PipelineStages s = r.stages(5);
    s.work = [](std::size_t, std::size_t) { throw std::runtime_error("disk on fire"); };
    BOOST_CHECK_EXCEPTION(run_ordered_pipeline(2, 5, s), std::runtime_error,
                          [](const std::runtime_error& e) { return std::string(e.what()) == "disk on fire"; });
    BOOST_TEST(r.applied.empty());
}

BOOST_AUTO_TEST_SUITE_END()
