// Many `contains` literals on one field in one pass (issue 13): our own
// Aho-Corasick DFA (rules::LiteralSet) against RE2::Set, Vectorscan (when
// libvectorscan-dev / libhyperscan-dev is installed: optional, bench only) and
// the loop of one find_folded per literal that the DFA replaced.
//
// The literal sets are the ones the bundled content has: every `contains` item
// of every pack under content/ and of bench/sigma50 (RuleSet::contains_literals,
// after field maps and modifiers), grouped by field and case mode. Per group two
// sets are timed: the largest single item (what an item's LiteralSet holds
// today) and the union of every item on that field (what a per-field pass
// across rules would hold). The haystacks are that field's values in the
// events detect builds from the corpus (TP_BENCH_CORPUS, else bench/corpus/,
// first TP_BENCH_LITERAL_EVENTS=20000 records), parsed by pipeline::RecordWorker.
//
// Suites: literals/<matcher>/<field>/<item|field>; items = haystacks, bytes =
// their bytes. Each matcher first answers "does some literal occur" for every
// haystack and must agree with the loop on every one, else the suite is skipped
// with an error. Counters: needles, matched (haystacks with a hit), states (DFA),
// haystacks and their mean_bytes.

#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(TRAILPROOF_HAVE_LIBHS)
#include <hs/hs.h>
#endif

#include "bench_common.h"
#include "core/ascii.h"
#include "core/event.h"
#include "core/raw_record.h"
#include "pipeline/record_worker.h"
#include "rules/literal_set.h"

namespace trailproof::bench {
namespace {

struct LiteralCase {
    std::string name;                 // <field>/<item|field>
    bool cased = false;
    std::vector<std::string> needles; // lowered unless cased; distinct, none empty
    const std::vector<std::string>* haystacks = nullptr;
};

// One matcher: compiled outside the timed loop; `any` answers one haystack.
class Matcher {
public:
    virtual ~Matcher() = default;
    [[nodiscard]] virtual bool any(std::string_view text) = 0;
    [[nodiscard]] virtual std::size_t states() const { return 0; }
};

class LoopMatcher final : public Matcher {
public:
    explicit LoopMatcher(const LiteralCase& c) : m_case(c) {}
    bool any(std::string_view text) override {
        return std::any_of(m_case.needles.begin(), m_case.needles.end(), [&](const std::string& n) {
            return find_folded(text, n, m_case.cased) != std::string_view::npos;
        });
    }

private:
    const LiteralCase& m_case;
};

class DfaMatcher final : public Matcher {
public:
    explicit DfaMatcher(const LiteralCase& c) : m_set(c.needles, c.cased) {}
    bool any(std::string_view text) override { return m_set.find_any(text); }
    std::size_t states() const override { return m_set.states(); }

private:
    rules::LiteralSet m_set;
};

class Re2SetMatcher final : public Matcher {
public:
    explicit Re2SetMatcher(const LiteralCase& c) : m_set(options(c.cased), RE2::UNANCHORED) {
        for (const auto& n : c.needles)
            if (m_set.Add(RE2::QuoteMeta(n), nullptr) < 0) m_ok = false;
        m_ok = m_ok && m_set.Compile();
    }
    bool any(std::string_view text) override { return m_set.Match(re2::StringPiece(text.data(), text.size()), nullptr); }
    [[nodiscard]] bool ok() const { return m_ok; }

private:
    static RE2::Options options(bool cased) {
        RE2::Options o;
        o.set_case_sensitive(cased);
        o.set_log_errors(false);
        o.set_max_mem(64 << 20);
        return o;
    }
    RE2::Set m_set;
    bool m_ok = true;
};

#if defined(TRAILPROOF_HAVE_LIBHS)
class VectorscanMatcher final : public Matcher {
public:
    explicit VectorscanMatcher(const LiteralCase& c) {
        std::vector<const char*> exprs;
        std::vector<std::size_t> lens;
        std::vector<unsigned> flags, ids;
        for (std::size_t i = 0; i < c.needles.size(); ++i) {
            exprs.push_back(c.needles[i].data());
            lens.push_back(c.needles[i].size());
            flags.push_back(HS_FLAG_SINGLEMATCH | (c.cased ? 0u : static_cast<unsigned>(HS_FLAG_CASELESS)));
            ids.push_back(static_cast<unsigned>(i));
        }
        hs_compile_error_t* error = nullptr;
        if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                                 static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &m_db,
                                 &error) != HS_SUCCESS) {
            hs_free_compile_error(error);
            m_db = nullptr;
            return;
        }
        if (hs_alloc_scratch(m_db, &m_scratch) != HS_SUCCESS) m_scratch = nullptr;
    }
    ~VectorscanMatcher() override {
        if (m_scratch) hs_free_scratch(m_scratch);
        if (m_db) hs_free_database(m_db);
    }
    VectorscanMatcher(const VectorscanMatcher&) = delete;
    VectorscanMatcher& operator=(const VectorscanMatcher&) = delete;
    bool any(std::string_view text) override {
        bool found = false;
        (void)hs_scan(m_db, text.data(), static_cast<unsigned>(text.size()), 0, m_scratch, &on_match, &found);
        return found;
    }
    [[nodiscard]] bool ok() const { return m_db && m_scratch; }

private:
    static int on_match(unsigned, unsigned long long, unsigned long long, unsigned, void* found) {
        *static_cast<bool*>(found) = true;
        return 1; // stop at the first match
    }
    hs_database_t* m_db = nullptr;
    hs_scratch_t* m_scratch = nullptr;
};
#endif

