#include "rules/literal_set.h"

#include <deque>

#include "core/ascii.h"

namespace trailproof::rules {

LiteralSet::LiteralSet(const std::vector<std::string>& needles, bool cased) {
    // Byte classes: every byte a needle uses gets its own class (with its upper
    // case when folding); the rest stay in class 0.
    for (const auto& needle : needles) {
        if (needle.empty()) m_empty_needle = true;
        for (const char c : needle) {
            const auto b = static_cast<unsigned char>(c);
            if (m_class[b] != 0) continue;
            m_class[b] = m_classes;
            const char upper = ascii_upper(c);
            if (!cased && upper != c) m_class[static_cast<unsigned char>(upper)] = m_classes;
            ++m_classes;
        }
    }
    // The trie (goto function), -1 = no edge.
    std::vector<std::vector<std::int64_t>> next(1, std::vector<std::int64_t>(m_classes, -1));
    std::vector<bool> accept(1, false);
    for (const auto& needle : needles) {
        std::size_t s = 0;
        for (const char c : needle) {
            const std::uint32_t k = m_class[static_cast<unsigned char>(c)];
            if (next[s][k] < 0) {
                next[s][k] = static_cast<std::int64_t>(next.size());
                next.emplace_back(m_classes, -1);
                accept.push_back(false);
            }
            s = static_cast<std::size_t>(next[s][k]);
        }
        accept[s] = true;
    }
    // Breadth first: failure links turn the trie into a DFA; a state whose
    // failure chain accepts accepts too.
    std::vector<std::size_t> fail(next.size(), 0);
    std::deque<std::size_t> queue;
    for (std::uint32_t k = 0; k < m_classes; ++k) {
        if (next[0][k] < 0) {
            next[0][k] = 0;
        } else {
            queue.push_back(static_cast<std::size_t>(next[0][k]));
        }
    }
    while (!queue.empty()) {
        const std::size_t s = queue.front();
        queue.pop_front();
        if (accept[fail[s]]) accept[s] = true;
        for (std::uint32_t k = 0; k < m_classes; ++k) {
            const std::int64_t t = next[s][k];
            if (t < 0) {
                next[s][k] = next[fail[s]][k];
            } else {
                fail[static_cast<std::size_t>(t)] = static_cast<std::size_t>(next[fail[s]][k]);
                queue.push_back(static_cast<std::size_t>(t));
            }
        }
    }
    m_delta.resize(next.size() * m_classes);
    for (std::size_t s = 0; s < next.size(); ++s)
        for (std::uint32_t k = 0; k < m_classes; ++k) {
            const auto t = static_cast<std::uint32_t>(next[s][k]);
            m_delta[s * m_classes + k] = t * m_classes | (accept[t] ? k_accept : 0u);
        }
}

} // namespace trailproof::rules
