// AuditStore over both backends: an audit log altered, cut short or rewritten behind the
// store's back (through a raw connection) is caught by verifyAudit and checkInvariants, which
// name the entry; and checkInvariants names a card over its event's limit.
#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

// True when some problem names audit chain `chain` and its entry `seq`.
::testing::AssertionResult namesEntry(const IntegrityReport& report, const std::string& chain,
                                      const std::string& seq) {
    const std::regex pattern("chain " + chain + "\\b.*\\bentry " + seq + "\\b");
    for (const auto& problem : report.problems)
        if (std::regex_search(problem, pattern)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no problem names chain " << chain << " entry " << seq
                                         << ":" << joined(report.problems);
}

class AuditStoreTest : public SalesTest {
protected:
    // A little of everything the audit log records: an event, holds, a sale, a release and an
    // expiry. Leaves an intact log behind.
    void runAuditedFlow() {
        EventOptions options;
        options.holdSeconds = 60;
        const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
        const auto seats = seatIds(event.summary.id);
        const User ana = buyer("ana");
        auto sold = holdSeats(ana, event.summary.id, {seats[0], seats[1]});
        ASSERT_TRUE(sold) << why(sold);
        ASSERT_TRUE(buyByCard(ana, sold->id, "audit-1"));
        auto released = holdSeats(ana, event.summary.id, {seats[2]});
        ASSERT_TRUE(released && holds().release(ana, released->id));
        ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[3]}));
        m_clock.advance(60s);
        ASSERT_EQ(*holds().expireDue(), 1);
        auto report = storage().audit().verifyAudit();
        ASSERT_TRUE(report) << why(report);
        EXPECT_TRUE(report->ok()) << joined(report->problems);
        EXPECT_GE(report->checkedItems, 7); // event, 3 holds, sale, release, expiry
        expectIntact();
    }
};

// --- the audit log ------------------------------------------------------------------------------

TEST_P(AuditStoreTest, AuditNamesAnAlteredEntry) {
    ASSERT_NO_FATAL_FAILURE(runAuditedFlow());
    const auto rows = raw().query("SELECT id, chain, seq FROM audit_log WHERE action = "
                                  "'order.paid'");
    ASSERT_EQ(rows.size(), 1u);
    raw().exec("UPDATE audit_log SET details = '{\"order_id\":1,\"total_cents\":1,\"method\":"
               "\"cash\"}' WHERE id = " +
               rows[0][0]);
    m_expectIntactAtEnd = false;

    auto report = storage().audit().verifyAudit();
    ASSERT_TRUE(report) << why(report);
    EXPECT_FALSE(report->ok());
    EXPECT_TRUE(namesEntry(*report, rows[0][1], rows[0][2]));
    auto invariants = storage().audit().checkInvariants(m_clock.now());
    ASSERT_TRUE(invariants) << why(invariants);
    EXPECT_TRUE(namesEntry(*invariants, rows[0][1], rows[0][2]));
}

TEST_P(AuditStoreTest, AuditNamesADeletedNewestEntry) {
    ASSERT_NO_FATAL_FAILURE(runAuditedFlow());
    // The newest entry of the longest chain: nothing after it would notice, only the head.
    const auto rows = raw().query("SELECT id, chain, seq FROM audit_log ORDER BY seq DESC, id "
                                  "DESC LIMIT 1");
    ASSERT_EQ(rows.size(), 1u);
    raw().exec("DELETE FROM audit_log WHERE id = " + rows[0][0]);
    m_expectIntactAtEnd = false;

    auto report = storage().audit().verifyAudit();
    ASSERT_TRUE(report) << why(report);
    EXPECT_FALSE(report->ok());
    EXPECT_TRUE(namesEntry(*report, rows[0][1], rows[0][2]));
}

TEST_P(AuditStoreTest, AuditNamesAnAlteredOlderEntry) {
    ASSERT_NO_FATAL_FAILURE(runAuditedFlow());
    // The first entry of a chain with several: what follows still links, but it was altered.
    const auto rows = raw().query("SELECT id, chain, seq FROM audit_log WHERE seq = 1 AND chain "
                                  "IN (SELECT chain FROM audit_log WHERE seq = 2) ORDER BY id "
                                  "LIMIT 1");
    ASSERT_EQ(rows.size(), 1u);
    raw().exec("UPDATE audit_log SET actor_id = actor_id + 1 WHERE id = " + rows[0][0]);
    m_expectIntactAtEnd = false;
    auto report = storage().audit().verifyAudit();
    ASSERT_TRUE(report) << why(report);
    EXPECT_TRUE(namesEntry(*report, rows[0][1], rows[0][2]));
}

// --- the invariants -----------------------------------------------------------------------------

// `check` names a card over its event's limit (written behind the store's back here).
TEST_P(AuditStoreTest, InvariantsNameACardOverItsLimit) {
    EventOptions options;
    options.maxTicketsPerCard = 2;
    const Event event = createEvent({general("Pista", 1'000, 10)}, options);
    const User ana = buyer("ana");
    auto hold = holdGeneral(ana, event.summary.id, event.sections[0].id, 2);
    ASSERT_TRUE(hold) << why(hold);
    ASSERT_TRUE(buyByCard(ana, hold->id, "k-1"));
    expectIntact();

    raw().exec("UPDATE events SET max_tickets_per_card = 1 WHERE id = " +
               std::to_string(event.summary.id));
    auto report = storage().audit().checkInvariants(m_clock.now());
    ASSERT_TRUE(report) << why(report);
    ASSERT_EQ(report->problems.size(), 1u) << joined(report->problems);
    EXPECT_NE(report->problems[0].find("2 tickets for event " + std::to_string(event.summary.id) +
                                       ", over the limit of 1"),
              std::string::npos)
        << report->problems[0];
    EXPECT_EQ(report->problems[0].find(kVisa), std::string::npos);
    m_expectIntactAtEnd = false;
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
