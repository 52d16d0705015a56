// The fixture of the holds, sales, audit and report suites (tests/server/store/): HoldService
// and SalesService over a real store, with a fake clock and the sandbox gateways, on a fresh
// database of the test's backend, and a raw connection beside the store's. Every test must
// leave the database whole: TearDown checks the invariants and the audit log. Each suite file
// derives its own class from SalesTest and instantiates it over allBackends().
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/holds.h"
#include "server/core/sales.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"
#include "server/store/storagefactory.h"
#include "tests/support/errorfield.h"
#include "tests/support/fakeclock.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/storetesting.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {

// The sandbox gateway's cards: two that pay and one it declines.
extern const std::string kVisa;
extern const std::string kMastercard;
extern const std::string kDeclinedCard;

CardPayment card(const std::string& number = kVisa, const std::string& holder = "Ana Souza");

// Success when `result` failed with `code`; otherwise says what happened instead.
template <typename T>::testing::AssertionResult failsWith(const Result<T>& result, ErrorCode code) {
    if (result)
        return ::testing::AssertionFailure() << "succeeded; expected " << errorCodeName(code);
    if (result.error().code != code)
        return ::testing::AssertionFailure()
               << "failed with " << why(result) << "; expected " << errorCodeName(code);
    return ::testing::AssertionSuccess();
}

// The lines, each on a line of its own and indented: problems in a failure message.
std::string joined(const std::vector<std::string>& lines);

// What createEvent makes of an event beyond its sections.
struct EventOptions {
    int maxTickets = 6;
    // High unless a test is about it: most scenarios pay for many buyers' holds with one card.
    int maxTicketsPerCard = 1000;
    int holdSeconds = 600;
    bool queue = false;
    int admitPerMinute = 600;
    TimePoint saleStarts = kNow;
    TimePoint saleEnds = kNow + std::chrono::hours{24 * 30};
    std::string currency = "BRL";
    bool allowReentry = false;
    std::optional<TimePoint> refundsUntil;
};

class SalesTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    // Every scenario must leave the database whole; the store goes before its database.
    void TearDown() override;

    Storage& storage() { return *m_storage; }
    HoldService& holds() { return *m_holds; }
    SalesService& sales() { return *m_sales; }
    const RawDatabase& raw() const { return *m_raw; }

    // The invariants `check` verifies and the audit log, both intact.
    void expectIntact();

    User addUser(const std::string& email, Role role = Role::Buyer);
    User buyer(const std::string& name) { return addUser(name + "@example.com"); }

    // Starts 60 days after kNow, created by m_organizer.
    Event createEvent(std::vector<NewSection> sections, EventOptions options = {});

    // The seated seats of an event (of one section when given), in creation order.
    std::vector<Id> seatIds(Id eventId, std::optional<Id> sectionId = std::nullopt);
    std::map<Id, SeatState> seatStates(Id eventId);

    // Availability per section (capacity - held - sold, computed by the test) as every read
    // reports it: the event, its sections, the event list and, for seated sections, the
    // seat map's free seats.
    void expectAvailability(Id eventId, const std::vector<std::int64_t>& perSection);

    Result<Hold> holdSeats(const User& who, Id eventId, std::vector<Id> seats);
    Result<Hold> holdGeneral(const User& who, Id eventId, Id sectionId, std::int64_t quantity);
    Result<PurchaseResult> buyByCard(const User& who, Id holdId, const std::string& key,
                                     const CardPayment& payment = card());
    Result<PurchaseResult> buyByCash(const User& who, Id holdId, const std::string& key,
                                     Cents tendered);

    // Refunds `tickets` of the order (all its valid ones when empty) through the store, as
    // the organizer, now.
    Result<RefundOutcome> refundTickets(Id orderId, std::vector<Id> tickets = {});

    // The hold's status as the store reads it now.
    HoldStatus statusOf(Id holdId);
    // The status column as stored, before any reading "as of now".
    std::string storedStatus(Id holdId);

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<RawDatabase> m_raw;
    std::unique_ptr<Storage> m_storage;
    FakeClock m_clock{kNow};
    SandboxCardGateway m_card;
    CashGateway m_cash;
    PaymentGateways m_gateways;
    std::unique_ptr<HoldService> m_holds;
    std::unique_ptr<SalesService> m_sales;
    User m_organizer;
    std::string m_cardKey;
    bool m_expectIntactAtEnd = true;
};

} // namespace bilheteria::testing
