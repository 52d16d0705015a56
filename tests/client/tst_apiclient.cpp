// ApiClient against the real server binary: TLS trust (CA file, pinning, refusal), sign-in,
// events and seats, the compact seat map (layout kept and revalidated, packed states gzipped),
// a hold and a cash sale, the contract's errors as values, the event stream.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include "client-qt/net/eventstream.h"
#include "client-qt/net/proofofworksolver.h"
#include "server/core/proofofwork.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;

class TestApiClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_server = std::make_unique<LiveServer>(); }
    void cleanupTestCase() { m_server.reset(); }

    void refusesAnUntrustedCertificateAndSaysWhich() {
        ApiClient api;
        api.setBaseUrl(QUrl(m_server->url()));
        const auto result = await<void>([&](QObject* c, auto done) { api.health(c, done); });
        QVERIFY(!result);
        QCOMPARE(result.error().kind, ApiError::Kind::Tls);
        QVERIFY(!result.error().certificate.isNull());
        // The fingerprint the app shows is the one the server printed when it started.
        const QString printed = QString::fromStdString(m_server->process().output());
        QVERIFY2(printed.contains(ServerTrust::fingerprint(result.error().certificate)),
                 qPrintable(printed));
    }

    void trustsAPinnedCertificate() {
        ApiClient api;
        api.setBaseUrl(QUrl(m_server->url()));
        const auto refused = await<void>([&](QObject* c, auto done) { api.health(c, done); });
        QVERIFY(!refused);
        ServerTrust trust;
        trust.pin(refused.error().certificate);
        api.setTrust(trust);
        const auto health = await<void>([&](QObject* c, auto done) { api.health(c, done); });
        QVERIFY2(health.has_value(), qPrintable(health ? QString() : health.error().message()));
    }

    void signsInAndReportsWrongPasswordsAsValues() {
        auto api = m_server->client();
        const auto wrong = await<LoginSession>([&](QObject* c, auto done) {
            api->login({LiveServer::kClerk, "not the password", std::nullopt}, c, done);
        });
        QVERIFY(!wrong);
        QVERIFY(wrong.error().is(ErrorCode::InvalidCredentials));
        QCOMPARE(wrong.error().httpStatus, 401);

        const auto session = await<LoginSession>([&](QObject* c, auto done) {
            api->login({LiveServer::kClerk, bilheteria::testing::kTestPassword, std::nullopt}, c,
                       done);
        });
        QVERIFY(session);
        QCOMPARE(session->user.role, Role::Clerk);
        QVERIFY(!session->token.isEmpty());
        QVERIFY(session->expiresAt > QDateTime::currentDateTimeUtc());
    }

    void readsEventsAndSeats() {
        auto api = m_server->client();
        const auto events =
            await<std::vector<EventSummary>>([&](QObject* c, auto done) { api->events(c, done); });
        QVERIFY(events);
        QVERIFY(!events->empty());
        const auto event = await<Event>(
            [&](QObject* c, auto done) { api->event(m_server->demoEventId(), c, done); });
        QVERIFY(event);
        QCOMPARE(event->sections.size(), std::size_t{2});
        const auto seats = await<std::vector<Seat>>(
            [&](QObject* c, auto done) { api->seats(m_server->demoEventId(), c, done); });
        QVERIFY(seats);
        QCOMPARE(seats->size(), std::size_t{42});
    }

    // The compact seat map: the layout read once, then revalidated (304, no body) and from its
    // version's address; the states gzipped on the wire (Qt asks for gzip and unpacks); both
    // together the seats of the list; the changes since the states' position.
    void readsTheCompactSeatMap() {
        auto api = m_server->client();
        const Id eventId = m_server->demoEventId();
        struct Seen {
            QString path;
            int status;
            QByteArray encoding;
        };
        std::vector<Seen> seen;
        connect(
            api->network(), &QNetworkAccessManager::finished, this, [&seen](QNetworkReply* reply) {
                seen.push_back({reply->url().path(),
                                reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                reply->rawHeader("Content-Encoding")});
            });
        const auto layout = await<SeatLayout>(
            [&](QObject* c, auto done) { api->seatLayout(eventId, std::nullopt, c, done); });
        QVERIFY2(layout, qPrintable(layout ? QString() : layout.error().message()));
        QCOMPARE(layout->seatCount, std::int64_t{42});
        QCOMPARE(seen.size(), std::size_t{1});
        QCOMPARE(seen.back().status, 200);
        QCOMPARE(seen.back().encoding, QByteArray("gzip"));

        const auto again = await<SeatLayout>(
            [&](QObject* c, auto done) { api->seatLayout(eventId, std::nullopt, c, done); });
        QVERIFY(again);
        QCOMPARE(*again, *layout);
        QCOMPARE(seen.size(), std::size_t{2});
        QCOMPARE(seen.back().status, 304);
        // The kept version answers without a request; another one is read by its address.
        const auto kept = await<SeatLayout>(
            [&](QObject* c, auto done) { api->seatLayout(eventId, layout->version, c, done); });
        QVERIFY(kept);
        QCOMPARE(*kept, *layout);
        QCOMPARE(seen.size(), std::size_t{2});
        auto fresh = m_server->client();
        const auto byVersion = await<SeatLayout>(
            [&](QObject* c, auto done) { fresh->seatLayout(eventId, layout->version, c, done); });
        QVERIFY(byVersion);
        QCOMPARE(*byVersion, *layout);
        const auto gone = await<SeatLayout>([&](QObject* c, auto done) {
            fresh->seatLayout(eventId, std::string(32, '0'), c, done);
        });
        QVERIFY(!gone);
        QVERIFY(gone.error().is(ErrorCode::NotFound));

        const auto states = await<PackedSeatStates>(
            [&](QObject* c, auto done) { api->seatStates(eventId, c, done); });
        QVERIFY2(states, qPrintable(states ? QString() : states.error().message()));
        QCOMPARE(seen.back().encoding, QByteArray("gzip"));
        QCOMPARE(states->layoutVersion, layout->version);
        const auto decoded = seatsOf(*layout, *states);
        QVERIFY(decoded);
        const auto list =
            await<std::vector<Seat>>([&](QObject* c, auto done) { api->seats(eventId, c, done); });
        QVERIFY(list);
        QCOMPARE(decoded->size(), list->size());
        for (std::size_t i = 0; i < list->size(); ++i) {
            QCOMPARE((*decoded)[i].id, (*list)[i].id);
            QCOMPARE((*decoded)[i].row, (*list)[i].row);
            QCOMPARE((*decoded)[i].number, (*list)[i].number);
        }

        const auto changes = await<SeatStateChanges>([&](QObject* c, auto done) {
            api->seatStateChanges(eventId, states->position, c, done);
        });
        QVERIFY2(changes, qPrintable(changes ? QString() : changes.error().message()));
        QCOMPARE(changes->since, states->position);
        QVERIFY(changes->position >= states->position);
        QVERIFY(!changes->reset);
        const auto unknown = await<PackedSeatStates>(
            [&](QObject* c, auto done) { api->seatStates(999'999, c, done); });
        QVERIFY(!unknown);
        QVERIFY(unknown.error().is(ErrorCode::NotFound));
    }

    void holdsAndSellsForCashWithOneIdempotencyKey() {
        auto api = m_server->client(LiveServer::kClerk);
        const auto seats = await<std::vector<Seat>>(
            [&](QObject* c, auto done) { api->seats(m_server->demoEventId(), c, done); });
        QVERIFY(seats);
        const Id seatId = seats->back().id;
        const auto hold = await<Hold>([&](QObject* c, auto done) {
            api->createHold(m_server->demoEventId(), HoldRequest{{seatId}, std::nullopt, 0}, c,
                            done);
        });
        QVERIFY2(hold, qPrintable(hold ? QString() : hold.error().message()));
        // Hold answers carry server_time: the offset is known now (same machine: near zero).
        QVERIFY(std::abs(api->serverClockOffsetMs()) < 2000);

        const auto taken = await<Hold>([&](QObject* c, auto done) {
            api->createHold(m_server->demoEventId(), HoldRequest{{seatId}, std::nullopt, 0}, c,
                            done);
        });
        QVERIFY(!taken);
        QVERIFY(taken.error().is(ErrorCode::SeatsUnavailable));

        const PaymentRequest cash = CashPayment{hold->totalCents + 1000};
        const auto order = await<Order>([&](QObject* c, auto done) {
            api->purchase(hold->id, cash, QStringLiteral("key-1"), c, done);
        });
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message()));
        QCOMPARE(order->payment.changeCents.value_or(-1), Cents{1000});
        QCOMPARE(order->tickets.size(), std::size_t{1});
        // A retry with the same key (after a lost answer, say) returns the same order.
        const auto again = await<Order>([&](QObject* c, auto done) {
            api->purchase(hold->id, cash, QStringLiteral("key-1"), c, done);
        });
        QVERIFY(again);
        QCOMPARE(again->id, order->id);
    }

    void streamsSeatChangesLive() {
        auto watcher = m_server->client();
        EventStream stream(watcher.get());
        QSignalSpy connected(&stream, &EventStream::connectedChanged);
        QSignalSpy seats(&stream, &EventStream::seatsChanged);
        QSignalSpy availability(&stream, &EventStream::availabilityChanged);
        stream.open(m_server->demoEventId());
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(availability.count() >= 2, 10'000); // the opening figures

        auto buyer = m_server->client(LiveServer::kBuyer);
        const auto all = await<std::vector<Seat>>(
            [&](QObject* c, auto done) { buyer->seats(m_server->demoEventId(), c, done); });
        QVERIFY(all);
        const Id seatId = all->front().id;
        const auto hold = await<Hold>([&](QObject* c, auto done) {
            buyer->createHold(m_server->demoEventId(), HoldRequest{{seatId}, std::nullopt, 0}, c,
                              done);
        });
        QVERIFY(hold);
        // Changes made just before the stream opened may come first (harmless: they carry
        // states); the hold must come within the batch interval.
        const auto sawHold = [&] {
            for (const auto& args : seats)
                if (args.at(0).value<QList<qint64>>().contains(seatId) &&
                    args.at(1).value<SeatState>() == SeatState::Held)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawHold(), 10'000);
        QVERIFY(!stream.lastEventId().isEmpty());
    }

    // Signing out on another device ends this device's stream of that session at once: the
    // ApiClient drops the dead token and says so, and the stream goes on without it.
    void aLogoutElsewhereEndsTheSessionAndItsStream() {
        auto buyer = m_server->client(LiveServer::kBuyer);
        const QString token = buyer->token();
        QVERIFY(!token.isEmpty());
        EventStream stream(buyer.get());
        stream.setReconnectDelayMs(100);
        QSignalSpy connected(&stream, &EventStream::connectedChanged);
        QSignalSpy expired(buyer.get(), &ApiClient::sessionExpired);
        stream.open(m_server->demoEventId());
        QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 10'000);

        auto elsewhere = m_server->client();
        elsewhere->setToken(token);
        const auto out = await<void>([&](QObject* c, auto done) { elsewhere->logout(c, done); });
        QVERIFY2(out.has_value(), qPrintable(out ? QString() : out.error().message()));
        QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 10'000);
        QVERIFY(buyer->token().isEmpty());
        // Dropped, then back as an anonymous stream: never a loop of 401s.
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() >= 3 && stream.isConnected(), 10'000);
        QTest::qWait(500);
        QCOMPARE(expired.count(), 1);
    }

    void readsSalesForTheOrganizerOnly() {
        auto organizer = m_server->client(LiveServer::kOrganizer);
        const auto report = await<SalesReport>([&](QObject* c, auto done) {
            organizer->salesReport(m_server->demoEventId(), 3'600, c, done);
        });
        QVERIFY2(report, qPrintable(report ? QString() : report.error().message()));
        QCOMPARE(report->eventId, m_server->demoEventId());
        QCOMPARE(report->bucketSeconds, 3'600);
        QCOMPARE(report->capacity, 542);
        QCOMPARE(report->sections.size(), std::size_t{2});

        auto buyer = m_server->client(LiveServer::kBuyer);
        const auto forbidden = await<SalesReport>([&](QObject* c, auto done) {
            buyer->salesReport(m_server->demoEventId(), 60, c, done);
        });
        QVERIFY(!forbidden);
        QVERIFY(forbidden.error().is(ErrorCode::Forbidden));
        const auto badBucket = await<SalesReport>([&](QObject* c, auto done) {
            organizer->salesReport(m_server->demoEventId(), 59, c, done);
        });
        QVERIFY(!badBucket);
        QVERIFY(badBucket.error().is(ErrorCode::InvalidRequest));
        QCOMPARE(badBucket.error().error.details.value("field", std::string()),
                 std::string("bucket_seconds"));
    }

    void readsTheShiftWithTimesInAnyOffset() {
        auto clerk = m_server->client(LiveServer::kClerk);
        // +05:30: sent as UTC and encoded, so no '+' turns into a space on the way.
        const QDateTime since = QDateTime::fromSecsSinceEpoch(
            QDateTime::currentSecsSinceEpoch() - 3'600, QTimeZone(5 * 3'600 + 1'800));
        const auto shift = await<ShiftSummary>(
            [&](QObject* c, auto done) { clerk->shiftSummary(since, std::nullopt, c, done); });
        QVERIFY2(shift, qPrintable(shift ? QString() : shift.error().message()));
        QCOMPARE(shift->since.time_since_epoch().count(), since.toSecsSinceEpoch());
        QVERIFY(shift->until.time_since_epoch().count() > since.toSecsSinceEpoch());

        const auto backwards = await<ShiftSummary>(
            [&](QObject* c, auto done) { clerk->shiftSummary(since, since.addSecs(-1), c, done); });
        QVERIFY(!backwards);
        QVERIFY(backwards.error().is(ErrorCode::InvalidRequest));
        QCOMPARE(backwards.error().error.details.value("field", std::string()),
                 std::string("until"));
    }

    // The client's solver and the server's check agree.
    void solvesProofOfWorkAsTheServerChecksIt() {
        for (int bits : {1, 8, 12}) {
            const QString solution = ProofOfWorkSolver::solveNow(QStringLiteral("abc"), bits);
            QVERIFY(ProofOfWorkSolver::solves(QStringLiteral("abc"), solution, bits));
            QVERIFY(ProofOfWork::solves("abc", solution.toStdString(), bits));
        }
        QVERIFY(!ProofOfWorkSolver::solves(QStringLiteral("abc"), QStringLiteral("0"), 24) ||
                ProofOfWork::solves("abc", "0", 24));
    }

private:
    std::unique_ptr<LiveServer> m_server;
};

QTEST_MAIN(TestApiClient)
#include "tst_apiclient.moc"
