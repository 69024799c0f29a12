#pragma once
// Where an installed trailproof keeps its data: the bundled packs and the
// ATT&CK / AWS reference tables that `validate` reads. `cmake --install` puts
// them in <prefix>/share/trailproof/content beside <prefix>/bin/trailproof; the
// folder is found from the running executable's own path, never from a path
// compiled in, so an installed tree can be moved (or unpacked from the .deb to
// any prefix) and still finds its data. A binary run from the build tree has no
// such folder: there the content root's own attack/ and aws/ are used, as before.

#include <optional>
#include <string>

namespace trailproof::harness {

// The data folder of the running executable (<bin>/../share/trailproof for the
// default layout; the relative path follows CMAKE_INSTALL_BINDIR and
// CMAKE_INSTALL_DATADIR), or nullopt when it does not exist. Linux: the
// executable is /proc/self/exe.
[[nodiscard]] std::optional<std::string> installed_data_dir();

// The data folder that belongs to the executable at `executable`, or nullopt.
// Exposed for tests.
[[nodiscard]] std::optional<std::string> data_dir_of(const std::string& executable);

} // namespace trailproof::harness
