#include "correlate/group_key.h"

#include <cstdint>

namespace trailproof::correlate {

namespace {

constexpr char k_escape = '\x00';
constexpr char k_zero = '\xff'; // after k_escape: a 0x00 byte of the part
constexpr char k_end = '\x01';  // after k_escape: the end of the part

// Walks `key` part by part; `on_byte(c)` gets each unescaped byte and
// `on_end()` each part end. Returns false at a malformed encoding.
template <typename OnByte, typename OnEnd>
bool walk(std::string_view key, OnByte on_byte, OnEnd on_end) {
    bool open = false; // inside a part that has not ended yet
    for (std::size_t i = 0; i < key.size(); ++i) {
        open = true;
        if (key[i] != k_escape) {
            on_byte(key[i]);
            continue;
        }
        if (++i == key.size()) return false;
        if (key[i] == k_zero) {
            on_byte(k_escape);
        } else if (key[i] == k_end) {
            on_end();
            open = false;
        } else {
            return false;
        }
    }
    return !open;
}

} // namespace

void append_key_part(std::string& key, std::string_view part) {
    for (char c : part) {
        key.push_back(c);
        if (c == k_escape) key.push_back(k_zero);
    }
    key.push_back(k_escape);
    key.push_back(k_end);
}

bool decode_key(std::string_view key, std::vector<std::string>& parts) {
    parts.clear();
    std::string current;
    return walk(key, [&](char c) { current.push_back(c); },
                [&] {
                    parts.push_back(std::move(current));
                    current.clear();
                });
}

std::size_t count_key_parts(std::string_view key) noexcept {
    std::size_t n = 0;
    return walk(key, [](char) {}, [&] { ++n; }) ? n : SIZE_MAX;
}

} // namespace trailproof::correlate
