#pragma once
// A compound key (group-by values, or a value_count tuple) as one byte string
// that sorts like the tuple of its parts: each part's bytes with 0x00 written as
// 0x00 0xFF, then the terminator 0x00 0x01. Unlike a plain separator this keeps
// ("a,b", "c") and ("a", "b,c") apart, and byte order of encoded keys is the
// order of the values ("alice" < "bob"), which makes group order readable and
// deterministic.

#include <string>
#include <string_view>
#include <vector>

namespace trailproof::correlate {

// Appends one part to `key`.
void append_key_part(std::string& key, std::string_view part);

// Splits `key` into its parts (`parts` is cleared first). Returns false, with
// `parts` unspecified, when `key` is not a well-formed encoding.
[[nodiscard]] bool decode_key(std::string_view key, std::vector<std::string>& parts);

// Number of parts of a well-formed key, or SIZE_MAX when malformed. No allocation.
[[nodiscard]] std::size_t count_key_parts(std::string_view key) noexcept;

} // namespace trailproof::correlate
