// SaleStore over both backends, through SalesService with the sandbox gateways: card and cash
// purchases (only brand and last four kept), orders, declined cards, idempotency keys, the
// recovery of payments a crash left uncaptured, concurrent retries with one key, a purchase
// racing its hold's expiry, and the per-card limit with its keyed card fingerprints.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "shared/crypto/crypto.h"
#include "shared/timeformat.h"
#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

void expectTicketCode(const std::string& code) {
    EXPECT_GE(code.size(), 22u) << code; // 128 random bits at least
    EXPECT_TRUE(
        std::all_of(code.begin(), code.end(),
                    [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; }))
        << "not fit for a URL or QR code: " << code;
}

// The sandbox card gateway with a hook run as each authorization begins: the moment a
// purchase has passed its idempotency and hold checks and is about to commit. Lets a race be
// lined up the same way on every run instead of now and then.
class HookedCardGateway : public PaymentGateway {
public:
    explicit HookedCardGateway(std::function<void()> onAuthorize)
        : m_onAuthorize(std::move(onAuthorize)) {}
    std::string method() const override { return "card"; }
    Result<Authorization> authorize(const PaymentRequest& payment, Cents amountCents,
                                    const std::string& currency, TimePoint now) override {
        m_onAuthorize();
        return m_inner.authorize(payment, amountCents, currency, now);
    }
    Result<void> capture(const Authorization& authorization) override {
        return m_inner.capture(authorization);
    }
    void voidAuthorization(const Authorization& authorization) override {
        m_inner.voidAuthorization(authorization);
    }
    Result<void> refund(const std::string& paymentReference, const std::string& refundReference,
                        Cents amountCents) override {
        return m_inner.refund(paymentReference, refundReference, amountCents);
    }
    std::size_t capturedCount() const { return m_inner.capturedCount(); }

private:
    std::function<void()> m_onAuthorize;
    SandboxCardGateway m_inner;
};

class SaleStoreTest : public SalesTest {};

// --- purchase -----------------------------------------------------------------------------------

