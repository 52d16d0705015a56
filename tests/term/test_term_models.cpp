// The terminal client's net and models against the real server on both stores: trust on first
// use by fingerprint, sign-in with the session kept, the checkout's idempotency rule and cash
// change, best available and live updates on the seat map, the waiting room's proof of work,
// the door online and offline (verification, repeats, the scans kept on disk and synced),
// refunds found by ticket or order with their Idempotency-Key, exchanges with their price
// difference, and an event's cancellation.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "client-term/models/aftersale.h"
#include "client-term/models/checkout.h"
#include "client-term/models/door.h"
#include "client-term/models/livefeed.h"
#include "client-term/models/seatmap.h"
#include "client-term/models/signin.h"
#include "client-term/models/waitingroom.h"
#include "tests/support/builders.h"
#include "tests/support/lostanswerproxy.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using term::ApiClient;
using term::ApiError;
using term::SignIn;

class TermModelsTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        addUser(m_database->url(), "organizer@example.com", "Olga", "organizer", kTestPassword);
        addUser(m_database->url(), "clerk@example.com", "Caio", "clerk", kTestPassword);
        addUser(m_database->url(), "ana@example.com", "Ana Müller", "buyer", kTestPassword);
        addUser(m_database->url(), "bia@example.com", "Bia", "buyer", kTestPassword);
        m_server = std::make_unique<ServerProcess>(m_database->url(),
                                                   std::vector<std::string>{"--no-rate-limits"});
        m_config = std::filesystem::temp_directory_path() /
                   ("bilheteria-term-test-" + std::to_string(::getpid()) + "-" +
                    std::to_string(++s_counter));
        m_address = {"127.0.0.1", m_server->port()};
    }
    void TearDown() override {
        std::filesystem::remove_all(m_config);
        EXPECT_EQ(m_server->stop(), 0);
    }

    // A client that trusts the server's certificate through its CA file.
    std::unique_ptr<ApiClient> client(const std::string& email = {}) {
        auto api =
            std::make_unique<ApiClient>(m_address, term::TlsTrust{m_server->caCertPath(), {}});
        // An unknown outcome is asked about for 30 s in the app; 3 s here.
        api->setOutcomeRetryPolicy({std::chrono::milliseconds{3'000},
                                    std::chrono::milliseconds{200},
                                    std::chrono::milliseconds{1'000}});
        if (!email.empty()) {
            LoginRequest request{email, kTestPassword, std::nullopt};
            EXPECT_TRUE(api->login(request)) << email;
        }
        return api;
    }

    // The server's key, beside its certificate: DATADIR/tls/server.{crt,key}.
    std::string serverKeyPath() const {
        std::string key = m_server->caCertPath();
        key.replace(key.size() - 4, 4, ".key");
        return key;
    }

    Id createEvent(json body = demoEventBody()) {
        HttpsClient http(*m_server);
        const auto token = http.login("organizer@example.com", kTestPassword);
        const auto reply = http.post("/api/v1/events", body, token);
        EXPECT_EQ(reply.status, 201) << reply.raw;
        return reply.body["event"]["id"].get<Id>();
    }

    // A clerk's cash sale of `seats`: the order, with its tickets' codes and signed tokens.
    Order sell(ApiClient& api, Id eventId, std::vector<Id> seats) {
        term::Checkout checkout(api);
        auto hold = checkout.createHold(eventId, HoldRequest{std::move(seats), std::nullopt, 0});
        EXPECT_TRUE(hold) << hold.error().error.message;
        auto order = checkout.pay(CashPayment{1000000});
        EXPECT_TRUE(order) << order.error().error.message;
        return order ? *order : Order{};
    }

    Event eventOf(ApiClient& api, Id eventId) {
        auto event = api.event(eventId);
        EXPECT_TRUE(event);
        return event ? *event : Event{};
    }

    static inline int s_counter = 0;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::filesystem::path m_config;
    term::ServerAddress m_address;
};

using Verdict = term::DoorAnswer::Verdict;

// The token with a character inside its signature changed: still well formed (the last one
// carries padding bits, which would make it malformed instead), no longer signed.
std::string tampered(std::string token) {
    char& c = token[token.size() - 10];
    c = c == 'A' ? 'B' : 'A';
    return token;
}

TEST_P(TermModelsTest, TheDoorAdmitsOnceAndRefusesTheRepeatSayingWhenAndWhere) {
    const Id eventId = createEvent();
    auto clerk = client("clerk@example.com");
    const Order order = sell(*clerk, eventId, {1, 2});
    ASSERT_EQ(order.tickets.size(), 2u);
    ASSERT_TRUE(order.tickets[0].qr);
    EXPECT_EQ(order.tickets[0].qr->rfind("BLH1.", 0), 0u);
    const Order refunded = sell(*clerk, eventId, {3});

    term::Door door(*clerk, eventOf(*clerk, eventId), "North", m_config / "data");
    ASSERT_TRUE(door.refreshBundle());
    EXPECT_EQ(door.sold(), 3);
    EXPECT_EQ(door.admitted(), 0);

    // The signed token as a scanner types it, spaces and all.
    const auto first = door.scan(" " + *order.tickets[0].qr + "\n");
    EXPECT_EQ(first.verdict, Verdict::Admitted) << first.reason;
    EXPECT_FALSE(first.offline);
    EXPECT_EQ(first.ticketId, order.tickets[0].id);
    EXPECT_EQ(first.section, "Plateia");
    EXPECT_EQ(first.row, "A");
    EXPECT_EQ(first.number, order.tickets[0].number);

    // Again, at another gate: refused with the first entry's time and gate.
    door.setGate("South");
    const auto again = door.scan(*order.tickets[0].qr);
    EXPECT_EQ(again.verdict, Verdict::AlreadyIn);
    EXPECT_EQ(again.gate, "North");
    ASSERT_TRUE(again.at);
    EXPECT_EQ(*again.at, *first.at);
    EXPECT_EQ(again.section, "Plateia");

    // The other ticket by its typed code; then unknown, forged and refunded ones.
    EXPECT_EQ(door.scan(order.tickets[1].code).verdict, Verdict::Admitted);
    EXPECT_EQ(door.scan("AAAAAAAAAAAAAAAAAAAAAA").verdict, Verdict::Unknown);
    const auto forged = door.scan(tampered(*order.tickets[1].qr));
    EXPECT_EQ(forged.verdict, Verdict::Forged);
    EXPECT_EQ(forged.reason, "bad_signature");
    term::AfterSale afterSale(*clerk);
    ASSERT_TRUE(afterSale.find(std::to_string(refunded.id)));
    afterSale.chooseAllRefundable();
    ASSERT_TRUE(afterSale.refund());
    const auto voided = door.scan(*refunded.tickets[0].qr);
    EXPECT_EQ(voided.verdict, Verdict::Void);
    EXPECT_EQ(voided.reason, "refunded");
    EXPECT_EQ(voided.section, "Plateia");
    EXPECT_TRUE(door.log().scans().empty()); // online: nothing to sync
}

TEST_P(TermModelsTest, OfflineScansAreVerifiedHereKeptOnDiskAndSyncedForTheServersVerdict) {
    const Id eventId = createEvent();
    auto clerk = client("clerk@example.com");
    const Order order = sell(*clerk, eventId, {1, 2, 3});
    const Order refunded = sell(*clerk, eventId, {4});
    ASSERT_EQ(order.tickets.size(), 3u);
    term::AfterSale afterSale(*clerk);
    ASSERT_TRUE(afterSale.find(std::to_string(refunded.id)));
    afterSale.chooseAllRefundable();
    ASSERT_TRUE(afterSale.refund());

    const Event event = eventOf(*clerk, eventId);
    const auto data = m_config / "data";
    {
        // This scanner's clock runs two minutes ahead: its scans come after the other gate's
        // entry below, whatever second each lands in.
        term::Door door(*clerk, event, "East", data,
                        [] { return std::chrono::system_clock::now() + 2min; });
        ASSERT_TRUE(door.refreshBundle());
        EXPECT_EQ(door.sold(), 3);
        door.goOffline(true);
        EXPECT_TRUE(door.forcedOffline());
        EXPECT_FALSE(door.reconnect()); // chosen by the person: stays offline

        // Another gate lets ticket 2 in online, which this scanner cannot know.
        auto other = client("clerk@example.com");
        CheckinRequest elsewhere;
        elsewhere.code = order.tickets[1].code;
        elsewhere.gate = "West";
        ASSERT_TRUE(other->checkin(elsewhere));

        const auto first = door.scan(*order.tickets[0].qr);
        EXPECT_EQ(first.verdict, Verdict::Admitted);
        EXPECT_TRUE(first.offline);
        EXPECT_EQ(first.section, "Plateia");
        const auto repeat = door.scan(order.tickets[0].code);
        EXPECT_EQ(repeat.verdict, Verdict::AlreadyIn);
        EXPECT_EQ(repeat.gate, "East");
        EXPECT_EQ(door.scan(*refunded.tickets[0].qr).verdict, Verdict::Void);
        EXPECT_EQ(door.scan(tampered(*order.tickets[2].qr)).verdict, Verdict::Forged);
        EXPECT_EQ(door.scan("not-a-ticket").verdict, Verdict::Unknown);
        EXPECT_EQ(door.scan(order.tickets[1].code).verdict, Verdict::Admitted);
        EXPECT_EQ(door.pendingCount(), 2u);
    }
    // A restart: the scans are still there, and still refuse a repeat.
    term::Door door(*clerk, event, "East", data);
    EXPECT_EQ(door.pendingCount(), 2u);
    ASSERT_TRUE(door.hasBundle()); // the saved one, before any download
    door.goOffline(true);
    EXPECT_EQ(door.scan(*order.tickets[0].qr).verdict, Verdict::AlreadyIn);

    door.goOnline();
    auto synced = door.sync();
    ASSERT_TRUE(synced) << synced.error().error.message;
    ASSERT_EQ(synced->scans.size(), 2u);
    EXPECT_EQ(synced->admitted, 1u);
    EXPECT_EQ(synced->refused, 1u);
    EXPECT_EQ(synced->scans[0].verdict->result, "admitted");
    const ScanResult& duplicate = *synced->scans[1].verdict;
    EXPECT_EQ(duplicate.result, "duplicate");
    EXPECT_EQ(duplicate.gate, "West");
    EXPECT_EQ(door.pendingCount(), 0u);
    EXPECT_EQ(door.admitted(), 2); // the server's count, read again after the sync
    // The server took the offline scan: the ticket is in.
    const auto online = door.scan(*order.tickets[0].qr);
    EXPECT_EQ(online.verdict, Verdict::AlreadyIn);
    EXPECT_EQ(online.gate, "East");
    // Synced twice changes nothing.
    auto again = door.sync();
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->scans.empty());
}

TEST_P(TermModelsTest, AScanWithoutAnAnswerGoesOfflineByItselfAndCountsFromTheStream) {
    const Id eventId = createEvent();
    auto clerk = client("clerk@example.com");
    const Order order = sell(*clerk, eventId, {1, 2});
    auto bundle = clerk->checkinBundle(eventId, true);
    ASSERT_TRUE(bundle) << bundle.error().error.message;
    EXPECT_EQ(bundle->tickets->size(), 2u);

    // A port nobody listens on: the server is gone.
    ServerProcess gone(m_database->url());
    const int deadPort = gone.port();
    EXPECT_EQ(gone.stop(), 0);
    ApiClient unreachable({"127.0.0.1", deadPort}, term::TlsTrust{m_server->caCertPath(), {}});
    term::Door door(unreachable, eventOf(*clerk, eventId), "Gate 1", m_config / "data");
    // Nothing to verify with yet: no answer, and no bundle.
    const auto undecided = door.scan(*order.tickets[0].qr);
    EXPECT_EQ(undecided.verdict, Verdict::Failed);
    EXPECT_EQ(undecided.reason, "no_bundle");
    EXPECT_TRUE(door.offline());
    EXPECT_FALSE(door.forcedOffline());
    EXPECT_EQ(door.pendingCount(), 0u);
    door.setBundle(*bundle);
    const auto answer = door.scan(*order.tickets[0].qr);
    EXPECT_EQ(answer.verdict, Verdict::Admitted);
    EXPECT_TRUE(answer.offline);
    EXPECT_EQ(door.pendingCount(), 1u);
    EXPECT_FALSE(door.reconnect());
    EXPECT_EQ(door.admitted(), 1); // the scan kept here counts until it is synced

    // The stream's checkin change sets a section's count.
    EXPECT_TRUE(door.apply({"checkin", R"({"section_id": 1, "admitted": 5})", "7"}));
    EXPECT_FALSE(door.apply({"availability", R"({"section_id": 1, "available": 3})", "8"}));
    EXPECT_EQ(door.admitted(), 6);
}

TEST_P(TermModelsTest, ARefundIsFoundByTicketOrOrderAndOneKeyNeverPaysTwice) {
    const Id eventId = createEvent();
    auto clerk = client("clerk@example.com");
    const Order order = sell(*clerk, eventId, {1, 2});
    term::AfterSale afterSale(*clerk);

    auto byId = afterSale.find(" " + std::to_string(order.id) + " ");
    ASSERT_TRUE(byId) << byId.error().error.message;
    EXPECT_EQ(byId->id, order.id);
    auto byCode = afterSale.find(order.tickets[1].code);
    ASSERT_TRUE(byCode) << byCode.error().error.message;
    EXPECT_EQ(byCode->id, order.id);
    auto byToken = afterSale.find(*order.tickets[1].qr);
    ASSERT_TRUE(byToken) << byToken.error().error.message;
    EXPECT_EQ(byToken->id, order.id);
    auto none = afterSale.find("AAAAAAAAAAAAAAAAAAAAAA");
    ASSERT_FALSE(none);
    EXPECT_TRUE(none.error().is(ErrorCode::NotFound));

    ASSERT_TRUE(afterSale.find(std::to_string(order.id)));
    EXPECT_EQ(afterSale.priceOf(order.tickets[0]), 25000);
    afterSale.toggle(order.tickets[0].id);
    EXPECT_TRUE(afterSale.chosen(order.tickets[0].id));
    EXPECT_EQ(afterSale.chosenAmount(), 25000);
    auto done = afterSale.refund(std::string("changed plans"));
    ASSERT_TRUE(done) << done.error().error.message;
    EXPECT_EQ(done->refund.amountCents, 25000);
    EXPECT_EQ(done->refund.method, "cash");
    EXPECT_EQ(done->order.status, "partially_refunded");
    EXPECT_EQ(done->order.tickets[0].status, "refunded");
    EXPECT_FALSE(term::AfterSale::refundable(done->order.tickets[0]));
    EXPECT_FALSE(afterSale.canRetry());
    // The refunded ticket can no longer be chosen; the other can.
    afterSale.chooseAllRefundable();
    EXPECT_EQ(afterSale.chosenIds(), std::vector<Id>{order.tickets[1].id});

    // The same key and body again answer the same refund; nothing is paid twice.
    RefundRequest rest{{order.tickets[1].id}, std::nullopt};
    const std::string key = term::newIdempotencyKey();
    auto once = clerk->refund(order.id, rest, key);
    ASSERT_TRUE(once) << once.error().error.message;
    auto twice = clerk->refund(order.id, rest, key);
    ASSERT_TRUE(twice) << twice.error().error.message;
    EXPECT_EQ(twice->refund.id, once->refund.id);
    EXPECT_EQ(twice->order.status, "refunded");

    // A checked-in ticket cannot be chosen for a refund.
    const Order used = sell(*clerk, eventId, {5});
    CheckinRequest gate;
    gate.code = used.tickets[0].code;
    gate.gate = "A";
    ASSERT_TRUE(clerk->checkin(gate));
    ASSERT_TRUE(afterSale.find(std::to_string(used.id)));
    afterSale.chooseAllRefundable();
    EXPECT_TRUE(afterSale.chosenIds().empty()); // checked in: not refundable
}

TEST_P(TermModelsTest, AnExchangeMovesATicketAndTakesOrGivesBackTheDifferenceOnce) {
    const Id eventId = createEvent();
    auto clerk = client("clerk@example.com");
    const Order order = sell(*clerk, eventId, {1, 2});
    const Event event = eventOf(*clerk, eventId);
    const Id pista = event.sections.at(1).id;
    term::AfterSale afterSale(*clerk);
    ASSERT_TRUE(afterSale.find(order.tickets[0].code));

    // Same price: seat 1 for seat 3, nothing to pay.
    ASSERT_TRUE(afterSale.startExchange(order.tickets[0].id, {Id{3}, 0, 25000, "Plateia A3"}));
    EXPECT_EQ(afterSale.exchangeDifference(), 0);
    auto same = afterSale.exchange();
    ASSERT_TRUE(same) << same.error().error.message;
    EXPECT_FALSE(afterSale.exchanging());
    EXPECT_EQ(same->exchange.differenceCents, 0);
    EXPECT_FALSE(same->exchange.payment);
    EXPECT_FALSE(same->exchange.refund);
    const auto ticketOf = [](const Order& o, Id id) {
        for (const Ticket& t : o.tickets)
            if (t.id == id) return t;
        return Ticket{};
    };
    EXPECT_EQ(ticketOf(same->order, order.tickets[0].id).status, "exchanged");
    const Ticket moved = ticketOf(same->order, same->exchange.newTicketId);
    EXPECT_EQ(moved.seatId, Id{3});
    EXPECT_EQ(moved.status, "valid");
    EXPECT_EQ(same->order.totalCents, 50000);
    // The old ticket is void: it can no longer be exchanged.
    EXPECT_FALSE(afterSale.startExchange(order.tickets[0].id, {Id{5}, 0, 25000, "A5"}));

    // Cheaper: seat 2 for a place in the Pista; the difference comes back as a cash refund.
    ASSERT_TRUE(
        afterSale.startExchange(order.tickets[1].id, {std::nullopt, pista, 15000, "Pista"}));
    EXPECT_EQ(afterSale.exchangeDifference(), -10000);
    auto cheaper = afterSale.exchange();
    ASSERT_TRUE(cheaper) << cheaper.error().error.message;
    EXPECT_EQ(cheaper->exchange.differenceCents, -10000);
    ASSERT_TRUE(cheaper->exchange.refund);
    EXPECT_EQ(cheaper->exchange.refund->amountCents, 10000);
    EXPECT_EQ(cheaper->exchange.refund->method, "cash");
    EXPECT_EQ(cheaper->exchange.refund->reason, "exchange");
    EXPECT_EQ(cheaper->order.totalCents, 40000);
    const Id pistaTicket = cheaper->exchange.newTicketId;

    // Dearer: the Pista place for seat 4; the customer pays the difference in cash.
    ASSERT_TRUE(afterSale.startExchange(pistaTicket, {Id{4}, 0, 25000, "Plateia A4"}));
    EXPECT_EQ(afterSale.exchangeDifference(), 10000);
    auto unpaid = afterSale.exchange();
    ASSERT_FALSE(unpaid);
    EXPECT_EQ(unpaid.error().error.details.value("field", ""), "payment");
    ASSERT_TRUE(afterSale.startExchange(pistaTicket, {Id{4}, 0, 25000, "Plateia A4"}));
    auto dearer = afterSale.exchange(PaymentRequest{CashPayment{20000}});
    ASSERT_TRUE(dearer) << dearer.error().error.message;
    ASSERT_TRUE(dearer->exchange.payment);
    EXPECT_EQ(dearer->exchange.payment->method, "cash");
    EXPECT_EQ(dearer->exchange.payment->amountCents, 10000);
    EXPECT_EQ(dearer->exchange.payment->changeCents, 10000);
    EXPECT_EQ(dearer->order.totalCents, 50000);

    // One key, one exchange: the same request again answers the same exchange.
    ExchangeRequest again{ticketOf(dearer->order, dearer->exchange.newTicketId).id, Id{6},
                          std::nullopt, std::nullopt};
    const std::string key = term::newIdempotencyKey();
    auto once = clerk->exchange(order.id, again, key);
    ASSERT_TRUE(once) << once.error().error.message;
    auto twice = clerk->exchange(order.id, again, key);
    ASSERT_TRUE(twice) << twice.error().error.message;
    EXPECT_EQ(twice->exchange.id, once->exchange.id);
    EXPECT_EQ(twice->exchange.newTicketId, once->exchange.newTicketId);

    // The clerk's shift: the difference taken is in the drawer, the one handed back out of it.
    auto shift = clerk->shiftSummary(order.createdAt - std::chrono::hours(1));
    ASSERT_TRUE(shift) << shift.error().error.message;
    ASSERT_EQ(shift->totals.size(), 1u);
    const ShiftTotals& totals = shift->totals[0];
    EXPECT_EQ(totals.exchangesPaid, 1);
    EXPECT_EQ(totals.cashExchangePaidCents, 10000);
    EXPECT_EQ(totals.cashRefundedCents, 10000);
    EXPECT_EQ(totals.drawerCashCents(), totals.payments.cashCents);
}

TEST_P(TermModelsTest, AnOrganizerCancelsTheEventAndEveryOrderIsRefunded) {
    const Id eventId = createEvent();
    auto clerk = client("clerk@example.com");
    sell(*clerk, eventId, {1, 2});
    sell(*clerk, eventId, {3});
    auto organizer = client("organizer@example.com");
    // A clerk may not cancel.
    auto refused = clerk->cancelEvent(eventId, CancelRequest{});
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().is(ErrorCode::Forbidden));

    auto done = organizer->cancelEvent(eventId, CancelRequest{std::string("storm")});
    ASSERT_TRUE(done) << done.error().error.message;
    EXPECT_TRUE(done->event.summary.cancelledAt);
    EXPECT_EQ(done->refundedOrders, 2);
    EXPECT_EQ(done->refundedCents, 75000);
    // Again: nothing is left to refund.
    auto again = organizer->cancelEvent(eventId, CancelRequest{});
    ASSERT_TRUE(again) << again.error().error.message;
    EXPECT_EQ(again->refundedOrders, 0);
    auto closed = term::Checkout(*clerk).createHold(eventId, HoldRequest{{4}, std::nullopt, 0});
    ASSERT_FALSE(closed);
    EXPECT_TRUE(closed.error().is(ErrorCode::SaleClosed));
}

TEST_P(TermModelsTest, AnUnknownCertificateIsRefusedUntilItsFingerprintIsPinned) {
    SignIn signIn(m_address, "", m_config);
    EXPECT_FALSE(signIn.hasPin());
    ApiClient untrusted(m_address, signIn.trust());
    auto refused = untrusted.events();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ApiError::Kind::Tls);

    auto certificate = signIn.fetchCertificate();
    ASSERT_TRUE(certificate) << certificate.error().message;
    EXPECT_EQ(certificate->fingerprint, m_server->printedFingerprint());
    ASSERT_TRUE(signIn.pin(*certificate));

    SignIn again(m_address, "", m_config); // a later run reads the pin back
    EXPECT_TRUE(again.hasPin());
    ApiClient pinned(m_address, again.trust());
    EXPECT_TRUE(pinned.events());
}

