// `trailproof new-rule PACK --title ... --mitre T...`: a rule file in the pack
// and a fixture file with a positive and a negative scenario. Everything the
// author must fill in says TODO, and the scaffold fails until it is filled in:
// the rule's eventSource is no AWS service (validate: error), and each scenario's
// event is a TODO line that is rejected where `rejected: 0` is expected (replay:
// failure). A forgotten scaffold turns CI red.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <ostream>

#include <cxxopts.hpp>

#include "command_args.h"
#include "commands.h"
#include "core/uuid.h"
#include "load/content.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

// "Root console login!" -> "root-console-login".
std::string slug(const std::string& title) {
    std::string out;
    for (char ch : title) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "new-rule" : out;
}

// A random (version 4) UUID.
std::string random_uuid() {
    std::random_device device;
    std::mt19937_64 rng((static_cast<std::uint64_t>(device()) << 32) ^ device());
    std::uniform_int_distribution<int> hex(0, 15);
    std::string out;
    const char* digits = "0123456789abcdef";
    for (int i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) out += '-';
        else if (i == 14) out += '4';
        else if (i == 19) out += digits[8 + hex(rng) % 4];
        else out += digits[hex(rng)];
    }
    return out;
}

// T1078 / t1078.004 -> T1078.004 as ATT&CK writes it; "" when it is not a technique id.
std::string technique(std::string id) {
    for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool ok = id.size() >= 5 && id[0] == 'T' &&
                    std::all_of(id.begin() + 1, id.begin() + 5, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
                    (id.size() == 5 || (id.size() == 9 && id[5] == '.' &&
                                        std::all_of(id.begin() + 6, id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })));
    return ok ? id : std::string();
}

std::string yaml_quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

} // namespace

