#include "models/histogram.h"

#include <algorithm>
#include <cmath>

#include "core/civil_time.h"
#include "models/dense_array.h"
#include "models/open_index.h"

namespace trailproof::models {

std::int64_t utc_day(std::int64_t time_ms) noexcept { return floor_div(time_ms, k_ms_per_day); }

std::int32_t HistogramCounters::counted_day(std::int64_t time_ms) noexcept {
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(utc_day(time_ms), INT32_MIN + 1, INT32_MAX));
}

void HistogramCounters::note_other_day(std::int32_t day) noexcept {
    if (day > last_day) {
        const std::int64_t shift = static_cast<std::int64_t>(day) - last_day;
        day_mask = shift >= 64 ? 0 : day_mask << shift;
        day_mask |= 1;
        last_day = day;
    } else {
        const std::int64_t back = static_cast<std::int64_t>(last_day) - day;
        const std::uint64_t bit = back < 64 ? std::uint64_t{1} << back : 0;
        if (bit == 0 || (day_mask & bit) != 0) return; // too old to tell, or counted
        day_mask |= bit;
    }
    if (days < UINT32_MAX) ++days;
}

// The sizes README.md ("Memory") counts with.
static_assert(sizeof(HistogramCounters) == 40);
static_assert(sizeof(HistogramEntry) == 16);

