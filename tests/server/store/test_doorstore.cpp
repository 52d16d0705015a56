// DoorStore over both backends, through DoorService: each event's signing key (made once, also
// by two servers at once), the tickets' signed tokens, online check-in exactly once (racing
// gates, forged tokens, void tickets), re-entry, the offline sync (earliest scan wins, sending
// a batch again changes nothing), the bundle, the admitted counts, the log, the audit entries
// and the door role.
#include <algorithm>
#include <atomic>
#include <latch>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/door.h"
#include "server/core/policy.h"
#include "shared/ticketqr.h"
#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

std::int64_t unixSecondsOf(TimePoint time) {
    return time.time_since_epoch().count();
}

class DoorStoreTest : public SalesTest {
protected:
    void SetUp() override {
        SalesTest::SetUp();
        m_door = std::make_unique<DoorService>(storage().door(), m_clock);
        m_staff = addUser("door@example.com", Role::Door);
        m_admin = addUser("admin@example.com", Role::Admin);
    }
    void TearDown() override {
        m_door.reset();
        SalesTest::TearDown();
    }

    DoorService& door() { return *m_door; }

    // A paid order of `seats` seats of the event's first (seated) section, by cash at the
    // counter, with its tokens.
    Order buySeats(Id eventId, std::vector<Id> seats, const std::string& who) {
        const User buyer = this->buyer(who);
        auto hold = holdSeats(buyer, eventId, std::move(seats));
        EXPECT_TRUE(hold) << why(hold);
        auto paid = buyByCard(buyer, hold->id, "key-" + who);
        EXPECT_TRUE(paid) << why(paid);
        auto order = door().withTokens(paid->order);
        EXPECT_TRUE(order) << why(order);
        return *order;
    }

    Result<Checkin> checkIn(const std::string& code, const std::string& gate,
                            ScanDirection direction = ScanDirection::Entry) {
        CheckinRequest request;
        request.code = code;
        request.gate = gate;
        request.direction = direction;
        return door().checkIn(m_staff, request);
    }

    Result<Checkin> checkInByQr(const std::string& qr, const std::string& gate) {
        CheckinRequest request;
        request.qr = qr;
        request.gate = gate;
        return door().checkIn(m_staff, request);
    }

    Result<std::vector<ScanResult>> sync(Id eventId, const std::string& scanner,
                                         std::vector<OfflineScan> scans) {
        return door().sync(m_staff, eventId, SyncRequest{scanner, std::move(scans)});
    }

    static OfflineScan scan(const std::string& code, const std::string& gate, TimePoint at) {
        return OfflineScan{code, std::nullopt, gate, at};
    }

    std::unique_ptr<DoorService> m_door;
    User m_staff;
    User m_admin;
};

// --- keys and tokens ----------------------------------------------------------------------------

TEST_P(DoorStoreTest, AnEventGetsOneKeyOnFirstNeedAndKeepsIt) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    EXPECT_EQ(raw().count("SELECT count(*) FROM event_keys"), 0);
    auto keys = door().publicKeys(eventId);
    ASSERT_TRUE(keys) << why(keys);
    ASSERT_EQ(keys->size(), 1u);
    EXPECT_EQ((*keys)[0].algorithm, "Ed25519");
    EXPECT_EQ((*keys)[0].publicKey.size(), 43u); // 32 bytes, unpadded base64url

    // Another server (its own cache) reads the same key.
    DoorService other(storage().door(), m_clock);
    auto again = other.publicKeys(eventId);
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(*again, *keys);
    EXPECT_EQ(raw().count("SELECT count(*) FROM event_keys"), 1);

    EXPECT_TRUE(failsWith(door().publicKeys(eventId + 1000), ErrorCode::NotFound));
}

TEST_P(DoorStoreTest, ServersMakingTheFirstKeyAtOnceAgreeOnOne) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    constexpr int kServers = 8;
    std::vector<std::unique_ptr<DoorService>> servers;
    for (int i = 0; i < kServers; ++i)
        servers.push_back(std::make_unique<DoorService>(storage().door(), m_clock));
    std::vector<std::vector<PublicKeyInfo>> seen(kServers);
    std::latch start(kServers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto keys = servers[i]->publicKeys(eventId);
            if (keys) seen[i] = *keys;
        });
    for (auto& thread : threads)
        thread.join();
    for (const auto& keys : seen) {
        ASSERT_EQ(keys.size(), 1u);
        EXPECT_EQ(keys, seen[0]);
    }
    EXPECT_EQ(raw().count("SELECT count(*) FROM event_keys"), 1);
}