TEST_P(TermModelsTest, APinForAnotherCertificateIsRefused) {
    // Another server's certificate pinned for this address: this server's is refused.
    ServerProcess other(m_database->url());
    SignIn forOther({"127.0.0.1", other.port()}, "", m_config);
    auto otherCertificate = forOther.fetchCertificate();
    ASSERT_TRUE(otherCertificate);
    term::PinStore pins(m_config / "pins");
    ASSERT_TRUE(pins.pin(m_address, otherCertificate->pem));
    ApiClient api(m_address, SignIn(m_address, "", m_config).trust());
    auto refused = api.events();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ApiError::Kind::Tls);
    EXPECT_EQ(other.stop(), 0);
}

TEST_P(TermModelsTest, SignInKeepsTheSessionForItsOwnerOnly) {
    SignIn signIn(m_address, m_server->caCertPath(), m_config);
    ApiClient api(m_address, signIn.trust());
    auto wrong = signIn.login(api, "ana@example.com", "not-the-password", std::nullopt);
    ASSERT_FALSE(wrong);
    EXPECT_TRUE(wrong.error().is(ErrorCode::InvalidCredentials));
    EXPECT_FALSE(signIn.savedToken());

    auto session = signIn.login(api, "ana@example.com", kTestPassword, std::nullopt);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->user.name, "Ana Müller");
    const auto token = signIn.savedToken();
    ASSERT_TRUE(token);
    EXPECT_EQ(*token, session->token);
    struct stat info {};
    ASSERT_EQ(::stat((m_config / "sessions" /
                      ("127.0.0.1_" + std::to_string(m_server->port()) + ".token"))
                         .c_str(),
                     &info),
              0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);

    ApiClient later(m_address, signIn.trust());
    later.setToken(*token);
    auto me = later.me();
    ASSERT_TRUE(me);
    EXPECT_EQ(me->email, "ana@example.com");
    ASSERT_TRUE(later.logout());
    signIn.forgetToken();
    EXPECT_FALSE(signIn.savedToken());
    ApiClient afterLogout(m_address, signIn.trust());
    afterLogout.setToken(*token);
    auto gone = afterLogout.me();
    ASSERT_FALSE(gone);
    EXPECT_TRUE(gone.error().is(ErrorCode::Unauthenticated));
}

