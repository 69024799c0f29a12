// Exact substring search (core/text_search.h): every loop (AVX2 where the
// processor has it, SSE2, scalar) gives std::string_view::find's answer and
// reads nothing outside the haystack.

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "core/text_search.h"

using namespace trailproof;

namespace text_search_test {

constexpr std::size_t k_npos = std::string_view::npos;

// `text` in a heap block of exactly `lead + text.size()` bytes, at offset
// `lead`: the block ends where the haystack ends, so ASan reports any read past
// it, and `lead` varies the haystack's alignment. The lead bytes are `fill`
// (needle-like bytes: a read before the start would show as a wrong match).
class ExactBuffer {
public:
    ExactBuffer(std::string_view text, std::size_t lead, char fill)
        : m_bytes(new char[lead + text.size() + (lead + text.size() == 0 ? 1 : 0)]), m_lead(lead),
          m_size(text.size()) {
        std::memset(m_bytes.get(), fill, lead);
        if (!text.empty()) std::memcpy(m_bytes.get() + lead, text.data(), text.size());
    }
    std::string_view view() const { return {m_bytes.get() + m_lead, m_size}; }

private:
    std::unique_ptr<char[]> m_bytes;
    std::size_t m_lead;
    std::size_t m_size;
};

} // namespace text_search_test

using text_search_test::ExactBuffer;
using text_search_test::k_npos;

BOOST_AUTO_TEST_SUITE(text_search_)

BOOST_AUTO_TEST_CASE(finds_the_first_occurrence) {
    const std::string_view record =
        R"({"eventVersion":"1.09","eventTime":"2024-03-01T10:00:00Z","eventSource":"guardduty.amazonaws.com",)"
        R"("eventName":"CreateMembers","awsRegion":"us-east-1","eventType":"AwsApiCall"})";
    BOOST_TEST(find_text(record, "eventName") == record.find("eventName"));
    BOOST_TEST(find_text(record, "eventName") == 99u);
    BOOST_TEST(find_text(record, "\"eventName\":\"CreateMembers\"") == 98u);
    BOOST_TEST(find_text(record, "guardduty.amazonaws.com") == 73u);
    BOOST_TEST(find_text(record, "AwsApiCall") == 163u);
    BOOST_TEST(find_text(record, "\"}") == 173u);               // at the very end
    BOOST_TEST(find_text(record, "{\"eventVersion\"") == 0u);   // at the very start
    BOOST_TEST(find_text(record, "event") == 2u);
    BOOST_TEST(find_text(record, "AssumedRole") == k_npos);
    BOOST_TEST(find_text(record, "awsregion") == k_npos); // case-sensitive
    BOOST_TEST(find_text(record, "}") == 174u);
    BOOST_TEST(find_text(record, "#") == k_npos);
    BOOST_TEST(contains_text(record, "awsRegion"));
    BOOST_TEST(!contains_text(record, "requestClientApplication=AWS Collector"));
}

BOOST_AUTO_TEST_CASE(empty_and_oversized_needles) {
    BOOST_TEST(find_text("", "") == 0u);
    BOOST_TEST(find_text("abc", "") == 0u);
    BOOST_TEST(contains_text("", ""));
    BOOST_TEST(find_text("", "a") == k_npos);
    BOOST_TEST(find_text("abc", "abcd") == k_npos);
    BOOST_TEST(find_text("abc", "abc") == 0u);
    BOOST_TEST(TextNeedle("").find_in("abc") == 0u);
    BOOST_TEST(TextNeedle("").find_in("") == 0u);
    BOOST_TEST(TextNeedle("xyz").find_in("xy") == k_npos);
}

BOOST_AUTO_TEST_CASE(needle_filters_on_its_two_rarest_bytes) {
    // Upper case is rarer than lower case, lower case rarer than '"' and ':'.
    BOOST_TEST(text_byte_rank('N') < text_byte_rank('v'));
    BOOST_TEST(text_byte_rank('v') < text_byte_rank('e'));
    BOOST_TEST(text_byte_rank('e') < text_byte_rank(':'));
    BOOST_TEST(text_byte_rank(':') < text_byte_rank('"'));
    const TextNeedle event_name("eventName"); // 'N', then 'v' before the e's and n's
    BOOST_TEST(event_name.first() == 1u);
    BOOST_TEST(event_name.second() == 5u);
    const TextNeedle api_call("AwsApiCall"); // 'C', then the later of the two 'A's
    BOOST_TEST(api_call.first() == 3u);
    BOOST_TEST(api_call.second() == 6u);
    const TextNeedle one("x");
    BOOST_TEST(one.first() == 0u);
    BOOST_TEST(one.second() == 0u);
    const TextNeedle same("aaaa"); // equal ranks: the earliest and the latest
    BOOST_TEST(same.first() == 0u);
    BOOST_TEST(same.second() == 3u);
    BOOST_TEST(event_name.text() == "eventName");
}

