// The fixture of the root Storage, accounts and events suites (tests/server/store/): a store
// opened through openStorage on a fresh database of the test's backend, with helpers to add
// users and events. Each suite file derives its own class from StorageTest and instantiates it
// over allBackends().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/store/storagefactory.h"
#include "tests/support/storetesting.h"
#include "tests/support/testdatabase.h"
#include "tests/support/testkeys.h"

namespace bilheteria::testing {

// Error messages travel to clients: they must never carry the database's own text.
void expectNoDatabaseText(const Error& error);

class StorageTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    // The store goes before its database, which PostgreSQL then drops.
    void TearDown() override;

    StorageOptions options(int poolSize = 8) const;

    Storage& storage() { return *m_storage; }

    User addUser(const std::string& email, Role role = Role::Buyer);
    // One organizer, created on first use.
    Id organizer();
    // On sale from kNow until an hour before it starts, in "Arena", by organizer().
    NewEvent event(std::string name, TimePoint startsAt, std::vector<NewSection> sections);
    std::vector<EventSummary> events();
    std::vector<Seat> seats(Id eventId);

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<Storage> m_storage;
    Id m_organizer = 0;
};

} // namespace bilheteria::testing