TEST_P(DoorStoreTest, EachTicketCarriesATokenThePublishedKeyVerifies) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 10)});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    auto seatHold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(seatHold) << why(seatHold);
    auto paid = buyByCard(ana, seatHold->id, "k1");
    ASSERT_TRUE(paid) << why(paid);
    auto gaHold = holdGeneral(ana, eventId, event.sections[1].id, 1);
    ASSERT_TRUE(gaHold) << why(gaHold);
    auto gaPaid = buyByCard(ana, gaHold->id, "k2");
    ASSERT_TRUE(gaPaid) << why(gaPaid);

    auto keys = door().publicKeys(eventId);
    ASSERT_TRUE(keys) << why(keys);
    for (const Order& bought : {paid->order, gaPaid->order}) {
        auto order = door().withTokens(bought);
        ASSERT_TRUE(order) << why(order);
        for (const Ticket& ticket : order->tickets) {
            ASSERT_TRUE(ticket.qr);
            EXPECT_TRUE(ticket.qr->starts_with("BLH1."));
            EXPECT_EQ(ticket.status, "valid");
            auto claims = verifyTicketToken(*ticket.qr, *keys);
            ASSERT_TRUE(claims) << why(claims);
            EXPECT_EQ(claims->eventId, eventId);
            EXPECT_EQ(claims->ticketId, ticket.id);
            EXPECT_EQ(claims->code, ticket.code);
            EXPECT_EQ(claims->sectionId, ticket.sectionId);
            EXPECT_EQ(claims->row, ticket.row);
            EXPECT_EQ(claims->number, ticket.number);
            EXPECT_EQ(claims->issuedAt, order->createdAt);
            EXPECT_EQ(claims->keyId, (*keys)[0].keyId);
        }
        // Deterministic: read again, the same tokens.
        auto again = door().withTokens(bought);
        ASSERT_TRUE(again) << why(again);
        for (std::size_t i = 0; i < again->tickets.size(); ++i)
            EXPECT_EQ(again->tickets[i].qr, order->tickets[i].qr);
    }
    // Not stored: computed from the key when the order is read.
    EXPECT_TRUE(raw().placesContaining((*keys)[0].keyId + "\"").empty());
}

// --- online check-in ----------------------------------------------------------------------------

TEST_P(DoorStoreTest, ATicketIsCheckedInOnceThenNamesTheFirstGate) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(eventId, {seats[0], seats[1]}, "ana");
    const Ticket& ticket = order.tickets[0];

    auto first = checkIn(ticket.code, "North 1");
    ASSERT_TRUE(first) << why(first);
    EXPECT_EQ(first->result, "admitted");
    EXPECT_EQ(first->ticket.id, ticket.id);
    EXPECT_EQ(first->ticket.status, "checked_in");
    EXPECT_EQ(first->checkedInAt, m_clock.now());
    EXPECT_EQ(first->gate, "North 1");

    m_clock.advance(30s);
    auto second = checkIn(ticket.code, "South 2");
    ASSERT_TRUE(failsWith(second, ErrorCode::AlreadyCheckedIn));
    EXPECT_EQ(second.error().details.value("gate", ""), "North 1");
    EXPECT_EQ(second.error().details.value("checked_in_at", ""), formatRfc3339(kNow));

    // The order shows it; the other ticket is still valid.
    auto read = sales().order(m_admin, order.id);
    ASSERT_TRUE(read) << why(read);
    EXPECT_EQ(read->tickets[0].status, "checked_in");
    EXPECT_EQ(read->tickets[1].status, "valid");

    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins WHERE ticket_id = " +
                          std::to_string(ticket.id) + " AND direction = 'entry'"),
              1);
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'ticket.checked_in'"), 1);
    EXPECT_EQ(raw().count("SELECT count(*) FROM event_changes WHERE kind = 'checkin'"), 1);
    EXPECT_TRUE(failsWith(checkIn("no-such-code-at-all-xxxxxx", "North 1"), ErrorCode::NotFound));
}

