#pragma once
// YAML 1.1 typing of plain scalars, the way PyYAML (the reference implementation's
// loader) types them: plain true/yes/on -> Bool, 0x17 -> Number 23, 010 -> Number 8,
// 1.5 -> Number; quoted or !!str scalars stay strings (README "YAML").

#include <cstdint>
#include <string>
#include <string_view>

#include "yaml/yaml_tree.h"

namespace trailproof::yaml {

// One scalar, typed the way the reference implementation (PyYAML 1.1) types it:
// plain 0x17 is the number 23, plain yes/on are true, plain 010 is 8, quoted stays a string.
struct TypedScalar {
    enum class Type : std::uint8_t { String, Number, Bool, Null };
    Type type = Type::String;
    std::string text;    // String: the text; Number: canonical decimal text; Bool: "true"/"false"
    std::string written; // the scalar as written in the file (keywords search for it)
    double number = 0;   // Number
    bool boolean = false;
    SourcePos pos;
};

[[nodiscard]] TypedScalar typed_value(const YamlNode& node);

// PyYAML's boolean spellings (true/True/TRUE/yes/Yes/YES/on/On/ON and the false ones).
[[nodiscard]] bool is_yaml11_true(std::string_view s) noexcept;
[[nodiscard]] bool is_yaml11_false(std::string_view s) noexcept;

} // namespace trailproof::yaml
