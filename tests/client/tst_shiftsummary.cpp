// The clerk's shift summary against the real server: two sales (cash with change, card) add up
// per currency and per event, another account's sale stays out, a window before the sales is
// empty; the printed document carries the figures and its PDF is a PDF. The dialog is grabbed
// as a screenshot when BILHETERIA_SCREENSHOT_DIR is set.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include "client-qt/models/money.h"
#include "client-qt/models/shiftsummarymodel.h"
#include "client-qt/ui/shiftsummarydialog.h"
#include "shared/jsonmapping.h"
#include "tests/client/clientfixture.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::approvedCard;
using bilheteria::testing::LiveServer;
using bilheteria::testing::sellAtCounter;

class TestShiftSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<LiveServer>();
        // The server keeps whole seconds: the shift starts at the second the clerk began.
        m_start = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        m_clerk = m_server->client(LiveServer::kClerk);
        const Id eventId = m_server->demoEventId();
        const auto seats = bilheteria::testing::await<std::vector<Seat>>(
            [&](QObject* c, auto done) { m_clerk->seats(eventId, c, done); });
        QVERIFY(seats);
        const auto event = bilheteria::testing::await<Event>(
            [&](QObject* c, auto done) { m_clerk->event(eventId, c, done); });
        QVERIFY(event);
        // Two seats at 250.00 in cash, 510.00 tendered: 10.00 change.
        const auto cash =
            sellAtCounter(*m_clerk, eventId, HoldRequest{{(*seats)[0].id, (*seats)[1].id}, {}, 0},
                          CashPayment{51'000});
        QVERIFY2(cash, qPrintable(cash ? QString() : cash.error().message()));
        // Three general places at 150.00 by card.
        const auto card = sellAtCounter(
            *m_clerk, eventId, HoldRequest{{}, event->sections.at(1).id, 3}, approvedCard());
        QVERIFY2(card, qPrintable(card ? QString() : card.error().message()));
        // The admin sells too, at another counter: not this clerk's shift.
        auto admin = m_server->client(LiveServer::kAdmin);
        const auto other =
            sellAtCounter(*admin, eventId, HoldRequest{{(*seats)[2].id}, {}, 0}, CashPayment{0});
        QVERIFY(other);
    }
    void cleanupTestCase() {
        // Its keep-alive connection would hold the server's shutdown until it times out.
        m_clerk.reset();
        m_server.reset();
    }

    void totalsTheClerksSales() {
        ShiftSummaryModel model(m_clerk.get());
        QSignalSpy changed(&model, &ShiftSummaryModel::summaryChanged);
        QSignalSpy loading(&model, &ShiftSummaryModel::loadingChanged);
        model.setSince(m_start.toLocalTime());
        model.refresh();
        QVERIFY(model.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20'000);
        QVERIFY(!model.isLoading());
        QCOMPARE(loading.count(), 2);
        const ShiftSummary& shift = *model.summary();
        QCOMPARE(shift.orders, 2);
        QCOMPARE(shift.tickets, 5);
        QCOMPARE(shift.totals.size(), std::size_t{1});
        const ShiftTotals& brl = shift.totals.front();
        QCOMPARE(brl.currency, std::string("BRL"));
        QCOMPARE(brl.totalCents, 95'000);
        QCOMPARE(brl.payments.cashCents, 50'000);
        QCOMPARE(brl.payments.cardCents, 45'000);
        QCOMPARE(brl.payments.cashOrders, 1);
        QCOMPARE(brl.payments.cardOrders, 1);
        QCOMPARE(brl.changeCents, 1'000);
        QCOMPARE(shift.byEvent.size(), std::size_t{1});
        QCOMPARE(shift.byEvent.front().eventId, m_server->demoEventId());
        QCOMPARE(shift.byEvent.front().tickets, 5);
        QCOMPARE(model.summarySince(), m_start);
        QVERIFY(model.summaryUntil() > m_start);
    }

    void aWindowBeforeTheSalesIsEmpty() {
        ShiftSummaryModel model(m_clerk.get());
        QSignalSpy changed(&model, &ShiftSummaryModel::summaryChanged);
        // With an offset: the time's '+' must reach the server as '+', not as a space.
        const QDateTime since = m_start.addSecs(-7'200).toOffsetFromUtc(3 * 3'600);
        model.setSince(since);
        model.setUntil(m_start.addSecs(-3'600));
        model.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20'000);
        QCOMPARE(model.summary()->orders, 0);
        QVERIFY(model.summary()->totals.empty());
        QCOMPARE(model.summarySince(), m_start.addSecs(-7'200));
        QCOMPARE(model.summaryUntil(), m_start.addSecs(-3'600));
    }

    void anEndBeforeTheStartIsRefusedAsAValue() {
        ShiftSummaryModel model(m_clerk.get());
        QSignalSpy failed(&model, &ShiftSummaryModel::failed);
        model.setSince(m_start);
        model.setUntil(m_start.addSecs(-60));
        model.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20'000);
        QVERIFY(!model.errorMessage().isEmpty());
        QVERIFY(!model.summary().has_value());
    }

    void printsTheFiguresAndSavesAPdf() {
        ShiftSummaryModel model(m_clerk.get());
        QSignalSpy changed(&model, &ShiftSummaryModel::summaryChanged);
        model.setSince(m_start);
        model.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20'000);
        const ShiftSummaryHeading heading{QStringLiteral("Test clerk"), model.summarySince(),
                                          model.summaryUntil(), QDateTime::currentDateTime()};
        const QString html = shiftSummaryHtml(*model.summary(), heading);
        for (const QString& expected :
             {formatMoney(95'000, QStringLiteral("BRL")),
              formatMoney(50'000, QStringLiteral("BRL")),
              formatMoney(45'000, QStringLiteral("BRL")), formatMoney(1'000, QStringLiteral("BRL")),
              QStringLiteral("Rock Night"), QStringLiteral("Test clerk")})
            QVERIFY2(html.contains(expected.toHtmlEscaped()), qPrintable(expected));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("shift.pdf"));
        QVERIFY(writeShiftSummaryPdf(path, html));
        QFile pdf(path);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.size() > 1'000);
        if (const QString out = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR"); !out.isEmpty())
            QVERIFY(writeShiftSummaryPdf(QDir(out).filePath(QStringLiteral("shift-summary.pdf")),
                                         html));
        // A folder that is not there: no file, and the caller hears of it.
        QVERIFY(!writeShiftSummaryPdf(dir.filePath(QStringLiteral("missing/shift.pdf")), html));
    }

    void theDialogShowsTheShift() {
        ShiftSummaryModel model(m_clerk.get());
        ShiftSummaryDialog dialog(&model, QStringLiteral("Test clerk (clerk@bilheteria.test)"),
                                  m_start);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.html().isEmpty(), 20'000);
        auto* view = dialog.findChild<QTextBrowser*>(QStringLiteral("shiftSummaryView"));
        QVERIFY(view);
        QVERIFY(view->toPlainText().contains(formatMoney(95'000, QStringLiteral("BRL"))));
        QVERIFY(!view->accessibleDescription().isEmpty());
        if (const QString out = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR"); !out.isEmpty())
            QVERIFY(dialog.grab().save(QDir(out).filePath(QStringLiteral("shift-summary.png"))));
    }

    // The refunds the clerk made (contract-after-sale item 3: each currency's refunds,
    // refunded_cents, cash_refunded_cents, card_refunded_cents, and the summary's refunds) are
    // printed, with the cash the drawer should hold net of the cash handed back. Read from the
    // contract's JSON: the server of this branch does not report them yet.
    void printsRefundsAndTheNetCash() {
        nlohmann::json body = {{"since", "2030-01-01T10:00:00Z"},
                               {"until", "2030-01-01T18:00:00Z"},
                               {"orders", 2},
                               {"tickets", 5},
                               {"refunds", 1},
                               {"totals",
                                {{{"currency", "BRL"},
                                  {"orders", 2},
                                  {"tickets", 5},
                                  {"total_cents", 95'000},
                                  {"cash_cents", 50'000},
                                  {"card_cents", 45'000},
                                  {"cash_orders", 1},
                                  {"card_orders", 1},
                                  {"change_cents", 1'000},
                                  {"refunds", 1},
                                  {"refunded_cents", 20'000},
                                  {"cash_refunded_cents", 20'000},
                                  {"card_refunded_cents", 0}}}},
                               {"by_event", nlohmann::json::array()}};
        const auto shift = parseShiftSummary(body);
        QVERIFY2(shift, shift ? "" : shift.error().message.c_str());
        QCOMPARE(shift->refunds, 1);
        QCOMPARE(shift->totals.front().cashRefundedCents, 20'000);
        const ShiftSummaryHeading heading{QStringLiteral("Test clerk"), QDateTime(), QDateTime(),
                                          QDateTime::currentDateTime()};
        const QString html = shiftSummaryHtml(*shift, heading);
        for (const Cents cents : {Cents{20'000}, Cents{30'000}, Cents{50'000}})
            QVERIFY2(html.contains(formatMoney(cents, QStringLiteral("BRL")).toHtmlEscaped()),
                     qPrintable(html));
        // A server without the figures: no refunds, and the drawer line as before.
        body.erase("refunds");
        for (const char* key :
             {"refunds", "refunded_cents", "cash_refunded_cents", "card_refunded_cents"})
            body["totals"][0].erase(key);
        const auto before = parseShiftSummary(body);
        QVERIFY(before);
        QCOMPARE(before->refunds, 0);
        QVERIFY(!shiftSummaryHtml(*before, heading)
                     .contains(formatMoney(30'000, QStringLiteral("BRL")).toHtmlEscaped()));
    }

    // Exchanges to dearer places: the differences taken are printed and the cash ones are in
    // the drawer (cash 50,000 + 7,000 taken − 20,000 handed back = 37,000).
    void printsExchangeDifferencesInTheDrawer() {
        ShiftSummary shift;
        shift.orders = 2;
        shift.tickets = 5;
        shift.refunds = 1;
        ShiftTotals totals;
        totals.currency = "BRL";
        totals.orders = 2;
        totals.tickets = 5;
        totals.totalCents = 95'000;
        totals.payments = PaymentSplit{45'000, 50'000, 1, 1};
        totals.refunds = 1;
        totals.refundedCents = 20'000;
        totals.cashRefundedCents = 20'000;
        totals.exchangesPaid = 2;
        totals.exchangePaidCents = 12'000;
        totals.cashExchangePaidCents = 7'000;
        totals.cardExchangePaidCents = 5'000;
        shift.totals = {totals};
        QCOMPARE(totals.drawerCashCents(), Cents{37'000});
        const ShiftSummaryHeading heading{QStringLiteral("Test clerk"), QDateTime(), QDateTime(),
                                          QDateTime::currentDateTime()};
        const QString html = shiftSummaryHtml(shift, heading);
        for (const Cents cents :
             {Cents{12'000}, Cents{7'000}, Cents{5'000}, Cents{37'000}, Cents{57'000}})
            QVERIFY2(html.contains(formatMoney(cents, QStringLiteral("BRL")).toHtmlEscaped()),
                     qPrintable(html));
        QVERIFY2(
            html.contains(ShiftSummaryDialog::tr("%n exchange(s) to dearer places", nullptr, 2)),
            qPrintable(html));
    }

private:
    std::unique_ptr<LiveServer> m_server;
    std::unique_ptr<ApiClient> m_clerk;
    QDateTime m_start;
};

QTEST_MAIN(TestShiftSummary)
#include "tst_shiftsummary.moc"
