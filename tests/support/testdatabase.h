// A fresh, empty database per test for each storage backend, so one suite runs unchanged over
// SQLite and PostgreSQL (value-parameterized by Backend).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bilheteria::testing {

enum class Backend { Sqlite, Postgres };

// "Sqlite" or "Postgres": test names and messages.
std::string backendName(Backend backend);
// Every backend, PostgreSQL included: a missing test server is a failure, never a skip.
std::vector<Backend> allBackends();

// GoogleTest prints parameters with this (found by argument-dependent lookup).
void PrintTo(Backend backend, std::ostream* out);

// Names instances Suite/Test/Sqlite and Suite/Test/Postgres instead of /0 and /1.
struct BackendParamName {
    std::string operator()(const ::testing::TestParamInfo<Backend>& info) const;
};

// SQLite: a new file in the temporary folder, removed with its WAL files afterwards.
// PostgreSQL: CREATE DATABASE bilheteria_t_<pid>_<n> through the admin URL in
// BILHETERIA_TEST_POSTGRES_URL, dropped WITH (FORCE) afterwards. Throws, failing the test with a
// message naming ./scripts/test, when that variable is not set or the server cannot be reached.
class TestDatabase {
public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();

    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // What openStorage takes: "sqlite:/tmp/..." or "postgresql://.../bilheteria_t_...".
    const std::string& url() const;

private:
    Backend m_backend;
    std::string m_url;
    std::string m_adminUrl; // PostgreSQL
    std::string m_name;     // the PostgreSQL database or the SQLite file path
};

} // namespace bilheteria::testing
