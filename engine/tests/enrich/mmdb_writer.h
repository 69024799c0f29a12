#pragma once
// A small writer of the MaxMind DB format (v2.0), so tests build their own
// GeoIP databases instead of depending on a live one whose answers change.
// Format: https://maxmind.github.io/MaxMind-DB/ — a binary search tree over the
// address bits (24-bit records), 16 zero bytes, the data section, then
// "\xAB\xCD\xEFMaxMind.com" and the metadata map. IPv4 networks live under
// ::/96 of an IPv6 tree, as libmaxminddb expects.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tp_test {

// A data-section value: a map, a UTF-8 string or an unsigned integer.
struct MmdbValue {
    enum class Kind { Map, String, Uint16, Uint32 } kind = Kind::Map;
    std::string text;
    std::uint32_t number = 0;
    std::vector<std::pair<std::string, MmdbValue>> entries;

    static MmdbValue map(std::vector<std::pair<std::string, MmdbValue>> entries) {
        MmdbValue v;
        v.entries = std::move(entries);
        return v;
    }
    static MmdbValue str(std::string text) {
        MmdbValue v;
        v.kind = Kind::String;
        v.text = std::move(text);
        return v;
    }
    static MmdbValue u32(std::uint32_t number) {
        MmdbValue v;
        v.kind = Kind::Uint32;
        v.number = number;
        return v;
    }
    static MmdbValue u16(std::uint16_t number) {
        MmdbValue v;
        v.kind = Kind::Uint16;
        v.number = number;
        return v;
    }
};

struct MmdbNetwork {
    std::string cidr; // "203.0.113.0/24", "2001:db8:1::/48"
    MmdbValue data;
};

// The bytes of a database holding `networks` (nested networks allowed: the more
// specific wins). Throws std::runtime_error on a malformed CIDR.
std::string write_mmdb(const std::vector<MmdbNetwork>& networks, const std::string& database_type);

// Writes `bytes` to `path`; throws on failure.
void write_file(const std::string& path, const std::string& bytes);

} // namespace tp_test