TEST_P(DoorStoreTest, RacingGatesAdmitATicketExactlyOnce) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0]}, "ana");
    const std::string code = order.tickets[0].code;

    constexpr int kGates = 16;
    std::vector<Result<Checkin>> results(kGates, fail(Error::internal("did not run")));
    std::latch start(kGates);
    std::vector<std::thread> gates;
    for (int i = 0; i < kGates; ++i)
        gates.emplace_back([&, i] {
            start.arrive_and_wait();
            results[i] = checkIn(code, "gate " + std::to_string(i));
        });
    for (auto& gate : gates)
        gate.join();

    int admitted = 0;
    std::string winner;
    for (const auto& result : results)
        if (result) {
            ++admitted;
            winner = result->gate;
        }
    ASSERT_EQ(admitted, 1);
    for (const auto& result : results) {
        if (result) continue;
        ASSERT_TRUE(failsWith(result, ErrorCode::AlreadyCheckedIn));
        EXPECT_EQ(result.error().details.value("gate", ""), winner);
    }
    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins"), 1);
}

TEST_P(DoorStoreTest, ATokenChecksInAndAForgedOneIsNotFound) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Id otherEvent = createEvent({seated("Balcão", 10'000, {{"B", 4}})}).summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0], seatIds(eventId)[1]}, "ana");
    const Order other = buySeats(otherEvent, {seatIds(otherEvent)[0]}, "bia");
    const std::string qr = *order.tickets[0].qr;

    // One character changed in the payload or the signature.
    for (std::size_t at : {qr.find('.') + 3, qr.size() - 5}) {
        std::string forged = qr;
        forged[at] = forged[at] == 'A' ? 'B' : 'A';
        EXPECT_TRUE(failsWith(checkInByQr(forged, "North 1"), ErrorCode::NotFound)) << forged;
    }
    // The other event's ticket, its claims rewritten to this event: its signature is the
    // other event's key's, and this event's key refuses it.
    const std::string otherQr = *other.tickets[0].qr;
    EXPECT_TRUE(
        failsWith(checkInByQr("BLH1.e30." + otherQr.substr(otherQr.rfind('.') + 1), "North 1"),
                  ErrorCode::NotFound));
    EXPECT_TRUE(failsWith(checkInByQr("not a token", "North 1"), ErrorCode::NotFound));
    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins"), 0);

    auto admitted = checkInByQr(qr, "North 1");
    ASSERT_TRUE(admitted) << why(admitted);
    EXPECT_EQ(admitted->ticket.id, order.tickets[0].id);
    EXPECT_TRUE(failsWith(checkInByQr(qr, "North 2"), ErrorCode::AlreadyCheckedIn));
    // A token of another event's ticket is that ticket's, whatever gate scans it.
    EXPECT_TRUE(checkInByQr(otherQr, "North 1"));
}

TEST_P(DoorStoreTest, AVoidTicketIsRefusedWithItsReason) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0]}, "ana");
    ASSERT_TRUE(refundTickets(order.id, {order.tickets[0].id}));
    auto refused = checkIn(order.tickets[0].code, "North 1");
    ASSERT_TRUE(failsWith(refused, ErrorCode::TicketVoid));
    EXPECT_EQ(refused.error().details.value("reason", ""), "refunded");
    auto read = sales().order(m_admin, order.id);
    ASSERT_TRUE(read) << why(read);
    EXPECT_EQ(read->tickets[0].status, "refunded");
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets WHERE checked_in_at IS NOT NULL"), 0);
}

TEST_P(DoorStoreTest, OnlyDoorStaffCheckIn) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0]}, "ana");
    CheckinRequest request;
    request.code = order.tickets[0].code;
    request.gate = "North 1";
    EXPECT_TRUE(failsWith(door().checkIn(buyer("bia"), request), ErrorCode::Forbidden));
    for (Role role : {Role::Clerk, Role::Organizer, Role::Admin, Role::Door}) {
        EXPECT_TRUE(isAllowed(role, Action::CheckIn)) << roleName(role);
    }
    EXPECT_FALSE(isAllowed(Role::Buyer, Action::CheckIn));
    auto door = storage().accounts().findUserById(m_staff.id);
    ASSERT_TRUE(door) << why(door);
    EXPECT_EQ(door->user.role, Role::Door);
}

