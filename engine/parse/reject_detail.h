#pragma once
// Helpers for one-line reject reasons. Called only on the reject path, where
// allocating is fine. Internal to parse/.

#include <cstddef>
#include <string>
#include <string_view>

namespace trailproof::parse {

// Appends `text` quoted in single quotes, cut to `limit` bytes at a UTF-8
// boundary ("..." marks the cut), with control characters shown as '?'.
void append_excerpt(std::string& out, std::string_view text, std::size_t limit = 64);

// Byte offset of the first invalid UTF-8 sequence in `text` (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or text.size().
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view text) noexcept;

// "invalid UTF-8 at byte offset N".
[[nodiscard]] std::string invalid_utf8_detail(std::string_view text);

} // namespace trailproof::parse
