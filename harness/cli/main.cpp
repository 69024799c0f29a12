// The trailproof CLI: a thin main; the commands live in the harness library.
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    return trailproof::harness::run_cli(argc, argv, std::cout, std::cerr);
}