TEST_P(TermModelsTest, AClerksCashSaleShowsTheChangeAndTheTickets) {
    const Id eventId = createEvent();
    auto api = client("clerk@example.com");
    term::Checkout checkout(*api);
    auto hold = checkout.createHold(eventId, HoldRequest{{1, 2}, std::nullopt, 0});
    ASSERT_TRUE(hold) << hold.error().error.message;
    EXPECT_EQ(hold->totalCents, 50000);
    EXPECT_GT(checkout.secondsLeft(), 590);
    EXPECT_LE(checkout.secondsLeft(), 600);

    auto order = checkout.pay(CashPayment{60000});
    ASSERT_TRUE(order) << order.error().error.message;
    EXPECT_EQ(checkout.state(), term::Checkout::State::Completed);
    EXPECT_EQ(order->payment.changeCents, 10000);
    EXPECT_EQ(checkout.tendered(), 60000);
    ASSERT_EQ(order->tickets.size(), 2u);
    EXPECT_EQ(order->tickets[0].row, "A");
    EXPECT_FALSE(checkout.holdsPaymentDetails());
}

TEST_P(TermModelsTest, ADeclinedCardKeepsTheHoldAndTheNextCardGetsANewKey) {
    const Id eventId = createEvent();
    auto api = client("ana@example.com");
    term::Checkout checkout(*api);
    ASSERT_TRUE(checkout.createHold(eventId, HoldRequest{{5}, std::nullopt, 0}));
    CardPayment declined{"4000000000000002", 12, 2035, "123", "Ana"};
    auto first = checkout.pay(declined);
    ASSERT_FALSE(first);
    EXPECT_TRUE(first.error().is(ErrorCode::PaymentDeclined));
    EXPECT_EQ(checkout.state(), term::Checkout::State::Held);
    // An answer came: nothing is kept for a retry, and the card's number is gone.
    EXPECT_FALSE(checkout.canRetry());
    EXPECT_FALSE(checkout.holdsPaymentDetails());

    auto second = checkout.pay(CardPayment{"4111111111111111", 12, 2035, "123", "Ana"});
    ASSERT_TRUE(second) << second.error().error.message;
    EXPECT_EQ(second->payment.last4, "1111");
    EXPECT_EQ(checkout.state(), term::Checkout::State::Completed);
}

