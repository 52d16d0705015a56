// RefundStore over both backends, through RefundService: whole and partial refunds, the places
// back on sale (and sold to someone else), the limits given back, a ticket refunded once and
// never once checked in, a refund racing a gate on one ticket (exactly one wins, every time),
// Idempotency-Key replays, who may refund, the order's status, the reports and the settlement;
// after the sale besides: the shift's refunds, the staff lookup of an order by a ticket, event
// cancellation (the sale closed, every order refunded once, 5,000 of them, a cancellation cut
// short finished by the housekeeper) and exchanges (same price, refusals, racing for a seat; a
// dearer place paid in cash or by card, a cheaper one's difference refunded, the shift's
// figures, replays, and `check` catching a tampered difference).
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/changefeed.h"
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

TEST_P(RefundStoreTest, TheShiftCountsTheRefundsItsCallerMade) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 6}})}).summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const Order card = buySeats(ana, eventId, {seats[0], seats[1]});
    auto hold = holdSeats(m_clerk, eventId, {seats[2]});
    ASSERT_TRUE(hold) << why(hold);
    auto cash = buyByCash(m_clerk, hold->id, "cash", 10'000);
    ASSERT_TRUE(cash) << why(cash);

    m_clock.advance(60s);
    const TimePoint since = m_clock.now(); // the sales are before it
    ASSERT_TRUE(refund(m_clerk, card.id, {card.tickets[0].id}));
    ASSERT_TRUE(refund(m_clerk, cash->order.id));
    ASSERT_TRUE(refund(m_organizer, card.id)); // someone else's refund is not the clerk's

    auto shift = sales().shift(m_clerk, since, std::nullopt);
    ASSERT_TRUE(shift) << why(shift);
    EXPECT_EQ(shift->refunds, 2);
    EXPECT_EQ(shift->orders, 0); // both orders were sold before the window
    ASSERT_EQ(shift->totals.size(), 1u);
    const ShiftTotals& brl = shift->totals[0];
    EXPECT_EQ(brl.currency, "BRL");
    EXPECT_EQ(brl.refunds, 2);
    EXPECT_EQ(brl.refundedCents, 20'000);
    EXPECT_EQ(brl.cashRefundedCents, 10'000);
    EXPECT_EQ(brl.cardRefundedCents, 10'000);

    // The window's end counts: nothing before `since`, nothing from `until` on.
    auto before = sales().shift(m_clerk, since - 3600s, since);
    ASSERT_TRUE(before) << why(before);
    EXPECT_EQ(before->refunds, 0);
    EXPECT_EQ(before->orders, 1); // the cash sale
    ASSERT_EQ(before->totals.size(), 1u);
    EXPECT_EQ(before->totals[0].refundedCents, 0);

    auto organizer = sales().shift(m_organizer, since, std::nullopt);
    ASSERT_TRUE(organizer) << why(organizer);
    EXPECT_EQ(organizer->refunds, 1);
    EXPECT_EQ(organizer->totals.at(0).cardRefundedCents, 10'000);
}

TEST_P(RefundStoreTest, AStaffLookupFindsAnOrderByItsTicket) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const User ana = buyer("ana");
    const Order order = buySeats(ana, eventId, {seatIds(eventId)[0]});

    auto byCode = m_door->orderOfTicket(order.tickets[0].code);
    ASSERT_TRUE(byCode) << why(byCode);
    EXPECT_EQ(*byCode, std::optional<Id>{order.id});
    auto signed_ = m_door->withTokens(order);
    ASSERT_TRUE(signed_) << why(signed_);
    auto byToken = m_door->orderOfTicket(*signed_->tickets[0].qr);
    ASSERT_TRUE(byToken) << why(byToken);
    EXPECT_EQ(*byToken, std::optional<Id>{order.id});

    // Unknown, malformed and forged names find nothing, without an error.
    for (const std::string& name : {std::string(22, 'A'), std::string("not a code!"),
                                    *signed_->tickets[0].qr + "x", std::string("BLH1.e30.AAAA")}) {
        auto none = m_door->orderOfTicket(name);
        ASSERT_TRUE(none) << why(none);
        EXPECT_FALSE(*none) << name;
    }

    // Door staff and clerks see it; its buyer too; another buyer gets nothing.
    for (const User& who : {m_gate, m_clerk, ana}) {
        auto found = sales().orderByTicket(who, order.id);
        ASSERT_TRUE(found) << why(found);
        ASSERT_EQ(found->size(), 1u);
        EXPECT_EQ(found->at(0).id, order.id);
    }
    auto other = sales().orderByTicket(buyer("bia"), order.id);
    ASSERT_TRUE(other) << why(other);
    EXPECT_TRUE(other->empty());
}

TEST_P(RefundStoreTest, CancellingAnEventClosesTheSaleAndRefundsEveryOrder) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 6}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const Order card = buySeats(ana, eventId, {seats[0], seats[1]});
    auto cashHold = holdSeats(m_clerk, eventId, {seats[2]});
    ASSERT_TRUE(cashHold) << why(cashHold);
    auto cash = buyByCash(m_clerk, cashHold->id, "cash", 20'000);
    ASSERT_TRUE(cash) << why(cash);
    ASSERT_TRUE(refund(m_clerk, card.id, {card.tickets[1].id})); // refunded before: stays so
    ASSERT_TRUE(checkIn(cash->order.tickets[0].code));           // inside already: refunded too
    const User bia = buyer("bia");
    auto open = holdSeats(bia, eventId, {seats[3]}); // held when it is cancelled
    ASSERT_TRUE(open) << why(open);

    // Only its organizer or an admin cancel it.
    EXPECT_TRUE(failsWith(refunds().cancelEvent(m_clerk, eventId, {}), ErrorCode::Forbidden));
    const User other = addUser("other@example.com", Role::Organizer);
    EXPECT_TRUE(failsWith(refunds().cancelEvent(other, eventId, {}), ErrorCode::Forbidden));
    EXPECT_TRUE(failsWith(refunds().cancelEvent(m_organizer, 999'999, {}), ErrorCode::NotFound));
    EXPECT_FALSE(storage().events().getEventSettings(eventId)->summary.cancelledAt);

    m_clock.advance(10s);
    auto done = refunds().cancelEvent(m_organizer, eventId, CancelRequest{"storm"});
    ASSERT_TRUE(done) << why(done);
    EXPECT_EQ(done->refundedOrders, 2);
    EXPECT_EQ(done->refundedCents, 20'000);
    EXPECT_EQ(done->event.summary.cancelledAt, std::optional<TimePoint>{m_clock.now()});
    EXPECT_EQ(m_card.refundedCount(), 2u); // the earlier refund and the cancellation's

    // Every ticket void: the door says why.
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE voided_at IS NULL"), 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE void_reason = 'cancelled'"), 2);
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds WHERE status <> 'settled'"), 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'event.cancelled'"), 1);
    // The live feed announces it once, with its time.
    auto source = storage().changes().openChangeSource();
    ASSERT_TRUE(source) << why(source);
    auto changes = (*source)->changesAfter(0, 10'000);
    ASSERT_TRUE(changes) << why(changes);
    int announced = 0;
    for (const Change& change : *changes) {
        if (change.kind != ChangeKind::Cancelled) continue;
        ++announced;
        EXPECT_EQ(change.eventId, eventId);
        auto parsed = parseCancelledChange(change.payload);
        ASSERT_TRUE(parsed) << why(parsed);
        EXPECT_EQ(parsed->cancelledAt, m_clock.now());
    }
    EXPECT_EQ(announced, 1);
    auto refused = checkIn(card.tickets[0].code);
    ASSERT_TRUE(failsWith(refused, ErrorCode::TicketVoid));
    EXPECT_EQ(refused.error().details["reason"], "cancelled");
    for (const Order& order : {card, cash->order}) {
        auto read = sales().order(m_clerk, order.id);
        ASSERT_TRUE(read) << why(read);
        EXPECT_EQ(read->status, "refunded");
    }

    // The sale is closed: no hold, no purchase, the held seats free again.
    EXPECT_TRUE(failsWith(holdSeats(m_clerk, eventId, {seats[4]}), ErrorCode::SaleClosed));
    EXPECT_TRUE(failsWith(buyByCard(bia, open->id, "late"), ErrorCode::SaleClosed));
    EXPECT_EQ(storedStatus(open->id), "released");
    for (const auto& [seat, state] : seatStates(eventId))
        EXPECT_EQ(state, SeatState::Free) << seat;

    // Again: nothing left, nothing paid twice; the first time and reason stay.
    m_clock.advance(10s);
    auto again = refunds().cancelEvent(m_organizer, eventId, {});
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(again->refundedOrders, 0);
    EXPECT_EQ(again->refundedCents, 0);
    EXPECT_EQ(again->event.summary.cancelledAt, done->event.summary.cancelledAt);
    EXPECT_EQ(m_card.refundedCount(), 2u);
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds"), 3);
}

TEST_P(RefundStoreTest, ACancelledEventRefusesPurchasesOfItsHolds) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const User ana = buyer("ana");
    auto hold = holdSeats(ana, eventId, {seatIds(eventId)[0]});
    ASSERT_TRUE(hold) << why(hold);
    ASSERT_TRUE(refunds().cancelEvent(m_organizer, eventId, {}));
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "after"), ErrorCode::SaleClosed));
    EXPECT_EQ(m_card.capturedCount(), 0u);
}