// Field values (their text, as the matchers see it) per FieldId, from the corpus.
std::map<FieldId, std::vector<std::string>> field_values(const load::Content& content,
                                                         const std::vector<FieldId>& fields) {
    const std::string text = read_file(corpus_path());
    const char* limit_env = std::getenv("TP_BENCH_LITERAL_EVENTS");
    const std::size_t limit = limit_env ? std::strtoull(limit_env, nullptr, 10) : 20000;
    pipeline::RecordWorker worker(content);
    std::vector<Event> events(content.parser_groups.size());
    std::map<FieldId, std::vector<std::string>> out;
    std::size_t start = 0, records = 0;
    while (start < text.size() && records < limit) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + start, end - start);
        start = end + 1;
        if (line.empty()) continue;
        ++records;
        const RawRecord record{line, Origin{0, records, k_no_index}, RecordFormat::Json};
        worker.begin_record();
        bool taken[64] = {};
        for (std::size_t g = 0; g < events.size(); ++g) {
            if (worker.parse(g, record, events[g]) != RejectCode::Ok) continue;
            worker.enrich(events[g]);
            for (std::size_t i = 0; i < fields.size() && i < 64; ++i) {
                if (taken[i]) continue; // the first group that has the field
                bool any = false;
                for (const Value* v = events[g].first(fields[i]); v; v = events[g].next(*v)) {
                    if (v->kind == ValueKind::Null) continue; // objects match through their JSON text
                    out[fields[i]].emplace_back(v->text);
                    any = true;
                }
                taken[i] = any;
            }
        }
    }
    return out;
}

std::vector<LiteralCase>& cases() {
    static std::vector<LiteralCase> all;
    return all;
}

