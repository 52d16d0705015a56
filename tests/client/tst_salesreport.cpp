// The organizer's sales report against the real server: the figures after a clerk's cash sale
// and a card sale, polling while active, the timeline for the chart, the bucket choice, and
// 403 for an organizer who did not create the event, as a value. The sales page is built on it
// (and grabbed as a screenshot when BILHETERIA_SCREENSHOT_DIR is set).
#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/salesreportmodel.h"
#include "client-qt/models/session.h"
#include "client-qt/ui/mainwindow.h"
#include "client-qt/ui/salespage.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::LiveServer;

class TestSalesReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<LiveServer>();
        m_clerk = m_server->client(LiveServer::kClerk);
        const auto seats = bilheteria::testing::await<std::vector<Seat>>(
            [&](QObject* c, auto done) { m_clerk->seats(m_server->demoEventId(), c, done); });
        QVERIFY(seats);
        m_seats = *seats;
        const auto event = bilheteria::testing::await<Event>(
            [&](QObject* c, auto done) { m_clerk->event(m_server->demoEventId(), c, done); });
        QVERIFY(event);
        m_generalSection = event->sections.at(1).id;
    }
    void cleanupTestCase() {
        // Its keep-alive connection would hold the server's shutdown until it times out.
        m_clerk.reset();
        m_server.reset();
    }

    void organizerSeesFiguresAfterACashSale() {
        const auto order = bilheteria::testing::sellAtCounter(
            *m_clerk, m_server->demoEventId(), HoldRequest{{m_seats[0].id, m_seats[1].id}, {}, 0},
            CashPayment{0});
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message()));

        auto organizer = m_server->client(LiveServer::kOrganizer);
        SalesReportModel model(organizer.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &SalesReportModel::reportChanged);
        model.setEventId(m_server->demoEventId());
        model.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(model.report().has_value(), 20'000);
        const SalesReport& report = *model.report();
        QCOMPARE(report.eventId, m_server->demoEventId());
        QCOMPARE(report.capacity, 542);
        QCOMPARE(report.sold, 2);
        QCOMPARE(report.revenueCents, 50'000);
        QCOMPARE(report.byPayment.cashCents, 50'000);
        QCOMPARE(report.byPayment.cashOrders, 1);
        QCOMPARE(report.byPayment.cardOrders, 0);
        QCOMPARE(report.available + report.held + report.sold, report.capacity);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, SalesReportModel::SectionColumn).data().toString(),
                 QStringLiteral("Plateia"));
        QCOMPARE(model.index(0, SalesReportModel::SoldColumn)
                     .data(SalesReportModel::ValueRole)
                     .toLongLong(),
                 2);
        QCOMPARE(model.index(0, SalesReportModel::RevenueColumn)
                     .data(SalesReportModel::ValueRole)
                     .toLongLong(),
                 50'000);
        QVERIFY(model.errorMessage().isEmpty());
        QVERIFY(!model.isForbidden());

        // The chart's series: the sale's bucket holds 2 tickets; the running total ends at 2.
        const QList<QPointF> perBucket = model.ticketsPerBucket();
        QVERIFY(!perBucket.isEmpty());
        qreal sum = 0;
        for (const QPointF& point : perBucket)
            sum += point.y();
        QCOMPARE(sum, 2.0);
        QCOMPARE(model.cumulativeTickets().last().y(), 2.0);
        QCOMPARE(static_cast<qint64>(perBucket.first().x()) % 60'000, 0);
    }

    void pollsWhileActiveAndFollowsTheBucket() {
        auto organizer = m_server->client(LiveServer::kOrganizer);
        SalesReportModel model(organizer.get(), nullptr, 200);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEventId(m_server->demoEventId());
        model.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(model.report().has_value(), 20'000);
        const qint64 before = model.report()->sold;
        const qint64 cardBefore = model.report()->byPayment.cardCents;

        const auto order = bilheteria::testing::sellAtCounter(*m_clerk, m_server->demoEventId(),
                                                              HoldRequest{{}, m_generalSection, 3},
                                                              bilheteria::testing::approvedCard());
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message()));
        // No refresh() here: the poll brings it.
        QTRY_COMPARE_WITH_TIMEOUT(model.report()->sold, before + 3, 10'000);
        QCOMPARE(model.report()->byPayment.cardCents, cardBefore + 45'000);
        QCOMPARE(model.index(1, SalesReportModel::SoldColumn)
                     .data(SalesReportModel::ValueRole)
                     .toLongLong(),
                 3);

        model.setBucketSeconds(3'600);
        QTRY_COMPARE_WITH_TIMEOUT(model.report()->bucketSeconds, 3'600, 10'000);
        QCOMPARE(static_cast<qint64>(model.ticketsPerBucket().first().x()) % 3'600'000, 0);
        model.setActive(false);
        QVERIFY(!model.isActive());

        if (const QString dir = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR"); !dir.isEmpty()) {
            EventListModel events(organizer.get());
            SalesReportModel pageModel(organizer.get());
            SalesPage page(&pageModel, &events);
            page.resize(1200, 760);
            page.show();
            page.openEvent(m_server->demoEventId());
            QTRY_VERIFY_WITH_TIMEOUT(pageModel.report().has_value(), 20'000);
            QTRY_VERIFY_WITH_TIMEOUT(events.rowCount() > 0, 20'000);
            QTest::qWait(300);
            QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("sales-page.png"))));
        }
    }

    // The door's admissions come live from the event's stream (`checkin`), not only with the
    // next reading: the poll here is far too slow to bring them.
    void admittedComesLiveFromTheStream() {
        auto organizer = m_server->client(LiveServer::kOrganizer);
        SalesReportModel model(organizer.get(), nullptr, 3'600'000);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEventId(m_server->demoEventId());
        model.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(model.report().has_value(), 20'000);
        const qint64 before = model.admitted();
        const auto order = bilheteria::testing::sellFreeSeats(*m_clerk, m_server->demoEventId(), 1);
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message()));
        // Events before the stream is open are not replayed: wait until it listens.
        QTRY_VERIFY_WITH_TIMEOUT(model.isLive(), 20'000);
        CheckinRequest checkin;
        checkin.qr = order->tickets.at(0).qr;
        checkin.gate = "Main";
        QVERIFY(bilheteria::testing::await<Checkin>(
            [&](QObject* c, auto done) { m_clerk->checkIn(checkin, c, done); }));
        QTRY_COMPARE_WITH_TIMEOUT(model.admitted(), before + 1, 20'000);
        QCOMPARE(model.index(0, SalesReportModel::AdmittedColumn)
                     .data(SalesReportModel::ValueRole)
                     .toLongLong(),
                 before + 1);
    }

    void anotherOrganizerIsForbiddenAsAValue() {
        bilheteria::testing::addUser(m_server->databaseUrl(), "other-organizer@bilheteria.test",
                                     "Other organizer", "organizer",
                                     bilheteria::testing::kTestPassword);
        auto other = m_server->client("other-organizer@bilheteria.test");
        SalesReportModel model(other.get());
        QSignalSpy failed(&model, &SalesReportModel::failed);
        model.setEventId(m_server->demoEventId());
        model.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20'000);
        QVERIFY(model.isForbidden());
        QVERIFY(!model.report().has_value());
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(failed.first().at(0).toString(), model.errorMessage());

        // An admin may see every event's sales.
        auto admin = m_server->client(LiveServer::kAdmin);
        SalesReportModel adminView(admin.get());
        adminView.setEventId(m_server->demoEventId());
        adminView.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(adminView.report().has_value(), 20'000);
        QVERIFY(adminView.report()->sold >= 2);
    }

    // The window's header: organizers get New event and Sales, counter staff the shift.
    void theHeaderOffersTheRolesActions() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        auto api = m_server->client();
        Session session(api.get(), &settings);
        EventListModel events(api.get());
        MainWindow window(&session, &events, MainWindowOptions{});
        window.resize(1200, 800);
        window.show();
        const auto action = [&window](const char* name) {
            return window.findChild<QAction*>(QString::fromLatin1(name));
        };
        QVERIFY(action("newEventAction") && action("salesAction") && action("shiftSummaryAction"));

        session.signIn(QString::fromLatin1(LiveServer::kOrganizer),
                       QString::fromStdString(bilheteria::testing::kTestPassword));
        QTRY_VERIFY_WITH_TIMEOUT(session.isSignedIn(), 20'000);
        QVERIFY(action("newEventAction")->isVisible());
        QVERIFY(action("salesAction")->isVisible());
        QVERIFY(!action("shiftSummaryAction")->isVisible());
        action("newEventAction")->trigger();
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("eventEditorPage"));
        action("salesAction")->trigger();
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("salesPage"));
        if (const QString out = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR"); !out.isEmpty()) {
            auto* page = window.findChild<SalesPage*>();
            QTRY_VERIFY_WITH_TIMEOUT(
                !page->findChild<QLabel*>(QStringLiteral("salesUpdated"))->text().isEmpty(),
                20'000);
            QTest::qWait(200);
            QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("main-organizer.png"))));
        }

        session.signOut();
        QVERIFY(!action("salesAction")->isVisible());
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("loginPage"));
        session.signIn(QString::fromLatin1(LiveServer::kClerk),
                       QString::fromStdString(bilheteria::testing::kTestPassword));
        QTRY_VERIFY_WITH_TIMEOUT(session.isSignedIn(), 20'000);
        QVERIFY(!action("newEventAction")->isVisible());
        QVERIFY(!action("salesAction")->isVisible());
        QVERIFY(action("shiftSummaryAction")->isVisible());
        QCOMPARE(action("shiftSummaryAction")->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
        // The shift starts at this sign-in by default.
        QVERIFY(session.signedInAt().isValid());
        QVERIFY(session.signedInAt().secsTo(QDateTime::currentDateTime()) < 60);
        // A clerk reaching the organizer's pages another way still does not get them.
        window.showSales();
        QVERIFY(window.currentPage()->objectName() != QStringLiteral("salesPage"));
    }

private:
    std::unique_ptr<LiveServer> m_server;
    std::unique_ptr<ApiClient> m_clerk;
    std::vector<Seat> m_seats;
    Id m_generalSection = 0;
};

QTEST_MAIN(TestSalesReport)
#include "tst_salesreport.moc"