// A card over its limit keeps the hold for another card, briefly: the countdown shows the
// server's new end (30 s by default) instead of the hold's ten minutes.
TEST_P(TermModelsTest, ACardOverItsLimitKeepsTheHoldBrieflyAndTheCountdownSaysSo) {
    json body = demoEventBody();
    body["max_tickets_per_card"] = 1;
    const Id eventId = createEvent(body);
    auto api = client("ana@example.com");
    const CardPayment anas{"4111111111111111", 12, 2035, "123", "Ana"};
    term::Checkout first(*api);
    ASSERT_TRUE(first.createHold(eventId, HoldRequest{{5}, std::nullopt, 0}));
    ASSERT_TRUE(first.pay(anas));

    term::Checkout checkout(*api);
    ASSERT_TRUE(checkout.createHold(eventId, HoldRequest{{6}, std::nullopt, 0}));
    EXPECT_GT(checkout.secondsLeft(), 590);
    auto refused = checkout.pay(anas);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().is(ErrorCode::CardLimitExceeded));
    EXPECT_EQ(checkout.state(), term::Checkout::State::Held);
    EXPECT_LE(checkout.secondsLeft(), 30);
    EXPECT_GT(checkout.secondsLeft(), 0);

    auto other = checkout.pay(CardPayment{"5555555555554444", 12, 2035, "123", "Ana"});
    ASSERT_TRUE(other) << other.error().error.message;
    EXPECT_EQ(checkout.state(), term::Checkout::State::Completed);
}

