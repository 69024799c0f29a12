#pragma once
// Random rule text for the property tests of the rules stage (index ⊇ full
// scan, trace == match): detections over a few CloudTrail fields with every
// modifier shape, lists of maps, and conditions with not/and/or/quantifiers.

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

namespace trailproof::rules::test {

struct RandomContent {
    std::mt19937& rng;
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
    template <class T>
    const T& any(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(pick(static_cast<int>(v.size())))];
    }

    const std::vector<std::string> fields = {"eventName", "eventName", "eventSource", "userAgent", "errorCode"};
    const std::vector<std::string> names = {"GetObject", "PutObject", "StopLogging", "CreateUser", "DeleteTrail"};
    const std::vector<std::string> others = {"s3.amazonaws.com", "iam.amazonaws.com", "aws-cli/2", "AccessDenied", ""};
    const std::vector<std::string> modifiers = {
        "", "", "", "|contains", "|startswith", "|endswith", "|neq", "|cased", "|contains|all", "|re", "|exists"};

    std::string value_for(const std::string& field) {
        std::string v = field == "eventName" ? any(names) : any(others);
        if (pick(4) == 0 && !v.empty()) v[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(v[0])));
        if (pick(6) == 0) v = v.substr(0, v.size() / 2) + "*";
        return v;
    }

    // When set, items may also be `f: null` and a detection may be a keyword
    // list (drawn only then, so the other tests' rules stay the same for their seeds).
    bool absent_shapes = false;

    // One "field|mods: values" entry; `indent` is the key's indentation.
    std::string item(const std::string& indent) {
        const std::string field = any(fields);
        if (absent_shapes && pick(8) == 0) return indent + field + ": null\n";
        const std::string mod = any(modifiers);
        if (mod == "|exists") return indent + field + "|exists: " + (pick(2) ? "true" : "false") + "\n";
        if (mod == "|re") return indent + field + "|re: '^" + value_for(field).substr(0, 3) + "'\n";
        const int n = mod == "|contains|all" ? 2 : 1 + pick(3);
        std::string out = indent + field + mod + ":\n";
        for (int i = 0; i < n; ++i) out += indent + "  - '" + value_for(field) + "'\n";
        return out;
    }

    // `count` items with distinct keys (a duplicate key is an error).
    std::string items(const std::string& indent, int count) {
        std::vector<std::string> keys;
        std::string out;
        while (count > 0) {
            const std::string text = item(indent);
            const std::string key = text.substr(0, text.find(':'));
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            keys.push_back(key);
            out += text;
            --count;
        }
        return out;
    }

    std::string detection(const std::string& name) {
        std::string out = "  " + name + ":\n";
        if (absent_shapes && pick(8) == 0) { // keywords: searched in Event::raw
            for (int k = 0, n = 1 + pick(2); k < n; ++k) out += "    - '" + any(others) + "x'\n";
            return out;
        }
        if (pick(5) == 0) { // a list of maps: "- " then the map's keys two columns in
            for (int m = 0; m < 2; ++m) out += "    - " + items("      ", 1 + pick(2)).substr(6);
            return out;
        }
        return out + items("    ", 1 + pick(2));
    }

    std::string condition(int depth = 0) {
        const int k = depth > 2 ? pick(2) : pick(7);
        switch (k) {
        case 0: return any(std::vector<std::string>{"sel1", "sel2", "filter"});
        case 1: return any(std::vector<std::string>{"1 of sel*", "all of sel*", "1 of them"});
        case 2: return "not " + condition(depth + 1);
        case 3:
        case 4: return "(" + condition(depth + 1) + " and " + condition(depth + 1) + ")";
        default: return "(" + condition(depth + 1) + " or " + condition(depth + 1) + ")";
        }
    }

    // `count` rules (ids r0, r1, ...) as one multi-document file.
    std::string rules(int count) {
        std::string out;
        for (int i = 0; i < count; ++i) out += (i ? "---\n" : "") + rule(i);
        return out;
    }

    // When set, about a third of the rules get an `activity_types` gate (drawn
    // only then, so the other tests' rules stay the same for their seeds).
    bool activity = false;
    const std::vector<std::string> activity_types = {"app-activity", "account-creation", "app-login"};

    std::string rule(int i) {
        std::string out = "title: r\nid: r" + std::to_string(i) + "\nlogsource: {product: aws}\n";
        if (activity && pick(3) == 0)
            out += "activity_types: [" + any(activity_types) + (pick(2) ? ", " + any(activity_types) : "") + "]\n";
        out += "detection:\n";
        out += detection("sel1") + detection("sel2") + detection("filter");
        // Most rules pin an eventName set, as real CloudTrail rules do, so the index has work.
        if (pick(3) != 0) {
            out += "  _event:\n    eventName:\n";
            for (int k = 0, n = 1 + pick(2); k < n; ++k) out += "      - " + any(names) + "\n";
            out += "  condition: _event and " + condition() + "\n";
        } else {
            out += "  condition: " + condition() + "\n";
        }
        return out;
    }
};


} // namespace trailproof::rules::test
