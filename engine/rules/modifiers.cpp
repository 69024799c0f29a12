#include "rules/modifiers.h"

#include <algorithm>
#include <array>
#include <utility>

namespace trailproof::rules {

namespace {

struct NamedModifier {
    std::string_view name;
    Modifier modifier;
};

constexpr std::array k_names = {
    NamedModifier{"contains", Modifier::Contains},
    NamedModifier{"startswith", Modifier::StartsWith},
    NamedModifier{"endswith", Modifier::EndsWith},
    NamedModifier{"all", Modifier::All},
    NamedModifier{"every", Modifier::Every},
    NamedModifier{"base64", Modifier::Base64},
    NamedModifier{"base64offset", Modifier::Base64Offset},
    NamedModifier{"utf16le", Modifier::Utf16le},
    NamedModifier{"wide", Modifier::Wide},
    NamedModifier{"utf16be", Modifier::Utf16be},
    NamedModifier{"utf16", Modifier::Utf16},
    NamedModifier{"windash", Modifier::Windash},
    NamedModifier{"re", Modifier::Re},
    NamedModifier{"i", Modifier::IgnoreCase},
    NamedModifier{"m", Modifier::Multiline},
    NamedModifier{"s", Modifier::DotAll},
    NamedModifier{"cidr", Modifier::Cidr},
    NamedModifier{"exists", Modifier::Exists},
    NamedModifier{"cased", Modifier::Cased},
    NamedModifier{"neq", Modifier::Neq},
    NamedModifier{"lt", Modifier::Lt},
    NamedModifier{"lte", Modifier::Lte},
    NamedModifier{"gt", Modifier::Gt},
    NamedModifier{"gte", Modifier::Gte},
    NamedModifier{"expand", Modifier::Expand},
    NamedModifier{"fieldref", Modifier::FieldRef},
    NamedModifier{"minute", Modifier::Minute},
    NamedModifier{"hour", Modifier::Hour},
    NamedModifier{"day", Modifier::Day},
    NamedModifier{"week", Modifier::Week},
    NamedModifier{"month", Modifier::Month},
    NamedModifier{"year", Modifier::Year},
    // pySigma aliases of the regex flags
    NamedModifier{"ignorecase", Modifier::IgnoreCase},
    NamedModifier{"multiline", Modifier::Multiline},
    NamedModifier{"dotall", Modifier::DotAll},
};

bool is_regex_flag(Modifier m) noexcept {
    return m == Modifier::IgnoreCase || m == Modifier::Multiline || m == Modifier::DotAll;
}

// What may follow each "kind-changing" modifier (besides all/neq).
bool allowed_after_re(Modifier m) noexcept {
    return is_regex_flag(m) || is_anchor(m) || m == Modifier::Expand;
}
bool allowed_after_fieldref(Modifier m) noexcept {
    return is_anchor(m) || m == Modifier::Cased;
}

} // namespace

std::optional<Modifier> parse_modifier(std::string_view name) noexcept {
    for (const auto& n : k_names)
        if (n.name == name) return n.modifier;
    return std::nullopt;
}

std::string_view modifier_name(Modifier m) noexcept {
    for (const auto& n : k_names)
        if (n.modifier == m) return n.name;
    return "?";
}

std::string quoted_modifier(Modifier m) {
    return "'" + std::string(modifier_name(m)) + "'";
}

bool is_anchor(Modifier m) noexcept {
    return m == Modifier::Contains || m == Modifier::StartsWith || m == Modifier::EndsWith;
}

bool is_item_modifier(Modifier m) noexcept {
    return m == Modifier::All || m == Modifier::Neq || m == Modifier::Every;
}

bool is_time_part(Modifier m) noexcept {
    return m == Modifier::Minute || m == Modifier::Hour || m == Modifier::Day || m == Modifier::Week ||
           m == Modifier::Month || m == Modifier::Year;
}

bool is_comparison(Modifier m) noexcept {
    return m == Modifier::Lt || m == Modifier::Lte || m == Modifier::Gt || m == Modifier::Gte;
}

bool is_encoding(Modifier m) noexcept {
    return m == Modifier::Base64 || m == Modifier::Base64Offset || m == Modifier::Utf16le || m == Modifier::Wide ||
           m == Modifier::Utf16be || m == Modifier::Utf16;
}

std::vector<ChainProblem> check_modifier_chain(std::span<const Modifier> chain) {
    std::vector<ChainProblem> out;
    auto error = [&](std::size_t i, std::string message) { out.push_back({i, true, std::move(message)}); };

    // Warn once per repeated modifier (pySigma validator; base64 may legitimately repeat).
    for (std::size_t i = 0; i < chain.size(); ++i) {
        if (chain[i] == Modifier::Base64) continue;
        if (std::find(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(i), chain[i]) !=
            chain.begin() + static_cast<std::ptrdiff_t>(i))
            out.push_back({i, false, "modifier " + quoted_modifier(chain[i]) + " is repeated"});
    }

    std::optional<Modifier> previous; // last value-transforming modifier
    std::optional<Modifier> kind;     // re, cidr, exists, fieldref, comparison or time part once seen
    bool seen_encoding_base64 = false;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const Modifier m = chain[i];
        if (is_item_modifier(m)) continue;
        const bool must_be_first =
            m == Modifier::Re || m == Modifier::Cidr || m == Modifier::Exists || m == Modifier::FieldRef;
        if (must_be_first && previous) {
            error(i, quoted_modifier(m) + " must be the first modifier, found after " + quoted_modifier(*previous));
            return out;
        }
        if (is_regex_flag(m) && kind != Modifier::Re) {
            error(i, "regex flag " + quoted_modifier(m) + " needs a preceding 're'");
            return out;
        }
        if (kind) {
            const Modifier k = *kind;
            bool ok = false;
            if (k == Modifier::Re)
                ok = allowed_after_re(m);
            else if (k == Modifier::Cidr)
                ok = m == Modifier::Expand; // cidr|expand: a placeholder of networks
            else if (k == Modifier::FieldRef)
                ok = allowed_after_fieldref(m);
            else if (is_time_part(k))
                ok = is_comparison(m) && !is_comparison(*previous);
            if (!ok) {
                error(i, quoted_modifier(m) + " cannot follow " + quoted_modifier(k));
                return out;
            }
        }
        if (is_comparison(m) && previous && !is_time_part(*previous)) {
            error(i, quoted_modifier(m) + " compares numbers and cannot follow " + quoted_modifier(*previous));
            return out;
        }
        if (is_time_part(m) && previous) {
            error(i, quoted_modifier(m) + " must be the first modifier, found after " + quoted_modifier(*previous));
            return out;
        }
        if ((m == Modifier::Windash || m == Modifier::Cased || is_encoding(m)) && seen_encoding_base64 &&
            m != Modifier::Base64 && m != Modifier::Base64Offset) {
            error(i, quoted_modifier(m) + " cannot follow a base64 encoding");
            return out;
        }
        if (m == Modifier::Base64 || m == Modifier::Base64Offset) seen_encoding_base64 = true;
        if (m == Modifier::Re || m == Modifier::Cidr || m == Modifier::Exists || m == Modifier::FieldRef ||
            is_comparison(m) || is_time_part(m))
            kind = kind ? kind : m;
        if (is_comparison(m)) kind = m;
        previous = m;
    }
    return out;
}

} // namespace trailproof::rules