TEST_P(TermModelsTest, APaymentWithoutAnAnswerIsRetriedWithItsKeyAndChargesOnce) {
    const Id eventId = createEvent();
    auto api = client("clerk@example.com");
    term::Checkout checkout(*api);
    ASSERT_TRUE(checkout.createHold(eventId, HoldRequest{{7}, std::nullopt, 0}));
    // The server goes away before the payment: no answer, so the payment and its key stay.
    EXPECT_EQ(m_server->stop(), 0);
    auto lost = checkout.pay(CashPayment{25000});
    ASSERT_FALSE(lost);
    EXPECT_TRUE(lost.error().outcomeUnknown());
    EXPECT_TRUE(checkout.canRetry());
    const std::string key = checkout.pendingKey();
    EXPECT_EQ(key.size(), 32u);
    // Paying again with the same body is the same payment: it keeps its key.
    auto again = checkout.pay(CashPayment{25000});
    ASSERT_FALSE(again);
    EXPECT_EQ(checkout.pendingKey(), key);
    // Another body is another payment: a new key.
    auto other = checkout.pay(CashPayment{30000});
    ASSERT_FALSE(other);
    EXPECT_NE(checkout.pendingKey(), key);
    m_server = std::make_unique<ServerProcess>(m_database->url(),
                                               std::vector<std::string>{"--no-rate-limits"});
}

