#include "tests/support/apitest.h"

#include "tests/support/builders.h"

namespace bilheteria::testing {

const ApiTest::Account ApiTest::kOrganizer{"organizer@example.com", "Olga Organizer", "organizer",
                                           &ApiTest::m_organizer};
const ApiTest::Account ApiTest::kAna{"ana@example.com", "Ana Buyer", "buyer", &ApiTest::m_ana};
const ApiTest::Account ApiTest::kBia{"bia@example.com", "Bia Buyer", "buyer", &ApiTest::m_bia};
const ApiTest::Account ApiTest::kClerk{"clerk@example.com", "Caio Clerk", "clerk",
                                       &ApiTest::m_clerk};
const ApiTest::Account ApiTest::kDoor{"door@example.com", "Dora Door", "door", &ApiTest::m_door};
const ApiTest::Account ApiTest::kOtherOrganizer{"other@example.com", "Otto Organizer", "organizer",
                                                &ApiTest::m_other};

void ApiTest::TearDown() {
    stopServer();
}

void ApiTest::createDatabase(std::vector<Account> accounts) {
    m_database = std::make_unique<TestDatabase>(GetParam());
    for (const Account& account : accounts)
        addUser(url(), account.email, account.name, account.role, kTestPassword);
    m_accounts = std::move(accounts);
}

void ApiTest::startServer(std::vector<std::string> args) {
    stopServer();
    m_server = std::make_unique<ServerProcess>(url(), std::move(args));
    m_client = std::make_unique<HttpsClient>(*m_server);
    for (const Account& account : m_accounts) {
        this->*account.token = m_client->login(account.email, kTestPassword);
        ASSERT_FALSE((this->*account.token).empty()) << account.email << " could not log in";
    }
}

void ApiTest::stopServer() {
    m_client.reset();
    if (m_server) {
        EXPECT_EQ(m_server->stop(), 0) << m_server->output();
        m_server.reset();
    }
}

HttpsClient& ApiTest::client() {
    return *m_client;
}

const std::string& ApiTest::url() const {
    return m_database->url();
}

} // namespace bilheteria::testing
