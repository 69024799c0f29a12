#include "core/diagnostic_builder.h"
#include "models/rule_binding.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace trailproof::models {

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;

std::optional<double> parse_number(const std::string& text) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<std::uint32_t> parse_count(const std::string& text, std::uint32_t max) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 1 || v > max) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

// YAML 1.1 booleans, as the rules reader types plain scalars.
std::optional<bool> parse_bool(const std::string& t) {
    for (std::string_view s : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
        if (t == s) return true;
    for (std::string_view s : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
        if (t == s) return false;
    return std::nullopt;
}

class Binder {
public:
    Binder(const ModelSet& models, FieldRegistry& registry, LoadResult& result, std::vector<FieldId>& session_fields,
           std::vector<std::string>& session_names, std::vector<std::uint32_t>& nth_models)
        : m_models(models), m_registry(registry), m_result(result), m_session_fields(session_fields),
          m_session_names(session_names), m_nth_models(nth_models) {}

    RuleBinding bind(std::uint32_t rule, const rules::RuleMeta& meta) {
        m_meta = &meta;
        RuleBinding b;
        b.rule = rule;
        if (!meta.model_ref.empty() || !meta.model_trigger.empty()) bind_model(meta, b);
        if (!meta.facts.empty()) bind_facts(meta, b);
        if (!meta.session_params.empty()) bind_session(meta, b);
        b.user_conditions = b.new_user >= 0 || b.dormant_ms >= 0 || b.first_seen_within_ms >= 0 ||
                            b.session_field != UINT32_MAX || b.session_count > 0;
        return b;
    }

private:
    void error(RuleBinding& b, std::string_view code, std::string_view section, std::string message) {
        b.broken = true;
        add(Severity::Error, code, section, std::move(message));
    }
    void add(Severity severity, std::string_view code, std::string_view section, std::string message) {
        m_result.add(diagnostic(severity, code, std::move(message), m_meta->file, m_meta->line)
                         .item("rule", m_meta->id)
                         .in_pack(m_meta->pack)
                         .context("rule '" + m_meta->id + "'")
                         .context(std::string(section)));
    }

    void bind_model(const rules::RuleMeta& meta, RuleBinding& b) {
        const std::string who = "rule '" + meta.id + "'";
        if (meta.model_ref.empty()) {
            error(b, codes::load_missing_key, "model", who + ": 'model' needs 'ref'");
            return;
        }
        b.model = m_models.find(meta.model_ref);
        if (b.model == k_no_model) {
            error(b, codes::model_unknown_ref, "model",
                  who + " references model '" + meta.model_ref + "', which no loaded model defines");
            return;
        }
        if (meta.model_trigger == "first_time") b.trigger = Trigger::FirstTime;
        else if (meta.model_trigger == "abnormal") b.trigger = Trigger::Abnormal;
        else if (meta.model_trigger == "nth_new") b.trigger = Trigger::NthNew;
        else {
            error(b, codes::model_bad_trigger, "model",
                  who + ": model trigger '" + meta.model_trigger + "' is not one of first_time, abnormal, nth_new");
            return;
        }
        bool has_n = false;
        for (const auto& param : meta.model_params) {
            // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
            const auto& key = param.first;
            const auto& value = param.second;
            auto bad = [&](std::string_view expected) {
                error(b, codes::model_bad_param, "model",
                      who + ": model parameter '" + key + "' must be " + std::string(expected) + ", found '" + value + "'");
            };
            auto only = [&](std::string_view trigger) {
                error(b, codes::model_bad_param, "model",
                      who + ": model parameter '" + key + "' applies to trigger " + std::string(trigger) + " only");
            };
            if (key == "threshold") {
                if (b.trigger != Trigger::Abnormal) { only("abnormal"); continue; }
                auto v = parse_number(value);
                if (!v || !(*v > 0 && *v <= 1)) bad("a number greater than 0 and at most 1");
                else b.threshold = *v;
            } else if (key == "unseen") {
                if (b.trigger != Trigger::Abnormal) { only("abnormal"); continue; }
                auto v = parse_bool(value);
                if (!v) bad("true or false");
                else b.unseen_is_abnormal = *v;
            } else if (key == "unconverged") {
                if (b.trigger != Trigger::Abnormal) { only("abnormal"); continue; }
                auto v = parse_bool(value);
                if (!v) bad("true or false");
                else b.unconverged_is_abnormal = *v;
            } else if (key == "confidence") {
                auto v = parse_number(value);
                if (!v || !(*v > 0 && *v <= 1)) bad("a number greater than 0 and at most 1");
                else b.confidence = *v;
            } else if (key == "n") {
                if (b.trigger != Trigger::NthNew) { only("nth_new"); continue; }
                auto v = parse_count(value, 1000);
                if (!v) bad("a whole number from 1 to 1000");
                else { b.n = *v; has_n = true; }
            } else {
                add(Severity::Warning, codes::load_unknown_key, "model", who + ": unknown model parameter '" + key + "'");
            }
        }
        if (b.trigger == Trigger::NthNew && !has_n && !b.broken)
            error(b, codes::model_bad_param, "model", who + ": trigger nth_new needs the parameter 'n'");
        if (b.trigger == Trigger::NthNew && !b.broken) {
            auto it = std::find(m_nth_models.begin(), m_nth_models.end(), b.model);
            if (it == m_nth_models.end()) it = m_nth_models.insert(m_nth_models.end(), b.model);
            b.nth_slot = static_cast<std::uint32_t>(it - m_nth_models.begin());
        }
    }

    void bind_facts(const rules::RuleMeta& meta, RuleBinding& b) {
        const std::string who = "rule '" + meta.id + "'";
        for (const auto& param : meta.facts) {
            // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
            const auto& key = param.first;
            const auto& value = param.second;
            auto bad = [&](std::string_view expected) {
                error(b, codes::model_bad_facts, "facts",
                      who + ": fact '" + key + "' must be " + std::string(expected) + ", found '" + value + "'");
            };
            if (key == "new_user") {
                auto v = parse_bool(value);
                if (!v) bad("true or false");
                else b.new_user = *v ? 1 : 0;
            } else if (key == "dormant_days" || key == "first_seen_within_days") {
                auto v = parse_count(value, 36500);
                if (!v) { bad("a whole number of days from 1 to 36500"); continue; }
                (key == "dormant_days" ? b.dormant_ms : b.first_seen_within_ms) = static_cast<std::int64_t>(*v) * k_day_ms;
            } else {
                // An ignored condition would widen the rule, so this is an error, not a warning.
                error(b, codes::model_bad_facts, "facts",
                      who + ": unknown fact '" + key + "'; use new_user, dormant_days or first_seen_within_days");
            }
        }
    }

    void bind_session(const rules::RuleMeta& meta, RuleBinding& b) {
        const std::string who = "rule '" + meta.id + "'";
        const std::string* distinct = nullptr;
        for (const auto& param : meta.session_params) {
            // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
            const auto& key = param.first;
            const auto& value = param.second;
            auto bad = [&](std::string_view expected) {
                error(b, codes::model_bad_session, "session",
                      who + ": session '" + key + "' must be " + std::string(expected) + ", found '" + value + "'");
            };
            if (key == "distinct") {
                if (value.empty()) bad("a field name");
                else distinct = &value;
            } else if (key == "gte" || key == "count") {
                auto v = parse_count(value, 1'000'000);
                if (!v) bad("a whole number from 1 to 1000000");
                else (key == "gte" ? b.session_gte : b.session_count) = *v;
            } else {
                error(b, codes::model_bad_session, "session",
                      who + ": unknown session key '" + key + "'; use distinct with gte, or count");
            }
        }
        if (b.broken) return;
        const bool has_gte = meta.session_params.count("gte") != 0;
        const bool has_count = meta.session_params.count("count") != 0;
        if (distinct && has_count) {
            error(b, codes::model_bad_session, "session", who + ": session takes either distinct (with gte) or count, not both");
        } else if (distinct && !has_gte) {
            error(b, codes::model_bad_session, "session", who + ": session distinct needs gte");
        } else if (!distinct && has_gte) {
            error(b, codes::model_bad_session, "session", who + ": session gte needs distinct");
        } else if (distinct) {
            const FieldId field = m_registry.intern(*distinct);
            auto it = std::find(m_session_fields.begin(), m_session_fields.end(), field);
            if (it == m_session_fields.end()) {
                it = m_session_fields.insert(m_session_fields.end(), field);
                m_session_names.push_back(*distinct);
            }
            b.session_field = static_cast<std::uint32_t>(it - m_session_fields.begin());
        }
    }

    const ModelSet& m_models;
    FieldRegistry& m_registry;
    LoadResult& m_result;
    std::vector<FieldId>& m_session_fields;
    std::vector<std::string>& m_session_names;
    std::vector<std::uint32_t>& m_nth_models;
    const rules::RuleMeta* m_meta = nullptr;
};

} // namespace

LoadResult bind_rules(const ModelSet& models, const rules::RuleSet& rules, FieldRegistry& registry,
                      RuleBindings& out) {
    LoadResult result;
    RuleBindings bindings;
    Binder binder(models, registry, result, bindings.m_session_fields, bindings.m_session_names, bindings.m_nth_models);
    const auto count = static_cast<std::uint32_t>(rules.size());
    bindings.m_by_rule.assign(count, UINT32_MAX);
    bindings.m_rule_ids.reserve(count);
    for (std::uint32_t r = 0; r < count; ++r) {
        const rules::RuleMeta& meta = rules.meta(r);
        bindings.m_rule_ids.push_back(rules::item_label(meta));
        if (meta.model_ref.empty() && meta.model_trigger.empty() && meta.facts.empty() && meta.session_params.empty())
            continue;
        bindings.m_by_rule[r] = static_cast<std::uint32_t>(bindings.m_bindings.size());
        bindings.m_bindings.push_back(binder.bind(r, meta));
    }
    out = std::move(bindings);
    return result;
}

} // namespace trailproof::models
