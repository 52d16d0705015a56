#include "server/app/datadir.h"

#include <filesystem>
#include <iostream>

#include "server/store/keysfile.h"
#include "server/store/storagefactory.h"

namespace bilheteria {

std::string defaultDatabase(const std::string& dataDir) {
    return "sqlite:" + (std::filesystem::path(dataDir) / "bilheteria.sqlite3").string();
}

std::string keysFilePath(const std::string& keysFile, const std::string& dataDir) {
    if (!keysFile.empty()) return keysFile;
    return (std::filesystem::path(dataDir) / "keys").string();
}

Result<std::unique_ptr<Storage>> openDatabase(const std::string& url, int poolSize,
                                              const std::string& keysFile, bool createKeys,
                                              DatabaseTimings* timings) {
    StorageOptions options;
    options.url = url;
    options.poolSize = poolSize;
    options.timings = timings;
    auto cipher = loadKeysFile(keysFile);
    const bool missing = !cipher && cipher.error().code == ErrorCode::NotFound;
    if (missing && createKeys) {
        BILHETERIA_CHECK(writeKeysFile(keysFile, generateFieldKeys(), true));
        cipher = loadKeysFile(keysFile);
    }
    if (!cipher) {
        if (missing)
            return fail(Error::invalidField(
                "keys", cipher.error().message +
                            " (create one with `bilheteria-server keys init --keys-file " +
                            keysFile + "`, or restore it from its backup)"));
        return fail(std::move(cipher).error());
    }
    options.cipher = std::move(*cipher);
    auto storage = openStorage(options);
    if (missing && createKeys) {
        // A key refused (invalid_request) is refused before anything is sealed: the new file is
        // of no use to this database. After other failures values may be sealed with it: kept.
        if (!storage && storage.error().code == ErrorCode::InvalidRequest) {
            std::filesystem::remove(keysFile);
            return fail(Error::invalidField(
                "keys", "keys file " + keysFile +
                            " does not exist, and the database holds data sealed with other "
                            "keys: restore the keys file from its backup (" +
                            storage.error().message + ")"));
        }
        if (!storage) return storage;
        std::cerr << "created the keys file " << keysFile
                  << " with new keys, as the database held nothing sealed yet; back it up apart "
                     "from the database\n";
    }
    return storage;
}

bool ensureDirectory(const std::string& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
        std::cerr << "error: cannot create the data directory " << dir << ": " << error.message()
                  << "\n";
        return false;
    }
    return true;
}

} // namespace bilheteria
