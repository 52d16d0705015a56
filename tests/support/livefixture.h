// The fixture of the change-outbox suites (tests/server/store/test_changestore.cpp) and the
// LiveHub suites (tests/server/test_livehub.cpp): a store on a fresh database of the test's
// backend with HoldService and SalesService over it, the store's change source, and a LiveHub
// started on demand; with helpers that read the outbox, collect what a subscription delivers
// and reduce it to what a client would show. Each suite file derives its own class from
// LiveTest (or PostgresLiveTest) and instantiates it over allBackends().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/holds.h"
#include "server/core/livehub.h"
#include "server/core/sales.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"
#include "server/store/storagefactory.h"
#include "tests/support/fakeclock.h"
#include "tests/support/storetesting.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {

using SteadyClock = std::chrono::steady_clock;

// Short intervals, so that the tests wait for little.
LiveSettings fastSettings();

// A change as the tests compare it: kind, and the payload's meaning.
struct Seen {
    ChangeKind kind = ChangeKind::Seats;
    Id eventId = 0;
    SeatsChange seats;
    OrderChange order;
};

Seen decode(const Change& change);

// Everything a subscription delivers until `done` says so (or `timeout`).
struct Collected {
    std::vector<LiveEventPtr> events;
    std::optional<Id> lastId;
    bool ended = false;
};

Collected collectUntil(LiveSubscription& subscription,
                       const std::function<bool(const Collected&)>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds{5});

// What a client would make of the events: each seat's latest state, each section's latest
// availability, the order events, the resets.
struct View {
    std::map<Id, std::string> seats;
    std::map<Id, std::int64_t> available;
    std::vector<nlohmann::json> orders;
    std::vector<nlohmann::json> queue;
    int resets = 0;
    int seatEvents = 0;
};

View viewOf(const std::vector<LiveEventPtr>& events);

class LiveTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { open(GetParam()); }
    void open(Backend backend);
    void TearDown() override;

    // Another store on the test's database.
    std::unique_ptr<Storage> openStore();

    User buyer(const std::string& name, Role role = Role::Buyer);

    // Seats "A" (5 seats) and "B" (5) in Plateia, 10 places of general admission in Pista.
    Event createEvent(int holdSeconds = 600);

    std::vector<Id> seatIds(Id eventId);

    Result<Hold> holdSeats(const User& who, Id eventId, std::vector<Id> seats);
    Result<Hold> holdGeneral(const User& who, Id eventId, Id sectionId, std::int64_t quantity);
    Result<PurchaseResult> buy(const User& who, Id holdId, const std::string& key,
                               const std::string& card = "4111111111111111");

    // The outbox rows written since the last call.
    std::vector<Seen> newChanges();

    LiveHub& startHub(LiveSettings settings = fastSettings());

    // Until the hub has read every committed change (a busy machine can keep it behind).
    void waitForHub();

    std::unique_ptr<LiveSubscription> subscribe(Id eventId, std::optional<Id> customer = {},
                                                std::optional<Id> lastEventId = {},
                                                std::optional<std::string> sessionKey = {});

    // Runs SQL on a connection of its own (committed at once).
    void rawExec(const std::string& sql);

    Backend m_backend = Backend::Sqlite;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<Storage> m_storage;
    FakeClock m_clock{kNow};
    SandboxCardGateway m_card;
    CashGateway m_cash;
    PaymentGateways m_gateways;
    std::unique_ptr<HoldService> m_holds;
    std::unique_ptr<SalesService> m_sales;
    User m_organizer;
    std::unique_ptr<ChangeSource> m_source;
    std::unique_ptr<LiveHub> m_hub;
    Id m_seenUpTo = 0;
};

// PostgreSQL only (TEST_F): where ids become visible out of order, and other instances share
// the database.
class PostgresLiveTest : public LiveTest {
protected:
    void SetUp() override { open(Backend::Postgres); }

    // A transaction of its own that has written a change and not committed yet: its id is
    // taken, its row invisible to everyone else.
    struct OpenChange {
        std::unique_ptr<pqxx::connection> connection;
        std::unique_ptr<pqxx::work> tx;
        Id id = 0;
    };
    OpenChange writeUncommitted(Id eventId, Id seatId, Id sectionId);
};

} // namespace bilheteria::testing
