#include "tests/support/testkeys.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "server/store/keysfile.h"

namespace bilheteria::testing {

namespace {

// The folder this process made for its keys, removed when the process exits — by the process
// that made it only, not by a forked child that exits before it execs.
std::string g_keysDir;
pid_t g_keysDirOwner = 0;

void removeKeysDir() {
    if (g_keysDirOwner != getpid()) return;
    std::error_code ignored;
    std::filesystem::remove_all(g_keysDir, ignored);
}

} // namespace

const std::string& testKeysFile() {
    static const std::string path = [] {
        if (const char* given = std::getenv("BILHETERIA_KEYS_FILE")) return std::string(given);
        std::string dir = (std::filesystem::temp_directory_path() / "bilheteria-keys-XXXXXX");
        if (!mkdtemp(dir.data())) throw std::runtime_error("cannot make the test keys' folder");
        g_keysDir = dir;
        g_keysDirOwner = getpid();
        std::atexit(removeKeysDir);
        const auto file = dir + "/keys";
        if (!writeKeysFile(file, generateFieldKeys(), true))
            throw std::runtime_error("cannot write the test keys file");
        setenv("BILHETERIA_KEYS_FILE", file.c_str(), 0);
        return file;
    }();
    return path;
}

std::shared_ptr<const FieldCipher> testCipher() {
    static const auto cipher = [] {
        auto loaded = loadKeysFile(testKeysFile());
        if (!loaded) throw std::runtime_error(loaded.error().message);
        return *loaded;
    }();
    return cipher;
}

} // namespace bilheteria::testing
