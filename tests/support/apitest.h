// The end-to-end suites' fixture: for each test a fresh database on the parameter's backend
// holding the suite's accounts (all with kTestPassword), the real server over it, an HTTPS
// client, and a token for every account; after the test the server must stop cleanly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {

class ApiTest : public ::testing::TestWithParam<Backend> {
protected:
    // An account of the suites' cast and the member its token goes to once the server starts.
    struct Account {
        std::string email;
        std::string name;
        std::string role;
        std::string ApiTest::*token;
    };
    static const Account kOrganizer;      // organizer@example.com
    static const Account kAna;            // ana@example.com, a buyer
    static const Account kBia;            // bia@example.com, a buyer
    static const Account kClerk;          // clerk@example.com
    static const Account kDoor;           // door@example.com
    static const Account kOtherOrganizer; // other@example.com, who does not own the events

    void TearDown() override;

    // A fresh database holding `accounts` (made with `bilheteria-server user add`).
    void createDatabase(std::vector<Account> accounts);
    // Starts the server over it (any previous one stopped first) with `args` — the suites send
    // many requests from one account, so rate limits are off unless a test says otherwise — and
    // logs every account in; a failed log-in fails the test.
    void startServer(std::vector<std::string> args = {"--no-rate-limits"});
    // Stops the server, expecting exit status 0; nothing when none runs.
    void stopServer();

    HttpsClient& client();
    const std::string& url() const;

    std::string m_organizer, m_ana, m_bia, m_clerk, m_door, m_other;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_client;

private:
    std::vector<Account> m_accounts;
};

} // namespace bilheteria::testing
