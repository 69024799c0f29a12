// CorrelationState::save / load: the byte form of the windows (README "Byte
// form"). Canonical: correlations in set order, groups in key order, entries in
// window order, so equal states give equal bytes. load() validates everything it
// later relies on (key shape, time order, slots, values), so damaged bytes are an
// exact error, never a broken invariant.

#include <map>

#include "core/byte_codec.h"
#include "correlate/correlation_state.h"
#include "correlate/group_key.h"

namespace trailproof::correlate {

namespace {

constexpr std::string_view k_magic = "TPCR";
constexpr std::uint32_t k_version = 1;
constexpr std::string_view k_prefix = "correlation state: ";

} // namespace

void CorrelationState::save(std::string& out) const {
    ByteWriter w(out);
    out.append(k_magic);
    w.u32(k_version);
    w.u8(m_has_clock ? 1 : 0);
    w.i64(m_clock);
    w.u32(static_cast<std::uint32_t>(m_set.order().size()));
    for (std::uint32_t c = 0; c < m_set.size(); ++c) {
        const CompiledCorrelation& cc = m_set.correlation(c);
        if (!cc.enabled) continue;
        const Runtime& rt = m_runtime[c];
        w.str(cc.key);
        w.str(cc.signature);
        for (std::uint64_t v : {rt.stats.inputs, rt.stats.late, rt.stats.missing_field, rt.stats.overflow,
                                rt.stats.fired, rt.stats.closed})
            w.u64(v);
        w.u32(static_cast<std::uint32_t>(rt.groups.size()));
        for (const auto& [key, group] : rt.groups.groups()) {
            w.str(key);
            w.u32(static_cast<std::uint32_t>(group.window.size()));
            for (const WindowEntry& e : group.window.entries()) {
                w.i64(e.time_ms);
                w.u32(e.slot);
                w.str(e.value);
            }
        }
    }
}

bool CorrelationState::load(std::string_view bytes, std::string& error) {
    std::vector<std::string> notes;
    return load(bytes, error, notes);
}

bool CorrelationState::load(std::string_view bytes, std::string& error, std::vector<std::string>& notes) {
    clear();
    error.clear();
    ByteReader r(bytes);
    auto fail = [&](std::string message) {
        error = std::string(k_prefix) + message;
        return false;
    };
    auto truncated = [&] { return fail("truncated at byte " + std::to_string(r.offset())); };

    if (bytes.substr(0, k_magic.size()) != k_magic) return fail("not a correlation state (no TPCR header)");
    std::uint32_t version = 0;
    std::uint8_t has_clock = 0;
    std::int64_t clock = 0;
    std::uint32_t count = 0;
    (void)r.u32(version); // the magic, already checked
    if (!r.u32(version)) return truncated();
    if (version != k_version)
        return fail("version " + std::to_string(version) + " is not supported (this build reads version " +
                    std::to_string(k_version) + ")");
    if (!r.u8(has_clock) || !r.i64(clock) || !r.u32(count)) return truncated();
    if (has_clock > 1) return fail("bad clock flag " + std::to_string(has_clock));

    std::map<std::string_view, std::uint32_t, std::less<>> by_key;
    for (std::uint32_t c = 0; c < m_set.size(); ++c)
        if (m_set.correlation(c).enabled) by_key.emplace(m_set.correlation(c).key, c);

    std::vector<Runtime> runtime(m_set.size());
    std::vector<std::uint8_t> seen(m_set.size(), 0);
    std::map<std::string, int, std::less<>> saved_keys;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string_view key, signature;
        if (!r.str(key) || !r.str(signature)) return truncated();
        if (!saved_keys.emplace(std::string(key), 0).second)
            return fail("correlation '" + std::string(key) + "' appears twice");
        CorrelationStats stats;
        for (std::uint64_t* v : {&stats.inputs, &stats.late, &stats.missing_field, &stats.overflow, &stats.fired,
                                 &stats.closed})
            if (!r.u64(*v)) return truncated();
        std::uint32_t groups = 0;
        if (!r.u32(groups)) return truncated();

        // Saved state of a correlation that is gone or changed is read (to check
        // and skip it) but not kept.
        const CompiledCorrelation* cc = nullptr;
        std::uint32_t index = 0;
        if (auto it = by_key.find(key); it == by_key.end()) {
            notes.push_back(std::string(k_prefix) + "dropped saved state of correlation '" + std::string(key) +
                            "': it is not in the loaded content");
        } else if (m_set.correlation(it->second).signature != signature) {
            notes.push_back(std::string(k_prefix) + "dropped saved state of correlation '" + std::string(key) +
                            "': its definition changed");
        } else {
            index = it->second;
            cc = &m_set.correlation(index);
            seen[index] = 1;
            runtime[index].stats = stats;
        }
        const std::string where = "correlation '" + std::string(key) + "': ";

        std::string_view previous;
        for (std::uint32_t g = 0; g < groups; ++g) {
            std::string_view group_key;
            std::uint32_t entries = 0;
            if (!r.str(group_key) || !r.u32(entries)) return truncated();
            if (g > 0 && !(previous < group_key)) return fail(where + "group keys out of order");
            previous = group_key;
            const std::size_t parts = count_key_parts(group_key);
            if (parts == SIZE_MAX) return fail(where + "malformed group key");
            if (cc && parts != cc->group_by.size())
                return fail(where + "group key holds " + std::to_string(parts) + " values, group-by has " +
                            std::to_string(cc->group_by.size()));
            if (entries == 0) return fail(where + "empty group");
            Group* group = cc ? &runtime[index].groups.create(group_key, cc->refs.size()) : nullptr;
            std::int64_t last = 0;
            for (std::uint32_t e = 0; e < entries; ++e) {
                WindowEntry entry;
                std::string_view value;
                if (!r.i64(entry.time_ms) || !r.u32(entry.slot) || !r.str(value)) return truncated();
                if (e > 0 && entry.time_ms < last) return fail(where + "entries out of time order");
                last = entry.time_ms;
                if (!cc) continue;
                if (entry.slot >= cc->refs.size() || cc->refs[entry.slot].slot != entry.slot)
                    return fail(where + "slot " + std::to_string(entry.slot) + " is not a rule of the correlation");
                const bool value_type = cc->source.type == rules::CorrelationType::ValueCount;
                if (value_type ? count_key_parts(value) != cc->source.condition_fields.size() || value.empty()
                               : !value.empty())
                    return fail(where + "bad value in a group entry");
                entry.value = std::string(value);
                group->window.insert(std::move(entry));
            }
            if (group)
                runtime[index].groups.set_deadline(
                    *group, window_deadline(cc->mode == FireMode::Rising, cc->timespan_ms, group->window));
        }
    }
    if (r.remaining() != 0) return fail(std::to_string(r.remaining()) + " bytes after the end");
    for (std::uint32_t c = 0; c < m_set.size(); ++c)
        if (!seen[c]) runtime[c] = Runtime{};
    m_runtime = std::move(runtime);
    m_clock = clock;
    m_has_clock = has_clock != 0;
    return true;
}

} // namespace trailproof::correlate