// A purchase whose answer a real nginx loses after the sale committed (503 with Retry-After,
// as in a failover; tests/support/lostanswerproxy.h): the client asks again with the same key
// and ends with the order, where a new key would get hold_not_active.
TEST_P(TermModelsTest, APurchaseWhoseAnswerIsLostIsAskedAgainWithItsKeyAndEndsWithTheOrder) {
    const Id eventId = createEvent();
    LostAnswerProxy proxy(m_server->port(), m_server->caCertPath(), serverKeyPath());
    ApiClient api({"127.0.0.1", proxy.port()}, term::TlsTrust{m_server->caCertPath(), {}});
    api.setOutcomeRetryPolicy({20s, 200ms, 1s});
    ASSERT_TRUE(api.login(LoginRequest{"clerk@example.com", kTestPassword, std::nullopt}));
    term::Checkout checkout(api);
    const auto hold = checkout.createHold(eventId, HoldRequest{{3}, std::nullopt, 0});
    ASSERT_TRUE(hold);

    // At the first "Confirming your payment…": wait for the sale to be committed on the
    // server, then let the answers through again (the failover is over).
    HttpsClient http(*m_server);
    const std::string token = http.login("clerk@example.com", kTestPassword);
    int confirming = 0;
    api.setConfirmingHandler([&] {
        if (confirming++ > 0) return;
        for (int i = 0; i < 400; ++i) {
            const auto reply = http.get("/api/v1/holds/" + std::to_string(hold->id), token);
            if (reply.status == 200 && reply.body["hold"]["status"] == "purchased") break;
            std::this_thread::sleep_for(50ms);
        }
        proxy.switchTo(LostAnswerProxy::Mode::PassesThrough);
    });
    auto order = checkout.pay(CashPayment{25000});
    ASSERT_TRUE(order) << order.error().error.message;
    EXPECT_EQ(checkout.state(), term::Checkout::State::Completed);
    EXPECT_GE(confirming, 1);
    const auto sent = proxy.keyedRequests({}, 200);
    ASSERT_GE(sent.size(), 2u);
    EXPECT_EQ(sent.front().status, 503);
    EXPECT_EQ(sent.back().status, 200);
    for (const auto& request : sent)
        EXPECT_EQ(request.key, sent.front().key);
}

