#include "kafka/mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <stdexcept>

namespace trailproof::kafka {

namespace {
void check(rd_kafka_resp_err_t err, const char* what) {
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw std::runtime_error(std::string(what) + ": " + rd_kafka_err2str(err));
}
} // namespace

MockCluster::MockCluster(int brokers) {
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::string n = std::to_string(brokers);
    for (const auto& [name, value] : {std::pair<const char*, const char*>{"test.mock.num.brokers", n.c_str()},
                                      {"linger.ms", "0"},
                                      {"log_level", "2"}}) // broker up/down tests: no connection noise
        if (rd_kafka_conf_set(conf, name, value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            throw std::runtime_error(errstr);
        }
    m_rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!m_rk) {
        rd_kafka_conf_destroy(conf);
        throw std::runtime_error(errstr);
    }
    m_mock = rd_kafka_handle_mock_cluster(m_rk);
    m_bootstraps = rd_kafka_mock_cluster_bootstraps(m_mock);
}

MockCluster::~MockCluster() {
    (void)rd_kafka_flush(m_rk, 10000);
    rd_kafka_destroy(m_rk);
}

void MockCluster::create_topic(const std::string& topic, int partitions) {
    check(rd_kafka_mock_topic_create(m_mock, topic.c_str(), partitions, 1), "create topic");
}

void MockCluster::produce(const std::string& topic, std::int32_t partition, const std::string& key,
                          const std::string& value) {
    for (;;) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            m_rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            check(err, "produce");
            return;
        }
        rd_kafka_poll(m_rk, 10);
    }
}

void MockCluster::flush() { check(rd_kafka_flush(m_rk, 30000), "flush"); }

std::int64_t MockCluster::end_offset(const std::string& topic, std::int32_t partition) {
    std::int64_t low = 0, high = 0;
    check(rd_kafka_query_watermark_offsets(m_rk, topic.c_str(), partition, &low, &high, 10000), "watermarks");
    return high;
}

void MockCluster::set_broker_up(std::int32_t id, bool up) {
    check(up ? rd_kafka_mock_broker_set_up(m_mock, id) : rd_kafka_mock_broker_set_down(m_mock, id), "broker up/down");
}

} // namespace trailproof::kafka
