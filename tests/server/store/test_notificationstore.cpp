// NotificationStore over both backends: the outbox written in the transaction of what it
// announces (a sale, a refund, a cancellation: never by one that rolls back), a refused
// purchase and the hold warnings (once per hold); the claim with its lease (a claimed row is
// not claimed again until the lease runs out, then comes back), the attempt fencing an old
// claim's outcome, retries, giving up, the channels already sent; and several threads claiming
// at once, each row exactly once.
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/refunds.h"
#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

class NotificationStoreTest : public SalesTest {
protected:
    NotificationStore& outbox() { return storage().notifications(); }

    // A paid card order of `count` places of the event's first section, bought by `who`.
    Order buy(const User& who, Id eventId, std::int64_t count = 1) {
        const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
        auto hold = holdGeneral(who, eventId, sectionId, count);
        EXPECT_TRUE(hold) << why(hold);
        if (!hold) return {};
        auto paid = buyByCard(who, hold->id, "buy-" + std::to_string(hold->id));
        EXPECT_TRUE(paid) << why(paid);
        return paid ? paid->order : Order{};
    }

    std::vector<Notification> claimAll(std::chrono::seconds lease = 60s) {
        auto claimed = outbox().claimDue(m_clock.now(), lease, 1000);
        EXPECT_TRUE(claimed) << why(claimed);
        return claimed ? *claimed : std::vector<Notification>{};
    }

    NotificationCounts counts() {
        auto counted = outbox().countNotifications();
        EXPECT_TRUE(counted) << why(counted);
        return counted ? *counted : NotificationCounts{};
    }
};