// The answers stay lost: the client says the outcome is unknown and keeps the key; F9 "Check
// again" (retry()) asks with it once they come back, and gets the order the first try made.
TEST_P(TermModelsTest, APurchaseStillUnknownIsCheckedAgainWithTheSameKey) {
    const Id eventId = createEvent();
    LostAnswerProxy proxy(m_server->port(), m_server->caCertPath(), serverKeyPath());
    ApiClient api({"127.0.0.1", proxy.port()}, term::TlsTrust{m_server->caCertPath(), {}});
    api.setOutcomeRetryPolicy({3s, 200ms, 1s});
    ASSERT_TRUE(api.login(LoginRequest{"clerk@example.com", kTestPassword, std::nullopt}));
    int confirming = 0;
    api.setConfirmingHandler([&] { ++confirming; });
    term::Checkout checkout(api);
    const auto hold = checkout.createHold(eventId, HoldRequest{{4}, std::nullopt, 0});
    ASSERT_TRUE(hold);
    auto lost = checkout.pay(CashPayment{25000});
    ASSERT_FALSE(lost);
    EXPECT_TRUE(lost.error().outcomeUnknown());
    EXPECT_EQ(lost.error().httpStatus, 503);
    EXPECT_GE(confirming, 1);
    EXPECT_TRUE(checkout.canRetry());
    EXPECT_EQ(checkout.state(), term::Checkout::State::Held);
    const std::string key = checkout.pendingKey();
    const auto tries = proxy.keyedRequests();
    ASSERT_GE(tries.size(), 2u);
    for (const auto& request : tries) {
        EXPECT_EQ(request.key, key);
        EXPECT_EQ(request.status, 503);
    }

    // The sale did go through: a new key is refused, as the clients used to see.
    ApiClient direct(m_address, term::TlsTrust{m_server->caCertPath(), {}});
    ASSERT_TRUE(direct.login(LoginRequest{"clerk@example.com", kTestPassword, std::nullopt}));
    bool sold = false;
    for (int i = 0; i < 400 && !sold; ++i) {
        const auto now = direct.hold(hold->id);
        sold = now && now->status == HoldStatus::Purchased;
        if (!sold) std::this_thread::sleep_for(50ms);
    }
    ASSERT_TRUE(sold);
    const auto fresh = direct.purchase(hold->id, CashPayment{25000}, term::newIdempotencyKey());
    ASSERT_FALSE(fresh);
    EXPECT_TRUE(fresh.error().is(ErrorCode::HoldNotActive));

    proxy.switchTo(LostAnswerProxy::Mode::PassesThrough);
    auto order = checkout.retry();
    ASSERT_TRUE(order) << order.error().error.message;
    EXPECT_EQ(checkout.state(), term::Checkout::State::Completed);
    const auto sent = proxy.keyedRequests({}, 200);
    EXPECT_EQ(sent.back().status, 200);
    for (const auto& request : sent)
        EXPECT_EQ(request.key, key);
}

