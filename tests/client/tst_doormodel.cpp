// The door's model against the real server: a ticket's signed token admits once and a second
// scan is refused with the first entry's time and gate; a refunded ticket is void, a forged
// token unknown. Offline (by hand, or on its own when the server stops answering) the scanner
// decides from its bundle: it verifies tokens with the event's keys, refuses void tickets and
// its own second scans, keeps the scans on disk across a restart, and sends them when the
// server is back, showing the server's verdict on a ticket another gate let in first.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include "client-qt/models/aftersalemodel.h"
#include "client-qt/models/doormodel.h"
#include "client-qt/models/scannerstore.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;

namespace {

constexpr int kWaitMs = 20'000;

QString qrOf(const Ticket& ticket) {
    return QString::fromStdString(ticket.qr.value_or(""));
}

// The verdict of one scan (online or offline), once it is in.
ScanVerdict scanned(DoorModel& door, const QString& text) {
    QSignalSpy spy(&door, &DoorModel::scanned);
    door.scan(text);
    if (spy.isEmpty() && !spy.wait(kWaitMs)) qFatal("no verdict for %s", qPrintable(text));
    return spy.first().first().value<ScanVerdict>();
}

// A door scanner on the test server, with a folder of its own, at `gate` of the demo event.
struct Scanner {
    Scanner(LiveServer& server, const char* email, const QString& gate)
        : api(server.client(email))
        , store(folder.path())
        , door(api.get(), &store) {
        door.setEvent(server.demoEventId());
        door.setGate(gate);
    }
    std::unique_ptr<ApiClient> api;
    QTemporaryDir folder;
    ScannerStore store;
    DoorModel door;
};

} // namespace

class TestDoorModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<LiveServer>();
        m_clerk = m_server->client(LiveServer::kClerk);
        bilheteria::testing::addUser(m_server->databaseUrl(), "door@bilheteria.test", "Gate",
                                     "door", bilheteria::testing::kTestPassword);
    }
    void cleanupTestCase() {
        m_clerk.reset();
        m_server.reset();
    }

    void admitsOnceThenSaysWhenAndWhere() {
        const Order order = sell(1);
        Scanner scanner(*m_server, "door@bilheteria.test", QStringLiteral("Gate A"));
        DoorModel& door = scanner.door;

        const ScanVerdict first = scanned(door, qrOf(order.tickets.at(0)));
        QCOMPARE(first.kind, ScanVerdict::Kind::Admitted);
        QVERIFY(!first.offline);
        QCOMPARE(first.ticketId, order.tickets.at(0).id);
        QCOMPARE(first.section, QStringLiteral("Plateia"));
        QCOMPARE(first.row, QString::fromStdString(*order.tickets.at(0).row));
        QCOMPARE(first.number, *order.tickets.at(0).number);

        // The same ticket again, this time typed by its code.
        door.setGate(QStringLiteral("Gate B"));
        const ScanVerdict second = scanned(door, QString::fromStdString(order.tickets.at(0).code));
        QCOMPARE(second.kind, ScanVerdict::Kind::AlreadyIn);
        QCOMPARE(second.gate, QStringLiteral("Gate A"));
        QVERIFY(second.at.isValid());

        // Counts: the bundle read on opening, and the stream keeps them live.
        QTRY_VERIFY_WITH_TIMEOUT(door.admittedCount() >= 1, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(door.soldCount() >= 1, kWaitMs);
    }

    void refusesRefundedForgedAndUnknownTickets() {
        const Order order = sell(2);
        // A clerk refunds the second ticket.
        AfterSaleModel refunds(m_clerk.get());
        QSignalSpy loaded(&refunds, &AfterSaleModel::orderLoaded);
        refunds.find(QString::number(order.id));
        QVERIFY(loaded.wait(kWaitMs));
        refunds.setData(refunds.index(1, AfterSaleModel::TicketColumn), Qt::Checked,
                        Qt::CheckStateRole);
        QSignalSpy refunded(&refunds, &AfterSaleModel::refunded);
        refunds.refundChecked(QString());
        QVERIFY(refunded.wait(kWaitMs));

        Scanner scanner(*m_server, LiveServer::kClerk, QStringLiteral("North"));
        DoorModel& door = scanner.door;
        // The section names come with the event.
        QTRY_VERIFY_WITH_TIMEOUT(!door.eventName().isEmpty(), kWaitMs);
        const ScanVerdict voided = scanned(door, qrOf(order.tickets.at(1)));
        QCOMPARE(voided.kind, ScanVerdict::Kind::Void);
        QCOMPARE(voided.reason, QStringLiteral("refunded"));
        QCOMPARE(voided.section, QStringLiteral("Plateia"));

        QString forged = qrOf(order.tickets.at(0));
        forged[forged.size() - 3] = forged[forged.size() - 3] == u'A' ? u'B' : u'A';
        QCOMPARE(scanned(door, forged).kind, ScanVerdict::Kind::Unknown);
        QCOMPARE(scanned(door, QStringLiteral("no-such-code")).kind, ScanVerdict::Kind::Unknown);
        // Without a gate there is no scan.
        door.setGate(QString());
        QCOMPARE(scanned(door, qrOf(order.tickets.at(0))).kind, ScanVerdict::Kind::Failed);
    }

    void worksOfflineKeepsScansAndSyncsThem() {
        const Order order = sell(3);
        auto api = m_server->client(LiveServer::kClerk);
        QTemporaryDir folder;
        auto store = std::make_unique<ScannerStore>(folder.path());
        auto door = std::make_unique<DoorModel>(api.get(), store.get());
        door->setEvent(m_server->demoEventId());
        door->setGate(QStringLiteral("East"));
        // The bundle, and the event for its section names.
        QTRY_VERIFY_WITH_TIMEOUT(door->hasBundle() && !door->eventName().isEmpty(), kWaitMs);

        // Another gate lets the third ticket in after this scanner read its bundle.
        auto otherGate = m_server->client(LiveServer::kClerk);
        CheckinRequest other;
        other.qr = order.tickets.at(2).qr;
        other.gate = "West";
        QVERIFY(await<Checkin>([&](QObject* c, auto done) { otherGate->checkIn(other, c, done); }));

        door->setWorkOffline(true);
        QVERIFY(door->isOffline());
        const ScanVerdict first = scanned(*door, qrOf(order.tickets.at(0)));
        QCOMPARE(first.kind, ScanVerdict::Kind::Admitted);
        QVERIFY(first.offline);
        QCOMPARE(first.section, QStringLiteral("Plateia"));
        // A code typed offline is found in the bundle's tickets.
        const ScanVerdict byCode = scanned(*door, QString::fromStdString(order.tickets.at(1).code));
        QCOMPARE(byCode.kind, ScanVerdict::Kind::Admitted);
        // A second scan here is refused, with this scanner's own entry.
        const ScanVerdict again = scanned(*door, qrOf(order.tickets.at(0)));
        QCOMPARE(again.kind, ScanVerdict::Kind::AlreadyIn);
        QCOMPARE(again.gate, QStringLiteral("East"));
        // Forged: the signature does not verify with the event's keys.
        QString forged = qrOf(order.tickets.at(1));
        forged[8] = forged[8] == u'A' ? u'B' : u'A';
        const ScanVerdict bad = scanned(*door, forged);
        QCOMPARE(bad.kind, ScanVerdict::Kind::Unknown);
        QVERIFY(!bad.reason.isEmpty());
        // The ticket the other gate let in: this scanner cannot know, and admits it.
        QCOMPARE(scanned(*door, qrOf(order.tickets.at(2))).kind, ScanVerdict::Kind::Admitted);
        QCOMPARE(door->pendingCount(), qsizetype{3});

        // A restart: the scans are still there, waiting.
        door.reset();
        store = std::make_unique<ScannerStore>(folder.path());
        door = std::make_unique<DoorModel>(api.get(), store.get());
        door->setWorkOffline(true);
        door->setEvent(m_server->demoEventId());
        door->setGate(QStringLiteral("East"));
        QCOMPARE(door->pendingCount(), qsizetype{3});
        QVERIFY(door->hasBundle());
        QCOMPARE(scanned(*door, qrOf(order.tickets.at(1))).kind, ScanVerdict::Kind::AlreadyIn);

        // Back online: the scans go to the server, which says the third ticket entered at the
        // other gate first.
        QSignalSpy synced(door.get(), &DoorModel::synced);
        door->setWorkOffline(false);
        QVERIFY(synced.wait(kWaitMs));
        QCOMPARE(synced.first().at(0).toInt(), 3);
        const QStringList notes = synced.first().at(1).toStringList();
        QCOMPARE(notes.size(), 1);
        QVERIFY2(notes.first().contains(QStringLiteral("West")), qPrintable(notes.first()));
        QCOMPARE(door->pendingCount(), qsizetype{0});
        QCOMPARE(door->syncNotes(), notes);
        // The server has the first two as checked in.
        const auto stored =
            await<Order>([&](QObject* c, auto done) { m_clerk->order(order.id, c, done); });
        QVERIFY(stored);
        QCOMPARE(stored->tickets.at(0).status, std::string("checked_in"));
        QCOMPARE(stored->tickets.at(1).status, std::string("checked_in"));
    }

    void goesOfflineByItselfAndComesBack() {
        const Order order = sell(1);
        Scanner scanner(*m_server, LiveServer::kClerk, QStringLiteral("South"));
        DoorModel& door = scanner.door;
        ApiClient* api = scanner.api.get();
        scanner.door.setProbeIntervalMs(100);
        QTRY_VERIFY_WITH_TIMEOUT(door.hasBundle(), kWaitMs);

        // The server stops answering (a port nobody listens on): the scan is decided here.
        const QUrl server = api->baseUrl();
        api->setBaseUrl(bilheteria::testing::unreachableUrl());
        QSignalSpy offline(&door, &DoorModel::offlineChanged);
        const ScanVerdict verdict = scanned(door, qrOf(order.tickets.at(0)));
        QCOMPARE(verdict.kind, ScanVerdict::Kind::Admitted);
        QVERIFY(verdict.offline);
        QVERIFY(door.isOffline());
        QVERIFY(!door.isOfflineByHand());
        QCOMPARE(door.pendingCount(), qsizetype{1});

        // It answers again: back online by itself, and the scan is sent.
        QSignalSpy synced(&door, &DoorModel::synced);
        api->setBaseUrl(server);
        QTRY_VERIFY_WITH_TIMEOUT(!door.isOffline(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(door.pendingCount(), qsizetype{0}, kWaitMs);
        QCOMPARE(synced.size(), 1);
        QVERIFY(synced.first().at(1).toStringList().isEmpty());
    }

    // A folder it cannot write (here, below a file): the scanner says its scans are at risk,
    // and goes on working from memory.
    void saysWhenItCannotKeepItsData() {
        const Order order = sell(1);
        QTemporaryFile notAFolder;
        QVERIFY(notAFolder.open());
        auto api = m_server->client(LiveServer::kClerk);
        ScannerStore store(notAFolder.fileName() + QStringLiteral("/door"));
        DoorModel door(api.get(), &store);
        QSignalSpy failed(&door, &DoorModel::failed);
        door.setEvent(m_server->demoEventId());
        door.setGate(QStringLiteral("Side"));
        QTRY_VERIFY_WITH_TIMEOUT(door.hasBundle(), kWaitMs);
        QVERIFY(!failed.isEmpty());
        QVERIFY2(failed.first().first().toString().contains(store.folder()),
                 qPrintable(failed.first().first().toString()));
        door.setWorkOffline(true);
        QCOMPARE(scanned(door, qrOf(order.tickets.at(0))).kind, ScanVerdict::Kind::Admitted);
        QCOMPARE(door.pendingCount(), qsizetype{1});
    }

private:
    // A counter sale of `count` seats in cash, each ticket with its signed token.
    Order sell(int count) {
        const auto order =
            bilheteria::testing::sellFreeSeats(*m_clerk, m_server->demoEventId(), count);
        if (!order) qFatal("cannot sell: %s", qPrintable(order.error().message()));
        for (const Ticket& ticket : order->tickets)
            if (!ticket.qr) qFatal("a ticket without its signed token");
        return *order;
    }

    std::unique_ptr<LiveServer> m_server;
    std::unique_ptr<ApiClient> m_clerk;
};

QTEST_MAIN(TestDoorModel)
#include "tst_doormodel.moc"
