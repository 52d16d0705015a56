#include "tests/support/testkeys.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "server/store/keysfile.h"

namespace bilheteria::testing {

const std::string& testKeysFile() {
    static const std::string path = [] {
        if (const char* given = std::getenv("BILHETERIA_KEYS_FILE")) return std::string(given);
        std::string dir = (std::filesystem::temp_directory_path() / "bilheteria-keys-XXXXXX");
        if (!mkdtemp(dir.data())) throw std::runtime_error("cannot make the test keys' folder");
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
