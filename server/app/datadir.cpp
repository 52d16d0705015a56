#include "server/app/datadir.h"

#include <filesystem>
#include <iostream>

#include "server/store/storagefactory.h"

namespace bilheteria {

std::string defaultDatabase(const std::string& dataDir) {
    return "sqlite:" + (std::filesystem::path(dataDir) / "bilheteria.sqlite3").string();
}

Result<std::unique_ptr<Storage>> openDatabase(const std::string& url, int poolSize,
                                              DatabaseTimings* timings) {
    StorageOptions options;
    options.url = url;
    options.poolSize = poolSize;
    options.timings = timings;
    return openStorage(options);
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
