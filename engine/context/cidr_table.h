#pragma once
// Longest-prefix match from IP networks to a 32-bit value, as a sorted table of
// disjoint address ranges (one per family). Built once at load; a lookup is one
// binary search, O(log n), with no allocation.
//
// Invariant after build(): ranges are sorted, disjoint, and every address maps to
// the value of the most specific network that contains it. CIDR blocks are either
// nested or disjoint, so nesting is flattened with a stack in one sweep.
// tests/context/cidr_table_test.cpp holds the edges (first/last address, one
// outside, nested, 0.0.0.0/0, IPv6).

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "context/ip_address.h"

namespace trailproof::context {

class CidrTable {
public:
    // Adds a network before build(). Index = order of add(), starting at 0.
    void add(const IpNetwork& network, std::uint32_t value);

    // Sorts and flattens. The same network added twice keeps the first value;
    // returns (first index, repeated index) for each repetition so the caller can
    // report or ignore it.
    std::vector<std::pair<std::size_t, std::size_t>> build();

    // Value of the most specific network containing `address`; false when none.
    [[nodiscard]] bool find(const IpAddress& address, std::uint32_t& value) const noexcept;
    [[nodiscard]] bool contains(const IpAddress& address) const noexcept {
        std::uint32_t ignored = 0;
        return find(address, ignored);
    }

    // Networks added (before deduplication).
    [[nodiscard]] std::size_t network_count() const noexcept { return m_pending.size(); }
    // Disjoint ranges after build() (adjacent ranges with one value are merged).
    [[nodiscard]] std::size_t range_count() const noexcept { return m_v4.size() + m_v6.size(); }

private:
    struct Range {
        IpKey first;
        IpKey last;
        std::uint32_t value = 0;
    };
    struct Pending {
        IpKey first;
        IpKey last;
        int prefix = 0;
        bool v6 = false;
        std::uint32_t value = 0;
        std::size_t index = 0;
    };
    static std::vector<Range> flatten(std::vector<Pending>& nets, IpKey max);

    std::vector<Pending> m_pending;
    std::vector<Range> m_v4;
    std::vector<Range> m_v6;
};

} // namespace trailproof::context
