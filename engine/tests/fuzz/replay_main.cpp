// The replay runner: a main for a fuzz target built without libFuzzer (any
// compiler, any sanitizer), registered with ctest. It feeds every file under the
// folders it is given (the committed corpus and crash inputs) to
// LLVMFuzzerTestOneInput once; an input that crashes or breaks an invariant
// aborts, which fails the test. The first folder (the corpus) must hold at least
// one file, so a missing corpus cannot pass silently; the others may be absent.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_check.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " CORPUS_DIR [MORE_DIR...]\n";
        return 2;
    }
    std::size_t inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const fs::path dir = argv[i];
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            if (i == 1) {
                std::cerr << "replay: no corpus folder " << dir.string() << "\n";
                return 1;
            }
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(dir))
            if (entry.is_regular_file()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        if (i == 1 && files.empty()) {
            std::cerr << "replay: the corpus " << dir.string() << " is empty\n";
            return 1;
        }
        for (const fs::path& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            // A copy of exactly the input's size, so ASan sees reads past its end.
            std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
            (void)LLVMFuzzerTestOneInput(copy.data(), copy.size());
            ++inputs;
        }
    }
    std::cout << "replay: " << inputs << " inputs, no crash\n";
    return 0;
}
