#pragma once
// Counts calls of the global operator new, for the "steady state allocates
// nothing" tests (DESIGN.md, hot path). The replacement allocation functions
// live in alloc_counter.cpp, linked into every test executable; they count only
// between start and stop.

#include <cstddef>

namespace tp_test {

void start_counting_allocations() noexcept;
// Stops counting and returns the number of allocations since the last start.
std::size_t stop_counting_allocations() noexcept;

} // namespace tp_test
