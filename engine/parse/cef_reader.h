#pragma once
// Reads one CEF line (an optional syslog prefix, then
// "CEF:Version|Vendor|Product|Device Version|Signature ID|Name|Severity|Extension")
// into an Event. Header fields are the sources cef.version ... cef.severity;
// extension keys are sources as written. Values without escapes are views into
// the line; unescaped copies go to the event's arena.

#include <string>
#include <string_view>

#include "core/event.h"
#include "core/reject.h"
#include "parse/compiled_parser.h"

namespace trailproof::parse {

// Fills the slots `parser`'s trie maps from the header and extension of `line`.
// Returns InvalidUtf8 or MalformedCef (with `detail`) on a bad line.
[[nodiscard]] RejectCode read_cef(std::string_view line, const CompiledParser& parser, Event& event,
                                  std::string& detail) noexcept;

} // namespace trailproof::parse
