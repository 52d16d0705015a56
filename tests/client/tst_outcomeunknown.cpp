// A purchase or refund whose outcome is unknown, as in a PostgreSQL failover that loses the
// answer to a COMMIT: a real nginx in front of the real server hands the request on to the
// server (nginx's mirror: the sale commits) but answers the client 503 with Retry-After, as
// the server does when it cannot tell. The client must ask again with the SAME Idempotency-Key
// ("Confirming your payment…") and end showing the order, not hold_not_active; when the
// answers stay lost it must say the outcome is unknown and offer "Check again" with that key.
// nginx's access log, keyed by Idempotency-Key, shows what the client really sent.
#include <QSignalSpy>
#include <QTest>

#include "client-qt/models/aftersalemodel.h"
#include "client-qt/models/checkoutmodel.h"
#include "tests/client/clientfixture.h"
#include "tests/support/lostanswerproxy.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;
using bilheteria::testing::LostAnswerProxy;

Q_DECLARE_METATYPE(bilheteria::Hold)
Q_DECLARE_METATYPE(bilheteria::Order)
Q_DECLARE_METATYPE(bilheteria::Refund)
Q_DECLARE_METATYPE(bilheteria::ErrorCode)

namespace {

constexpr int kWaitMs = 20'000;
using Mode = LostAnswerProxy::Mode;

} // namespace

