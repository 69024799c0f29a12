#pragma once
// `trailproof validate`: checks content packs against the ATT&CK and AWS tables,
// against what their own parsers produce and against their vendor's documented
// inventory. Every finding of every pack comes back in one run, with file:line:col
// (DESIGN.md "Errors"); nothing prints here, the report writers render the result.

#include <cstddef>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "load/content_limits.h"
#include "validate_documented.h"

namespace trailproof::harness {

struct ValidateOptions {
    std::string attack_dir; // ATT&CK tables; "" = <content root>/attack (the pack folder's parent)
    std::string aws_dir;    // AWS API tables; "" = <content root>/aws
    // Where the installed tables are (<data dir>/content, data_dir.h): used for a
    // table folder the content root does not have. "" = none (the build tree).
    std::string installed_tables_root;
    bool strict = false;    // warnings count as errors
    std::vector<std::string> context_dirs; // --context: tables that replace the packs' own (placeholders)
    load::ContentLimits limits;            // --max-yaml-depth, --max-yaml-aliases, --max-condition-depth
};

// A detection rule of a pack as reports link to it: its id, title, the URL
// documenting it (rule_help_uri) and the file it is written in.
struct RuleLink {
    std::string id, title, help_uri, file;
};

struct PackReport {
    std::string id, title, dir;
    std::vector<RuleLink> rules; // its own rules and correlations by id, first of a duplicate id (only those of only_file when set)
    // A rule file asked for on its own: only its findings are kept, and no
    // counts (they are the whole pack's). "" = the whole pack.
    std::string only_file;
    std::vector<CountRow> counts;
    LoadResult diagnostics; // load_content's findings on the pack's files, then the validator's
};

struct ValidateReport {
    std::vector<PackReport> packs;
    // The content root given on the command line: the deepest folder holding the
    // content root (pack folder's parent) of every pack asked for, absolute. SARIF
    // URIs are relative to it (%SRCROOT%), so no absolute path leaks. "" = none.
    std::string srcroot;
    LoadResult general;               // findings outside any pack folder (paths, reference tables)
    std::vector<std::string> skipped; // arguments that hold no pack (a README, content/attack)
    bool unreadable = false;          // a path or a reference table could not be read: exit 2

    [[nodiscard]] std::size_t errors() const;
    [[nodiscard]] std::size_t warnings() const;
    // 0 clean, 1 any error (any warning too when strict), 2 unreadable.
    [[nodiscard]] int exit_code() const;
};

// The URL documenting a rule: its first http(s) `references:` entry, else the
// pack's `reference:`, else the ATT&CK page of its first technique
// (https://attack.mitre.org/techniques/T1078/004/), else "".
[[nodiscard]] std::string rule_help_uri(const std::vector<std::string>& references, const std::string& pack_reference,
                                        const std::vector<std::string>& techniques);

// Validates every pack under `paths` (a pack folder, a folder of packs, pack.yml,
// or a bare folder of Sigma rules). A path to a rule file (.yml/.yaml) validates
// that file with its pack, found from its location (the nearest folder above it
// holding pack.yml, else its own folder as a bare Sigma folder), reporting only
// the file's findings. With options.strict every warning is turned
// into an error.
[[nodiscard]] ValidateReport validate_packs(const std::vector<std::string>& paths, const ValidateOptions& options);

} // namespace trailproof::harness