TEST_P(SaleStoreTest, CardPurchaseKeepsOnlyBrandAndLastFour) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 10}}), general("Pista", 5'000, 10)});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    auto seatHold = holdSeats(ana, eventId, {seats[3], seats[4]});
    auto placeHold = holdGeneral(ana, eventId, event.sections[1].id, 2);
    ASSERT_TRUE(seatHold && placeHold);
    expectAvailability(eventId, {8, 8});

    // Nobody but the owner (or the counter) may pay for a hold; it is not even revealed.
    const User bia = buyer("bia");
    EXPECT_TRUE(failsWith(buyByCard(bia, seatHold->id, "not-mine"), ErrorCode::NotFound));
    EXPECT_EQ(statusOf(seatHold->id), HoldStatus::Active);

    m_clock.advance(10s);
    auto first = buyByCard(ana, seatHold->id, "order-1", card(kMastercard));
    ASSERT_TRUE(first) << why(first);
    EXPECT_FALSE(first->replayed);
    const Order& order = first->order;
    EXPECT_GT(order.id, 0);
    EXPECT_EQ(order.eventId, eventId);
    EXPECT_EQ(order.customerId, ana.id);
    EXPECT_EQ(order.status, "paid");
    EXPECT_EQ(order.totalCents, 20'000);
    EXPECT_EQ(order.currency, "BRL");
    EXPECT_EQ(order.createdAt, kNow + 10s);
    EXPECT_EQ(order.payment.method, "card");
    EXPECT_EQ(order.payment.brand, "mastercard");
    EXPECT_EQ(order.payment.last4, "4444");
    EXPECT_FALSE(order.payment.changeCents);
    ASSERT_EQ(order.tickets.size(), 2u);
    std::set<Id> ticketSeats;
    for (const Ticket& ticket : order.tickets) {
        expectTicketCode(ticket.code);
        EXPECT_EQ(ticket.sectionId, event.sections[0].id);
        EXPECT_EQ(ticket.section, "Plateia");
        ASSERT_TRUE(ticket.seatId);
        ticketSeats.insert(*ticket.seatId);
        EXPECT_EQ(ticket.row, "A");
        EXPECT_EQ(ticket.number, *ticket.seatId == seats[3] ? 4 : 5);
    }
    EXPECT_EQ(ticketSeats, (std::set<Id>{seats[3], seats[4]}));
    EXPECT_NE(order.tickets[0].code, order.tickets[1].code);
    EXPECT_EQ(statusOf(seatHold->id), HoldStatus::Purchased);
    EXPECT_EQ(seatStates(eventId)[seats[3]], SeatState::Sold);
    expectAvailability(eventId, {8, 8});

    auto second = buyByCard(ana, placeHold->id, "order-2", card(kVisa));
    ASSERT_TRUE(second) << why(second);
    EXPECT_EQ(second->order.payment.brand, "visa");
    EXPECT_EQ(second->order.payment.last4, "1111");
    EXPECT_EQ(second->order.totalCents, 10'000);
    ASSERT_EQ(second->order.tickets.size(), 2u);
    for (const Ticket& ticket : second->order.tickets) {
        expectTicketCode(ticket.code);
        EXPECT_EQ(ticket.section, "Pista");
        EXPECT_EQ(ticket.sectionId, event.sections[1].id);
        EXPECT_FALSE(ticket.seatId);
        EXPECT_FALSE(ticket.row);
        EXPECT_FALSE(ticket.number);
    }
    expectAvailability(eventId, {8, 8});

    // Captured once each, nothing left for recovery.
    EXPECT_EQ(m_card.capturedCount(), 2u);
    EXPECT_EQ(m_card.voidedCount(), 0u);
    auto uncaptured = storage().sales().listUncapturedPayments();
    ASSERT_TRUE(uncaptured) << why(uncaptured);
    EXPECT_TRUE(uncaptured->empty());

    // The full numbers are nowhere in the database, not even in the files' free space.
    for (const std::string& number : {kMastercard, kVisa}) {
        EXPECT_EQ(raw().placesContaining(number), std::vector<std::string>{}) << number;
        EXPECT_EQ(raw().placesContaining(number.substr(0, 12)), std::vector<std::string>{})
            << number.substr(0, 12);
    }
    const auto payments = raw().query("SELECT brand, last4 FROM payments ORDER BY order_id");
    ASSERT_EQ(payments.size(), 2u);
    EXPECT_EQ(payments[0], (std::vector<std::string>{"mastercard", "4444"}));
    EXPECT_EQ(payments[1], (std::vector<std::string>{"visa", "1111"}));
}

TEST_P(SaleStoreTest, OrdersAreListedForTheirOwnerAndFound) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    std::vector<Id> anaOrders;
    for (std::size_t i = 0; i < 2; ++i) {
        auto hold = holdSeats(ana, eventId, {seats[i]});
        ASSERT_TRUE(hold) << why(hold);
        auto bought = buyByCard(ana, hold->id, "ana-" + std::to_string(i));
        ASSERT_TRUE(bought) << why(bought);
        anaOrders.push_back(bought->order.id);
    }
    auto biaHold = holdSeats(bia, eventId, {seats[5]});
    ASSERT_TRUE(biaHold);
    auto biaOrder = buyByCard(bia, biaHold->id, "bia-0");
    ASSERT_TRUE(biaOrder) << why(biaOrder);

    auto listed = sales().orders(ana);
    ASSERT_TRUE(listed) << why(listed);
    std::set<Id> ids;
    for (const Order& order : *listed) {
        ids.insert(order.id);
        EXPECT_EQ(order.customerId, ana.id);
        EXPECT_EQ(order.tickets.size(), 1u);
    }
    EXPECT_EQ(ids, (std::set<Id>{anaOrders[0], anaOrders[1]}));
    auto fromStore = storage().sales().listOrders(bia.id);
    ASSERT_TRUE(fromStore);
    ASSERT_EQ(fromStore->size(), 1u);
    EXPECT_EQ(fromStore->front().id, biaOrder->order.id);
    EXPECT_TRUE(sales().orders(clerk)->empty());

    auto own = sales().order(ana, anaOrders[1]);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->id, anaOrders[1]);
    EXPECT_EQ(own->tickets.front().seatId, seats[1]);
    EXPECT_TRUE(failsWith(sales().order(bia, anaOrders[0]), ErrorCode::NotFound));
    EXPECT_TRUE(sales().order(clerk, anaOrders[0]));
    EXPECT_TRUE(failsWith(storage().sales().findOrder(987'654), ErrorCode::NotFound));
    expectAvailability(eventId, {7});
}

TEST_P(SaleStoreTest, CashAtTheCounter) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);
    // Cash is for counter staff only.
    EXPECT_TRUE(failsWith(buyByCash(ana, hold->id, "cash-1", 20'000), ErrorCode::Forbidden));
    auto shortCash = buyByCash(clerk, hold->id, "cash-2", 19'999);
    ASSERT_TRUE(failsWith(shortCash, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(shortCash.error()), "payment.tendered_cents");
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Active);
    expectAvailability(eventId, {8});

    // The clerk takes the customer's money for the customer's hold: the order is hers.
    auto paid = buyByCash(clerk, hold->id, "cash-3", 25'000);
    ASSERT_TRUE(paid) << why(paid);
    EXPECT_EQ(paid->order.customerId, ana.id);
    EXPECT_EQ(paid->order.payment.method, "cash");
    EXPECT_EQ(paid->order.payment.changeCents, 5'000);
    EXPECT_FALSE(paid->order.payment.brand);
    EXPECT_FALSE(paid->order.payment.last4);
    EXPECT_EQ(paid->order.tickets.size(), 2u);
    auto anaOrders = storage().sales().listOrders(ana.id);
    ASSERT_TRUE(anaOrders);
    ASSERT_EQ(anaOrders->size(), 1u);
    EXPECT_EQ(anaOrders->front().id, paid->order.id);

    // A walk-up sale on the clerk's own hold, exact change.
    auto walkUp = holdSeats(clerk, eventId, {seats[5]});
    ASSERT_TRUE(walkUp) << why(walkUp);
    auto exact = buyByCash(clerk, walkUp->id, "cash-4", 10'000);
    ASSERT_TRUE(exact) << why(exact);
    EXPECT_EQ(exact->order.payment.changeCents, 0);
    expectAvailability(eventId, {7});
    EXPECT_EQ(raw().count("SELECT count(*) FROM payments WHERE method = 'cash'"), 2);
}

TEST_P(SaleStoreTest, DeclinedCardKeepsTheHoldActive) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "declined-1", card(kDeclinedCard)),
                          ErrorCode::PaymentDeclined));
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Active);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Held);
    EXPECT_TRUE(storage().sales().listOrders(ana.id)->empty());
    EXPECT_EQ(m_card.capturedCount(), 0u);
    expectAvailability(eventId, {8});

    auto bought = buyByCard(ana, hold->id, "declined-2", card(kVisa));
    ASSERT_TRUE(bought) << why(bought);
    EXPECT_EQ(bought->order.tickets.size(), 2u);
    EXPECT_EQ(m_card.capturedCount(), 1u);
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Purchased);
    expectAvailability(eventId, {8});
}

// --- idempotency and recovery -------------------------------------------------------------------

TEST_P(SaleStoreTest, IdempotencyKeyReturnsTheSameOrderAndChargesOnce) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    auto otherHold = holdSeats(ana, eventId, {seats[2]});
    ASSERT_TRUE(hold && otherHold);

    auto first = buyByCard(ana, hold->id, "key-1");
    ASSERT_TRUE(first) << why(first);
    EXPECT_FALSE(first->replayed);
    m_clock.advance(5s);
    auto again = buyByCard(ana, hold->id, "key-1");
    ASSERT_TRUE(again) << why(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->order.id, first->order.id);
    ASSERT_EQ(again->order.tickets.size(), 2u);
    EXPECT_EQ(again->order.tickets[0].code, first->order.tickets[0].code);
    EXPECT_EQ(again->order.createdAt, first->order.createdAt);
    EXPECT_EQ(m_card.capturedCount(), 1u);

    // The same key for another hold, or another body: a mismatch, and nothing happens.
    EXPECT_TRUE(failsWith(buyByCard(ana, otherHold->id, "key-1"), ErrorCode::IdempotencyMismatch));
    EXPECT_EQ(statusOf(otherHold->id), HoldStatus::Active);
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "key-1", card(kVisa, "Someone Else")),
                          ErrorCode::IdempotencyMismatch));
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "key-1", card(kMastercard)),
                          ErrorCode::IdempotencyMismatch));
    EXPECT_TRUE(
        failsWith(buyByCash(ana, hold->id, "key-1", 20'000), ErrorCode::IdempotencyMismatch));
    EXPECT_EQ(m_card.capturedCount(), 1u);

    // Keys belong to one customer: bia's "key-1" is hers.
    auto biaHold = holdSeats(bia, eventId, {seats[3]});
    ASSERT_TRUE(biaHold);
    auto bias = buyByCard(bia, biaHold->id, "key-1");
    ASSERT_TRUE(bias) << why(bias);
    EXPECT_FALSE(bias->replayed);
    EXPECT_NE(bias->order.id, first->order.id);

    // The key is required and bounded.
    for (const std::string& key : {std::string{}, std::string(65, 'k'), std::string{"a b"}}) {
        auto bad = buyByCard(ana, otherHold->id, key);
        ASSERT_TRUE(failsWith(bad, ErrorCode::InvalidRequest)) << "key '" << key << "'";
        EXPECT_EQ(fieldOf(bad.error()), "Idempotency-Key");
    }
    auto longest = buyByCard(ana, otherHold->id, std::string(64, 'k'));
    ASSERT_TRUE(longest) << why(longest);
    EXPECT_EQ(m_card.capturedCount(), 3u);
    EXPECT_EQ(storage().sales().listOrders(ana.id)->size(), 2u);
    expectAvailability(eventId, {6});
}

// A server killed between a sale's commit and its capture leaves the payment authorized; the
// recovery pass captures it once, and `check` is unhappy until it has.
TEST_P(SaleStoreTest, RecoveryCapturesWhatACrashLeftAuthorized) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    auto hold = holdSeats(ana, event.summary.id, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);

    // What SalesService::purchase does up to its commit, and no further.
    auto authorization = m_card.authorize(PaymentRequest{card()}, hold->totalCents, "BRL", kNow);
    ASSERT_TRUE(authorization) << why(authorization);
    NewPurchase purchase;
    purchase.holdId = hold->id;
    purchase.actorId = ana.id;
    purchase.idempotencyKey = "crashed";
    purchase.requestHash = std::string(64, 'c');
    purchase.authorization = *authorization;
    purchase.cardFingerprint = std::string(64, 'c');
    purchase.maxTicketsPerCard = 6;
    purchase.ticketCodes = {"crashed-ticket-code-number-0", "crashed-ticket-code-number-1"};
    purchase.now = kNow;
    auto order = storage().sales().completePurchase(purchase);
    ASSERT_TRUE(order) << why(order);
    EXPECT_EQ(order->tickets.size(), 2u);
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Purchased);
    expectAvailability(event.summary.id, {8});

    auto pending = storage().sales().listUncapturedPayments();
    ASSERT_TRUE(pending) << why(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->front().orderId, order->id);
    EXPECT_EQ(pending->front().authorization.reference, authorization->reference);
    EXPECT_EQ(pending->front().authorization.amountCents, 20'000);
    EXPECT_EQ(pending->front().authorization.method, "card");
    auto unhappy = storage().audit().checkInvariants(m_clock.now());
    ASSERT_TRUE(unhappy) << why(unhappy);
    EXPECT_FALSE(unhappy->ok());

    auto captured = sales().captureUncaptured();
    ASSERT_TRUE(captured) << why(captured);
    EXPECT_EQ(*captured, 1);
    EXPECT_EQ(m_card.capturedCount(), 1u);
    EXPECT_TRUE(storage().sales().listUncapturedPayments()->empty());
    EXPECT_EQ(*sales().captureUncaptured(), 0); // nothing twice
    // The key was kept with the sale, so a retry of the interrupted request finds its order.
    auto key = storage().sales().findIdempotencyKey(ana.id, "crashed");
    ASSERT_TRUE(key && *key) << "the key went missing";
    EXPECT_EQ((*key)->orderId, order->id);
    EXPECT_EQ((*key)->holdId, hold->id);
    expectIntact();
}

// A client that times out and retries while its first request is still running: every
// attempt with the key must answer with the one order (the contract: "the same key on the
// same hold with the same body returns the same order again"), and charge once.
TEST_P(SaleStoreTest, ConcurrentRetriesWithOneKeyGetOneOrder) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    auto requestHashKey = storage().serverSecret("purchase-request-hash");
    ASSERT_TRUE(requestHashKey) << why(requestHashKey);
    constexpr int kAttempts = 4;
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // Every attempt waits at the gateway until all are past their checks.
        std::latch allChecked{kAttempts};
        HookedCardGateway gateway([&allChecked] { allChecked.arrive_and_wait(); });
        PaymentGateways gateways;
        gateways.add(gateway);
        SalesService gatedSales(salesStores(storage()), m_clock, gateways, *requestHashKey,
                                "card-key");
        auto hold = holdSeats(ana, event.summary.id, {seats[static_cast<std::size_t>(round)]});
        ASSERT_TRUE(hold) << why(hold);
        const std::string key = "retry-" + std::to_string(round);
        std::mutex mutex;
        std::vector<Result<PurchaseResult>> results;
        std::vector<std::thread> threads;
        for (int i = 0; i < kAttempts; ++i)
            threads.emplace_back([&] {
                auto result = gatedSales.purchase(ana, hold->id, key, PaymentRequest{card()});
                std::lock_guard lock(mutex);
                results.push_back(std::move(result));
            });
        for (auto& thread : threads)
            thread.join();
        std::set<Id> orders;
        int fresh = 0;
        for (const auto& result : results) {
            EXPECT_TRUE(result) << why(result);
            if (!result) continue;
            orders.insert(result->order.id);
            if (!result->replayed) ++fresh;
        }
        EXPECT_EQ(orders.size(), 1u);
        EXPECT_EQ(fresh, 1);
        EXPECT_EQ(gateway.capturedCount(), 1u); // charged once, whatever the answers
        EXPECT_EQ(storage().sales().listOrders(ana.id)->size(),
                  static_cast<std::size_t>(round + 1));
    }
    expectIntact();
}

