// RefundStore over both backends, through RefundService: whole and partial refunds, the places
// back on sale (and sold to someone else), the limits given back, a ticket refunded once and
// never once checked in, a refund racing a gate on one ticket (exactly one wins, every time),
// Idempotency-Key replays, who may refund, the order's status, the reports and the settlement.
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/door.h"
#include "server/core/refunds.h"
#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

class RefundStoreTest : public SalesTest {
protected:
    void SetUp() override {
        SalesTest::SetUp();
        auto key = storage().serverSecret("refund-request-hash");
        ASSERT_TRUE(key) << why(key);
        m_refunds = std::make_unique<RefundService>(
            RefundService::Stores{storage().refunds(), storage().sales(), storage().events()},
            m_clock, m_gateways, *key);
        m_door = std::make_unique<DoorService>(storage().door(), m_clock);
        m_clerk = addUser("clerk@example.com", Role::Clerk);
        m_gate = addUser("door@example.com", Role::Door);
    }
    void TearDown() override {
        m_refunds.reset();
        m_door.reset();
        SalesTest::TearDown();
    }

    RefundService& refunds() { return *m_refunds; }

    // A paid card order of `seats`, bought by `who`.
    Order buySeats(const User& who, Id eventId, std::vector<Id> seats) {
        auto hold = holdSeats(who, eventId, std::move(seats));
        EXPECT_TRUE(hold) << why(hold);
        auto paid = buyByCard(who, hold->id, "buy-" + std::to_string(hold->id));
        EXPECT_TRUE(paid) << why(paid);
        return paid ? paid->order : Order{};
    }

    Result<RefundResult> refund(const User& actor, Id orderId, std::vector<Id> tickets = {},
                                const std::string& key = "") {
        static int serial = 0;
        RefundRequest request;
        request.ticketIds = std::move(tickets);
        return refunds().refund(actor, orderId,
                                key.empty() ? "refund-" + std::to_string(++serial) : key, request);
    }

    Result<Checkin> checkIn(const std::string& code) {
        CheckinRequest request;
        request.code = code;
        request.gate = "North";
        return m_door->checkIn(m_gate, request);
    }

    std::unique_ptr<RefundService> m_refunds;
    std::unique_ptr<DoorService> m_door;
    User m_clerk;
    User m_gate;
};

TEST_P(RefundStoreTest, AWholeRefundVoidsEveryTicketAndFreesTheSeats) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const Order order = buySeats(ana, eventId, {seats[0], seats[1]});

    auto done = refund(m_clerk, order.id);
    ASSERT_TRUE(done) << why(done);
    EXPECT_FALSE(done->replayed);
    EXPECT_EQ(done->order.status, "refunded");
    for (const Ticket& ticket : done->order.tickets)
        EXPECT_EQ(ticket.status, "refunded");
    EXPECT_EQ(done->refund.amountCents, 20'000);
    EXPECT_EQ(done->refund.method, "card");
    EXPECT_EQ(done->refund.status, "settled"); // the sandbox paid it back at once
    EXPECT_EQ(done->refund.ticketIds.size(), 2u);
    EXPECT_EQ(m_card.refundedCount(), 1u);

    const auto states = seatStates(eventId);
    EXPECT_EQ(states.at(seats[0]), SeatState::Free);
    EXPECT_EQ(states.at(seats[1]), SeatState::Free);
    expectAvailability(eventId, {4});
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'order.refunded'"), 1);

    // The order reads the same afterwards, for its buyer too.
    auto read = sales().order(ana, order.id);
    ASSERT_TRUE(read) << why(read);
    EXPECT_EQ(read->status, "refunded");
}

