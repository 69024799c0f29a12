#pragma once
// `detect --alerts-topic TOPIC`: alert lines produced to a Kafka topic, keyed
// by rule id (all alerts of one rule land in one partition, in order).
// Delivery is checked: flush() waits for every line produced so far and fails
// when one was not delivered, so a consumer commits its input offsets only
// after the alerts of those records are in the topic (Consumer's
// before_checkpoint).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trailproof::kafka {

class AlertProducer {
public:
    AlertProducer();
    ~AlertProducer(); // waits up to 10 s for what is still queued
    AlertProducer(const AlertProducer&) = delete;
    AlertProducer& operator=(const AlertProducer&) = delete;

    // Creates the producer (idempotent: no duplicates from its own retries).
    // False with `error` set.
    [[nodiscard]] bool open(const std::string& brokers, const std::string& topic,
                            const std::vector<std::pair<std::string, std::string>>& config, std::string& error);
    // Queues `line` keyed by `key`; waits while the local queue is full. False
    // (and error() set) when the line cannot be queued.
    [[nodiscard]] bool produce(std::string_view key, std::string_view line);
    // Waits until every queued line is delivered (up to `timeout_ms`). False
    // when one failed or the time ran out; error() says why.
    [[nodiscard]] bool flush(int timeout_ms = 30000);

    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    [[nodiscard]] std::uint64_t delivered() const noexcept { return m_delivered.load(); }

    struct Handle; // librdkafka handles (alert_producer.cpp)

private:
    std::unique_ptr<Handle> m_handle;
    std::string m_topic;
    std::string m_error;
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_failed{0};
    std::string m_first_failure; // guarded by being written once, before m_failed is raised
    friend void alert_delivered(AlertProducer& producer, bool ok, const char* reason);
};

} // namespace trailproof::kafka
