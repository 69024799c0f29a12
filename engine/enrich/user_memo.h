#pragma once
// The users-table answers of one worker for the principals seen before: real
// trails repeat the same principals constantly, and an answer costs up to six
// table lookups (enricher.cpp, find_user). Direct-mapped: a cheap index of the
// five texts the lookup reads picks one slot, a LastAnswer that answers only
// for exactly the bytes it was remembered for (so no answer reaches an input
// that differs; a colliding key just replaces the slot). Bounded: k_slots
// slots of k_key_bytes (a longer key is not remembered), allocated once in the
// constructor; find() and remember() never allocate.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "context/context_tables.h"
#include "core/last_answer.h"

namespace trailproof::enrich {

class UserMemo {
public:
    static constexpr std::size_t k_slots = 1024;    // a power of two
    static constexpr std::size_t k_key_bytes = 240; // the five texts together
    using Answer = LastAnswer<const context::UserRecord*, 5, k_key_bytes>;
    using Key = Answer::Key; // user, userIdentity.arn, user_name, userIdentity.userName, the role name

    UserMemo() : m_slots(std::make_unique<std::array<Answer, k_slots>>()) {}

    [[nodiscard]] const context::UserRecord* const* find(const Key& key) const noexcept {
        return (*m_slots)[index_of(key)].find(key);
    }
    // False when the key is too long to be remembered (k_key_bytes).
    bool remember(const Key& key, const context::UserRecord* record) noexcept {
        if (!Answer::fits(key)) return false; // and the slot keeps what it holds
        (*m_slots)[index_of(key)].remember(key, record);
        return true;
    }
    void forget() noexcept {
        for (Answer& a : *m_slots) a.forget();
    }

    // The slot of `key` (exposed for the tests, which pick colliding keys): the
    // sizes and the last bytes of the user, the ARN and the user name, where
    // principals differ (ARNs share their prefix).
    [[nodiscard]] static std::size_t index_of(const Key& key) noexcept {
        std::uint64_t w = 0;
        for (const std::string_view part : key) w = (w + part.size()) * 0x9e3779b97f4a7c15ULL;
        for (std::size_t i = 0; i < 3; ++i) w = (w ^ tail(key[i])) * 0xbf58476d1ce4e5b9ULL;
        return static_cast<std::size_t>(w >> (64 - k_index_bits));
    }

private:
    static constexpr unsigned k_index_bits = 10;
    static_assert(k_slots == std::size_t{1} << k_index_bits);

    // Up to the last eight bytes of `s`.
    static std::uint64_t tail(std::string_view s) noexcept {
        std::uint64_t w = 0;
        const std::size_t n = s.size() < 8 ? s.size() : 8;
        if (n > 0) std::memcpy(&w, s.data() + s.size() - n, n);
        return w;
    }

    std::unique_ptr<std::array<Answer, k_slots>> m_slots; // ~300 KiB: on the heap, once
};

} // namespace trailproof::enrich