TEST_P(RefundStoreTest, APartialRefundLeavesTheRestValidAndTheSeatSellsAgain) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(buyer("ana"), eventId, {seats[0], seats[1]});

    auto done = refund(m_clerk, order.id, {order.tickets[0].id});
    ASSERT_TRUE(done) << why(done);
    EXPECT_EQ(done->order.status, "partially_refunded");
    EXPECT_EQ(done->order.tickets[0].status, "refunded");
    EXPECT_EQ(done->order.tickets[1].status, "valid");
    EXPECT_EQ(done->refund.amountCents, 10'000);

    // The freed seat is someone else's now; the refunded ticket stays in the order.
    const Order bia = buySeats(buyer("bia"), eventId, {*order.tickets[0].seatId});
    ASSERT_EQ(bia.tickets.size(), 1u);
    EXPECT_EQ(bia.tickets[0].seatId, order.tickets[0].seatId);
    EXPECT_EQ(seatStates(eventId).at(*order.tickets[0].seatId), SeatState::Sold);

    // The rest of the order later: the order is refunded.
    auto rest = refund(m_clerk, order.id);
    ASSERT_TRUE(rest) << why(rest);
    EXPECT_EQ(rest->order.status, "refunded");
    EXPECT_EQ(rest->refund.ticketIds, std::vector<Id>{order.tickets[1].id});
}

TEST_P(RefundStoreTest, GeneralAdmissionPlacesGoBackToStock) {
    const Id eventId = createEvent({general("Pista", 5'000, 3)}).summary.id;
    const Id sectionId = storage().events().getEvent(eventId, kNow)->sections[0].id;
    const User ana = buyer("ana");
    auto hold = holdGeneral(ana, eventId, sectionId, 3);
    ASSERT_TRUE(hold) << why(hold);
    auto paid = buyByCard(ana, hold->id, "ga");
    ASSERT_TRUE(paid) << why(paid);
    expectAvailability(eventId, {0});

    auto done = refund(m_clerk, paid->order.id, {paid->order.tickets[0].id});
    ASSERT_TRUE(done) << why(done);
    expectAvailability(eventId, {1});
    auto again = holdGeneral(buyer("bia"), eventId, sectionId, 1);
    EXPECT_TRUE(again) << why(again);
}

TEST_P(RefundStoreTest, RefundsGiveTheCustomerAndCardLimitsBack) {
    EventOptions options;
    options.maxTickets = 2;
    options.maxTicketsPerCard = 2;
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 6}})}, options).summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const Order order = buySeats(ana, eventId, {seats[0], seats[1]});
    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[2]}), ErrorCode::QuotaExceeded));

    ASSERT_TRUE(refund(m_clerk, order.id));
    // Ana may buy two again, with the same card.
    const Order again = buySeats(ana, eventId, {seats[2], seats[3]});
    EXPECT_EQ(again.tickets.size(), 2u);
}

TEST_P(RefundStoreTest, ATicketIsRefundedOnceAndNeverOnceCheckedIn) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(buyer("ana"), eventId, {seats[0], seats[1], seats[2]});

    ASSERT_TRUE(refund(m_clerk, order.id, {order.tickets[0].id}));
    EXPECT_TRUE(failsWith(refund(m_clerk, order.id, {order.tickets[0].id}), ErrorCode::TicketVoid));

    ASSERT_TRUE(checkIn(order.tickets[1].code));
    auto inside = refund(m_clerk, order.id, {order.tickets[1].id});
    ASSERT_TRUE(failsWith(inside, ErrorCode::AlreadyCheckedIn));
    EXPECT_EQ(inside.error().details.value("gate", ""), "North");
    // All of the order names the checked-in ticket too: refused whole, nothing changes.
    EXPECT_TRUE(failsWith(refund(m_clerk, order.id), ErrorCode::AlreadyCheckedIn));
    EXPECT_EQ(seatStates(eventId).at(seats[2]), SeatState::Sold);

    ASSERT_TRUE(refund(m_clerk, order.id, {order.tickets[2].id}));
    EXPECT_TRUE(failsWith(refund(m_clerk, order.id, {order.tickets[2].id}), ErrorCode::TicketVoid));
    EXPECT_TRUE(failsWith(checkIn(order.tickets[0].code), ErrorCode::TicketVoid));
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds"), 2);
}

