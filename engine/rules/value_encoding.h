#pragma once
// Byte encodings behind the base64, base64offset and utf16/wide modifiers
// (SIGMA.md §3). Compile time only; results are literal needles.

#include <array>
#include <string>
#include <string_view>

namespace trailproof::rules {

// Standard base64 with padding.
[[nodiscard]] std::string encode_base64(std::string_view bytes);

// The three substrings that appear in the base64 of `bytes` at any offset, exactly
// as pySigma's SigmaBase64OffsetModifier builds them: for i in 0..2 take
// b64(i*' ' + bytes)[start[i] : end[(len+i)%3]] with start=(0,2,3), end=(none,-3,-2).
// "foobar" -> {"Zm9vYmFy", "Zvb2Jhc", "mb29iYX"}.
[[nodiscard]] std::array<std::string, 3> encode_base64_offsets(std::string_view bytes);

// UTF-8 -> UTF-16 little/big endian bytes (no BOM). Invalid UTF-8 bytes pass as U+FFFD.
[[nodiscard]] std::string encode_utf16le(std::string_view utf8);
[[nodiscard]] std::string encode_utf16be(std::string_view utf8);

} // namespace trailproof::rules