TEST_P(DoorStoreTest, AnExitLetsATicketInAgainOnlyWhereReentryIsAllowed) {
    const Id once = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    EventOptions reentry;
    reentry.allowReentry = true;
    const Id again = createEvent({seated("Plateia", 10'000, {{"A", 4}})}, reentry).summary.id;
    auto settings = storage().events().getEventSettings(again);
    ASSERT_TRUE(settings) << why(settings);
    EXPECT_TRUE(settings->allowReentry);

    const Order onceOrder = buySeats(once, {seatIds(once)[0]}, "ana");
    ASSERT_TRUE(checkIn(onceOrder.tickets[0].code, "North 1"));
    EXPECT_TRUE(failsWith(checkIn(onceOrder.tickets[0].code, "North 1", ScanDirection::Exit),
                          ErrorCode::Conflict));

    const std::string code = buySeats(again, {seatIds(again)[0]}, "bia").tickets[0].code;
    EXPECT_TRUE(failsWith(checkIn(code, "North 1", ScanDirection::Exit), ErrorCode::Conflict))
        << "not inside yet";
    ASSERT_TRUE(checkIn(code, "North 1"));
    m_clock.advance(10min);
    auto exited = checkIn(code, "North 1", ScanDirection::Exit);
    ASSERT_TRUE(exited) << why(exited);
    EXPECT_EQ(exited->result, "exited");
    EXPECT_EQ(exited->ticket.status, "valid");
    EXPECT_TRUE(failsWith(checkIn(code, "North 1", ScanDirection::Exit), ErrorCode::Conflict));
    m_clock.advance(10min);
    auto back = checkIn(code, "South 2");
    ASSERT_TRUE(back) << why(back);
    EXPECT_EQ(back->gate, "South 2");
    EXPECT_TRUE(failsWith(checkIn(code, "South 2"), ErrorCode::AlreadyCheckedIn));
    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins WHERE direction = 'exit'"), 1);
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log WHERE action = 'ticket.checked_out'"), 1);
}

// --- offline ------------------------------------------------------------------------------------

TEST_P(DoorStoreTest, TheEarliestScanWinsAndSendingABatchAgainChangesNothing) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 6}})}).summary.id;
    const Id otherEvent = createEvent({seated("Balcão", 10'000, {{"B", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(eventId, {seats[0], seats[1], seats[2], seats[3]}, "ana");
    const Order other = buySeats(otherEvent, {seatIds(otherEvent)[0]}, "bia");
    // Ticket 3 void as its event's cancellation voids it (the sale closed, one refund).
    ASSERT_TRUE(storage().events().cancelEvent(eventId, m_organizer.id, std::nullopt, kNow));
    NewRefund cancelled;
    cancelled.orderId = order.id;
    cancelled.actorId = m_organizer.id;
    cancelled.ticketIds = {order.tickets[3].id};
    cancelled.reference = "rf_cancelled";
    cancelled.now = kNow;
    cancelled.voidReason = "cancelled";
    ASSERT_TRUE(storage().refunds().refund(cancelled));

    // Ticket 0 was checked in online at kNow + 10 min at gate "Online"; a scanner that was
    // offline scanned it earlier, at kNow + 5 min.
    m_clock.advance(10min);
    ASSERT_TRUE(checkIn(order.tickets[0].code, "Online"));
    const TimePoint t5 = kNow + 5min;
    std::vector<OfflineScan> batch{
        scan(order.tickets[0].code, "Offline A", t5),
        scan(order.tickets[1].code, "Offline A", kNow + 7min),
        scan(order.tickets[1].code, "Offline A", kNow + 6min), // earlier, later in the batch
        scan(order.tickets[3].code, "Offline A", kNow + 1min),
        scan("never-issued-code-xxxxxxxx", "Offline A", kNow + 1min),
        scan(other.tickets[0].code, "Offline A", kNow + 1min),
        OfflineScan{std::nullopt, "BLH1.forged.token", "Offline A", kNow + 1min},
    };
    auto results = sync(eventId, "scanner-1", batch);
    ASSERT_TRUE(results) << why(results);
    ASSERT_EQ(results->size(), batch.size());
    const auto& r = *results;
    EXPECT_EQ(r[0].result, "admitted");
    EXPECT_EQ(r[0].checkedInAt, t5);
    EXPECT_EQ(r[0].gate, "Offline A");
    EXPECT_EQ(r[1].result, "duplicate");
    EXPECT_EQ(r[1].checkedInAt, kNow + 6min);
    EXPECT_EQ(r[1].scanGate, "Offline A");
    EXPECT_EQ(r[2].result, "admitted");
    EXPECT_EQ(r[3].result, "void");
    EXPECT_EQ(r[3].reason, "cancelled");
    EXPECT_EQ(r[4].result, "not_found");
    EXPECT_EQ(r[5].result, "not_found");
    EXPECT_EQ(r[6].result, "not_found");

    // The online check-in lost its place: it is now the duplicate, naming the offline gate.
    auto online = checkIn(order.tickets[0].code, "Online");
    ASSERT_TRUE(failsWith(online, ErrorCode::AlreadyCheckedIn));
    EXPECT_EQ(online.error().details.value("gate", ""), "Offline A");
    EXPECT_EQ(online.error().details.value("checked_in_at", ""), formatRfc3339(t5));

    const auto logged = raw().count("SELECT count(*) FROM checkins");
    const auto audits = raw().count("SELECT count(*) FROM audit_log");
    auto again = sync(eventId, "scanner-1", batch);
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(*again, *results);
    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins"), logged);
    EXPECT_EQ(raw().count("SELECT count(*) FROM audit_log"), audits);

    // A later scan from another scanner is only a duplicate.
    auto late = sync(eventId, "scanner-2",
                     {scan(order.tickets[2].code, "Offline B", kNow + 9min),
                      scan(order.tickets[0].code, "Offline B", t5 + 1s)});
    ASSERT_TRUE(late) << why(late);
    EXPECT_EQ((*late)[0].result, "admitted");
    EXPECT_EQ((*late)[1].result, "duplicate");
    EXPECT_EQ((*late)[1].gate, "Offline A");
}

TEST_P(DoorStoreTest, ABatchPastTheLimitIsRefusedWhole) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0]}, "ana");
    std::vector<OfflineScan> batch(kMaxSyncScans + 1,
                                   scan(order.tickets[0].code, "Offline A", kNow));
    EXPECT_TRUE(failsWith(sync(eventId, "scanner-1", batch), ErrorCode::PayloadTooLarge));
    EXPECT_EQ(raw().count("SELECT count(*) FROM checkins"), 0);
}