TEST_P(SaleStoreTest, PurchaseRacingExpiryEndsOneWayOnly) {
    EventOptions options;
    options.maxTickets = 100;
    options.holdSeconds = 60;
    constexpr std::int64_t kCapacity = 200;
    const Event event = createEvent({general("Pista", 5'000, kCapacity)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    constexpr int kPerRound = 8;
    constexpr int kRounds = 12;
    std::vector<User> buyers;
    for (int i = 0; i < kPerRound; ++i)
        buyers.push_back(buyer("hurry" + std::to_string(i)));
    auto requestHashKey = storage().serverSecret("purchase-request-hash");
    ASSERT_TRUE(requestHashKey) << why(requestHashKey);

    int purchased = 0, expired = 0;
    std::size_t captured = 0;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        m_clock.set(kNow + std::chrono::seconds{1'000 * (round + 1)});
        std::vector<Id> holdIds;
        TimePoint expiresAt{};
        for (const User& who : buyers) {
            auto hold = holdGeneral(who, eventId, pista, 1);
            ASSERT_TRUE(hold) << why(hold);
            holdIds.push_back(hold->id);
            expiresAt = hold->expiresAt;
        }
        // One second before the end. As soon as the first purchase has read the clock and
        // passed its checks, the sweeper moves the clock to the boundary and expires what is
        // due, while that purchase (and whichever read the clock in time) commits.
        m_clock.set(expiresAt - 1s);
        std::promise<void> firstChecked;
        std::atomic<bool> signalled{false};
        HookedCardGateway gateway([&] {
            if (!signalled.exchange(true)) firstChecked.set_value();
        });
        PaymentGateways gateways;
        gateways.add(gateway);
        SalesService racingSales(salesStores(storage()), m_clock, gateways, *requestHashKey,
                                 "card-key");

        std::latch start{kPerRound + 1};
        std::vector<std::optional<Result<PurchaseResult>>> results(kPerRound);
        std::vector<std::thread> threads;
        for (int i = 0; i < kPerRound; ++i)
            threads.emplace_back([&, i] {
                const auto at = static_cast<std::size_t>(i);
                start.arrive_and_wait();
                results[at] =
                    racingSales.purchase(buyers[at], holdIds[at],
                                         "race-" + std::to_string(round) + "-" + std::to_string(i),
                                         PaymentRequest{card()});
            });
        threads.emplace_back([&, checked = firstChecked.get_future()] {
            start.arrive_and_wait();
            // Bounded: should no purchase get that far, the sweeper runs all the same.
            (void)checked.wait_for(10s);
            m_clock.set(expiresAt);
            auto swept = holds().expireDue();
            if (!swept) ADD_FAILURE() << why(swept);
        });
        for (auto& thread : threads)
            thread.join();
        ASSERT_TRUE(holds().expireDue()); // whatever the sweeper had not seen yet

        for (std::size_t i = 0; i < holdIds.size(); ++i) {
            const auto& result = *results[i];
            const std::string stored = storedStatus(holdIds[i]);
            if (result) {
                ++purchased;
                EXPECT_EQ(stored, "purchased") << "hold " << holdIds[i] << " was sold";
                EXPECT_EQ(statusOf(holdIds[i]), HoldStatus::Purchased);
            } else {
                ++expired;
                EXPECT_TRUE(failsWith(result, ErrorCode::HoldExpired));
                EXPECT_EQ(stored, "expired") << "hold " << holdIds[i] << " was not sold";
            }
            EXPECT_EQ(raw().count("SELECT count(*) FROM orders WHERE hold_id = " +
                                  std::to_string(holdIds[i])),
                      result ? 1 : 0);
        }
        captured += gateway.capturedCount();
        expectAvailability(eventId, {kCapacity - purchased});
    }
    std::cout << "[" << backendName(GetParam()) << "] purchase vs expiry: " << purchased
              << " purchased, " << expired << " expired\n";
    EXPECT_EQ(purchased + expired, kPerRound * kRounds);
    EXPECT_EQ(captured, static_cast<std::size_t>(purchased));
    // No hold both sold and expired, in the audit log either.
    EXPECT_EQ(raw().count("SELECT count(*) FROM (SELECT subject FROM audit_log WHERE action IN "
                          "('order.paid', 'hold.expired') GROUP BY subject HAVING count(DISTINCT "
                          "action) > 1) both_ways"),
              0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets"), purchased);
    expectIntact();
}

// --- the per-card limit -------------------------------------------------------------------------

// The per-card limit binds the card, not the account: a second account paying with the same
// number (typed with spaces this time) is refused, nothing is written, the authorization is
// voided and the hold stays active, buyable with another card. Counter staff are not exempt.
TEST_P(SaleStoreTest, OneCardAcrossAccountsStopsAtTheCardLimit) {
    EventOptions options;
    options.maxTickets = 4;
    options.maxTicketsPerCard = 3;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const User bia = buyer("bia");

    auto anas = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(anas) << why(anas);
    ASSERT_TRUE(buyByCard(ana, anas->id, "ana-1"));

    auto bias = holdSeats(bia, eventId, {seats[2], seats[3]});
    ASSERT_TRUE(bias) << why(bias);
    auto refused = buyByCard(bia, bias->id, "bia-1", card("4111 1111-1111 1111", "Bia Lima"));
    ASSERT_TRUE(failsWith(refused, ErrorCode::CardLimitExceeded));
    EXPECT_EQ(refused.error().details.value("limit", -1), 3);
    EXPECT_EQ(refused.error().details.value("current", -1), 2);
    EXPECT_TRUE(storage().sales().listOrders(bia.id)->empty());
    EXPECT_EQ(
        raw().count("SELECT count(*) FROM orders WHERE hold_id = " + std::to_string(bias->id)), 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets"), 2);
    EXPECT_EQ(raw().count("SELECT count(*) FROM payments"), 1);
    EXPECT_EQ(m_card.voidedCount(), 1u);
    EXPECT_EQ(m_card.capturedCount(), 1u);
    EXPECT_EQ(statusOf(bias->id), HoldStatus::Active);
    EXPECT_EQ(seatStates(eventId)[seats[2]], SeatState::Held);
    expectAvailability(eventId, {6});

    // The same hold with another card goes through.
    auto other = buyByCard(bia, bias->id, "bia-2", card(kMastercard, "Bia Lima"));
    ASSERT_TRUE(other) << why(other);
    EXPECT_EQ(other->order.tickets.size(), 2u);
    EXPECT_EQ(statusOf(bias->id), HoldStatus::Purchased);

    // Up to the limit exactly, then not one more, at the counter either.
    const User carla = buyer("carla");
    auto carlas = holdSeats(carla, eventId, {seats[4]});
    ASSERT_TRUE(carlas) << why(carlas);
    ASSERT_TRUE(buyByCard(carla, carlas->id, "carla-1"));
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    auto counter = holdSeats(clerk, eventId, {seats[5]});
    ASSERT_TRUE(counter) << why(counter);
    auto atCounter = buyByCard(clerk, counter->id, "counter-1");
    ASSERT_TRUE(failsWith(atCounter, ErrorCode::CardLimitExceeded));
    EXPECT_EQ(atCounter.error().details.value("current", -1), 3);
    EXPECT_EQ(statusOf(counter->id), HoldStatus::Active);
    EXPECT_EQ(m_card.voidedCount(), 2u);
    ASSERT_TRUE(buyByCash(clerk, counter->id, "counter-2", 10'000));
    expectAvailability(eventId, {4});
}

// A hold whose purchase the card limit refused blocks its places for at most
// kDefaultHoldAfterCardRefusal more (30 s, not the event's 600 s): the refusal says until when,
// another card may still pay within it, the shortening is audited, a second refusal does not
// lengthen it, and once it lapses another buyer takes the places.
TEST_P(SaleStoreTest, ACardRefusalShortensTheHoldSoItsPlacesComeBackSoon) {
    EventOptions options;
    options.maxTicketsPerCard = 2;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 6}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const User bot = buyer("bot");
    const User bia = buyer("bia");
    ASSERT_TRUE(buyByCard(ana, holdSeats(ana, eventId, {seats[0], seats[1]})->id, "ana-1"));

    auto hoard = holdSeats(bot, eventId, {seats[2], seats[3]});
    ASSERT_TRUE(hoard) << why(hoard);
    EXPECT_EQ(hoard->expiresAt, kNow + std::chrono::seconds{600});
    m_clock.advance(std::chrono::seconds{5});
    auto refused = buyByCard(bot, hoard->id, "bot-1");
    ASSERT_TRUE(failsWith(refused, ErrorCode::CardLimitExceeded));
    const TimePoint cut = kNow + std::chrono::seconds{5} + kDefaultHoldAfterCardRefusal;
    EXPECT_EQ(refused.error().details.value("hold_expires_at", ""), formatRfc3339(cut));
    EXPECT_EQ(storage().holds().findHold(hoard->id, m_clock.now())->expiresAt, cut);
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'hold.shortened'"), 1);

    // Retried at once with the same card: refused again, and the hold ends no later.
    m_clock.advance(std::chrono::seconds{10});
    auto again = buyByCard(bot, hoard->id, "bot-2");
    ASSERT_TRUE(failsWith(again, ErrorCode::CardLimitExceeded));
    EXPECT_EQ(again.error().details.value("hold_expires_at", ""), formatRfc3339(cut));
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'hold.shortened'"), 1);

    // Until it lapses the places are the hold's; then they are anyone's, sweeper or not.
    auto early = holdSeats(bia, eventId, {seats[2], seats[3]});
    EXPECT_TRUE(failsWith(early, ErrorCode::SeatsUnavailable));
    expectAvailability(eventId, {2});
    m_clock.set(cut);
    expectAvailability(eventId, {4});
    auto taken = holdSeats(bia, eventId, {seats[2], seats[3]});
    ASSERT_TRUE(taken) << why(taken);
    ASSERT_TRUE(buyByCard(bia, taken->id, "bia-1", card(kMastercard, "Bia Lima")));
    EXPECT_TRUE(failsWith(buyByCard(bot, hoard->id, "bot-3", card(kMastercard, "Bot")),
                          ErrorCode::HoldExpired));
    expectIntact();
}

// Another card within the shortened time pays for the hold as usual.
TEST_P(SaleStoreTest, AnotherCardStillPaysForAHoldShortenedByACardRefusal) {
    EventOptions options;
    options.maxTicketsPerCard = 1;
    const Event event = createEvent({general("Pista", 5'000, 10)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User ana = buyer("ana");
    const User bia = buyer("bia");
    ASSERT_TRUE(buyByCard(ana, holdGeneral(ana, eventId, pista, 1)->id, "ana-1"));
    auto hers = holdGeneral(bia, eventId, pista, 1);
    ASSERT_TRUE(hers) << why(hers);
    ASSERT_TRUE(failsWith(buyByCard(bia, hers->id, "bia-1"), ErrorCode::CardLimitExceeded));
    m_clock.advance(kDefaultHoldAfterCardRefusal - std::chrono::seconds{1});
    expectAvailability(eventId, {8});
    auto paid = buyByCard(bia, hers->id, "bia-2", card(kMastercard, "Bia Lima"));
    ASSERT_TRUE(paid) << why(paid);
    EXPECT_EQ(statusOf(hers->id), HoldStatus::Purchased);
    expectAvailability(eventId, {8});
    expectIntact();
}

// Of the card the database keeps a keyed hash (64 hex digits, the same for one number however
// it is typed, and not the plain SHA-256 anyone could recompute from a guessed number), never
// the number; cash payments have none.
TEST_P(SaleStoreTest, TheCardNumberIsStoredOnlyAsAKeyedFingerprint) {
    const Event event = createEvent({general("Pista", 5'000, 20)});
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User ana = buyer("ana");
    const User bia = buyer("bia");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    auto first = holdGeneral(ana, eventId, pista, 1);
    auto second = holdGeneral(bia, eventId, pista, 1);
    auto third = holdGeneral(bia, eventId, pista, 1);
    auto fourth = holdGeneral(clerk, eventId, pista, 1);
    ASSERT_TRUE(first && second && third && fourth);
    ASSERT_TRUE(buyByCard(ana, first->id, "fp-1", card(kVisa)));
    ASSERT_TRUE(buyByCard(bia, second->id, "fp-2", card("4111-1111-1111-1111")));
    ASSERT_TRUE(buyByCard(bia, third->id, "fp-3", card(kMastercard)));
    ASSERT_TRUE(buyByCash(clerk, fourth->id, "fp-4", 5'000));

    for (const std::string& number : {kVisa, kMastercard}) {
        EXPECT_EQ(raw().placesContaining(number), std::vector<std::string>{}) << number;
        EXPECT_EQ(raw().placesContaining(number.substr(0, 12)), std::vector<std::string>{})
            << number.substr(0, 12);
    }
    const auto rows =
        raw().query("SELECT method, card_fingerprint FROM payments ORDER BY order_id");
    ASSERT_EQ(rows.size(), 4u);
    const std::regex hex64("[0-9a-f]{64}");
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(rows[i][0], "card");
        EXPECT_TRUE(std::regex_match(rows[i][1], hex64)) << rows[i][1];
    }
    EXPECT_EQ(rows[0][1], rows[1][1]) << "one card, typed two ways";
    EXPECT_NE(rows[0][1], rows[2][1]) << "two cards";
    EXPECT_EQ(rows[0][1], crypto::hexEncode(crypto::hmacSha256(m_cardKey, kVisa)));
    EXPECT_NE(rows[0][1], crypto::sha256Hex(kVisa));
    EXPECT_EQ(rows[3], (std::vector<std::string>{"cash", ""}));
}

// Eight buyers with one card buy at once, on real threads: the card's tickets never pass the
// limit, and every refused sale is voided, never captured.
TEST_P(SaleStoreTest, ParallelBuyersWithOneCardGetOnlyTheCardLimit) {
    constexpr int kBuyers = 8;
    constexpr int kRounds = 3;
    EventOptions options;
    options.maxTicketsPerCard = 5;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const Event event = createEvent({general("Pista", 1'000, 100)}, options);
        const Id eventId = event.summary.id;
        std::vector<User> buyers;
        std::vector<Id> holdIds;
        for (int i = 0; i < kBuyers; ++i) {
            buyers.push_back(buyer("r" + std::to_string(round) + "b" + std::to_string(i)));
            // 2 tickets, then 1: the limit of 5 falls inside some order or other.
            auto hold = holdGeneral(buyers.back(), eventId, event.sections[0].id, 2 - i % 2);
            ASSERT_TRUE(hold) << why(hold);
            holdIds.push_back(hold->id);
        }
        const std::size_t voidedBefore = m_card.voidedCount();
        const std::size_t capturedBefore = m_card.capturedCount();

        std::latch start{kBuyers};
        std::vector<std::optional<Result<PurchaseResult>>> results(kBuyers);
        std::vector<std::thread> threads;
        for (int i = 0; i < kBuyers; ++i)
            threads.emplace_back([&, i] {
                const auto at = static_cast<std::size_t>(i);
                start.arrive_and_wait();
                results[at] = buyByCard(buyers[at], holdIds[at], "same-card-" + std::to_string(i),
                                        card(kVisa, "Buyer " + std::to_string(i)));
            });
        for (auto& thread : threads)
            thread.join();

        std::int64_t sold = 0;
        std::size_t refused = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& result = *results[i];
            if (result) {
                sold += static_cast<std::int64_t>(result->order.tickets.size());
                EXPECT_EQ(statusOf(holdIds[i]), HoldStatus::Purchased);
            } else {
                ++refused;
                EXPECT_TRUE(failsWith(result, ErrorCode::CardLimitExceeded));
                EXPECT_EQ(result.error().details.value("limit", -1), 5);
                EXPECT_EQ(statusOf(holdIds[i]), HoldStatus::Active);
            }
        }
        EXPECT_LE(sold, 5);
        EXPECT_GE(sold, 4) << "a sale that fitted was refused"; // 4 + 2 > 5, or 5 exactly
        EXPECT_GT(refused, 0u);
        EXPECT_EQ(
            raw().count("SELECT count(*) FROM tickets WHERE event_id = " + std::to_string(eventId)),
            sold);
        EXPECT_EQ(m_card.voidedCount() - voidedBefore, refused);
        EXPECT_EQ(m_card.capturedCount() - capturedBefore, kBuyers - refused);
    }
    expectIntact();
}

// Cash has no card: counter sales in cash pass whatever the card limit, and do not count
// towards a card's tickets either.
TEST_P(SaleStoreTest, CashIsNotCountedAgainstAnyCard) {
    EventOptions options;
    options.maxTicketsPerCard = 1;
    const Event event = createEvent({general("Pista", 1'000, 50)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    for (int i = 0; i < 3; ++i) {
        auto hold = holdGeneral(clerk, eventId, pista, 4);
        ASSERT_TRUE(hold) << why(hold);
        auto sold = buyByCash(clerk, hold->id, "cash-" + std::to_string(i), 4'000);
        ASSERT_TRUE(sold) << why(sold);
    }
    EXPECT_EQ(raw().count("SELECT count(*) FROM payments WHERE card_fingerprint IS NOT NULL"), 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM card_limits"), 0);

    const User ana = buyer("ana");
    auto hold = holdGeneral(ana, eventId, pista, 1);
    ASSERT_TRUE(hold) << why(hold);
    ASSERT_TRUE(buyByCard(ana, hold->id, "card-1"));
    auto more = holdGeneral(ana, eventId, pista, 1);
    ASSERT_TRUE(more) << why(more);
    EXPECT_TRUE(failsWith(buyByCard(ana, more->id, "card-2"), ErrorCode::CardLimitExceeded));
    expectAvailability(eventId, {50 - 13 - 1});
}

INSTANTIATE_TEST_SUITE_P(Backends, SaleStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