BOOST_AUTO_TEST_CASE(block_edges) {
    // Haystacks of 1..170 bytes put the match at each position of the first
    // block, of a four-block step, of the single blocks after the last step and
    // of the overlapping tail block.
    for (std::size_t size = 1; size <= 170; ++size)
        for (std::size_t at = 0; at + 3 <= size; ++at) {
            std::string hay(size, 'a');
            hay.replace(at, 3, "XyZ");
            const ExactBuffer buffer(hay, 0, 'a');
            BOOST_TEST(find_text(buffer.view(), "XyZ") == at, "size " << size << " at " << at);
            BOOST_TEST(find_text_via(buffer.view(), "XyZ", TextSearchPath::Sse2) == at);
            BOOST_TEST(find_text_via(buffer.view(), "XyZ", TextSearchPath::Scalar) == at);
            BOOST_TEST(find_text(buffer.view(), "XyZa") == (at + 4 <= size ? at : k_npos));
        }
}

// Property: over random haystacks and needles, every loop and TextNeedle give
// std::string_view::find's position. Small alphabets make partial and whole
// matches frequent; needles are often cut from the haystack itself (so a match
// exists, at the start, the end or anywhere), sometimes random, sometimes longer
// than the haystack; each haystack sits at an alignment of 0..31 and ends where
// its heap block ends.
BOOST_AUTO_TEST_CASE(matches_string_view_find) {
    const unsigned seed = 20261207u;
    BOOST_TEST_MESSAGE("text_search seed " << seed);
    std::mt19937 rng(seed);
    const auto uniform = [&](std::size_t lo, std::size_t hi) {
        return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
    };
    const std::string_view alphabets[] = {"ab", "abc", "aA\"", "eventNam\":", ""};
    std::size_t found = 0;
    for (int round = 0; round < 6000; ++round) {
        const std::string_view alphabet = alphabets[static_cast<std::size_t>(round) % 5];
        const auto byte = [&] {
            return alphabet.empty() ? static_cast<char>(uniform(0, 255)) : alphabet[uniform(0, alphabet.size() - 1)];
        };
        std::string hay(uniform(0, round % 7 == 0 ? 300 : 90), '\0');
        for (char& c : hay) c = byte();
        std::string needle;
        switch (uniform(0, 5)) {
        case 0: // random text
            needle.resize(uniform(1, 40));
            for (char& c : needle) c = byte();
            break;
        case 1: // the haystack's start
        case 2: // its end
            needle = hay.substr(uniform(0, 1) == 0 || hay.empty() ? 0 : hay.size() - std::min(hay.size(), uniform(1, 40)),
                                uniform(1, 40));
            break;
        case 3: // longer than the haystack
            needle = hay + byte();
            break;
        default: { // anywhere inside
            const std::size_t from = hay.empty() ? 0 : uniform(0, hay.size() - 1);
            needle = hay.substr(from, uniform(1, 40));
            if (uniform(0, 3) == 0 && !needle.empty()) needle.back() = byte(); // often a near miss
        }
        }
        const ExactBuffer buffer(hay, uniform(0, 31), needle.empty() ? 'a' : needle.back());
        const std::string_view view = buffer.view();
        const std::size_t want = view.find(needle);
        found += want != k_npos ? 1 : 0;
        BOOST_TEST(find_text(view, needle) == want, "round " << round << " hay '" << hay << "' needle '" << needle << "'");
        BOOST_TEST(find_text_via(view, needle, TextSearchPath::Sse2) == want, "round " << round);
        BOOST_TEST(find_text_via(view, needle, TextSearchPath::Scalar) == want, "round " << round);
        BOOST_TEST(TextNeedle(needle).find_in(view) == want, "round " << round);
        BOOST_TEST(contains_text(view, needle) == (want != k_npos));
    }
    BOOST_TEST(found > 2000u); // the generator does produce matches
}

BOOST_AUTO_TEST_SUITE_END()
