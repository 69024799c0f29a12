#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include <cxxopts.hpp>

#include "command_args.h"
#include "commands.h"
#include "content_flags.h"
#include "explain_report.h"
#include "load/files.h"
#include "pipeline/detector.h"
#include "replay.h"
#include "validate_pack.h"
#include "validate_relevance.h"

namespace trailproof::harness {

int command_explain(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof explain",
                             "Explains one event: which parser claimed it and why (and why the others did not),\n"
                             "its normalized fields, and for each rule (or the one named) whether it matched:\n"
                             "every detection item with the event's values, the condition's result and, for\n"
                             "rules with a model, the model state consulted and the verdict. EVENT is a file\n"
                             "holding one event (the first record is explained) or - for stdin. The model\n"
                             "state is fresh unless --state FILE is given; it is read, never written.");
    options.custom_help("--content DIR... [options]");
    options.positional_help("EVENT");
    add_content_path_flag(options);
    options.add_options()
        ("rule", "explain only the rule with this id", cxxopts::value<std::string>(), "ID")
        ("state", "consult the model state learned in FILE (read only)", cxxopts::value<std::string>(), "FILE")
        ("event", "the event", cxxopts::value<std::vector<std::string>>());
    add_common_flags(options, "print no content warnings");
    add_content_flags(options);
    options.parse_positional({"event"});

    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, argc, argv, out, err, args)) return *done;
    if (!args.count("content")) {
        err << "trailproof explain: --content is required\n";
        return k_exit_usage;
    }
    if (!args.count("event") || args["event"].as<std::vector<std::string>>().size() != 1) {
        err << "trailproof explain: expected one EVENT (a file or - for stdin)\n";
        return k_exit_usage;
    }
    const std::string event_path = args["event"].as<std::vector<std::string>>().front();
    std::string bytes;
    if (event_path == "-") {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else if (!load::read_file(event_path, bytes)) {
        err << "trailproof explain: cannot read " << event_path << "\n";
        return k_exit_usage;
    }

    load::LoadOptions lo;
    if (auto error = load_options(args, lo)) {
        err << "trailproof explain: " << *error << "\n";
        return k_exit_usage;
    }
    const load::Loaded loaded = load::load(args["content"].as<std::vector<std::string>>(), lo);
    if (!print_load_result(loaded.result, args, err)) return k_exit_usage;
    const std::string rule = args.count("rule") ? args["rule"].as<std::string>() : "";
    if (!rule.empty()) {
        std::vector<std::string_view> ids;
        for (const auto& pack : loaded.content->packs)
            for (const auto& source : pack->alert_sources) ids.push_back(source.id);
        if (std::find(ids.begin(), ids.end(), rule) == ids.end()) {
            err << "trailproof explain: --rule: no rule '" << rule << "' in the content" << did_you_mean_id(rule, ids)
                << "\n";
            return k_exit_usage;
        }
    }

    pipeline::Detector detector(loaded.content);
    if (args.count("state")) {
        const std::string state_path = args["state"].as<std::string>();
        state::StateResult state = detector.load_state(state_path);
        for (const auto& note : state.notes) err << "trailproof explain: --state: " << note << "\n";
        if (!state.ok()) {
            err << "trailproof explain: --state: " << state.message << "\n";
            return k_exit_usage;
        }
    }
    const pipeline::Explanation explanation =
        detector.explain(event_path == "-" ? "-" : event_path, bytes, rule);
    if (!explanation.read_error.empty()) {
        err << "trailproof explain: " << (explanation.origin.empty() ? event_path : explanation.origin) << ": "
            << explanation.read_error << "\n";
        return k_exit_usage;
    }

    // "Produced by no parser" hints come from what the validator knows of each pack.
    std::map<std::string, std::unique_ptr<PackFacts>> facts;
    LoadResult ignored;
    for (std::size_t i = 0; i < loaded.packs.size(); ++i) {
        auto f = std::make_unique<PackFacts>(loaded.packs[i], loaded.sources[i]);
        read_pack_facts(loaded, *f, ignored);
        facts.emplace(loaded.packs[i].id, std::move(f));
    }
    const FieldHint hint = [&](const std::string& pack, const std::string& field) {
        auto it = facts.find(pack);
        return it == facts.end() ? std::string() : unproduced_field_hint(*it->second, field);
    };
    out << render_explanation(explanation, hint);
    return k_exit_ok;
}

} // namespace trailproof::harness
