// The counter after the sale against the real server: an order found by its number shows its
// tickets with their status and prices; refunding the ticked ones pays back their prices (cash:
// settled at once) and leaves the order partly refunded; a refund that got no answer is sent
// again with the same Idempotency-Key (the server answers with the refund it made, nothing is
// paid twice) and a new refund gets a new key; a checked-in ticket cannot be ticked away.
//
// Finding an order by a ticket's code or token (GET /orders?ticket=, contract-after-sale
// item 1) is not on this branch's server yet: the model's call is built, its answer not tested.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "client-qt/models/aftersalemodel.h"
#include "tests/client/clientfixture.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;

namespace {
constexpr int kWaitMs = 20'000;
} // namespace

class TestAfterSale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<LiveServer>();
        m_clerk = m_server->client(LiveServer::kClerk);
    }
    void cleanupTestCase() {
        m_clerk.reset();
        m_server.reset();
    }

    void findsAnOrderAndRefundsTheTickedTickets() {
        const Order order = sell(3);
        AfterSaleModel model(m_clerk.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.find(QStringLiteral(" %1 ").arg(order.id));
        QTRY_VERIFY_WITH_TIMEOUT(model.order().has_value() && model.event().has_value(), kWaitMs);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.isCash());
        QCOMPARE(model.index(0, AfterSaleModel::StatusColumn).data().toString(),
                 AfterSaleModel::statusText(QStringLiteral("valid")));
        QVERIFY(model.flags(model.index(0, AfterSaleModel::TicketColumn)) &
                Qt::ItemIsUserCheckable);

        // Nothing ticked: nothing to refund.
        QVERIFY(model.checkedTickets().isEmpty());
        model.checkAll(true);
        QCOMPARE(model.checkedTickets().size(), 3);
        QCOMPARE(model.checkedAmount(), Cents{3 * 25'000});
        model.checkAll(false);
        QVERIFY(model.setData(model.index(0, AfterSaleModel::TicketColumn), Qt::Checked,
                              Qt::CheckStateRole));
        QCOMPARE(model.checkedAmount(), Cents{25'000});

        QSignalSpy refunded(&model, &AfterSaleModel::refunded);
        model.refundChecked(QStringLiteral("changed plans"));
        QVERIFY(refunded.wait(kWaitMs));
        const Refund refund = refunded.first().first().value<Refund>();
        QCOMPARE(refund.amountCents, Cents{25'000});
        QCOMPARE(refund.method, std::string("cash"));
        QCOMPARE(refund.status, std::string("settled"));
        QCOMPARE(refund.ticketIds, std::vector<Id>{order.tickets.at(0).id});
        QCOMPARE(model.order()->status, std::string("partially_refunded"));
        QCOMPARE(model.order()->tickets.at(0).status, std::string("refunded"));
        // A void ticket can no longer be ticked; the key is spent.
        QVERIFY(
            !(model.flags(model.index(0, AfterSaleModel::TicketColumn)) & Qt::ItemIsUserCheckable));
        QVERIFY(model.checkedTickets().isEmpty());
        QVERIFY(model.idempotencyKey().isEmpty());

        // The rest of the order: every refundable ticket ticked sends no list.
        model.checkAll(true);
        QCOMPARE(model.checkedTickets().size(), 2);
        model.refundChecked(QString());
        QVERIFY(refunded.wait(kWaitMs));
        QCOMPARE(model.order()->status, std::string("refunded"));
        QCOMPARE(model.lastRefund()->amountCents, Cents{2 * 25'000});
    }

    void aRetryAfterNoAnswerReusesTheKey() {
        const Order order = sell(2);
        auto api = m_server->client(LiveServer::kClerk);
        AfterSaleModel model(api.get());
        model.find(QString::number(order.id));
        QTRY_VERIFY_WITH_TIMEOUT(model.event().has_value(), kWaitMs);
        model.setData(model.index(1, AfterSaleModel::TicketColumn), Qt::Checked,
                      Qt::CheckStateRole);

        // The request goes nowhere: no answer, so the same key must be used again.
        const QUrl server = api->baseUrl();
        api->setBaseUrl(bilheteria::testing::unreachableUrl());
        QSignalSpy failed(&model, &AfterSaleModel::failed);
        model.refundChecked(QString());
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(failed.first().at(1).toBool()); // retryable
        const QString key = model.idempotencyKey();
        QVERIFY(!key.isEmpty());

        // The first attempt did reach the server after all (same key, same body): the retry
        // gets that refund back, not a second one.
        api->setBaseUrl(server);
        RefundRequest body;
        body.ticketIds = {order.tickets.at(1).id};
        auto sameCaller = m_server->client(LiveServer::kClerk);
        const auto made = await<RefundOutcome>(
            [&](QObject* c, auto done) { sameCaller->refund(order.id, body, key, c, done); });
        QVERIFY2(made, qPrintable(made ? QString() : made.error().message()));

        QSignalSpy refunded(&model, &AfterSaleModel::refunded);
        model.refundChecked(QString());
        QCOMPARE(model.idempotencyKey(), key);
        QVERIFY(refunded.wait(kWaitMs));
        QCOMPARE(model.lastRefund()->id, made->refund.id);
        QCOMPARE(model.order()->tickets.at(1).status, std::string("refunded"));
        QCOMPARE(model.order()->tickets.at(0).status, std::string("valid"));

        // Another refund is another request: a new key.
        model.checkAll(true);
        QSignalSpy again(&model, &AfterSaleModel::refunded);
        model.refundChecked(QString());
        QVERIFY(!model.idempotencyKey().isEmpty());
        QVERIFY(model.idempotencyKey() != key);
        QVERIFY(again.wait(kWaitMs));
        QCOMPARE(model.order()->status, std::string("refunded"));
    }

    void aCheckedInTicketIsNotRefundable() {
        const Order order = sell(1);
        CheckinRequest checkin;
        checkin.code = order.tickets.at(0).code;
        checkin.gate = "Main";
        QVERIFY(await<Checkin>([&](QObject* c, auto done) { m_clerk->checkIn(checkin, c, done); }));
        AfterSaleModel model(m_clerk.get());
        model.find(QString::number(order.id));
        QTRY_VERIFY_WITH_TIMEOUT(model.order().has_value(), kWaitMs);
        QCOMPARE(model.order()->tickets.at(0).status, std::string("checked_in"));
        QVERIFY(
            !(model.flags(model.index(0, AfterSaleModel::TicketColumn)) & Qt::ItemIsUserCheckable));
        model.checkAll(true);
        QVERIFY(model.checkedTickets().isEmpty());
    }

    void anUnknownOrderSaysSo() {
        // The admin has no orders of their own: the same answer from a server with or without
        // the lookup by ticket.
        auto admin = m_server->client(LiveServer::kAdmin);
        AfterSaleModel model(admin.get());
        QSignalSpy notFound(&model, &AfterSaleModel::notFound);
        model.find(QStringLiteral("987654"));
        QVERIFY(notFound.wait(kWaitMs));
        QVERIFY(!model.order().has_value());
    }

private:
    Order sell(int count) {
        const auto order =
            bilheteria::testing::sellFreeSeats(*m_clerk, m_server->demoEventId(), count);
        if (!order) qFatal("cannot sell: %s", qPrintable(order.error().message()));
        return *order;
    }

    std::unique_ptr<LiveServer> m_server;
    std::unique_ptr<ApiClient> m_clerk;
};

QTEST_MAIN(TestAfterSale)
#include "tst_aftersale.moc"
