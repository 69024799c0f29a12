#pragma once
// librdkafka's in-process mock cluster (rdkafka_mock.h: a real Kafka protocol
// broker set inside this process, on 127.0.0.1 ports) with a producer into it:
// what the tests (engine/tests/kafka, harness/tests) and the bench (bench/kafka.cpp)
// run `detect --kafka` against, no broker needed.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// librdkafka's opaque types, so this header does not pull in rdkafka.h.
struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace trailproof::kafka {

class MockCluster {
public:
    // A cluster of `brokers` brokers (test.mock.num.brokers). Throws std::runtime_error when librdkafka cannot.
    explicit MockCluster(int brokers);
    ~MockCluster(); // waits for what is queued, then the cluster goes with its producer
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    // "127.0.0.1:port,...": bootstrap.servers for consumers (in this process or another).
    [[nodiscard]] const std::string& bootstraps() const noexcept { return m_bootstraps; }
    [[nodiscard]] rd_kafka_mock_cluster_s* mock() const noexcept { return m_mock; }

    // Throws on failure, like every call below.
    void create_topic(const std::string& topic, int partitions);
    // Queues `value` with `key` to an explicit partition (waits while the queue is full).
    void produce(const std::string& topic, std::int32_t partition, const std::string& key, const std::string& value);
    // Waits until everything produced is delivered.
    void flush();
    // The partition's end offset (high watermark).
    [[nodiscard]] std::int64_t end_offset(const std::string& topic, std::int32_t partition);
    // Every message of `topic` (key, value), partition by partition in offset order.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> read_all(const std::string& topic);
    // Takes broker `id` (1-based) down or up: connections to it are closed / accepted again.
    void set_broker_up(std::int32_t id, bool up);

private:
    rd_kafka_s* m_rk = nullptr;
    rd_kafka_mock_cluster_s* m_mock = nullptr;
    std::string m_bootstraps;
};

} // namespace trailproof::kafka
