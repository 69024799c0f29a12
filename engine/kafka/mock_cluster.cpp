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

std::vector<std::pair<std::string, std::string>> MockCluster::read_all(const std::string& topic) {
    const rd_kafka_metadata_t* md = nullptr;
    check(rd_kafka_metadata(m_rk, 1, nullptr, &md, 10000), "metadata");
    int partitions = 0;
    for (int t = 0; t < md->topic_cnt; ++t)
        if (topic == md->topics[t].topic) partitions = md->topics[t].partition_cnt;
    rd_kafka_metadata_destroy(md);
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (const auto& [name, value] : {std::pair<const char*, const char*>{"bootstrap.servers", m_bootstraps.c_str()},
                                      {"group.id", "mock-cluster-read-all"}, // assign() wants one; nothing is committed
                                      {"enable.auto.commit", "false"}})
        if (rd_kafka_conf_set(conf, name, value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            throw std::runtime_error(errstr);
        }
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!consumer) {
        rd_kafka_conf_destroy(conf);
        throw std::runtime_error(errstr);
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (std::int32_t p = 0; p < partitions; ++p) {
        const std::int64_t end = end_offset(topic, p);
        if (end == 0) continue;
        rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        const rd_kafka_resp_err_t err = rd_kafka_assign(consumer, list);
        rd_kafka_topic_partition_list_destroy(list);
        check(err, "assign");
        for (int idle = 0; idle < 100;) {
            rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer, 100);
            if (!m) {
                ++idle;
                continue;
            }
            const bool last = !m->err && m->offset + 1 >= end;
            if (!m->err)
                out.emplace_back(std::string(static_cast<const char*>(m->key), m->key_len),
                                 std::string(static_cast<const char*>(m->payload), m->len));
            rd_kafka_message_destroy(m);
            if (last) break;
        }
    }
    (void)rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return out;
}

void MockCluster::set_broker_up(std::int32_t id, bool up) {
    check(up ? rd_kafka_mock_broker_set_up(m_mock, id) : rd_kafka_mock_broker_set_down(m_mock, id), "broker up/down");
}

} // namespace trailproof::kafka