TEST_P(DoorStoreTest, TheBundleRevokesVoidTicketsAndGivesACursor) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const auto seats = seatIds(eventId);
    const Order order = buySeats(eventId, {seats[0], seats[1], seats[2]}, "ana");
    ASSERT_TRUE(checkIn(order.tickets[1].code, "North 1"));
    ASSERT_TRUE(refundTickets(order.id, {order.tickets[2].id}));

    auto bundle = door().bundle(m_staff, eventId, std::nullopt, true);
    ASSERT_TRUE(bundle) << why(bundle);
    EXPECT_EQ(bundle->eventId, eventId);
    ASSERT_EQ(bundle->keys.size(), 1u);
    EXPECT_EQ(bundle->revoked, std::vector<Id>{order.tickets[2].id});
    ASSERT_TRUE(bundle->tickets);
    ASSERT_EQ(bundle->tickets->size(), 3u);
    EXPECT_EQ((*bundle->tickets)[0].status, "valid");
    EXPECT_EQ((*bundle->tickets)[1].status, "checked_in");
    EXPECT_EQ((*bundle->tickets)[2].status, "refunded");
    EXPECT_EQ((*bundle->tickets)[0].code, order.tickets[0].code);

    // Hours later: only what was voided since the cursor (less a safety margin).
    m_clock.advance(3h);
    auto next = door().bundle(m_staff, eventId, bundle->since, false);
    ASSERT_TRUE(next) << why(next);
    EXPECT_FALSE(next->tickets);
    m_clock.advance(3h);
    auto later = door().bundle(m_staff, eventId, next->since, false);
    ASSERT_TRUE(later) << why(later);
    EXPECT_TRUE(later->revoked.empty());
    ASSERT_TRUE(refundTickets(order.id, {order.tickets[0].id}));
    auto after = door().bundle(m_staff, eventId, later->since, false);
    ASSERT_TRUE(after) << why(after);
    EXPECT_EQ(after->revoked, std::vector<Id>{order.tickets[0].id});

    EXPECT_TRUE(failsWith(door().bundle(m_staff, eventId, std::string("yesterday"), false),
                          ErrorCode::InvalidRequest));
    EXPECT_TRUE(
        failsWith(door().bundle(buyer("bia"), eventId, std::nullopt, false), ErrorCode::Forbidden));
    EXPECT_TRUE(
        failsWith(door().bundle(m_staff, eventId + 100, std::nullopt, false), ErrorCode::NotFound));
}