TEST_P(TermModelsTest, BestAvailableTakesAdjacentSeatsNearTheCentreOfTheFrontRow) {
    const Id eventId = createEvent();
    auto api = client("ana@example.com");
    auto event = api->event(eventId);
    auto seats = api->seats(eventId);
    ASSERT_TRUE(event && seats);
    term::SeatMap map;
    map.load(*event, std::move(*seats));
    ASSERT_EQ(map.rows().size(), 2u);
    EXPECT_EQ(map.widestRow(), 22);
    ASSERT_TRUE(map.selectBestAvailable(std::nullopt, 4));
    const auto chosen = map.selectedSeatIds();
    ASSERT_EQ(chosen.size(), 4u);
    // Row A has 20 seats: the block of 4 nearest its centre is seats 9..12.
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const auto& seat = map.seats()[static_cast<std::size_t>(map.cursor()) + i];
        EXPECT_EQ(seat.row, "A");
        EXPECT_EQ(seat.number, 9 + static_cast<int>(i));
        EXPECT_EQ(seat.id, chosen[i]);
    }
    EXPECT_EQ(map.selectedTotal(), 4 * 25000);
    EXPECT_EQ(term::glyphOf(map.look(map.cursor())), '*');
    // Too many for any row: nothing changes.
    EXPECT_FALSE(map.selectBestAvailable(std::nullopt, 23));
}

TEST_P(TermModelsTest, TheSeatMapFollowsTheLiveStream) {
    const Id eventId = createEvent();
    auto ana = client("ana@example.com");
    auto bia = client("bia@example.com");
    auto event = ana->event(eventId);
    auto seats = ana->seats(eventId);
    ASSERT_TRUE(event && seats);
    term::SeatMap map;
    map.load(*event, std::move(*seats));
    ASSERT_TRUE(map.toggleAtCursor()); // seat A1, selected but not held yet
    const Id chosen = map.selectedSeatIds().front();

    term::LiveFeed feed(*ana, eventId);
    // Bia takes the seat Ana was looking at.
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(bia->createHold(eventId, HoldRequest{{chosen}, std::nullopt, 0}));
    std::vector<Id> taken;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (taken.empty() && std::chrono::steady_clock::now() < deadline) {
        for (const auto& change : feed.take()) {
            std::vector<Id> lost;
            map.applyStreamEvent(change.type, change.data, &lost);
            taken.insert(taken.end(), lost.begin(), lost.end());
        }
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(taken, std::vector<Id>{chosen});
    EXPECT_EQ(map.selectedCount(), 0);
    EXPECT_EQ(term::glyphOf(map.look(map.cursor())), 'x');
    EXPECT_FALSE(map.toggleAtCursor());
    feed.stop();
}

// A logout elsewhere ends the feed's session: it says so and goes on without the token.
TEST_P(TermModelsTest, ALogoutElsewhereEndsTheFeedsSessionAndItGoesOnWithoutIt) {
    const Id eventId = createEvent();
    auto ana = client("ana@example.com");
    term::LiveFeed feed(*ana, eventId);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!feed.connected() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(feed.connected());
    EXPECT_FALSE(feed.sessionEnded());

    auto elsewhere = ana->sibling();
    ASSERT_TRUE(elsewhere->logout());
    deadline = std::chrono::steady_clock::now() + 10s;
    while (!feed.sessionEnded() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    EXPECT_TRUE(feed.sessionEnded());
    bool told = false;
    for (const auto& event : feed.take())
        told = told || event.type == "session_ended";
    EXPECT_TRUE(told);
    deadline = std::chrono::steady_clock::now() + 10s;
    while (!feed.connected() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    EXPECT_TRUE(feed.connected()); // back, as an anonymous stream
    feed.stop();
}

TEST_P(TermModelsTest, TheWaitingRoomSolvesItsProofOfWorkAndKeepsThePlace) {
    json body = demoEventBody("Queued");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 600}, {"pow_bits", 8}};
    const Id eventId = createEvent(body);
    auto api = client("ana@example.com");
    term::WaitingRoom room(*api, eventId);
    auto first = room.join();
    ASSERT_TRUE(first) << first.error().error.message;
    EXPECT_EQ(first->position, 1);
    auto again = room.join();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->position, 1);
    auto refreshed = room.refresh();
    ASSERT_TRUE(refreshed);
    EXPECT_EQ(refreshed->position, 1);
}

TEST(ServerUrl, HttpsWithAHostAndAnOptionalPortOnly) {
    const auto full = term::parseServerUrl("https://box.example:8443/");
    ASSERT_TRUE(full);
    EXPECT_EQ(full->host, "box.example");
    EXPECT_EQ(full->port, 8443);
    const auto bare = term::parseServerUrl("https://box.example");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->port, 443);
    const auto v6 = term::parseServerUrl("https://[::1]:9443");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 9443);
    for (const char* bad : {"http://box.example", "box.example:443", "https://", "https://h:0",
                            "https://h:70000", "https://h:80x", "https://h/api"})
        EXPECT_FALSE(term::parseServerUrl(bad)) << bad;
}

INSTANTIATE_TEST_SUITE_P(Stores, TermModelsTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