TEST_P(RefundStoreTest, AnotherOrdersTicketOrAnUnknownOrderIsRefused) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order ana = buySeats(buyer("ana"), eventId, {seats[0]});
    const Order bia = buySeats(buyer("bia"), eventId, {seats[1]});

    auto foreign = refund(m_clerk, ana.id, {bia.tickets[0].id});
    ASSERT_TRUE(failsWith(foreign, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(foreign.error()), "ticket_ids");
    EXPECT_TRUE(failsWith(refund(m_clerk, ana.id, {999'999}), ErrorCode::InvalidRequest));
    EXPECT_TRUE(failsWith(refund(m_clerk, 999'999), ErrorCode::NotFound));
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE voided_at IS NOT NULL"), 0);
}

TEST_P(RefundStoreTest, ARefundRacingAGateOnOneTicketHasExactlyOneWinner) {
    constexpr int kRounds = 40;
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", kRounds}})}).summary.id;
    const auto seats = seatIds(eventId);
    int refundsWon = 0;
    int gatesWon = 0;
    for (int round = 0; round < kRounds; ++round) {
        const Order order = buySeats(buyer("fan" + std::to_string(round)), eventId, {seats[round]});
        const Ticket ticket = order.tickets.at(0);
        std::latch start(2);
        Result<RefundResult> refunded = fail(Error::internal("did not run"));
        Result<Checkin> admitted = fail(Error::internal("did not run"));
        std::thread gate([&] {
            start.arrive_and_wait();
            admitted = checkIn(ticket.code);
        });
        std::thread desk([&] {
            start.arrive_and_wait();
            refunded = refund(m_clerk, order.id, {ticket.id});
        });
        gate.join();
        desk.join();
        ASSERT_NE(bool(refunded), bool(admitted))
            << "round " << round << ": refund " << (refunded ? "won" : why(refunded)) << ", gate "
            << (admitted ? "won" : why(admitted));
        if (refunded) {
            ++refundsWon;
            ASSERT_TRUE(failsWith(admitted, ErrorCode::TicketVoid)) << "round " << round;
        } else {
            ++gatesWon;
            ASSERT_TRUE(failsWith(refunded, ErrorCode::AlreadyCheckedIn)) << "round " << round;
        }
    }
    EXPECT_EQ(refundsWon + gatesWon, kRounds);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE voided_at IS NOT NULL AND "
                          "checked_in_at IS NOT NULL"),
              0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds"), refundsWon);
    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins"), gatesWon);
}

TEST_P(RefundStoreTest, AKeySentAgainReplaysAndAnotherRequestWithItIsRefused) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(buyer("ana"), eventId, {seats[0], seats[1]});

    auto first = refund(m_clerk, order.id, {order.tickets[0].id}, "same-key");
    ASSERT_TRUE(first) << why(first);
    auto again = refund(m_clerk, order.id, {order.tickets[0].id}, "same-key");
    ASSERT_TRUE(again) << why(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->refund.id, first->refund.id);
    EXPECT_EQ(again->refund.amountCents, first->refund.amountCents);
    EXPECT_EQ(m_card.refundedCount(), 1u);

    // The same key for another request; the key is the clerk's, so a buyer's is apart.
    EXPECT_TRUE(failsWith(refund(m_clerk, order.id, {order.tickets[1].id}, "same-key"),
                          ErrorCode::IdempotencyMismatch));
    EXPECT_TRUE(
        failsWith(refund(m_clerk, order.id, {}, "same-key"), ErrorCode::IdempotencyMismatch));
    EXPECT_EQ(raw().count("SELECT count(*) FROM refund_keys"), 1);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE voided_at IS NOT NULL"), 1);
}

TEST_P(RefundStoreTest, BuyersRefundTheirOwnCardOrdersInsideTheWindowOnly) {
    EventOptions options;
    options.refundsUntil = kNow + 24h;
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 6}})}, options).summary.id;
    const Id closed = createEvent({seated("Plateia", 10'000, {{"A", 2}})}).summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const User bia = buyer("bia");
    const Order mine = buySeats(ana, eventId, {seats[0]});
    const Order hers = buySeats(bia, eventId, {seats[1]});
    const Order noWindow = buySeats(ana, closed, {seatIds(closed)[0]});

    EXPECT_TRUE(failsWith(refund(ana, hers.id), ErrorCode::NotFound));
    EXPECT_TRUE(failsWith(refund(ana, noWindow.id), ErrorCode::Forbidden));
    auto own = refund(ana, mine.id);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->order.status, "refunded");

    // Cash goes back at the counter, never online; the clerk refunds it, settled at once.
    auto anaHold = holdSeats(ana, eventId, {seats[3]});
    ASSERT_TRUE(anaHold) << why(anaHold);
    auto anaCash = buyByCash(m_clerk, anaHold->id, "cash-ana", 10'000);
    ASSERT_TRUE(anaCash) << why(anaCash);
    EXPECT_TRUE(failsWith(refund(ana, anaCash->order.id), ErrorCode::Forbidden));
    auto atCounter = refund(m_clerk, anaCash->order.id);
    ASSERT_TRUE(atCounter) << why(atCounter);
    EXPECT_EQ(atCounter->refund.method, "cash");
    EXPECT_EQ(atCounter->refund.status, "settled");

    // After the window: the buyer may not, staff still may.
    m_clock.advance(25h);
    const Order later = buySeats(bia, eventId, {seats[4]});
    EXPECT_TRUE(failsWith(refund(bia, later.id), ErrorCode::Forbidden));
    EXPECT_TRUE(refund(m_organizer, later.id));
}

TEST_P(RefundStoreTest, AnUnsettledRefundIsPaidBackByRecovery) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Order order = buySeats(buyer("ana"), eventId, {seatIds(eventId)[0]});
    NewRefund in;
    in.orderId = order.id;
    in.actorId = m_clerk.id;
    in.idempotencyKey = "crashed";
    in.requestHash = std::string(64, 'a');
    in.reference = "rf_crashed";
    in.now = m_clock.now();
    auto written = storage().refunds().refund(in); // as if the server died before the gateway
    ASSERT_TRUE(written) << why(written);
    EXPECT_EQ(written->refund.status, "pending");
    auto pending = storage().refunds().listUnsettledRefunds();
    ASSERT_TRUE(pending) << why(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->at(0).reference, "rf_crashed");
    EXPECT_EQ(pending->at(0).amountCents, 10'000);

    auto settled = refunds().settleUnsettled();
    ASSERT_TRUE(settled) << why(settled);
    EXPECT_EQ(*settled, 1);
    EXPECT_EQ(m_card.refundedCount(), 1u);
    EXPECT_TRUE(storage().refunds().listUnsettledRefunds()->empty());
    auto read = storage().refunds().findRefund(written->refund.id);
    ASSERT_TRUE(read) << why(read);
    EXPECT_EQ(read->refund.status, "settled");
}

TEST_P(RefundStoreTest, TheSalesReportCountsNoVoidTicket) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(buyer("ana"), eventId, {seats[0], seats[1]});
    ASSERT_TRUE(refund(m_clerk, order.id, {order.tickets[0].id}));

    auto report = storage().reports().salesReport(eventId, m_clock.now(), 3600);
    ASSERT_TRUE(report) << why(report);
    EXPECT_EQ(report->sold, 1);
    EXPECT_EQ(report->revenueCents, 10'000);
    ASSERT_EQ(report->sections.size(), 1u);
    EXPECT_EQ(report->sections[0].sold, 1);
    EXPECT_EQ(report->sections[0].revenueCents, 10'000);
}

INSTANTIATE_TEST_SUITE_P(Backends, RefundStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