class TestOutcomeUnknown : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<Hold>();
        qRegisterMetaType<Order>();
        qRegisterMetaType<Refund>();
        qRegisterMetaType<ErrorCode>();
        m_server = std::make_unique<LiveServer>();
    }
    void cleanupTestCase() { m_server.reset(); }

    void aPaymentWhoseAnswerIsLostEndsShowingTheOrder() {
        auto proxy = startProxy();
        auto api = throughProxy(*proxy);
        api->setOutcomeRetryPolicy({std::chrono::milliseconds{kWaitMs},
                                    std::chrono::milliseconds{200},
                                    std::chrono::milliseconds{1'000}});
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(*api, checkout, 1));
        const Id holdId = checkout.hold().id;
        const PaymentRequest payment = CashPayment{checkout.hold().totalCents};

        QSignalSpy confirming(&checkout, &CheckoutModel::confirmingPayment);
        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.pay(payment);
        const QString key = checkout.idempotencyKey();
        QVERIFY(!key.isEmpty());
        // The first answer was a 503: the model says it is confirming, not failing.
        QVERIFY(confirming.wait(kWaitMs));
        QVERIFY(checkout.isConfirming());
        QCOMPARE(checkout.state(), CheckoutModel::State::Paying);

        // Meanwhile the sale did commit on the server: the hold is sold.
        auto direct = m_server->client(LiveServer::kClerk);
        QTRY_VERIFY_WITH_TIMEOUT(holdStatus(*direct, holdId) == HoldStatus::Purchased, kWaitMs);
        // The failover ends: answers reach the client again.
        proxy->switchTo(Mode::PassesThrough);

        QVERIFY(completed.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(checkout.state(), CheckoutModel::State::Completed);
        QVERIFY(!checkout.isConfirming());
        // The order shown is the one the lost request made: the key answers it again.
        const auto replay = await<Order>(
            [&](QObject* c, auto done) { direct->purchase(holdId, payment, key, c, done); });
        QVERIFY2(replay, qPrintable(replay ? QString() : replay.error().message()));
        QCOMPARE(checkout.lastOrder()->id, replay->id);

        // Every try carried the same key: 503s, then the order.
        const auto sent = proxy->keyedRequests(purchaseUri(holdId), 200);
        QVERIFY(sent.size() >= 2);
        for (const auto& request : sent)
            QCOMPARE(QString::fromStdString(request.key), key);
        QCOMPARE(sent.front().status, 503);
        QCOMPARE(sent.back().status, 200);
    }

    void aPaymentStillUnknownOffersCheckAgainWithTheSameKey() {
        auto proxy = startProxy();
        auto api = throughProxy(*proxy); // the fixture's short budget: 3 s of retries
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(*api, checkout, 2));
        const Id holdId = checkout.hold().id;
        const PaymentRequest payment = CashPayment{checkout.hold().totalCents};

        QSignalSpy confirming(&checkout, &CheckoutModel::confirmingPayment);
        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        checkout.pay(payment);
        const QString key = checkout.idempotencyKey();
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(confirming.count() >= 1);
        QCOMPARE(failed.last().at(2).toBool(), true); // hold kept
        QCOMPARE(failed.last().at(3).toBool(), true); // outcome unknown: "Check again"
        QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("could not confirm")));
        QVERIFY(checkout.canRetryPayment());
        QCOMPARE(checkout.idempotencyKey(), key);
        const auto tries = proxy->keyedRequests(purchaseUri(holdId));
        QVERIFY(tries.size() >= 2); // asked again by itself before giving up
        for (const auto& request : tries) {
            QCOMPARE(QString::fromStdString(request.key), key);
            QCOMPARE(request.status, 503);
        }

        // The sale did go through: a new key would be refused (what the clients used to do).
        auto direct = m_server->client(LiveServer::kClerk);
        QTRY_VERIFY_WITH_TIMEOUT(holdStatus(*direct, holdId) == HoldStatus::Purchased, kWaitMs);
        const auto fresh = await<Order>([&](QObject* c, auto done) {
            direct->purchase(holdId, payment, QStringLiteral("a-new-key"), c, done);
        });
        QVERIFY(!fresh);
        QVERIFY(fresh.error().is(ErrorCode::HoldNotActive));

        // "Check again" once the answers come back: the same key, and the order.
        proxy->switchTo(Mode::PassesThrough);
        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.retryPayment();
        QCOMPARE(checkout.idempotencyKey(), key);
        QVERIFY(completed.wait(kWaitMs));
        QCOMPARE(checkout.state(), CheckoutModel::State::Completed);
        QCOMPARE(checkout.lastOrder()->tickets.size(), std::size_t{2});
        const auto sent = proxy->keyedRequests(purchaseUri(holdId), 200);
        QCOMPARE(sent.back().status, 200);
        for (const auto& request : sent)
            QCOMPARE(QString::fromStdString(request.key), key);
    }

    void aRefundWhoseAnswerIsLostEndsShowingTheRefund() {
        auto direct = m_server->client(LiveServer::kClerk);
        const auto order = bilheteria::testing::sellFreeSeats(*direct, m_server->demoEventId(), 1);
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message()));

        auto proxy = startProxy();
        auto api = throughProxy(*proxy);
        api->setOutcomeRetryPolicy({std::chrono::milliseconds{kWaitMs},
                                    std::chrono::milliseconds{200},
                                    std::chrono::milliseconds{1'000}});
        AfterSaleModel model(api.get());
        QSignalSpy loaded(&model, &AfterSaleModel::orderLoaded);
        model.find(QString::number(order->id));
        QVERIFY(loaded.wait(kWaitMs));
        model.checkAll(true);

        QSignalSpy confirming(&model, &AfterSaleModel::confirming);
        QSignalSpy failed(&model, &AfterSaleModel::failed);
        QSignalSpy refunded(&model, &AfterSaleModel::refunded);
        model.refundChecked(QString());
        const QString key = model.idempotencyKey();
        QVERIFY(confirming.wait(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(orderStatus(*direct, order->id) == "refunded", kWaitMs);
        proxy->switchTo(Mode::PassesThrough);

        QVERIFY(refunded.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(model.order()->status, std::string("refunded"));
        const auto sent = proxy->keyedRequests({}, 200);
        QVERIFY(sent.size() >= 2);
        for (const auto& request : sent)
            QCOMPARE(QString::fromStdString(request.key), key);
        QCOMPARE(sent.back().status, 200);
    }

private:
    std::unique_ptr<LostAnswerProxy> startProxy() const {
        const std::string certificate = m_server->caCertPath().toStdString();
        std::string key = certificate;
        key.replace(key.size() - 4, 4, ".key"); // beside it: DATADIR/tls/server.{crt,key}
        return std::make_unique<LostAnswerProxy>(m_server->process().port(), certificate, key);
    }

    std::unique_ptr<ApiClient> throughProxy(const LostAnswerProxy& proxy) {
        auto api = m_server->client(LiveServer::kClerk);
        api->setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(proxy.port())));
        return api;
    }

    static std::string purchaseUri(Id holdId) {
        return "/api/v1/holds/" + std::to_string(holdId) + "/purchase";
    }

    static std::optional<HoldStatus> holdStatus(ApiClient& api, Id holdId) {
        const auto hold = await<Hold>([&](QObject* c, auto done) { api.hold(holdId, c, done); });
        if (!hold) return std::nullopt;
        return hold->status;
    }

    static std::string orderStatus(ApiClient& api, Id orderId) {
        const auto order =
            await<Order>([&](QObject* c, auto done) { api.order(orderId, c, done); });
        return order ? order->status : std::string();
    }

    bool holdSeats(ApiClient& api, CheckoutModel& checkout, int count) {
        const Id eventId = m_server->demoEventId();
        const auto seats =
            await<std::vector<Seat>>([&](QObject* c, auto done) { api.seats(eventId, c, done); });
        if (!seats) return false;
        HoldRequest request;
        for (const Seat& seat : *seats)
            if (seat.state == SeatState::Free && std::ssize(request.seatIds) < count)
                request.seatIds.push_back(seat.id);
        QSignalSpy created(&checkout, &CheckoutModel::holdCreated);
        checkout.createHold(eventId, request);
        return created.wait(kWaitMs) && checkout.state() == CheckoutModel::State::Held;
    }

    std::unique_ptr<LiveServer> m_server;
};

QTEST_GUILESS_MAIN(TestOutcomeUnknown)
#include "tst_outcomeunknown.moc"