TEST_P(RefundStoreTest, ACancellationCutShortIsFinishedByTheHousekeeper) {
    const Id eventId = createEvent({general("Pista", 5'000, 100)}).summary.id;
    const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
    std::vector<Id> orders;
    for (int i = 0; i < 5; ++i) {
        auto hold = holdGeneral(m_clerk, eventId, sectionId, 2);
        ASSERT_TRUE(hold) << why(hold);
        auto paid = buyByCard(m_clerk, hold->id, "sale-" + std::to_string(i));
        ASSERT_TRUE(paid) << why(paid);
        orders.push_back(paid->order.id);
    }
    // The server closed the sale and died before refunding anything.
    ASSERT_TRUE(
        storage().events().cancelEvent(eventId, m_organizer.id, std::nullopt, m_clock.now()));
    auto left = storage().refunds().unfinishedCancellations();
    ASSERT_TRUE(left) << why(left);
    EXPECT_EQ(*left, std::vector<Id>{eventId});

    auto finished = refunds().finishCancellations();
    ASSERT_TRUE(finished) << why(finished);
    EXPECT_EQ(*finished, 5);
    EXPECT_EQ(m_card.refundedCount(), 5u);
    EXPECT_TRUE(storage().refunds().unfinishedCancellations()->empty());
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds WHERE actor_id = " +
                          std::to_string(m_organizer.id)),
              5);
    auto again = refunds().finishCancellations();
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(*again, 0);
    expectAvailability(eventId, {100});
}

// The size the brief sets: 5,000 paid orders, cards and cash, cancelled in one call. Timing is
// bench/cancel.cpp's business; this checks the money and the tickets.
TEST_P(RefundStoreTest, CancellingFiveThousandOrdersRefundsEveryOne) {
    constexpr int kOrders = 5'000;
    const Id eventId = createEvent({general("Pista", 5'000, kOrders)}).summary.id;
    const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
    for (int i = 0; i < kOrders; ++i) {
        auto hold = holdGeneral(m_clerk, eventId, sectionId, 1);
        ASSERT_TRUE(hold) << why(hold);
        const std::string key = "sale-" + std::to_string(i);
        // 1,000 on each of two cards (the per-card limit), the rest in cash.
        auto paid = i % 5 == 0   ? buyByCard(m_clerk, hold->id, key, card(kVisa))
                    : i % 5 == 1 ? buyByCard(m_clerk, hold->id, key, card(kMastercard))
                                 : buyByCash(m_clerk, hold->id, key, 5'000);
        ASSERT_TRUE(paid) << i << ": " << why(paid);
    }
    auto done = refunds().cancelEvent(m_organizer, eventId, {});
    ASSERT_TRUE(done) << why(done);
    EXPECT_EQ(done->refundedOrders, kOrders);
    EXPECT_EQ(done->refundedCents, Cents{kOrders} * 5'000);
    EXPECT_EQ(m_card.refundedCount(), 2'000u);
    const std::string event = std::to_string(eventId);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE event_id = " + event +
                          " AND voided_at IS NULL"),
              0);
    EXPECT_EQ(raw().count("SELECT count(DISTINCT order_id) FROM refunds WHERE event_id = " + event),
              kOrders);
    EXPECT_EQ(
        raw().count("SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE event_id = " + event),
        raw().count("SELECT coalesce(sum(p.amount_cents), 0) FROM payments p "
                    "JOIN orders o ON o.id = p.order_id WHERE o.event_id = " +
                    event));
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds WHERE status <> 'settled'"), 0);
    expectAvailability(eventId, {kOrders});
    // TearDown runs `check` and `audit verify`'s checks over all of it.
}

TEST_P(RefundStoreTest, AnExchangeSwapsATicketForAnotherPlaceOfTheSamePrice) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 6}}), general("Pista", 10'000, 10),
                     seated("Camarote", 30'000, {{"V", 2}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId, event.sections[0].id);
    const auto boxes = seatIds(eventId, event.sections[2].id);
    const User ana = buyer("ana");
    const Order order = buySeats(ana, eventId, {seats[0], seats[1]});
    auto exchange = [&](Id ticket, std::optional<Id> seat, std::optional<Id> section,
                        const std::string& key, const User& who) {
        return refunds().exchange(who, order.id, key,
                                  ExchangeRequest{ticket, seat, section, std::nullopt});
    };

    auto done = exchange(order.tickets[0].id, seats[4], std::nullopt, "x1", m_clerk);
    ASSERT_TRUE(done) << why(done);
    EXPECT_FALSE(done->replayed);
    EXPECT_EQ(done->exchange.oldTicketId, order.tickets[0].id);
    EXPECT_EQ(done->exchange.differenceCents, 0);
    EXPECT_EQ(done->order.status, "paid");
    ASSERT_EQ(done->order.tickets.size(), 3u);
    EXPECT_EQ(done->order.tickets[0].status, "exchanged");
    const Ticket& fresh = done->order.tickets[2];
    EXPECT_EQ(fresh.id, done->exchange.newTicketId);
    EXPECT_EQ(fresh.seatId, std::optional<Id>{seats[4]});
    EXPECT_EQ(fresh.status, "valid");
    EXPECT_NE(fresh.code, order.tickets[0].code);
    auto states = seatStates(eventId);
    EXPECT_EQ(states.at(seats[0]), SeatState::Free);
    EXPECT_EQ(states.at(seats[4]), SeatState::Sold);
    expectAvailability(eventId, {4, 10, 2});

    // The same key: the same exchange; with another request: refused.
    auto replay = exchange(order.tickets[0].id, seats[4], std::nullopt, "x1", m_clerk);
    ASSERT_TRUE(replay) << why(replay);
    EXPECT_TRUE(replay->replayed);
    EXPECT_EQ(replay->exchange.id, done->exchange.id);
    EXPECT_TRUE(failsWith(exchange(order.tickets[1].id, seats[5], std::nullopt, "x1", m_clerk),
                          ErrorCode::IdempotencyMismatch));

    // The door refuses the old ticket and takes the new one.
    auto old = checkIn(order.tickets[0].code);
    ASSERT_TRUE(failsWith(old, ErrorCode::TicketVoid));
    EXPECT_EQ(old.error().details["reason"], "exchanged");

    // Refused, changing nothing: a taken seat, a dearer place without a payment, a void ticket,
    // a buyer, a seat of no seated section of the event, a ticket of another order.
    const Order bia = buySeats(buyer("bia"), eventId, {seats[5]});
    EXPECT_TRUE(failsWith(exchange(order.tickets[1].id, seats[5], std::nullopt, "x2", m_clerk),
                          ErrorCode::SeatsUnavailable));
    auto dearer = exchange(order.tickets[1].id, boxes[0], std::nullopt, "x3", m_clerk);
    EXPECT_EQ(failedField(dearer), "payment");
    EXPECT_TRUE(failsWith(exchange(order.tickets[0].id, seats[2], std::nullopt, "x4", m_clerk),
                          ErrorCode::TicketVoid));
    EXPECT_TRUE(failsWith(exchange(order.tickets[1].id, seats[2], std::nullopt, "x5", ana),
                          ErrorCode::Forbidden));
    EXPECT_TRUE(
        failsWith(exchange(order.tickets[1].id, std::nullopt, event.sections[0].id, "x6", m_clerk),
                  ErrorCode::InvalidRequest));
    EXPECT_TRUE(failsWith(exchange(bia.tickets[0].id, seats[2], std::nullopt, "x7", m_clerk),
                          ErrorCode::InvalidRequest));
    ASSERT_TRUE(checkIn(fresh.code));
    EXPECT_TRUE(failsWith(exchange(fresh.id, seats[2], std::nullopt, "x8", m_clerk),
                          ErrorCode::AlreadyCheckedIn));
    EXPECT_EQ(raw().count("SELECT count(*) FROM exchanges"), 1);

    // Into general admission: any free place of the section.
    auto general = exchange(order.tickets[1].id, std::nullopt, event.sections[1].id, "x9", m_clerk);
    ASSERT_TRUE(general) << why(general);
    EXPECT_EQ(general->order.tickets.back().sectionId, event.sections[1].id);
    expectAvailability(eventId, {4, 9, 2});

    // A refund of the order pays back the tickets it holds now, never more than was paid.
    auto refunded = refund(m_clerk, order.id);
    ASSERT_TRUE(failsWith(refunded, ErrorCode::AlreadyCheckedIn)); // the new seat is inside
    auto partial = refund(m_clerk, order.id, {general->exchange.newTicketId});
    ASSERT_TRUE(partial) << why(partial);
    EXPECT_EQ(partial->refund.amountCents, 10'000);
    EXPECT_EQ(partial->order.status, "partially_refunded");
}

TEST_P(RefundStoreTest, TwoExchangesForOneFreeSeatHaveOneWinner) {
    for (int round = 0; round < 10; ++round) {
        const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 3}})}).summary.id;
        const auto seats = seatIds(eventId);
        const Order a = buySeats(buyer("a" + std::to_string(round)), eventId, {seats[0]});
        const Order b = buySeats(buyer("b" + std::to_string(round)), eventId, {seats[1]});
        std::latch start(3);
        Result<ExchangeResult> first = fail(Error::internal("not run"));
        Result<ExchangeResult> second = fail(Error::internal("not run"));
        Result<Hold> hold = fail(Error::internal("not run"));
        const User c = buyer("c" + std::to_string(round));
        std::thread t1([&] {
            start.arrive_and_wait();
            first = refunds().exchange(
                m_clerk, a.id, "race-a-" + std::to_string(round),
                ExchangeRequest{a.tickets[0].id, seats[2], std::nullopt, std::nullopt});
        });
        std::thread t2([&] {
            start.arrive_and_wait();
            second = refunds().exchange(
                m_organizer, b.id, "race-b-" + std::to_string(round),
                ExchangeRequest{b.tickets[0].id, seats[2], std::nullopt, std::nullopt});
        });
        std::thread t3([&] {
            start.arrive_and_wait();
            hold = holdSeats(c, eventId, {seats[2]});
        });
        t1.join();
        t2.join();
        t3.join();
        const int winners = (first ? 1 : 0) + (second ? 1 : 0) + (hold ? 1 : 0);
        EXPECT_EQ(winners, 1) << "round " << round << ": " << why(first) << " / " << why(second)
                              << " / " << why(hold);
        for (const auto* lost : {&first, &second})
            if (!*lost) {
                EXPECT_EQ(lost->error().code, ErrorCode::SeatsUnavailable) << why(*lost);
            }
        if (!hold) {
            EXPECT_EQ(hold.error().code, ErrorCode::SeatsUnavailable) << why(hold);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, RefundStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

// The exchanges with a price difference: a fixture's event of three prices and a helper that
// sends one exchange of `order` with or without a payment.
class PriceDifferenceTest : public RefundStoreTest {
protected:
    void SetUp() override {
        RefundStoreTest::SetUp();
        m_event =
            createEvent({seated("Plateia", 10'000, {{"A", 6}}),
                         seated("Camarote", 30'000, {{"V", 4}}), general("Pista", 5'000, 10)});
        m_seats = seatIds(m_event.summary.id, m_event.sections[0].id);
        m_boxes = seatIds(m_event.summary.id, m_event.sections[1].id);
    }

    Result<ExchangeResult> exchange(const User& who, const Order& order, Id ticket,
                                    std::optional<Id> seat, std::optional<Id> section,
                                    const std::string& key,
                                    std::optional<PaymentRequest> payment = std::nullopt) {
        return refunds().exchange(who, order.id, key,
                                  ExchangeRequest{ticket, seat, section, std::move(payment)});
    }
    Cents orderTotal(Id orderId) {
        return raw().count("SELECT total_cents FROM orders WHERE id = " + std::to_string(orderId));
    }
    Id eventId() const { return m_event.summary.id; }
    Id pista() const { return m_event.sections[2].id; }

    Event m_event;
    std::vector<Id> m_seats;
    std::vector<Id> m_boxes;
};

TEST_P(PriceDifferenceTest, ADearerPlacePaidInCashCountsInTheClerksShift) {
    const Order order = buySeats(buyer("ana"), eventId(), {m_seats[0], m_seats[1]});
    EXPECT_EQ(orderTotal(order.id), 20'000);
    m_clock.advance(60s);
    const TimePoint since = m_clock.now();
    const PaymentRequest cash{CashPayment{25'000}};

    // Refused, changing nothing: no payment for a dearer place, a payment for one of the same
    // price, too little cash, cash from an organizer.
    EXPECT_EQ(
        failedField(exchange(m_clerk, order, order.tickets[0].id, m_boxes[0], std::nullopt, "d0")),
        "payment");
    EXPECT_EQ(failedField(exchange(m_clerk, order, order.tickets[0].id, m_seats[3], std::nullopt,
                                   "d1", cash)),
              "payment");
    EXPECT_EQ(failedField(exchange(m_clerk, order, order.tickets[0].id, m_boxes[0], std::nullopt,
                                   "d2", PaymentRequest{CashPayment{19'999}})),
              "payment.tendered_cents");
    EXPECT_TRUE(failsWith(
        exchange(m_organizer, order, order.tickets[0].id, m_boxes[0], std::nullopt, "d3", cash),
        ErrorCode::Forbidden));
    EXPECT_EQ(raw().count("SELECT count(*) FROM exchanges"), 0);
    EXPECT_EQ(orderTotal(order.id), 20'000);

    auto done = exchange(m_clerk, order, order.tickets[0].id, m_boxes[0], std::nullopt, "d4", cash);
    ASSERT_TRUE(done) << why(done);
    const Exchange& x = done->exchange;
    EXPECT_EQ(x.oldPriceCents, 10'000);
    EXPECT_EQ(x.newPriceCents, 30'000);
    EXPECT_EQ(x.differenceCents, 20'000);
    EXPECT_EQ(x.currency, "BRL");
    ASSERT_TRUE(x.payment);
    EXPECT_EQ(x.payment->method, "cash");
    EXPECT_EQ(x.payment->amountCents, 20'000);
    EXPECT_EQ(x.payment->changeCents, std::optional<Cents>{5'000});
    EXPECT_FALSE(x.refund);
    EXPECT_EQ(done->order.totalCents, 40'000);
    EXPECT_EQ(done->order.status, "paid");
    EXPECT_EQ(orderTotal(order.id), 40'000);
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'ticket.exchanged' "
                          "AND details LIKE '%\"difference_cents\":20000%'"),
              1);

    // The same key and request: the same exchange, its payment too; another request: refused.
    auto replay =
        exchange(m_clerk, order, order.tickets[0].id, m_boxes[0], std::nullopt, "d4", cash);
    ASSERT_TRUE(replay) << why(replay);
    EXPECT_TRUE(replay->replayed);
    EXPECT_EQ(replay->exchange.id, x.id);
    ASSERT_TRUE(replay->exchange.payment);
    EXPECT_EQ(replay->exchange.payment->amountCents, 20'000);
    EXPECT_EQ(replay->exchange.payment->changeCents, std::optional<Cents>{5'000});
    EXPECT_EQ(replay->exchange.oldPriceCents, 10'000);
    EXPECT_EQ(replay->exchange.newPriceCents, 30'000);
    EXPECT_EQ(replay->order.totalCents, 40'000);
    EXPECT_TRUE(failsWith(exchange(m_clerk, order, order.tickets[0].id, m_boxes[0], std::nullopt,
                                   "d4", PaymentRequest{CashPayment{20'000}}),
                          ErrorCode::IdempotencyMismatch));
    EXPECT_EQ(raw().count("SELECT count(*) FROM exchanges"), 1);

    // The clerk's shift: the difference taken, not a sale.
    auto shift = sales().shift(m_clerk, since, std::nullopt);
    ASSERT_TRUE(shift) << why(shift);
    EXPECT_EQ(shift->orders, 0);
    ASSERT_EQ(shift->totals.size(), 1u);
    const ShiftTotals& brl = shift->totals[0];
    EXPECT_EQ(brl.totalCents, 0);
    EXPECT_EQ(brl.exchangesPaid, 1);
    EXPECT_EQ(brl.exchangePaidCents, 20'000);
    EXPECT_EQ(brl.cashExchangePaidCents, 20'000);
    EXPECT_EQ(brl.cardExchangePaidCents, 0);
    EXPECT_EQ(brl.refunds, 0);

    // The sales report counts what the order took: the sale's payment and the top-up.
    auto report = storage().reports().salesReport(eventId(), m_clock.now(), 3600);
    ASSERT_TRUE(report) << why(report);
    EXPECT_EQ(report->revenueCents, 40'000);
    expectIntact();
}

TEST_P(PriceDifferenceTest, ADearerPlacePaidByCardIsChargedOnceAndADeclineChangesNothing) {
    const Order order = buySeats(buyer("ana"), eventId(), {m_seats[0], m_seats[1]});
    const auto captured = m_card.capturedCount();
    m_clock.advance(60s);
    const TimePoint since = m_clock.now();

    auto declined = exchange(m_organizer, order, order.tickets[0].id, m_boxes[0], std::nullopt,
                             "c0", PaymentRequest{card(kDeclinedCard)});
    EXPECT_TRUE(failsWith(declined, ErrorCode::PaymentDeclined));
    EXPECT_EQ(raw().count("SELECT count(*) FROM exchanges"), 0);
    EXPECT_EQ(seatStates(eventId()).at(m_boxes[0]), SeatState::Free);
    EXPECT_EQ(orderTotal(order.id), 20'000);
    EXPECT_EQ(m_card.capturedCount(), captured);

    // The organizer pays by card (cash is the counter's).
    auto done = exchange(m_organizer, order, order.tickets[0].id, m_boxes[0], std::nullopt, "c1",
                         PaymentRequest{card()});
    ASSERT_TRUE(done) << why(done);
    ASSERT_TRUE(done->exchange.payment);
    EXPECT_EQ(done->exchange.payment->method, "card");
    EXPECT_EQ(done->exchange.payment->amountCents, 20'000);
    EXPECT_EQ(done->exchange.payment->last4, std::optional<std::string>{"1111"});
    EXPECT_TRUE(done->exchange.payment->brand);
    EXPECT_FALSE(done->exchange.payment->changeCents);
    EXPECT_EQ(done->order.totalCents, 40'000);
    EXPECT_EQ(m_card.capturedCount(), captured + 1);

    auto replay = exchange(m_organizer, order, order.tickets[0].id, m_boxes[0], std::nullopt, "c1",
                           PaymentRequest{card()});
    ASSERT_TRUE(replay) << why(replay);
    EXPECT_TRUE(replay->replayed);
    EXPECT_EQ(replay->exchange.id, done->exchange.id);
    ASSERT_TRUE(replay->exchange.payment);
    EXPECT_EQ(replay->exchange.payment->last4, std::optional<std::string>{"1111"});
    EXPECT_EQ(m_card.capturedCount(), captured + 1); // charged once
    // Another card with the key is another request.
    EXPECT_TRUE(failsWith(exchange(m_organizer, order, order.tickets[0].id, m_boxes[0],
                                   std::nullopt, "c1", PaymentRequest{card(kMastercard)}),
                          ErrorCode::IdempotencyMismatch));
    // The card's number is never stored: only inside the keyed hash.
    EXPECT_EQ(
        raw().count("SELECT count(*) FROM exchange_keys WHERE request_hash LIKE '%" + kVisa + "%'"),
        0);

    // The seat goes meanwhile: the card authorized for it is voided and nothing changes.
    buySeats(buyer("bia"), eventId(), {m_boxes[1]});
    const auto voided = m_card.voidedCount();
    EXPECT_TRUE(failsWith(exchange(m_organizer, order, order.tickets[1].id, m_boxes[1],
                                   std::nullopt, "c2", PaymentRequest{card()}),
                          ErrorCode::SeatsUnavailable));
    EXPECT_EQ(m_card.voidedCount(), voided + 1);
    EXPECT_EQ(m_card.capturedCount(), captured + 2); // the first exchange's and bia's sale
    EXPECT_EQ(orderTotal(order.id), 40'000);

    auto shift = sales().shift(m_organizer, since, std::nullopt);
    ASSERT_TRUE(shift) << why(shift);
    ASSERT_EQ(shift->totals.size(), 1u);
    EXPECT_EQ(shift->totals[0].exchangesPaid, 1);
    EXPECT_EQ(shift->totals[0].cardExchangePaidCents, 20'000);
    EXPECT_EQ(shift->totals[0].cashExchangePaidCents, 0);

    // A refund of the order pays back the tickets it holds now, against the sale's payment and
    // the top-up together.
    auto refunded = refund(m_clerk, order.id);
    ASSERT_TRUE(refunded) << why(refunded);
    EXPECT_EQ(refunded->refund.amountCents, 40'000);
    EXPECT_EQ(refunded->order.status, "refunded");
    expectIntact();
}

TEST_P(PriceDifferenceTest, ACheaperPlaceRefundsTheDifferenceByTheOrdersMethod) {
    const Order order = buySeats(buyer("ana"), eventId(), {m_boxes[0], m_boxes[1]});
    m_clock.advance(60s);
    const TimePoint since = m_clock.now();
    const auto refundedBefore = m_card.refundedCount();

    EXPECT_EQ(failedField(exchange(m_clerk, order, order.tickets[0].id, m_seats[0], std::nullopt,
                                   "k0", PaymentRequest{card()})),
              "payment");

    auto done = exchange(m_clerk, order, order.tickets[0].id, m_seats[0], std::nullopt, "k1");
    ASSERT_TRUE(done) << why(done);
    EXPECT_EQ(done->exchange.differenceCents, -20'000);
    EXPECT_FALSE(done->exchange.payment);
    ASSERT_TRUE(done->exchange.refund);
    const Refund refund = *done->exchange.refund;
    EXPECT_EQ(refund.amountCents, 20'000);
    EXPECT_EQ(refund.method, "card");
    EXPECT_EQ(refund.reason, std::optional<std::string>{"exchange"});
    EXPECT_TRUE(refund.ticketIds.empty());
    EXPECT_EQ(refund.orderId, order.id);
    EXPECT_EQ(refund.status, "settled"); // the sandbox paid it back at once
    EXPECT_EQ(m_card.refundedCount(), refundedBefore + 1);
    EXPECT_EQ(done->order.totalCents, 40'000);
    EXPECT_EQ(done->order.status, "paid");
    EXPECT_EQ(
        raw().count("SELECT count(*) FROM refunds WHERE order_id = " + std::to_string(order.id) +
                    " AND actor_id = " + std::to_string(m_clerk.id)),
        1);

    auto replay = exchange(m_clerk, order, order.tickets[0].id, m_seats[0], std::nullopt, "k1");
    ASSERT_TRUE(replay) << why(replay);
    EXPECT_TRUE(replay->replayed);
    ASSERT_TRUE(replay->exchange.refund);
    EXPECT_EQ(replay->exchange.refund->id, refund.id);
    EXPECT_EQ(replay->exchange.refund->status, "settled");
    EXPECT_EQ(m_card.refundedCount(), refundedBefore + 1); // paid back once
    EXPECT_EQ(raw().count("SELECT count(*) FROM refunds"), 1);

    // The paid-back difference is a refund of the clerk's shift.
    auto shift = sales().shift(m_clerk, since, std::nullopt);
    ASSERT_TRUE(shift) << why(shift);
    EXPECT_EQ(shift->refunds, 1);
    ASSERT_EQ(shift->totals.size(), 1u);
    EXPECT_EQ(shift->totals[0].cardRefundedCents, 20'000);
    EXPECT_EQ(shift->totals[0].exchangesPaid, 0);

    // The sales report: 60,000 paid less 20,000 back.
    auto report = storage().reports().salesReport(eventId(), m_clock.now(), 3600);
    ASSERT_TRUE(report) << why(report);
    EXPECT_EQ(report->revenueCents, 40'000);

    // The rest of the order refunded: its tickets now, within what the payment took.
    auto rest = refunds().refund(m_clerk, order.id, "k-rest", RefundRequest{});
    ASSERT_TRUE(rest) << why(rest);
    EXPECT_EQ(rest->refund.amountCents, 40'000);
    expectIntact();
}

TEST_P(PriceDifferenceTest, ACashOrdersCheaperPlaceIsPaidBackInCashAtOnce) {
    auto hold = holdSeats(m_clerk, eventId(), {m_boxes[0]});
    ASSERT_TRUE(hold) << why(hold);
    auto sold = buyByCash(m_clerk, hold->id, "cash-sale", 30'000);
    ASSERT_TRUE(sold) << why(sold);
    const Order& order = sold->order;
    m_clock.advance(60s);
    const TimePoint since = m_clock.now();

    auto done = exchange(m_clerk, order, order.tickets[0].id, std::nullopt, pista(), "g1");
    ASSERT_TRUE(done) << why(done);
    ASSERT_TRUE(done->exchange.refund);
    EXPECT_EQ(done->exchange.refund->method, "cash");
    EXPECT_EQ(done->exchange.refund->amountCents, 25'000);
    EXPECT_EQ(done->exchange.refund->status, "settled");
    EXPECT_EQ(done->order.totalCents, 5'000);
    EXPECT_EQ(done->order.tickets.back().sectionId, pista());

    auto shift = sales().shift(m_clerk, since, std::nullopt);
    ASSERT_TRUE(shift) << why(shift);
    ASSERT_EQ(shift->totals.size(), 1u);
    EXPECT_EQ(shift->totals[0].cashRefundedCents, 25'000);
    // The sale was before the window; the whole day shows the drawer's net.
    auto day = sales().shift(m_clerk, since - 3600s, std::nullopt);
    ASSERT_TRUE(day) << why(day);
    EXPECT_EQ(day->totals.at(0).payments.cashCents, 30'000);
    expectIntact();
}

TEST_P(PriceDifferenceTest, APendingPaidBackDifferenceIsSettledByRecovery) {
    const Order order = buySeats(buyer("ana"), eventId(), {m_boxes[0]});
    // The store's part alone, as if the server died before the gateway paid it back.
    NewExchange in;
    in.orderId = order.id;
    in.actorId = m_clerk.id;
    in.ticketId = order.tickets[0].id;
    in.seatId = m_seats[0];
    in.code = "crashed-exchange-code-0001";
    in.idempotencyKey = "crashed";
    in.requestHash = std::string(64, 'b');
    in.now = m_clock.now();
    in.oldPriceCents = 30'000;
    in.newPriceCents = 10'000;
    in.refundReference = "rf_exchange_crashed";
    // Prices other than the store reads are refused (the core decided the payment on them).
    NewExchange stale = in;
    stale.newPriceCents = 20'000;
    EXPECT_TRUE(failsWith(storage().refunds().exchange(stale), ErrorCode::Conflict));

    auto written = storage().refunds().exchange(in);
    ASSERT_TRUE(written) << why(written);
    ASSERT_TRUE(written->exchange.refund);
    EXPECT_EQ(written->exchange.refund->status, "pending");
    auto pending = storage().refunds().listUnsettledRefunds();
    ASSERT_TRUE(pending) << why(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->at(0).reference, "rf_exchange_crashed");
    EXPECT_EQ(pending->at(0).amountCents, 20'000);

    auto settled = refunds().settleUnsettled();
    ASSERT_TRUE(settled) << why(settled);
    EXPECT_EQ(*settled, 1);
    auto read = storage().refunds().findExchange(written->exchange.id);
    ASSERT_TRUE(read) << why(read);
    ASSERT_TRUE(read->exchange.refund);
    EXPECT_EQ(read->exchange.refund->status, "settled");
    EXPECT_EQ(read->exchange.differenceCents, -20'000);
}

TEST_P(PriceDifferenceTest, TheCheckerFindsATamperedDifference) {
    const Order order = buySeats(buyer("ana"), eventId(), {m_seats[0], m_boxes[0]});
    auto dearer = exchange(m_clerk, order, order.tickets[0].id, m_boxes[1], std::nullopt, "t1",
                           PaymentRequest{CashPayment{20'000}});
    ASSERT_TRUE(dearer) << why(dearer);
    auto cheaper = exchange(m_clerk, order, order.tickets[1].id, m_seats[1], std::nullopt, "t2");
    ASSERT_TRUE(cheaper) << why(cheaper);
    expectIntact();

    m_expectIntactAtEnd = false;
    const std::string dearerId = std::to_string(dearer->exchange.id);
    const std::string cheaperId = std::to_string(cheaper->exchange.id);
    raw().exec("UPDATE exchanges SET topup_amount_cents = 15000 WHERE id = " + dearerId);
    raw().exec("UPDATE refunds SET amount_cents = 25000 WHERE id = " +
               std::to_string(cheaper->exchange.refund->id));
    auto report = storage().audit().checkInvariants(m_clock.now());
    ASSERT_TRUE(report) << why(report);
    const auto problems = joined(report->problems);
    EXPECT_NE(
        problems.find("exchange " + dearerId + ": a difference of 20000 but a top-up of 15000"),
        std::string::npos)
        << problems;
    EXPECT_NE(problems.find("exchange " + cheaperId + ": a difference of -20000 but refund"),
              std::string::npos)
        << problems;
}

INSTANTIATE_TEST_SUITE_P(Backends, PriceDifferenceTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
