#include "kafka/alert_producer.h"

#include <librdkafka/rdkafka.h>

namespace trailproof::kafka {

struct AlertProducer::Handle {
    rd_kafka_t* rk = nullptr;
};

// Delivery reports run inside rd_kafka_poll/flush, on the thread that calls them.
void alert_delivered(AlertProducer& producer, bool ok, const char* reason) {
    if (ok) {
        ++producer.m_delivered;
        return;
    }
    if (producer.m_failed.load() == 0) producer.m_first_failure = reason;
    ++producer.m_failed;
}

namespace {
void delivery_cb(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    alert_delivered(*static_cast<AlertProducer*>(opaque), m->err == RD_KAFKA_RESP_ERR_NO_ERROR,
                    rd_kafka_err2str(m->err));
}
} // namespace

AlertProducer::AlertProducer() : m_handle(std::make_unique<Handle>()) {}

AlertProducer::~AlertProducer() {
    if (!m_handle->rk) return;
    (void)rd_kafka_flush(m_handle->rk, 10000);
    rd_kafka_destroy(m_handle->rk);
}

bool AlertProducer::open(const std::string& brokers, const std::string& topic,
                         const std::vector<std::pair<std::string, std::string>>& config, std::string& error) {
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::vector<std::pair<std::string, std::string>> props = {
        {"bootstrap.servers", brokers},
        {"enable.idempotence", "true"}, // retries never duplicate an alert
        {"linger.ms", "5"},
    };
    props.insert(props.end(), config.begin(), config.end());
    for (const auto& [name, value] : props)
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            error = "kafka: " + name + ": " + errstr;
            return false;
        }
    rd_kafka_conf_set_dr_msg_cb(conf, delivery_cb);
    rd_kafka_conf_set_opaque(conf, this);
    m_handle->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!m_handle->rk) {
        rd_kafka_conf_destroy(conf);
        error = std::string("kafka: ") + errstr;
        return false;
    }
    m_topic = topic;
    return true;
}

bool AlertProducer::produce(std::string_view key, std::string_view line) {
    for (;;) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            m_handle->rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
            RD_KAFKA_V_VALUE(const_cast<char*>(line.data()), line.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            m_error = "kafka: --alerts-topic " + m_topic + ": " + rd_kafka_err2str(err);
            return false;
        }
        rd_kafka_poll(m_handle->rk, 10);
    }
    rd_kafka_poll(m_handle->rk, 0); // delivery reports
    return true;
}

bool AlertProducer::flush(int timeout_ms) {
    const rd_kafka_resp_err_t err = rd_kafka_flush(m_handle->rk, timeout_ms);
    if (m_failed.load() > 0) {
        m_error = "kafka: --alerts-topic " + m_topic + ": " + std::to_string(m_failed.load()) +
                  " alert(s) not delivered: " + m_first_failure;
        return false;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        m_error = "kafka: --alerts-topic " + m_topic + ": alerts not delivered in time: " + rd_kafka_err2str(err);
        return false;
    }
    return true;
}

} // namespace trailproof::kafka