void register_cases() {
    const auto& content = content_at(k_source_dir + "/content");
    const auto& sigma50 = content_at(k_source_dir + "/bench/sigma50");
    struct Group {
        std::vector<std::string> largest_item;
        std::vector<std::string> all;
        std::size_t items = 0;
    };
    // (field name, cased) -> literals; field names, since the two loads have two registries.
    std::map<std::pair<std::string, bool>, Group> groups;
    auto add = [&](const load::Content& c) {
        for (const auto& pack : c.packs)
            for (const auto& item : pack->rules.contains_literals()) {
                Group& g = groups[{std::string(c.registry.name(item.field)), item.cased}];
                ++g.items;
                std::vector<std::string> lits;
                for (const auto& l : item.literals)
                    if (!l.empty() && std::find(lits.begin(), lits.end(), l) == lits.end()) lits.push_back(l);
                if (lits.size() > g.largest_item.size()) g.largest_item = lits;
                for (const auto& l : lits)
                    if (std::find(g.all.begin(), g.all.end(), l) == g.all.end()) g.all.push_back(l);
            }
    };
    add(*content);
    add(*sigma50);
    // The fields the issue names (userAgent, requestParameters text, ARNs) and
    // any other field with a set of 2 or more: its largest item and its union.
    // Bundled content has few and small sets (TP_BENCH_LITERAL_LIST=1 lists
    // them), so each named field is also timed with every case-insensitive
    // literal of the content at once ("content"): what a set grown across
    // fields and packs would cost on that field's values.
    std::vector<std::string> every_literal;
    for (const auto& [key, g] : groups)
        if (!key.second)
            for (const auto& l : g.all)
                if (std::find(every_literal.begin(), every_literal.end(), l) == every_literal.end())
                    every_literal.push_back(l);
    const std::vector<std::string> named = {"userAgent", "requestParameters", "userIdentity.arn"};
    std::vector<std::string> field_names = named;
    for (const auto& [key, g] : groups)
        if (g.all.size() >= 2 && std::find(field_names.begin(), field_names.end(), key.first) == field_names.end())
            field_names.push_back(key.first);
    std::vector<FieldId> fields;
    for (const auto& name : field_names) fields.push_back(content->registry.find(name));
    static std::map<FieldId, std::vector<std::string>> values;
    values = field_values(*content, fields);
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        const std::string& name = field_names[i];
        if (fields[i] == k_no_field || values[fields[i]].empty()) continue;
        const std::vector<std::string>* haystacks = &values[fields[i]];
        for (const bool cased : {false, true}) {
            const auto it = groups.find({name, cased});
            if (it == groups.end()) continue;
            const Group& g = it->second;
            const std::string prefix = name + (cased ? "|cased" : "");
            if (g.largest_item.size() >= 2) cases().push_back({prefix + "/item", cased, g.largest_item, haystacks});
            if (g.all.size() >= 2 && g.all.size() > g.largest_item.size())
                cases().push_back({prefix + "/field", cased, g.all, haystacks});
        }
        if (std::find(named.begin(), named.end(), name) != named.end())
            cases().push_back({name + "/content", false, every_literal, haystacks});
    }
}

template <class M>
void run_case(benchmark::State& state, const LiteralCase& c) {
    M matcher(c);
    if constexpr (!std::is_same_v<M, LoopMatcher> && !std::is_same_v<M, DfaMatcher>) {
        if (!matcher.ok()) {
            state.SkipWithError("the matcher did not compile");
            return;
        }
    }
    // Verify, then measure: the same answer as the loop on every haystack.
    LoopMatcher reference(c);
    std::size_t matched = 0, bytes = 0;
    for (const auto& h : *c.haystacks) {
        const bool expected = reference.any(h);
        if (matcher.any(h) != expected) {
            state.SkipWithError(("differs from the loop on: " + h.substr(0, 200)).c_str());
            return;
        }
        matched += expected ? 1 : 0;
        bytes += h.size();
    }
    for (auto _ : state) {
        std::size_t hits = 0;
        for (const auto& h : *c.haystacks)
            if (matcher.any(h)) ++hits;
        benchmark::DoNotOptimize(hits);
    }
    set_rates(state, c.haystacks->size(), bytes);
    state.counters["needles"] = static_cast<double>(c.needles.size());
    state.counters["matched"] = static_cast<double>(matched);
    state.counters["states"] = static_cast<double>(matcher.states());
    state.counters["haystacks"] = static_cast<double>(c.haystacks->size());
    state.counters["mean_bytes"] = static_cast<double>(bytes) / static_cast<double>(std::max<std::size_t>(1, c.haystacks->size()));
}

} // namespace
} // namespace trailproof::bench

int main(int argc, char** argv) {
    using namespace trailproof::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    register_cases();
    for (const auto& c : cases()) {
        benchmark::RegisterBenchmark(("literals/loop/" + c.name).c_str(), run_case<LoopMatcher>, c);
        benchmark::RegisterBenchmark(("literals/literal_set/" + c.name).c_str(), run_case<DfaMatcher>, c);
        benchmark::RegisterBenchmark(("literals/re2_set/" + c.name).c_str(), run_case<Re2SetMatcher>, c);
#if defined(TRAILPROOF_HAVE_LIBHS)
        benchmark::RegisterBenchmark(("literals/vectorscan/" + c.name).c_str(), run_case<VectorscanMatcher>, c);
#endif
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
