// gzip inputs. The first byte picks the mode:
//   even: the rest is compressed (level from the byte) and then damaged at a
//         place the next bytes choose (cut, bit flip or junk), so the fuzzer
//         explores damage to valid streams;
//   odd:  the rest is fed as it is behind the gzip magic bytes (raw damage).
// Items must not depend on the chunk size; every record of a damaged stream
// must be a complete line of the plain text that zlib decodes before the damage.

#include <string>

#include "fuzz_ingest.h"
#include "ingest/ingest_test_util.h" // gzip()


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    const std::uint8_t mode = data[0];
    std::string bytes;
    if (mode % 2 == 0) {
        const std::uint16_t where = static_cast<std::uint16_t>(data[1] | (data[2] << 8));
        std::string_view plain = tp_fuzz::as_text(data + 3, size - 3);
        bytes = trailproof::ingest::test::gzip(plain, (mode / 2) % 10);
        if (bytes.empty()) return 0;
        const std::size_t at = where % (bytes.size() + 1);
        switch ((mode / 20) % 4) {
        case 0: bytes.resize(at); break;                                            // cut
        case 1: if (at < bytes.size()) bytes[at] = static_cast<char>(bytes[at] ^ (1 << (mode % 8))); break; // bit flip
        case 2: bytes.insert(at, "\x1f\x8bjunk"); break;                            // junk
        default: bytes += bytes.substr(0, at); break;                               // a partial second member
        }
    } else {
        bytes = "\x1f\x8b";
        bytes.append(tp_fuzz::as_text(data + 1, size - 1));
    }
    tp_fuzz::check_chunk_independence(bytes);
    return 0;
}