// --- counts and the checker ---------------------------------------------------------------------

TEST_P(DoorStoreTest, AdmittedCountsReachTheReportAndTheLiveFeed) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 10)});
    const Id eventId = event.summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0], seatIds(eventId)[1]}, "ana");
    const User bia = buyer("bia");
    auto ga = holdGeneral(bia, eventId, event.sections[1].id, 3);
    ASSERT_TRUE(ga) << why(ga);
    auto gaOrder = buyByCard(bia, ga->id, "ga");
    ASSERT_TRUE(gaOrder) << why(gaOrder);

    ASSERT_TRUE(checkIn(order.tickets[0].code, "North 1"));
    ASSERT_TRUE(checkIn(gaOrder->order.tickets[0].code, "North 1"));
    ASSERT_TRUE(checkIn(gaOrder->order.tickets[1].code, "North 1"));

    auto report = storage().reports().salesReport(eventId, m_clock.now(), 60);
    ASSERT_TRUE(report) << why(report);
    EXPECT_EQ(report->sections[0].admitted, 1);
    EXPECT_EQ(report->sections[1].admitted, 2);

    auto admitted = storage().changes().sectionAdmitted(eventId, {event.sections[1].id});
    ASSERT_TRUE(admitted) << why(admitted);
    ASSERT_EQ(admitted->size(), 1u);
    EXPECT_EQ((*admitted)[0].sectionId, event.sections[1].id);
    EXPECT_EQ((*admitted)[0].admitted, 2);
}

TEST_P(DoorStoreTest, TheCheckerFindsACheckInAfterAVoidAndOneMissingFromTheLog) {
    const Id eventId = createEvent({seated("Plateia", 10'000, {{"A", 4}})}).summary.id;
    const Order order = buySeats(eventId, {seatIds(eventId)[0], seatIds(eventId)[1]}, "ana");
    ASSERT_TRUE(checkIn(order.tickets[0].code, "North 1"));
    expectIntact();

    const auto at = std::to_string(unixSecondsOf(kNow));
    raw().exec("UPDATE tickets SET voided_at = " + at +
               " - 60, void_reason = 'refunded' WHERE id = " + std::to_string(order.tickets[0].id));
    raw().exec("UPDATE tickets SET checked_in_at = " + at + ", checked_in_gate = 'Side door' " +
               "WHERE id = " + std::to_string(order.tickets[1].id));
    auto report = storage().audit().checkInvariants(m_clock.now());
    ASSERT_TRUE(report) << why(report);
    const auto problems = joined(report->problems);
    EXPECT_NE(problems.find("ticket " + std::to_string(order.tickets[0].id) + " was checked in at"),
              std::string::npos)
        << problems;
    EXPECT_NE(problems.find("ticket " + std::to_string(order.tickets[1].id) +
                            " is checked in at gate Side door with no such scan"),
              std::string::npos)
        << problems;
    m_expectIntactAtEnd = false;
}

INSTANTIATE_TEST_SUITE_P(Backends, DoorStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
