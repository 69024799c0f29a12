#include "core/diagnostic_codes.h"
#include "state/state_codec.h"

#include "core/byte_codec.h"
#include "state/checksum.h"

namespace trailproof::state {

std::string_view state_code_id(StateCode code) noexcept {
    switch (code) {
    case StateCode::Ok: return "state.ok";
    case StateCode::Missing: return codes::state_missing;
    case StateCode::Unreadable: return codes::state_unreadable;
    case StateCode::Empty: return codes::state_empty;
    case StateCode::NotState: return codes::state_not_state;
    case StateCode::WrongVersion: return codes::state_wrong_version;
    case StateCode::Truncated: return codes::state_truncated;
    case StateCode::ChecksumMismatch: return codes::state_checksum;
    case StateCode::Corrupt: return codes::state_corrupt;
    case StateCode::WriteFailed: return codes::state_write_failed;
    }
    return codes::state_corrupt;
}

namespace {

using models::StateImage;

enum Section : std::uint32_t {
    Strings = 1, Models, Entities, Values, Users, Sessions, Alerts, Sets, Refs, NewCounts,
};

// ------------------------------------------------------------------ records
// One function per record type and direction; read returns false past the end.

void put(ByteWriter& w, const StateImage::Model& r) {
    w.u32(r.id); w.u32(r.signature); w.u32(r.first_entity); w.u32(r.entity_count); w.u32(r.timed);
}
bool get(ByteReader& r, StateImage::Model& v) {
    return r.u32(v.id) && r.u32(v.signature) && r.u32(v.first_entity) && r.u32(v.entity_count) && r.u32(v.timed);
}

void put(ByteWriter& w, const StateImage::Entity& r) {
    w.u32(r.key); w.u64(r.total); w.u32(r.overflow); w.u32(r.first_value); w.u32(r.value_count); w.u32(r.days); w.i64(r.last_day); w.u64(r.day_mask);
}
bool get(ByteReader& r, StateImage::Entity& v) {
    return r.u32(v.key) && r.u64(v.total) && r.u32(v.overflow) && r.u32(v.first_value) && r.u32(v.value_count) &&
           r.u32(v.days) && r.i64(v.last_day) && r.u64(v.day_mask);
}

void put(ByteWriter& w, const StateImage::Value& r) { w.u32(r.text); w.u64(r.count); w.i64(r.last_seen_ms); }
bool get(ByteReader& r, StateImage::Value& v) { return r.u32(v.text) && r.u64(v.count) && r.i64(v.last_seen_ms); }

void put(ByteWriter& w, const StateImage::User& r) { w.u32(r.key); w.i64(r.first_seen_ms); w.i64(r.last_seen_ms); w.u64(r.events); w.u32(r.session); }
bool get(ByteReader& r, StateImage::User& v) { return r.u32(v.key) && r.i64(v.first_seen_ms) && r.i64(v.last_seen_ms) && r.u64(v.events) && r.u32(v.session); }

void put(ByteWriter& w, const StateImage::Session& r) {
    w.i64(r.start_ms); w.i64(r.last_ms); w.u64(r.events); w.i64(r.score); w.u32(r.reported); w.u32(r.dropped_alerts);
    w.u32(r.first_alert); w.u32(r.alert_count); w.u32(r.first_set); w.u32(r.set_count); w.u32(r.first_new); w.u32(r.new_count);
}
bool get(ByteReader& r, StateImage::Session& v) {
    return r.i64(v.start_ms) && r.i64(v.last_ms) && r.u64(v.events) && r.i64(v.score) && r.u32(v.reported) &&
           r.u32(v.dropped_alerts) && r.u32(v.first_alert) && r.u32(v.alert_count) && r.u32(v.first_set) &&
           r.u32(v.set_count) && r.u32(v.first_new) && r.u32(v.new_count);
}

void put(ByteWriter& w, const StateImage::Alert& r) { w.u32(r.rule); w.i64(r.time_ms); w.i32(r.score); w.u32(r.event); }
bool get(ByteReader& r, StateImage::Alert& v) {
    return r.u32(v.rule) && r.i64(v.time_ms) && r.i32(v.score) && r.u32(v.event);
}

void put(ByteWriter& w, const StateImage::Set& r) { w.u32(r.field); w.u32(r.first_ref); w.u32(r.ref_count); }
bool get(ByteReader& r, StateImage::Set& v) { return r.u32(v.field) && r.u32(v.first_ref) && r.u32(v.ref_count); }

void put(ByteWriter& w, std::uint32_t r) { w.u32(r); }
bool get(ByteReader& r, std::uint32_t& v) { return r.u32(v); }

void put(ByteWriter& w, const StateImage::NewCount& r) { w.u32(r.model); w.u32(r.count); }
bool get(ByteReader& r, StateImage::NewCount& v) { return r.u32(v.model) && r.u32(v.count); }

void put(ByteWriter& w, std::string_view s) {
    w.u32(static_cast<std::uint32_t>(s.size()));
    w.bytes(s);
}
bool get(ByteReader& r, std::string_view& v) {
    std::uint32_t n = 0;
    return r.u32(n) && r.bytes(n, v);
}

template <class T>
void put_section(ByteWriter& w, Section kind, const std::vector<T>& records) {
    w.u32(kind);
    const std::size_t length_at = w.size();
    w.u64(0);
    const std::size_t begin = w.size();
    w.u64(records.size());
    for (const auto& r : records) put(w, r);
    w.patch_u64(length_at, w.size() - begin);
}

// Reads one section of `kind` into `records`; `error` says what was wrong.
template <class T>
bool get_section(ByteReader& payload, Section kind, std::string_view name, std::vector<T>& records, std::string& error) {
    std::uint32_t found = 0;
    std::uint64_t length = 0;
    std::string_view body;
    if (!payload.u32(found) || !payload.u64(length) || !payload.bytes(length, body)) {
        error = "section " + std::string(name) + " is cut short";
        return false;
    }
    if (found != kind) {
        error = "expected section " + std::string(name) + " (" + std::to_string(kind) + "), found section " +
                std::to_string(found);
        return false;
    }
    ByteReader r(body);
    std::uint64_t count = 0;
    if (!r.u64(count) || count > body.size()) {
        error = "section " + std::string(name) + " has a bad record count";
        return false;
    }
    records.resize(static_cast<std::size_t>(count));
    for (auto& rec : records)
        if (!get(r, rec)) {
            error = "section " + std::string(name) + " ends inside a record";
            return false;
        }
    if (r.remaining() != 0) {
        error = "section " + std::string(name) + " has " + std::to_string(r.remaining()) + " bytes after its records";
        return false;
    }
    return true;
}

StateResult codec_fail(StateCode code, std::string_view name, std::string what) {
    return {code, std::string(name) + ": " + what, {}};
}

} // namespace

std::string encode_image(const StateImage& image) {
    std::string payload;
    ByteWriter w(payload);
    put_section(w, Strings, image.strings);
    put_section(w, Models, image.models);
    put_section(w, Entities, image.entities);
    put_section(w, Values, image.values);
    put_section(w, Users, image.users);
    put_section(w, Sessions, image.sessions);
    put_section(w, Alerts, image.alerts);
    put_section(w, Sets, image.sets);
    put_section(w, Refs, image.refs);
    put_section(w, NewCounts, image.new_counts);

    return frame_payload(k_state_magic, k_state_version, payload);
}

StateResult decode_image(std::string_view bytes, std::string_view name, StateImage& image) {
    image = StateImage{};
    std::string_view payload;
    if (StateResult frame = read_frame(bytes, k_state_magic, k_state_version, name, payload); !frame.ok())
        return frame;

    ByteReader p(payload);
    std::string error;
    const bool ok = get_section(p, Strings, "strings", image.strings, error) &&
                    get_section(p, Models, "models", image.models, error) &&
                    get_section(p, Entities, "entities", image.entities, error) &&
                    get_section(p, Values, "values", image.values, error) &&
                    get_section(p, Users, "users", image.users, error) &&
                    get_section(p, Sessions, "sessions", image.sessions, error) &&
                    get_section(p, Alerts, "alerts", image.alerts, error) &&
                    get_section(p, Sets, "sets", image.sets, error) &&
                    get_section(p, Refs, "refs", image.refs, error) &&
                    get_section(p, NewCounts, "new_counts", image.new_counts, error);
    if (!ok) return codec_fail(StateCode::Corrupt, name, "state file is corrupt (" + error + ")");
    if (p.remaining() != 0)
        return codec_fail(StateCode::Corrupt, name,
                    "state file is corrupt (" + std::to_string(p.remaining()) + " bytes after the last section)");
    return {};
}

} // namespace trailproof::state
