#include "validate_documented.h"

#include "validate_documented_checks.h"
#include "validate_documented_reader.h"

namespace trailproof::harness {

std::vector<CountRow> check_documented(const PackFacts& facts, const std::vector<Relevance>& relevance,
                                       const AttackTables& attack, LoadResult& out) {
    const Documented doc = read_documented(facts, out);
    const DocumentedIndex pack = index_pack(facts, relevance);
    DocumentedFindings findings(facts, out);
    check_inventory(pack, doc, attack, findings);
    check_mitre(pack, doc, attack, findings);
    check_use_cases(pack, doc, findings);
    check_unable_list(pack, doc, findings);
    return count_rows(pack, doc, findings);
}

} // namespace trailproof::harness