int command_new_rule(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof new-rule",
                             "Scaffolds a rule in PACK (a pack folder) and a fixture file with a positive and a\n"
                             "negative scenario for it. Both fail (validate, replay) until their TODOs are filled\n"
                             "in. The id follows the pack's convention: a UUID when the pack is plain Sigma\n"
                             "(sigma: true) or all its rule ids are UUIDs; otherwise give --id.");
    options.custom_help("PACK --title TITLE --mitre T1234 [options]");
    options.positional_help("");
    options.add_options()
        ("title", "the rule's title", cxxopts::value<std::string>(), "TITLE")
        ("mitre", "an ATT&CK technique the rule detects (repeatable)", cxxopts::value<std::vector<std::string>>(), "T...")
        ("id", "the rule id (default: a new UUID, when the pack's ids are UUIDs)", cxxopts::value<std::string>(), "ID")
        ("level", "informational, low, medium, high or critical",
         cxxopts::value<std::string>()->default_value("medium"), "LEVEL")
        ("fixtures", "the fixtures folder (default: fixtures/ beside the pack's content folder)",
         cxxopts::value<std::string>(), "DIR")
        ("pack", "the pack folder", cxxopts::value<std::vector<std::string>>());
    add_common_flags(options, "print nothing but errors");
    options.parse_positional({"pack"});

    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, argc, argv, out, err, args)) return *done;
    if (!args.count("pack") || args["pack"].as<std::vector<std::string>>().size() != 1) {
        err << "trailproof new-rule: expected one PACK (a pack folder)\n";
        return k_exit_usage;
    }
    if (!args.count("title") || args["title"].as<std::string>().empty()) {
        err << "trailproof new-rule: --title is required\n";
        return k_exit_usage;
    }
    if (!args.count("mitre")) {
        err << "trailproof new-rule: --mitre is required (an ATT&CK technique id, e.g. T1078)\n";
        return k_exit_usage;
    }
    std::vector<std::string> techniques;
    for (const auto& t : args["mitre"].as<std::vector<std::string>>()) {
        techniques.push_back(technique(t));
        if (techniques.back().empty()) {
            err << "trailproof new-rule: --mitre: '" << t << "' is no ATT&CK technique id (T1234 or T1234.001)\n";
            return k_exit_usage;
        }
    }
    const std::string level = args["level"].as<std::string>();
    if (level != "informational" && level != "low" && level != "medium" && level != "high" && level != "critical") {
        err << "trailproof new-rule: --level: unknown level '" << level
            << "' (use informational, low, medium, high or critical)\n";
        return k_exit_usage;
    }
    std::string pack_dir = args["pack"].as<std::vector<std::string>>().front();
    while (pack_dir.size() > 1 && pack_dir.back() == '/') pack_dir.pop_back();
    if (!fs::exists(fs::path(pack_dir) / "pack.yml")) {
        err << "trailproof new-rule: " << pack_dir << ": no pack.yml (PACK is a pack folder)\n";
        return k_exit_usage;
    }
    // The pack as it loads now: its id, convention and rule ids.
    const load::Loaded loaded = load::load({pack_dir});
    if (loaded.packs.empty() || loaded.packs.front().id.empty()) {
        err << loaded.result.render_text() << "trailproof new-rule: " << pack_dir << ": the pack has no id\n";
        return k_exit_usage;
    }
    const load::PackInfo& pack = loaded.packs.front();
    std::vector<std::string> ids;
    for (const auto& file : loaded.sources.front().rule_files)
        for (const auto& r : file.rules) ids.push_back(r.meta.id);
    const bool uuids = pack.plain_sigma || (!ids.empty() && std::all_of(ids.begin(), ids.end(), [](const auto& i) { return is_uuid(i); }));
    std::string id;
    if (args.count("id")) {
        id = args["id"].as<std::string>();
        if (pack.plain_sigma && !is_uuid(id)) {
            err << "trailproof new-rule: --id: pack '" << pack.id << "' is plain Sigma (sigma: true): the id must be a UUID\n";
            return k_exit_usage;
        }
    } else if (uuids) {
        id = random_uuid();
    } else {
        err << "trailproof new-rule: pack '" << pack.id << "' does not use UUIDs for its rule ids (e.g. '"
            << (ids.empty() ? std::string("?") : ids.front()) << "'): give --id ID\n";
        return k_exit_usage;
    }
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
        err << "trailproof new-rule: --id: pack '" << pack.id << "' already has a rule '" << id << "'\n";
        return k_exit_usage;
    }

    const std::string title = args["title"].as<std::string>();
    const std::string name = slug(title);
    const fs::path rule_file = fs::path(pack_dir) / "rules" / (name + ".yml");
    const fs::path content_root = fs::path(pack_dir).has_parent_path() ? fs::path(pack_dir).parent_path() : fs::path(".");
    const fs::path fixtures_root =
        args.count("fixtures") ? fs::path(args["fixtures"].as<std::string>()) : content_root.parent_path() / "fixtures";
    const fs::path fixture_file = fixtures_root / pack.id / (name + ".yml");
    for (const fs::path& f : {rule_file, fixture_file})
        if (fs::exists(f)) {
            err << "trailproof new-rule: " << f.string() << " exists; choose another --title\n";
            return k_exit_usage;
        }

    std::string tags;
    for (const auto& t : techniques) {
        std::string lower = t;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        tags += "  - attack." + lower + "\n";
    }
    std::string rule = "title: " + yaml_quoted(title) + "\n"
                       "id: " + id + "\n"
                       "status: experimental\n"
                       "description: TODO what this rule detects and why it matters\n"
                       "logsource:\n  product: aws\n  service: cloudtrail\n"
                       "tags:\n" + tags +
                       "detection:\n"
                       "  selection:\n"
                       "    eventSource: TODO.amazonaws.com # TODO the service, e.g. iam.amazonaws.com\n"
                       "    eventName: TODO                 # TODO the API call, e.g. CreateAccessKey\n"
                       "  condition: selection\n"
                       "falsepositives:\n  - TODO\n"
                       "level: " + level + "\n";
    std::string mitre;
    for (const auto& t : techniques) mitre += (mitre.empty() ? "" : ", ") + t;
    std::string fixture =
        "# Scenarios of rule " + id + " (" + title + "). They fail until the TODO events\n"
        "# are replaced by CloudTrail events (maps, as in the pack's other fixtures).\n"
        "pack: " + pack.id + "\n"
        "scenarios:\n"
        "  - name: " + name + "-fires\n"
        "    kind: positive\n"
        "    events:\n"
        "      - \"TODO: a CloudTrail event this rule must fire on\"\n"
        "    expect:\n"
        "      alerts:\n"
        "        - {rule: " + id + ", count: 1, mitre: [" + mitre + "]}\n"
        "      rejected: 0\n"
        "  - name: " + name + "-near-miss\n"
        "    kind: negative\n"
        "    covers: {rules: [" + id + "]}\n"
        "    events:\n"
        "      - \"TODO: a CloudTrail event that comes close but must not fire (another eventName, a read-only call)\"\n"
        "    expect:\n"
        "      alerts: []\n"
        "      rejected: 0\n";
    std::error_code ec;
    fs::create_directories(rule_file.parent_path(), ec);
    fs::create_directories(fixture_file.parent_path(), ec);
    std::ofstream(rule_file, std::ios::binary) << rule;
    std::ofstream(fixture_file, std::ios::binary) << fixture;
    if (!fs::exists(rule_file) || !fs::exists(fixture_file)) {
        err << "trailproof new-rule: cannot write " << rule_file.string() << " or " << fixture_file.string() << "\n";
        return k_exit_usage;
    }
    if (!args.count("quiet"))
        out << "rule " << id << "\n  " << rule_file.string() << "\n  " << fixture_file.string()
            << " (scenarios " << name << "-fires, " << name << "-near-miss)\n"
            << "Fill in the TODOs; until then validate and replay fail.\n";
    return k_exit_ok;
}

} // namespace trailproof::harness