TEST_P(NotificationStoreTest, ASaleIsNotifiedInItsTransactionAndARolledBackOneNever) {
    EventOptions options;
    options.maxTicketsPerCard = 2;
    const Id eventId = createEvent({general("Pista", 5'000, 100)}, options).summary.id;
    const User ana = buyer("ana");
    const Order order = buy(ana, eventId, 2);

    // The same card for more than the event allows: the store refuses inside the sale's
    // transaction, which rolls back with its notification.
    const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
    auto second = holdGeneral(ana, eventId, sectionId, 1);
    ASSERT_TRUE(second) << why(second);
    EXPECT_TRUE(failsWith(buyByCard(ana, second->id, "over-limit"), ErrorCode::CardLimitExceeded));

    const auto claimed = claimAll();
    ASSERT_EQ(claimed.size(), 1u);
    const Notification& n = claimed[0];
    EXPECT_EQ(n.kind, NotificationKind::PurchaseConfirmed);
    EXPECT_EQ(n.orderId, order.id);
    EXPECT_EQ(n.eventId, eventId);
    EXPECT_EQ(n.customerId, ana.id);
    EXPECT_EQ(n.attempt, 1);
    EXPECT_EQ(n.uid.size(), 32u);
    EXPECT_FALSE(n.emailSent);
    EXPECT_FALSE(n.webhookSent);
    EXPECT_EQ(n.createdAt, m_clock.now());
    EXPECT_EQ(counts().pending, 1);
}

TEST_P(NotificationStoreTest, ADeclinedCardIsRecordedAsARefusal) {
    const Id eventId = createEvent({general("Pista", 5'000, 100)}).summary.id;
    const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
    const User bia = buyer("bia");
    auto hold = holdGeneral(bia, eventId, sectionId, 1);
    ASSERT_TRUE(hold) << why(hold);
    EXPECT_TRUE(failsWith(buyByCard(bia, hold->id, "declined", card(kDeclinedCard)),
                          ErrorCode::PaymentDeclined));
    const auto claimed = claimAll();
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].kind, NotificationKind::PurchaseRefused);
    EXPECT_EQ(claimed[0].holdId, hold->id);
    EXPECT_EQ(claimed[0].customerId, bia.id);
    EXPECT_FALSE(claimed[0].orderId);
    EXPECT_NE(claimed[0].details.find("declined"), std::string::npos) << claimed[0].details;
    EXPECT_TRUE(failsWith(outbox().recordRefusedPurchase(999'999, "x", m_clock.now()),
                          ErrorCode::NotFound));
}

TEST_P(NotificationStoreTest, RefundsAndACancellationAreNotifiedToEachBuyer) {
    const Id eventId = createEvent({general("Pista", 5'000, 100)}).summary.id;
    const User ana = buyer("ana");
    const User bia = buyer("bia");
    const Order first = buy(ana, eventId, 2);
    const Order second = buy(bia, eventId, 1);
    claimAll(); // the two purchases
    ASSERT_TRUE(refundTickets(first.id, {first.tickets[0].id}));
    auto refunds = claimAll();
    ASSERT_EQ(refunds.size(), 1u);
    EXPECT_EQ(refunds[0].kind, NotificationKind::RefundDone);
    EXPECT_EQ(refunds[0].orderId, first.id);
    EXPECT_EQ(refunds[0].customerId, ana.id);
    EXPECT_TRUE(refunds[0].refundId);

    m_clock.advance(1s);
    ASSERT_TRUE(storage().events().cancelEvent(eventId, m_organizer.id, "storm", m_clock.now()));
    // Cancelling again changes nothing, and notifies nobody twice.
    ASSERT_TRUE(storage().events().cancelEvent(eventId, m_organizer.id, "storm", m_clock.now()));
    std::map<Id, Id> customerOfOrder;
    for (const auto& n : claimAll()) {
        EXPECT_EQ(n.kind, NotificationKind::EventCancelled);
        customerOfOrder[n.orderId.value_or(0)] = n.customerId;
    }
    EXPECT_EQ(customerOfOrder, (std::map<Id, Id>{{first.id, ana.id}, {second.id, bia.id}}));
    m_expectIntactAtEnd = false; // the cancellation's refunds are RefundService's, not made here
}

TEST_P(NotificationStoreTest, AHoldAboutToExpireIsWarnedOnce) {
    EventOptions options;
    options.holdSeconds = 600;
    const Id eventId = createEvent({general("Pista", 5'000, 100)}, options).summary.id;
    const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
    const User ana = buyer("ana");
    auto hold = holdGeneral(ana, eventId, sectionId, 1);
    ASSERT_TRUE(hold) << why(hold);

    EXPECT_EQ(outbox().enqueueHoldWarnings(m_clock.now(), 120s).value_or(-1), 0); // 600 s left
    m_clock.advance(481s);
    EXPECT_EQ(outbox().enqueueHoldWarnings(m_clock.now(), 120s).value_or(-1), 1);
    EXPECT_EQ(outbox().enqueueHoldWarnings(m_clock.now(), 120s).value_or(-1), 0);
    const auto claimed = claimAll();
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].kind, NotificationKind::HoldExpiring);
    EXPECT_EQ(claimed[0].holdId, hold->id);
    // Past its expiry a hold is warned no more.
    auto late = holdGeneral(buyer("bia"), eventId, sectionId, 1);
    ASSERT_TRUE(late) << why(late);
    m_clock.advance(601s);
    EXPECT_EQ(outbox().enqueueHoldWarnings(m_clock.now(), 120s).value_or(-1), 0);
}

TEST_P(NotificationStoreTest, AClaimLeasesItsRowsAndAnOldClaimsOutcomeIsIgnored) {
    const Id eventId = createEvent({general("Pista", 5'000, 100)}).summary.id;
    buy(buyer("ana"), eventId);
    const auto first = claimAll(60s);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_TRUE(claimAll().empty()); // leased
    m_clock.advance(59s);
    EXPECT_TRUE(claimAll().empty());
    m_clock.advance(1s); // the lease ran out: the sender is presumed dead
    const auto second = claimAll(60s);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].uid, first[0].uid); // the receivers' id does not change
    EXPECT_EQ(second[0].attempt, 2);

    // The first claim's outcome comes too late: it changes nothing.
    ASSERT_TRUE(outbox().markDelivered(first[0].id, first[0].attempt, m_clock.now()));
    ASSERT_TRUE(outbox().markFailed(first[0].id, first[0].attempt, "late", std::nullopt));
    EXPECT_EQ(counts().pending, 1);
    ASSERT_TRUE(outbox().markDelivered(second[0].id, second[0].attempt, m_clock.now()));
    EXPECT_EQ(counts().pending, 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM notifications WHERE status = 'delivered'"), 1);
    m_clock.advance(1h);
    EXPECT_TRUE(claimAll().empty());
}

TEST_P(NotificationStoreTest, AFailedAttemptIsRetriedThenGivenUpAndASentChannelIsKept) {
    const Id eventId = createEvent({general("Pista", 5'000, 100)}).summary.id;
    buy(buyer("ana"), eventId);
    auto claimed = claimAll();
    ASSERT_EQ(claimed.size(), 1u);
    ASSERT_TRUE(outbox().markSent(claimed[0].id, claimed[0].attempt, NotificationChannel::Email));
    ASSERT_TRUE(outbox().markFailed(claimed[0].id, claimed[0].attempt, "webhook: HTTP 503",
                                    m_clock.now() + 30s));
    m_clock.advance(29s);
    EXPECT_TRUE(claimAll().empty());
    m_clock.advance(1s);
    claimed = claimAll();
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].attempt, 2);
    EXPECT_TRUE(claimed[0].emailSent);
    EXPECT_FALSE(claimed[0].webhookSent);
    ASSERT_TRUE(
        outbox().markFailed(claimed[0].id, claimed[0].attempt, "webhook: HTTP 503", std::nullopt));
    EXPECT_EQ(counts().failed, 1);
    EXPECT_EQ(counts().pending, 0);
    m_clock.advance(24h);
    EXPECT_TRUE(claimAll().empty());
    EXPECT_EQ(raw().count("SELECT count(*) FROM notifications WHERE last_error = "
                          "'webhook: HTTP 503'"),
              1);
}

TEST_P(NotificationStoreTest, ConcurrentClaimsTakeEachRowOnce) {
    constexpr int kHolds = 120;
    const Id eventId = createEvent({general("Pista", 5'000, kHolds)}).summary.id;
    const Id sectionId = storage().events().getEvent(eventId, m_clock.now())->sections[0].id;
    for (int i = 0; i < kHolds; ++i) {
        auto hold =
            holdGeneral(addUser("b" + std::to_string(i) + "@example.com"), eventId, sectionId, 1);
        ASSERT_TRUE(hold) << why(hold);
    }
    m_clock.advance(500s);
    ASSERT_EQ(outbox().enqueueHoldWarnings(m_clock.now(), 120s).value_or(-1), kHolds);

    constexpr int kThreads = 4;
    std::mutex mutex;
    std::multiset<Id> seen;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (;;) {
                auto claimed = outbox().claimDue(m_clock.now(), 600s, 7);
                ASSERT_TRUE(claimed) << why(claimed);
                if (claimed->empty()) return;
                std::lock_guard lock(mutex);
                for (const auto& n : *claimed)
                    seen.insert(n.id);
            }
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kHolds));
    EXPECT_EQ(std::set<Id>(seen.begin(), seen.end()).size(), static_cast<std::size_t>(kHolds));
    m_clock.advance(1000s); // past the holds' expiry: the fixture's invariants hold
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
