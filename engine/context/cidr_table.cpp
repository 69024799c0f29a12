#include "context/cidr_table.h"

#include <algorithm>
#include <tuple>

namespace trailproof::context {

namespace {

IpKey next(IpKey k) noexcept {
    if (++k.lo == 0) ++k.hi;
    return k;
}

IpKey prev(IpKey k) noexcept {
    if (k.lo-- == 0) --k.hi;
    return k;
}

} // namespace

void CidrTable::add(const IpNetwork& network, std::uint32_t value) {
    Pending p;
    p.first = network_first(network);
    p.last = network_last(network);
    p.prefix = network.prefix;
    p.v6 = network.base.v6;
    p.value = value;
    p.index = m_pending.size();
    m_pending.push_back(p);
}

std::vector<std::pair<std::size_t, std::size_t>> CidrTable::build() {
    std::vector<std::pair<std::size_t, std::size_t>> repeats;
    std::vector<Pending> v4, v6;
    for (const Pending& p : m_pending) (p.v6 ? v6 : v4).push_back(p);
    for (auto* list : {&v4, &v6}) {
        // Start ascending, then shorter prefix (the enclosing network) first, then add order.
        std::sort(list->begin(), list->end(), [](const Pending& a, const Pending& b) {
            return std::tie(a.first, a.prefix, a.index) < std::tie(b.first, b.prefix, b.index);
        });
        std::vector<Pending> unique;
        for (const Pending& p : *list) {
            if (!unique.empty() && unique.back().first == p.first && unique.back().prefix == p.prefix) {
                repeats.emplace_back(unique.back().index, p.index);
                continue;
            }
            unique.push_back(p);
        }
        *list = std::move(unique);
    }
    m_v4 = flatten(v4, IpKey{0, 0xFFFFFFFFull});
    m_v6 = flatten(v6, IpKey{~std::uint64_t{0}, ~std::uint64_t{0}});
    std::sort(repeats.begin(), repeats.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    return repeats;
}

std::vector<CidrTable::Range> CidrTable::flatten(std::vector<Pending>& nets, IpKey max) {
    std::vector<Range> out;
    auto emit = [&out](IpKey lo, IpKey hi, std::uint32_t value) {
        if (hi < lo) return;
        if (!out.empty() && out.back().value == value && next(out.back().last) == lo) {
            out.back().last = hi;
            return;
        }
        out.push_back(Range{lo, hi, value});
    };
    std::vector<const Pending*> open; // enclosing networks, outermost first
    IpKey cursor{};
    for (const Pending& n : nets) {
        // Close the networks that end before this one starts; each covers up to its end.
        while (!open.empty() && open.back()->last < n.first) {
            emit(cursor, open.back()->last, open.back()->value);
            cursor = next(open.back()->last); // last < n.first <= max: no wrap
            open.pop_back();
        }
        if (!open.empty() && cursor < n.first) emit(cursor, prev(n.first), open.back()->value);
        cursor = n.first;
        open.push_back(&n);
    }
    while (!open.empty()) {
        emit(cursor, open.back()->last, open.back()->value);
        // A network ending at the last address encloses nothing after it: stop before wrapping.
        if (open.back()->last == max) break;
        cursor = next(open.back()->last);
        open.pop_back();
    }
    return out;
}

bool CidrTable::find(const IpAddress& address, std::uint32_t& value) const noexcept {
    const std::vector<Range>& ranges = address.v6 ? m_v6 : m_v4;
    const IpKey key = ip_key(address);
    auto it = std::upper_bound(ranges.begin(), ranges.end(), key,
                               [](const IpKey& k, const Range& r) { return k < r.first; });
    if (it == ranges.begin()) return false;
    --it;
    if (key > it->last) return false;
    value = it->value;
    return true;
}

} // namespace trailproof::context
