// Fresh databases for tests: a temporary SQLite file, or a PostgreSQL database created and
// dropped through the admin URL that ./scripts/test exports.
#include "tests/support/testdatabase.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include <unistd.h>

#include <pqxx/pqxx>

namespace bilheteria::testing {

namespace {

constexpr const char* kAdminUrlVariable = "BILHETERIA_TEST_POSTGRES_URL";

// Unique within the process; the pid makes it unique across the processes ctest runs at once.
std::string freshName() {
    static std::atomic<int> counter{0};
    return "bilheteria_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

// The admin URL with its database path replaced: postgresql://user@host:port/NAME?params.
std::string withDatabase(const std::string& url, const std::string& database) {
    const auto scheme = url.find("://");
    const auto authorityStart = scheme == std::string::npos ? 0 : scheme + 3;
    const auto queryStart = url.find('?', authorityStart);
    const auto pathStart = url.find('/', authorityStart);
    const auto authorityEnd = std::min(pathStart, queryStart);
    const std::string query = queryStart == std::string::npos ? "" : url.substr(queryStart);
    return url.substr(0, std::min(authorityEnd, url.size())) + "/" + database + query;
}

std::string adminUrl() {
    const char* value = std::getenv(kAdminUrlVariable);
    if (!value || !*value)
        throw std::runtime_error(
            std::string{kAdminUrlVariable} +
            " is not set, so the PostgreSQL storage tests cannot run. Run the tests through "
            "./scripts/test, which starts a PostgreSQL server and sets it (or set it yourself to "
            "an admin URL such as postgresql://postgres@127.0.0.1:5439/postgres).");
    return value;
}

} // namespace

std::string backendName(Backend backend) {
    return backend == Backend::Sqlite ? "Sqlite" : "Postgres";
}

std::vector<Backend> allBackends() {
    return {Backend::Sqlite, Backend::Postgres};
}

void PrintTo(Backend backend, std::ostream* out) {
    *out << backendName(backend);
}

std::string BackendParamName::operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return backendName(info.param);
}

TestDatabase::TestDatabase(Backend backend)
    : m_backend(backend) {
    if (backend == Backend::Sqlite) {
        m_name = (std::filesystem::temp_directory_path() / (freshName() + ".sqlite")).string();
        std::filesystem::remove(m_name); // a leftover of an earlier process with the same pid
        m_url = "sqlite:" + m_name;
        return;
    }
    m_adminUrl = adminUrl();
    m_name = freshName();
    try {
        pqxx::connection admin{m_adminUrl};
        // CREATE DATABASE cannot run inside a transaction block.
        pqxx::nontransaction tx{admin};
        const std::string quoted = tx.quote_name(m_name);
        // A crashed earlier process with the same pid may have left one behind.
        if (!tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", m_name).empty())
            tx.exec("DROP DATABASE " + quoted + " WITH (FORCE)");
        tx.exec("CREATE DATABASE " + quoted);
    } catch (const std::exception& error) {
        throw std::runtime_error("cannot create a PostgreSQL test database through " +
                                 std::string{kAdminUrlVariable} + " (" + m_adminUrl + "): " +
                                 error.what() + " (is the server ./scripts/test starts running?)");
    }
    m_url = withDatabase(m_adminUrl, m_name);
}

TestDatabase::~TestDatabase() {
    if (m_backend == Backend::Sqlite) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock"})
            std::filesystem::remove(m_name + suffix, ignored);
        return;
    }
    if (m_url.empty()) return;
    try {
        pqxx::connection admin{m_adminUrl};
        pqxx::nontransaction tx{admin};
        // FORCE: a store under test may still hold pooled connections.
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(m_name) + " WITH (FORCE)");
    } catch (const std::exception& error) {
        std::cerr << "warning: could not drop test database " << m_name << ": " << error.what()
                  << '\n';
    }
}

const std::string& TestDatabase::url() const {
    return m_url;
}

} // namespace bilheteria::testing