namespace {

std::uint64_t mix_histogram_value(std::uint32_t histogram, ValueId value) noexcept {
    std::uint64_t x = (static_cast<std::uint64_t>(histogram) << 32) | value;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

} // namespace

std::uint32_t HistogramStore::add_histogram() {
    make_room(m_histograms);
    m_histograms.emplace_back();
    if (m_ages) {
        make_room(m_expiry);
        m_expiry.push_back(INT64_MAX);
    }
    if (m_times) {
        make_room(m_inline_seen);
        m_inline_seen.push_back(0);
    }
    return static_cast<std::uint32_t>(m_histograms.size() - 1);
}

std::size_t HistogramStore::home(std::uint32_t histogram, ValueId value) const noexcept {
    return index_home(static_cast<std::uint32_t>(mix_histogram_value(histogram, value) >> 32), m_index.size());
}

std::size_t HistogramStore::slot_of(std::uint32_t histogram, ValueId value) const noexcept {
    // m_index is at most 3/4 full, so the loop ends on an empty slot.
    const std::size_t slots = m_index.size();
    std::size_t i = home(histogram, value);
    for (;;) {
        const std::uint32_t e = m_index[i];
        if (e == 0) return i;
        const HistogramEntry& entry = m_entries[e - 1];
        if (entry.value == value && entry.histogram == histogram) return i;
        i = index_next(i, slots);
    }
}

std::optional<StoredValue> HistogramStore::find(std::uint32_t histogram, ValueId value) const noexcept {
    if (value == k_no_value) return std::nullopt;
    const HistogramCounters& h = m_histograms[histogram];
    if (h.is_inline()) {
        if (h.first_value != value) return std::nullopt;
        return StoredValue{value, h.total, inline_seen(histogram)};
    }
    if (m_stored == 0) return std::nullopt;
    const std::uint32_t e = m_index[slot_of(histogram, value)];
    if (e == 0) return std::nullopt;
    return StoredValue{value, count(m_entries[e - 1]), entry_seen(e - 1)};
}

std::uint64_t HistogramStore::count(std::uint32_t histogram, ValueId value) const noexcept {
    if (value == k_no_value) return 0;
    const HistogramCounters& h = m_histograms[histogram];
    if (h.is_inline()) return h.first_value == value ? h.total : 0;
    if (m_stored == 0) return 0;
    const std::uint32_t e = m_index[slot_of(histogram, value)];
    return e == 0 ? 0 : count(m_entries[e - 1]);
}

void HistogramStore::grow_index() {
    std::vector<std::uint32_t> index(grown_index(m_index.size(), 16), 0);
    m_index.swap(index);
    const std::size_t slots = m_index.size();
    for (std::uint32_t e = 0; e < m_entries.size(); ++e) {
        if (m_entries[e].histogram == k_no_histogram) continue;
        // Entries are distinct: the first empty slot from the home slot is the one (no comparison).
        std::size_t i = home(m_entries[e].histogram, m_entries[e].value);
        while (m_index[i] != 0) i = index_next(i, slots);
        m_index[i] = e + 1;
    }
}

std::uint32_t HistogramStore::new_entry() {
    if (m_free_entry != k_no_index) {
        const std::uint32_t e = m_free_entry;
        m_free_entry = m_entries[e].next;
        return e;
    }
    make_room(m_entries);
    m_entries.emplace_back();
    if (m_times) {
        make_room(m_entry_seen);
        m_entry_seen.push_back(0);
    }
    return static_cast<std::uint32_t>(m_entries.size() - 1);
}

void HistogramStore::erase_from_index(std::size_t slot) noexcept {
    // Backward-shift deletion (linear probing): pull later entries of the run
    // into the hole unless their home lies cyclically in (hole, position].
    const std::size_t slots = m_index.size();
    std::size_t hole = slot;
    for (std::size_t j = index_next(slot, slots); m_index[j] != 0; j = index_next(j, slots)) {
        const HistogramEntry& entry = m_entries[m_index[j] - 1];
        const std::size_t k = home(entry.histogram, entry.value);
        const bool stays = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
        if (stays) continue;
        m_index[hole] = m_index[j];
        hole = j;
    }
    m_index[hole] = 0;
}

std::uint32_t HistogramStore::new_bucket(std::uint64_t count) {
    static_assert(sizeof(Bucket) == 20); // README.md "Memory"
    std::uint32_t b;
    if (m_free_bucket != k_no_index) {
        b = m_free_bucket;
        m_free_bucket = m_buckets[b].next;
    } else {
        make_room(m_buckets);
        m_buckets.emplace_back();
        b = static_cast<std::uint32_t>(m_buckets.size() - 1);
    }
    m_buckets[b] = bucket_of(count);
    return b;
}

void HistogramStore::free_bucket(HistogramCounters& h, std::uint32_t b) noexcept {
    Bucket& bucket = m_buckets[b];
    if (bucket.prev != k_no_index) m_buckets[bucket.prev].next = bucket.next;
    else h.first_bucket = bucket.next;
    if (bucket.next != k_no_index) m_buckets[bucket.next].prev = bucket.prev;
    bucket.next = m_free_bucket;
    bucket.prev = k_no_index;
    m_free_bucket = b;
}

void HistogramStore::step_up(HistogramCounters& h, HistogramEntry& entry) {
    const std::uint32_t from = entry.bucket;
    std::uint64_t count = 0;
    std::uint32_t after = k_no_index; // the bucket the new count follows in the list
    std::uint32_t next = h.first_bucket;
    if (from != k_no_index) {
        count = m_buckets[from].count();
        if (count == UINT64_MAX) return; // saturated: stays
        after = from;
        next = m_buckets[from].next;
    }
    std::uint32_t to = next;
    if (next == k_no_index || m_buckets[next].count() != count + 1) {
        to = new_bucket(count + 1);
        m_buckets[to].prev = after;
        m_buckets[to].next = next;
        if (after != k_no_index) m_buckets[after].next = to;
        else h.first_bucket = to;
        if (next != k_no_index) m_buckets[next].prev = to;
    }
    ++m_buckets[to].values;
    entry.bucket = to;
    if (from != k_no_index && --m_buckets[from].values == 0) free_bucket(h, from);
}

std::optional<StoredValue> HistogramStore::observe(std::uint32_t histogram, ValueId value, std::int64_t now_ms,
                                                   bool may_add) {
    {
        HistogramCounters& h = m_histograms[histogram];
        if (h.is_inline()) {
            if (h.first_value == value) {
                if (h.total < UINT64_MAX) ++h.total;
                if (m_times && now_ms > m_inline_seen[histogram]) m_inline_seen[histogram] = now_ms;
                return StoredValue{value, h.total, inline_seen(histogram)};
            }
            if (!may_add) return std::nullopt;
            spill(histogram); // a second value: both go to the table
        } else if (h.distinct == 0 && h.total == 0 && h.first_value == k_no_index) {
            if (!may_add) return std::nullopt;
            h.first_value = value; // the first value: inline, its count is N
            h.first_bucket = HistogramCounters::k_inline;
            if (m_times) m_inline_seen[histogram] = now_ms;
            h.distinct = 1;
            h.total = 1;
            return StoredValue{value, 1, inline_seen(histogram)};
        }
    }
    if (index_over(m_stored + 1, m_index.size())) grow_index();
    const std::size_t slot = slot_of(histogram, value);
    std::uint32_t e = m_index[slot];
    HistogramCounters& h = m_histograms[histogram];
    if (e == 0) {
        if (!may_add) return std::nullopt;
        const std::uint32_t fresh = new_entry();
        HistogramEntry& entry = m_entries[fresh];
        entry = HistogramEntry{histogram, value, k_no_index, h.first_value};
        if (m_times) m_entry_seen[fresh] = INT64_MIN;
        h.first_value = fresh;
        m_index[slot] = fresh + 1;
        ++m_stored;
        ++h.distinct;
        e = fresh + 1;
    }
    HistogramEntry& entry = m_entries[e - 1];
    step_up(h, entry);
    if (h.total < UINT64_MAX) ++h.total;
    if (m_times && now_ms > m_entry_seen[e - 1]) m_entry_seen[e - 1] = now_ms;
    return StoredValue{value, count(entry), entry_seen(e - 1)};
}

void HistogramStore::spill(std::uint32_t histogram) {
    if (index_over(m_stored + 1, m_index.size())) grow_index();
    HistogramCounters& h = m_histograms[histogram];
    const ValueId value = h.first_value;
    const std::size_t slot = slot_of(histogram, value);
    const std::uint32_t fresh = new_entry();
    const std::uint32_t b = new_bucket(h.total); // its count is N (>= 1)
    m_buckets[b].values = 1;
    m_entries[fresh] = HistogramEntry{histogram, value, b, k_no_index};
    if (m_times) {
        m_entry_seen[fresh] = m_inline_seen[histogram];
        m_inline_seen[histogram] = 0;
    }
    h.first_value = fresh;
    h.first_bucket = b;
    m_index[slot] = fresh + 1;
    ++m_stored;
}

void HistogramStore::drop_entry(HistogramCounters& h, std::uint32_t e) noexcept {
    HistogramEntry& entry = m_entries[e];
    if (entry.bucket != k_no_index && --m_buckets[entry.bucket].values == 0) free_bucket(h, entry.bucket);
    erase_from_index(slot_of(entry.histogram, entry.value));
    --m_stored;
    entry = HistogramEntry{k_no_histogram, k_no_value, k_no_index, m_free_entry};
    if (m_times) m_entry_seen[e] = 0;
    m_free_entry = e;
}

void HistogramStore::take_inline(std::uint32_t histogram) noexcept {
    HistogramCounters& h = m_histograms[histogram];
    const std::uint32_t e = h.first_value;
    const ValueId value = m_entries[e].value;
    const std::int64_t seen = entry_seen(e);
    drop_entry(h, e);
    h.first_value = value;
    h.first_bucket = HistogramCounters::k_inline;
    if (m_times) m_inline_seen[histogram] = seen;
}

std::uint64_t HistogramStore::tail(std::uint32_t histogram, std::uint64_t count) const noexcept {
    const HistogramCounters& h = m_histograms[histogram];
    if (h.is_inline()) return h.total <= count ? h.total : 0;
    std::uint64_t sum = 0;
    for (std::uint32_t b = m_histograms[histogram].first_bucket; b != k_no_index && m_buckets[b].count() <= count;
         b = m_buckets[b].next) {
        const std::uint64_t add = m_buckets[b].count() * m_buckets[b].values;
        sum = add > UINT64_MAX - sum ? UINT64_MAX : sum + add;
    }
    return sum;
}

bool HistogramStore::tail_below(std::uint32_t histogram, std::uint64_t count, double limit) const noexcept {
    const HistogramCounters& h = m_histograms[histogram];
    if (h.is_inline()) return (h.total <= count ? static_cast<double>(h.total) : 0.0) < limit;
    double sum = 0;
    for (std::uint32_t b = m_histograms[histogram].first_bucket; b != k_no_index && m_buckets[b].count() <= count;
         b = m_buckets[b].next)
        if ((sum += static_cast<double>(m_buckets[b].count()) * static_cast<double>(m_buckets[b].values)) >= limit)
            return false;
    return sum < limit;
}

std::int64_t HistogramStore::remove_older(std::uint32_t histogram, std::int64_t cutoff_ms) noexcept {
    HistogramCounters& h = m_histograms[histogram];
    if (h.is_inline()) {
        if (inline_seen(histogram) > cutoff_ms) return inline_seen(histogram);
        h.total = 0;
        h.distinct = 0;
        h.first_value = k_no_index;
        h.first_bucket = k_no_index;
        if (m_times) m_inline_seen[histogram] = 0;
        return INT64_MAX;
    }
    std::int64_t oldest = INT64_MAX;
    std::uint32_t* link = &h.first_value;
    while (*link != k_no_index) {
        const std::uint32_t e = *link;
        HistogramEntry& entry = m_entries[e];
        if (entry_seen(e) > cutoff_ms) {
            oldest = std::min(oldest, entry_seen(e));
            link = &entry.next;
            continue;
        }
        *link = entry.next;
        const std::uint64_t count = this->count(entry);
        h.total -= std::min(h.total, count);
        if (h.distinct > 0) --h.distinct;
        drop_entry(h, e);
    }
    if (h.distinct == 1 && h.first_value != k_no_index && count(m_entries[h.first_value]) == h.total)
        take_inline(histogram);
    return oldest;
}

void HistogramStore::load(std::uint32_t histogram, std::vector<StoredValue>& values, std::uint64_t total) {
    if (values.size() == 1 && values.front().count == total && total > 0) {
        HistogramCounters& h = m_histograms[histogram];
        h.first_value = values.front().value;
        h.first_bucket = HistogramCounters::k_inline;
        if (m_times) m_inline_seen[histogram] = values.front().last_seen_ms;
        h.distinct = 1;
        h.total = total;
        return;
    }
    std::sort(values.begin(), values.end(), [](const StoredValue& a, const StoredValue& b) { return a.count < b.count; });
    std::uint32_t last = k_no_index;
    for (const StoredValue& v : values) {
        if (index_over(m_stored + 1, m_index.size())) grow_index();
        const std::size_t slot = slot_of(histogram, v.value);
        if (m_index[slot] != 0) continue; // a value twice: keep the first
        HistogramCounters& h = m_histograms[histogram];
        if (last == k_no_index || m_buckets[last].count() != v.count) {
            const std::uint32_t b = new_bucket(v.count);
            m_buckets[b].prev = last;
            if (last != k_no_index) m_buckets[last].next = b;
            else h.first_bucket = b;
            last = b;
        }
        ++m_buckets[last].values;
        const std::uint32_t fresh = new_entry();
        m_entries[fresh] = HistogramEntry{histogram, v.value, last, h.first_value};
        if (m_times) m_entry_seen[fresh] = v.last_seen_ms;
        h.first_value = fresh;
        m_index[slot] = fresh + 1;
        ++m_stored;
        ++h.distinct;
    }
    HistogramCounters& h = m_histograms[histogram];
    h.total = total;
    if (h.distinct == 1 && count(m_entries[h.first_value]) == total) take_inline(histogram);
}

void HistogramStore::values(std::uint32_t histogram, std::vector<StoredValue>& out) const {
    const HistogramCounters& h = m_histograms[histogram];
    if (h.is_inline()) {
        out.push_back({h.first_value, h.total, inline_seen(histogram)});
        return;
    }
    for (std::uint32_t e = m_histograms[histogram].first_value; e != k_no_index; e = m_entries[e].next)
        out.push_back({m_entries[e].value, count(m_entries[e]), entry_seen(e)});
}

std::size_t HistogramStore::bytes() const noexcept {
    return m_histograms.capacity() * sizeof(HistogramCounters) + m_expiry.capacity() * sizeof(std::int64_t) +
           m_inline_seen.capacity() * sizeof(std::int64_t) + m_entries.capacity() * sizeof(HistogramEntry) +
           m_entry_seen.capacity() * sizeof(std::int64_t) +
           m_index.capacity() * sizeof(std::uint32_t) + m_buckets.capacity() * sizeof(Bucket);
}

void HistogramStore::clear() noexcept {
    m_histograms.clear();
    m_expiry.clear();
    m_inline_seen.clear();
    m_entries.clear();
    m_entry_seen.clear();
    m_index.clear();
    m_buckets.clear();
    m_stored = 0;
    m_free_entry = k_no_index;
    m_free_bucket = k_no_index;
}

} // namespace trailproof::models
