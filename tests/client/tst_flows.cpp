// The app as people use it, end to end against the real server: the real window built by
// ClientApp (as main.cpp builds it), driven through its widgets by keyboard and mouse.
//   - a clerk sells two seats for cash in a few keystrokes and sees the tickets;
//   - a buyer confirms the server's certificate by its fingerprint, pays by card, is declined,
//     keeps the seats and pays with another card;
//   - a buyer waits in an event's waiting room and lands on the seat map when admitted;
//   - a kiosk goes back to the start, signed out, after its idle time;
//   - door staff scan a ticket in (ADMITTED), scan it again (refused: when and where), work
//     offline and send the scans when back online;
//   - a clerk finds an order by its number and refunds one ticket after the confirmation;
//   - a clerk exchanges a ticket: the map in the exchange dialog, a general-admission box
//     (cheaper: "give back"), then a seat of the same price, Ctrl+Enter, the new ticket shown,
//     saved as PDF, and the order with the new ticket.
// BILHETERIA_SCREENSHOT_DIR keeps a screenshot of every screen; BILHETERIA_TEST_LANGUAGE
// (en, pt_BR) picks the language (scripts/screenshots runs both).
#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include "client-qt/app/clientapp.h"
#include "client-qt/models/aftersalemodel.h"
#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/doormodel.h"
#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/exchangemodel.h"
#include "client-qt/models/money.h"
#include "client-qt/models/seatmapmodel.h"
#include "client-qt/models/session.h"
#include "client-qt/models/waitingroommodel.h"
#include "client-qt/net/servertrust.h"
#include "client-qt/ui/doorpage.h"
#include "client-qt/ui/exchangedialog.h"
#include "client-qt/ui/mainwindow.h"
#include "client-qt/ui/seatmapview.h"
#include "shared/crypto/crypto.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
namespace crypto = bilheteria::crypto;
using bilheteria::testing::LiveServer;

namespace {

constexpr int kWaitMs = 20'000;
const std::string& kPassword = bilheteria::testing::kTestPassword;

QString language() {
    return qEnvironmentVariable("BILHETERIA_TEST_LANGUAGE", QStringLiteral("en"));
}

// Screens are named after the language they were taken in (scripts/screenshots runs both).
void screenshot(QWidget* window, const QString& name) {
    bilheteria::testing::saveScreenshot(window, language() + QLatin1Char('-') + name);
}

template <typename T> T* child(QWidget* window, const char* name) {
    T* found = window->findChild<T*>(QLatin1String(name));
    if (!found) qFatal("no widget named %s", name);
    return found;
}

void typeInto(QLineEdit* edit, const QString& text) {
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// The app on the test server, with settings of its own.
struct Flow {
    Flow(LiveServer& server, bool trustThroughCaFile, bool kiosk = false, int idleMs = 60'000)
        : settings(dir.filePath(QStringLiteral("client.ini")), QSettings::IniFormat)
        , app(&settings, withDoorFolder(options(server, trustThroughCaFile, kiosk, idleMs),
                                        dir.filePath(QStringLiteral("door")))) {
        app.window().resize(1200, 800);
        app.window().show();
    }
    static ClientOptions options(LiveServer& server, bool caFile, bool kiosk, int idleMs) {
        ClientOptions o;
        o.server = server.url();
        if (caFile) o.caFile = server.caCertPath();
        o.kiosk = kiosk;
        o.kioskIdleMs = idleMs;
        return o;
    }
    static ClientOptions withDoorFolder(ClientOptions o, const QString& folder) {
        o.doorFolder = folder;
        return o;
    }
    MainWindow* window() { return &app.window(); }
    QString currentPage() { return app.window().currentPage()->objectName(); }

    // Types the account into the login page and signs in with Enter.
    void signIn(const char* email) {
        typeInto(child<QLineEdit>(window(), "emailEdit"), QString::fromLatin1(email));
        typeInto(child<QLineEdit>(window(), "passwordEdit"), QString::fromStdString(kPassword));
        QTest::keyClick(child<QLineEdit>(window(), "passwordEdit"), Qt::Key_Return);
    }

    // From the event list: search for the event by name and open it with Enter.
    void openEvent(const QString& name) {
        QTRY_COMPARE_WITH_TIMEOUT(currentPage(), QStringLiteral("eventListPage"), kWaitMs);
        auto* search = child<QLineEdit>(window(), "eventSearch");
        typeInto(search, name);
        // The list loads when the page opens: Enter once the event is in it.
        auto* table = child<QAbstractItemView>(window(), "eventTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, kWaitMs);
        QTest::keyClick(search, Qt::Key_Return);
    }

    // On the event page: the best N seats with Ctrl+B, held with Ctrl+Enter.
    void holdBestSeats(int count) {
        QTRY_COMPARE_WITH_TIMEOUT(currentPage(), QStringLiteral("eventPage"), kWaitMs);
        // Shortcuts go to the active window (a dialog may have had the focus).
        window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window()));
        auto* map = child<QWidget>(window(), "seatMapView");
        auto* hold = child<QPushButton>(window(), "holdButton");
        child<QSpinBox>(window(), "bestCount")->setValue(count);
        map->setFocus();
        // The seat map arrives after the page: ask until the seats are there.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QTest::keyClick(map, Qt::Key_B, Qt::ControlModifier);
                return hold->isEnabled();
            }(),
            kWaitMs);
        screenshot(window(), QStringLiteral("event-page"));
        QTest::keyClick(map, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(currentPage(), QStringLiteral("paymentPage"), kWaitMs);
    }

    QTemporaryDir dir;
    QSettings settings;
    ClientApp app;
};

} // namespace

class TestFlows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_translators = installTranslations(language(), m_settings);
        qApp->setStyleSheet(styleSheet(false));
        m_server = std::make_unique<LiveServer>();
        auto queued = bilheteria::testing::demoEventBody("Queue Night");
        queued["queue"] = {{"enabled", true}, {"admit_per_minute", 60}};
        m_queueEventId = m_server->createEvent(queued);
    }
    void cleanupTestCase() {
        m_server.reset();
        for (QTranslator* t : m_translators)
            QCoreApplication::removeTranslator(t);
    }

    void clerkSellsForCashInAFewKeys() {
        Flow flow(*m_server, /*trustThroughCaFile=*/true);
        screenshot(flow.window(), QStringLiteral("login"));
        flow.signIn(LiveServer::kClerk);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(child<QWidget>(flow.window(), "eventTable")->isVisible(), kWaitMs);
        // The footer counts the rows the list shows once they are loaded (it said "0 events").
        const auto* events = child<QAbstractItemView>(flow.window(), "eventTable")->model();
        QTRY_VERIFY_WITH_TIMEOUT(events->rowCount() > 0, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            child<QLabel>(child<QWidget>(flow.window(), "eventListPage"), "statusLabel")->text(),
            QCoreApplication::translate("bilheteria::client::EventListPage", "%n event(s)", nullptr,
                                        events->rowCount()),
            kWaitMs);
        screenshot(flow.window(), QStringLiteral("events"));
        flow.openEvent(QStringLiteral("Rock Night"));
        flow.holdBestSeats(2);
        if (QTest::currentTestFailed()) return;

        // F2: cash; the amount given; Enter takes it.
        QTest::keyClick(flow.window(), Qt::Key_F2);
        auto* tendered = child<QLineEdit>(flow.window(), "tenderedEdit");
        QTRY_VERIFY(tendered->hasFocus());
        const Cents total = flow.app.checkout().hold().totalCents;
        QCOMPARE(total, Cents{2 * 25000});
        QTest::keyClicks(tendered, QStringLiteral("600"));
        QVERIFY(
            child<QLabel>(flow.window(), "changeLabel")->text().contains(QStringLiteral("100")));
        screenshot(flow.window(), QStringLiteral("payment-cash"));
        QTest::keyClick(tendered, Qt::Key_Return);

        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("confirmationPage"), kWaitMs);
        screenshot(flow.window(), QStringLiteral("confirmation"));
        QVERIFY(flow.app.checkout().lastOrder().has_value());
        const Order order = *flow.app.checkout().lastOrder();
        QCOMPARE(order.tickets.size(), std::size_t{2});
        // The server has the sale as the clerk saw it.
        const std::string token = m_server->http().login(LiveServer::kClerk, kPassword);
        const auto stored =
            m_server->http().get("/api/v1/orders/" + std::to_string(order.id), token);
        QCOMPARE(stored.status, 200);
        QCOMPARE(stored.body["order"]["payment"]["method"].get<std::string>(), std::string("cash"));
        QCOMPARE(stored.body["order"]["payment"]["change_cents"].get<Cents>(), Cents{10000});
        QCOMPARE(stored.body["order"]["tickets"].size(), std::size_t{2});

        // Ctrl+N: the next customer.
        QTest::keyClick(flow.window(), Qt::Key_N, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventListPage"), kWaitMs);

        // End of the shift: Ctrl+Shift+S shows the clerk's sales (a dialog of its own).
        QString shiftText;
        QTimer watcher;
        QElapsedTimer waited;
        watcher.setInterval(100);
        connect(&watcher, &QTimer::timeout, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog) return;
            if (!waited.isValid()) waited.start();
            // The figures come from the server: wait for the sale to show (or give up, so a
            // failure cannot leave the dialog open).
            if (auto* view = dialog->findChild<QTextBrowser*>()) shiftText = view->toPlainText();
            const bool ready = shiftText.contains(QStringLiteral("500"));
            if (!ready && waited.elapsed() < kWaitMs) return;
            watcher.stop();
            screenshot(dialog, QStringLiteral("shift-summary"));
            dialog->close();
        });
        watcher.start();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_S,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isActive(), 2 * kWaitMs);
        QVERIFY2(shiftText.contains(QStringLiteral("500")), qPrintable(shiftText));
    }

    void organizerCreatesAnEventAndWatchesItsSales() {
        Flow flow(*m_server, true);
        flow.signIn(LiveServer::kOrganizer);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventListPage"), kWaitMs);
        flow.window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(flow.window()));
        // Ctrl+Shift+N: a new event.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_N,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventEditorPage"), kWaitMs);
        typeInto(child<QLineEdit>(flow.window(), "eventName"), QStringLiteral("Flow Fest"));
        typeInto(child<QLineEdit>(flow.window(), "eventVenue"), QStringLiteral("Arena"));
        child<QLineEdit>(flow.window(), "rowsTo")->setText(QStringLiteral("F"));
        child<QSpinBox>(flow.window(), "seatsPerRow")->setValue(10);
        QTest::mouseClick(child<QPushButton>(flow.window(), "generateRowsButton"), Qt::LeftButton);
        QTest::mouseClick(child<QPushButton>(flow.window(), "addGeneralButton"), Qt::LeftButton);
        screenshot(flow.window(), QStringLiteral("event-editor"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::ControlModifier);
        // Saved: the sales page of the new event.
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("salesPage"), kWaitMs);
        const auto events = m_server->http().get("/api/v1/events");
        bool found = false;
        for (const auto& event : events.body["events"])
            if (event["name"] == "Flow Fest") {
                found = true;
                QCOMPARE(event["capacity"].get<std::int64_t>(), std::int64_t{6 * 10 + 100});
            }
        QVERIFY(found);
        // The sales of the event the clerk sold from (the demo event), as a chart.
        flow.window()->showSales(m_server->demoEventId());
        QTest::qWait(1500);
        screenshot(flow.window(), QStringLiteral("sales"));
    }

    void buyerConfirmsTheCertificateAndRetriesADeclinedCard() {
        Flow flow(*m_server, /*trustThroughCaFile=*/false);
        // The certificate question comes as a modal dialog: check the fingerprint it shows is
        // the server's own, then trust it.
        // (A timer, not a wait: the dialog runs its own event loop.)
        QString shownFingerprint;
        QTimer watcher;
        watcher.setInterval(50);
        connect(&watcher, &QTimer::timeout, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog) return;
            watcher.stop();
            screenshot(dialog, QStringLiteral("trust-dialog"));
            shownFingerprint = child<QLabel>(dialog, "fingerprintLabel")->text();
            child<QPushButton>(dialog, "trustButton")->click();
        });
        watcher.start();
        flow.signIn(LiveServer::kBuyer);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        QVERIFY(!shownFingerprint.isEmpty());
        QVERIFY(QString::fromStdString(m_server->process().output()).contains(shownFingerprint));

        flow.openEvent(QStringLiteral("Rock Night"));
        flow.holdBestSeats(1);
        if (QTest::currentTestFailed()) return;
        const Id holdId = flow.app.checkout().hold().id;

        // F3: the card form; a card the sandbox declines.
        QTest::keyClick(flow.window(), Qt::Key_F3);
        auto* number = child<QLineEdit>(flow.window(), "cardNumberEdit");
        typeInto(number, QStringLiteral("4000000000000002"));
        typeInto(child<QLineEdit>(flow.window(), "cardExpiryEdit"), QStringLiteral("1230"));
        typeInto(child<QLineEdit>(flow.window(), "cardCvcEdit"), QStringLiteral("123"));
        typeInto(child<QLineEdit>(flow.window(), "cardHolderEdit"), QStringLiteral("Bia Souza"));
        screenshot(flow.window(), QStringLiteral("payment-card"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
        auto* paymentError =
            child<QLabel>(child<QWidget>(flow.window(), "paymentPage"), "errorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(paymentError->isVisible(), kWaitMs);
        QVERIFY2(paymentError->text().contains(QStringLiteral("another card")) ||
                     language() != QStringLiteral("en"),
                 qPrintable(paymentError->text()));
        screenshot(flow.window(), QStringLiteral("payment-declined"));
        QCOMPARE(flow.currentPage(), QStringLiteral("paymentPage"));
        QVERIFY(number->text().isEmpty()); // the number is not kept after the request
        const std::string token = m_server->http().login(LiveServer::kBuyer, kPassword);
        const auto hold = m_server->http().get("/api/v1/holds/" + std::to_string(holdId), token);
        QVERIFY2(hold.status == 200, hold.raw.c_str());
        QCOMPARE(hold.body["hold"]["status"].get<std::string>(), std::string("active"));

        // Another card pays for the same hold.
        typeInto(number, QStringLiteral("4111111111111111"));
        typeInto(child<QLineEdit>(flow.window(), "cardExpiryEdit"), QStringLiteral("1230"));
        typeInto(child<QLineEdit>(flow.window(), "cardCvcEdit"), QStringLiteral("123"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("confirmationPage"), kWaitMs);
        QCOMPARE(flow.app.checkout().lastOrder()->payment.last4.value_or(""), std::string("1111"));
        QCOMPARE(flow.app.checkout().lastOrder()->tickets.size(), std::size_t{1});
    }

    void buyerWaitsInTheWaitingRoomThenChoosesSeats() {
        Flow flow(*m_server, true);
        flow.app.waitingRoom().setPollIntervalMs(300);
        flow.signIn(LiveServer::kBuyer);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        // Three people got there first: the buyer waits behind them (one admission a second).
        for (int i = 0; i < 3; ++i) {
            const std::string email = "early" + std::to_string(i) + "@bilheteria.test";
            bilheteria::testing::addUser(m_server->databaseUrl(), email, "Early", "buyer",
                                         kPassword);
            const std::string token = m_server->http().login(email, kPassword);
            const auto joined =
                m_server->http().post("/api/v1/events/" + std::to_string(m_queueEventId) + "/queue",
                                      nlohmann::json::object(), token);
            QCOMPARE(joined.status, 200);
        }
        flow.openEvent(QStringLiteral("Queue Night"));
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("waitingRoomPage"), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.waitingRoom().status().position > 0, kWaitMs);
        QCOMPARE(flow.app.waitingRoom().status().position, std::int64_t{4});
        screenshot(flow.window(), QStringLiteral("waiting-room"));
        // Admitted within a second or two (60 a minute): the seat map opens by itself.
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventPage"), kWaitMs);
        QCOMPARE(flow.app.waitingRoom().state(), WaitingRoomModel::State::Admitted);
        flow.holdBestSeats(1);
        if (QTest::currentTestFailed()) return;
        QVERIFY(flow.app.checkout().hasHold());
    }

    // An account with two-factor sign-in: the password first, then the code as a second step
    // (a wrong code says so and stays on that step).
    void signInAsksForTheAuthenticatorCode() {
        const std::string email = "twofactor@bilheteria.test";
        bilheteria::testing::addUser(m_server->databaseUrl(), email, "Tess", "clerk", kPassword);
        const std::string token = m_server->http().login(email, kPassword);
        const auto enrollment =
            m_server->http().post("/api/v1/me/totp", nlohmann::json::object(), token);
        QCOMPARE(enrollment.status, 200);
        const auto secret =
            crypto::base32Decode(enrollment.body["secret"].get<std::string>()).value();
        const auto step = crypto::totpStep(QDateTime::currentSecsSinceEpoch());
        QCOMPARE(
            m_server->http()
                .post("/api/v1/me/totp/confirm", {{"code", crypto::totpCode(secret, step)}}, token)
                .status,
            204);

        Flow flow(*m_server, true);
        flow.signIn(email.c_str());
        auto* code = child<QLineEdit>(flow.window(), "totpEdit");
        QTRY_VERIFY_WITH_TIMEOUT(code->isVisible(), kWaitMs);
        QVERIFY(!flow.app.session().isSignedIn());
        screenshot(flow.window(), QStringLiteral("login-code"));
        const std::string good = crypto::totpCode(secret, step + 1); // `step` was used above
        typeInto(code, QString::fromStdString(good == "123456" ? "654321" : "123456"));
        QTest::keyClick(code, Qt::Key_Return);
        auto* error = child<QLabel>(child<QWidget>(flow.window(), "loginPage"), "errorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kWaitMs);
        QVERIFY(code->isVisible());
        typeInto(code, QString::fromStdString(good));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        QCOMPARE(flow.app.session().user().email, email);
    }

    void buyerRegistersAndIsSignedIn() {
        Flow flow(*m_server, true);
        QTest::mouseClick(child<QPushButton>(flow.window(), "switchModeButton"), Qt::LeftButton);
        auto* name = child<QLineEdit>(flow.window(), "nameEdit");
        QVERIFY(name->isVisible());
        typeInto(name, QStringLiteral("Nova Pessoa"));
        typeInto(child<QLineEdit>(flow.window(), "emailEdit"),
                 QStringLiteral("nova@bilheteria.test"));
        typeInto(child<QLineEdit>(flow.window(), "passwordEdit"), QStringLiteral("short"));
        QTest::keyClick(child<QLineEdit>(flow.window(), "passwordEdit"), Qt::Key_Return);
        // Too short: said before anything is sent.
        auto* error = child<QLabel>(child<QWidget>(flow.window(), "loginPage"), "errorLabel");
        QVERIFY(error->isVisible());
        screenshot(flow.window(), QStringLiteral("register"));
        typeInto(child<QLineEdit>(flow.window(), "passwordEdit"),
                 QString::fromStdString(kPassword));
        QTest::keyClick(child<QLineEdit>(flow.window(), "passwordEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        QCOMPARE(flow.app.session().role(), Role::Buyer);
        QCOMPARE(flow.app.session().user().name, std::string("Nova Pessoa"));
    }

    // The login page's language box switches the whole app at once and remembers the choice.
    void theLanguageCanBeChangedFromTheLoginPage() {
        // The app takes over the test's translators, as it does main.cpp's.
        ClientOptions options = Flow::options(*m_server, true, false, 60'000);
        options.translators = std::exchange(m_translators, {});
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
        ClientApp app(&settings, options);
        app.show();
        auto* box = child<QComboBox>(&app.window(), "languageBox");
        auto* title = child<QLabel>(child<QWidget>(&app.window(), "loginPage"), "pageTitle");
        auto choose = [&](const QString& code) {
            const int index = box->findData(code);
            box->setCurrentIndex(index);
            Q_EMIT box->activated(index);
        };
        choose(QStringLiteral("pt_BR"));
        // The language-change event reaches every widget through the event loop.
        QTRY_COMPARE(title->text(), QStringLiteral("Entrar na Bilheteria"));
        QCOMPARE(settings.value(QStringLiteral("ui/language")).toString(), QStringLiteral("pt_BR"));
        choose(QStringLiteral("en"));
        QTRY_COMPARE(title->text(), QStringLiteral("Sign in to Bilheteria"));
        // Back to the language the other tests run in.
        choose(language());
    }

    void kioskStartsAgainWhenLeftAlone() {
        qApp->setStyleSheet(styleSheet(true)); // as main.cpp does with --kiosk
        const auto restoreStyle = qScopeGuard([] { qApp->setStyleSheet(styleSheet(false)); });
        // Long enough for the steps below on a busy machine, short enough to wait for.
        Flow flow(*m_server, true, /*kiosk=*/true, /*idleMs=*/5000);
        QVERIFY(flow.window()->property("kiosk").toBool());
        flow.signIn(LiveServer::kBuyer);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.session().isSignedIn(), kWaitMs);
        flow.openEvent(QStringLiteral("Rock Night"));
        flow.holdBestSeats(1);
        if (QTest::currentTestFailed()) return;
        screenshot(flow.window(), QStringLiteral("kiosk-payment"));
        const Id holdId = flow.app.checkout().hold().id;
        // Nobody touches it: back to the start, signed out, and the seats are free again.
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("loginPage"), kWaitMs);
        // Signed out once the server has answered the release (never before it).
        QTRY_VERIFY_WITH_TIMEOUT(!flow.app.session().isSignedIn(), kWaitMs);
        QVERIFY(child<QLineEdit>(flow.window(), "passwordEdit")->text().isEmpty());
        const std::string token = m_server->http().login(LiveServer::kBuyer, kPassword);
        const auto hold = m_server->http().get("/api/v1/holds/" + std::to_string(holdId), token);
        QVERIFY2(hold.status == 200, hold.raw.c_str());
        QCOMPARE(hold.body["hold"]["status"].get<std::string>(), std::string("released"));
        screenshot(flow.window(), QStringLiteral("kiosk-start"));
        // The window does not close at a person's request.
        flow.window()->close();
        QVERIFY(flow.window()->isVisible());
    }

    void doorAdmitsRefusesAndWorksOffline() {
        const std::vector<Ticket> tickets = sellSeats(2);
        if (QTest::currentTestFailed()) return;
        bilheteria::testing::addUser(m_server->databaseUrl(), "gate@bilheteria.test", "Gate Staff",
                                     "door", kPassword);
        Flow flow(*m_server, true);
        flow.signIn("gate@bilheteria.test");
        // Door staff land on the door screen.
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("doorPage"), kWaitMs);
        // The event from the list (it loads with the page), then the gate's name.
        auto* picker = child<QComboBox>(flow.window(), "doorEventPicker");
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.events().rowOfEvent(m_server->demoEventId()) >= 0,
                                 kWaitMs);
        picker->setCurrentIndex(flow.app.events().rowOfEvent(m_server->demoEventId()));
        Q_EMIT picker->activated(picker->currentIndex());
        typeInto(child<QLineEdit>(flow.window(), "doorGateEdit"), QStringLiteral("Gate 3"));
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.door().hasBundle(), kWaitMs);
        auto* scan = child<QLineEdit>(flow.window(), "doorScanEdit");
        auto* title = child<QLabel>(flow.window(), "doorVerdictTitle");
        screenshot(flow.window(), QStringLiteral("door-ready"));

        // The scanner types the token and Enter.
        typeInto(scan, QString::fromStdString(*tickets.at(0).qr));
        QTest::keyClick(scan, Qt::Key_Return);
        QVERIFY(scan->text().isEmpty()); // ready for the next one at once
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.door().lastVerdict().has_value(), kWaitMs);
        QCOMPARE(flow.app.door().lastVerdict()->kind, ScanVerdict::Kind::Admitted);
        QCOMPARE(title->text(), DoorPage::verdictTitle(*flow.app.door().lastVerdict()));
        QVERIFY(child<QLabel>(flow.window(), "doorVerdictPlace")
                    ->text()
                    .contains(QString::fromStdString(*tickets.at(0).row)));
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.door().admittedCount() >= 1, kWaitMs);
        screenshot(flow.window(), QStringLiteral("door-admitted"));

        // The same ticket again: refused, with the first entry's gate.
        typeInto(scan, QString::fromStdString(*tickets.at(0).qr));
        QTest::keyClick(scan, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(flow.app.door().lastVerdict()->kind, ScanVerdict::Kind::AlreadyIn,
                                  kWaitMs);
        QVERIFY(child<QLabel>(flow.window(), "doorVerdictDetail")
                    ->text()
                    .contains(QStringLiteral("Gate 3")));
        screenshot(flow.window(), QStringLiteral("door-already-in"));

        // Offline by hand: the scanner decides alone and keeps the scan.
        QTest::mouseClick(child<QCheckBox>(flow.window(), "doorWorkOffline"), Qt::LeftButton);
        QVERIFY(flow.app.door().isOffline());
        typeInto(scan, QString::fromStdString(*tickets.at(1).qr));
        QTest::keyClick(scan, Qt::Key_Return);
        QCOMPARE(flow.app.door().lastVerdict()->kind, ScanVerdict::Kind::Admitted);
        QVERIFY(flow.app.door().lastVerdict()->offline);
        QCOMPARE(flow.app.door().pendingCount(), qsizetype{1});
        screenshot(flow.window(), QStringLiteral("door-offline"));
        // Back online: the scan is sent, and the server has the ticket checked in.
        QTest::mouseClick(child<QCheckBox>(flow.window(), "doorWorkOffline"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(flow.app.door().pendingCount(), qsizetype{0}, kWaitMs);
        const std::string token = m_server->http().login(LiveServer::kClerk, kPassword);
        const auto stored =
            m_server->http().get("/api/v1/orders/" + std::to_string(m_lastOrderId), token);
        QCOMPARE(stored.status, 200);
        for (const auto& ticket : stored.body["order"]["tickets"])
            QCOMPARE(ticket["status"].get<std::string>(), std::string("checked_in"));
    }

    void clerkRefundsATicketOfAnOrder() {
        sellSeats(2);
        if (QTest::currentTestFailed()) return;
        const Id orderId = m_lastOrderId;
        Flow flow(*m_server, true);
        flow.signIn(LiveServer::kClerk);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventListPage"), kWaitMs);
        flow.window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(flow.window()));
        // Ctrl+Shift+R: orders and refunds.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_R,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("afterSalePage"), kWaitMs);
        auto* find = child<QLineEdit>(flow.window(), "orderFindEdit");
        QTRY_VERIFY(find->hasFocus());
        QTest::keyClicks(find, QString::number(orderId));
        QTest::keyClick(find, Qt::Key_Return);
        auto* table = child<QAbstractItemView>(flow.window(), "orderTickets");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            !table->model()->index(0, AfterSaleModel::PriceColumn).data().toString().isEmpty(),
            kWaitMs);
        table->model()->setData(table->model()->index(0, AfterSaleModel::TicketColumn), Qt::Checked,
                                Qt::CheckStateRole);
        typeInto(child<QLineEdit>(flow.window(), "refundReasonEdit"),
                 QStringLiteral("Cannot come"));
        screenshot(flow.window(), QStringLiteral("refund"));

        // The confirmation says how much to hand back; the clerk confirms.
        QString confirmation;
        QTimer watcher;
        watcher.setInterval(50);
        connect(&watcher, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) return;
            watcher.stop();
            confirmation = box->text();
            screenshot(box, QStringLiteral("refund-confirmation"));
            child<QPushButton>(box, "confirmRefundButton")->click();
        });
        watcher.start();
        QTest::mouseClick(child<QPushButton>(flow.window(), "refundButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isActive(), kWaitMs);
        const QString amount = formatMoney(25'000, QStringLiteral("BRL"));
        QVERIFY2(confirmation.contains(amount), qPrintable(confirmation));
        auto* message = child<QLabel>(flow.window(), "afterSaleMessage");
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), kWaitMs);
        QVERIFY2(message->text().contains(amount), qPrintable(message->text()));
        screenshot(flow.window(), QStringLiteral("refund-done"));
        const std::string token = m_server->http().login(LiveServer::kClerk, kPassword);
        const auto stored =
            m_server->http().get("/api/v1/orders/" + std::to_string(orderId), token);
        QCOMPARE(stored.body["order"]["status"].get<std::string>(),
                 std::string("partially_refunded"));
        QCOMPARE(stored.body["order"]["tickets"][0]["status"].get<std::string>(),
                 std::string("refunded"));
    }

    void clerkExchangesATicketForAnotherSeat() {
        const std::vector<Ticket> sold = sellSeats(1);
        if (QTest::currentTestFailed()) return;
        const Id orderId = m_lastOrderId;
        Flow flow(*m_server, true);
        flow.signIn(LiveServer::kClerk);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventListPage"), kWaitMs);
        flow.window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(flow.window()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_R,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("afterSalePage"), kWaitMs);
        auto* find = child<QLineEdit>(flow.window(), "orderFindEdit");
        QTRY_VERIFY(find->hasFocus());
        QTest::keyClicks(find, QString::number(orderId));
        QTest::keyClick(find, Qt::Key_Return);
        auto* table = child<QAbstractItemView>(flow.window(), "orderTickets");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, kWaitMs);
        auto* exchangeButton = child<QPushButton>(flow.window(), "exchangeButton");
        QTRY_VERIFY_WITH_TIMEOUT(exchangeButton->isEnabled(), kWaitMs);

        // Alt+X (Alt+A in Portuguese: the button's accelerator): the exchange of the current
        // (first valid) ticket.
        const QString label = exchangeButton->text();
        const qsizetype amp = label.indexOf(u'&');
        QVERIFY(amp >= 0 && amp + 1 < label.size());
        QTest::keyClick(find, static_cast<Qt::Key>(label.at(amp + 1).toUpper().unicode()),
                        Qt::AltModifier);
        ExchangeDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = flow.window()->findChild<ExchangeDialog*>()) != nullptr,
                                 kWaitMs);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        SeatMapView* view = dialog->seatMapView();
        SeatMapModel* map = view->model();
        QTRY_VERIFY_WITH_TIMEOUT(map->hasEvent() && map->seatCount() > 0, kWaitMs);
        auto* difference = child<QLabel>(dialog, "exchangeDifference");
        auto* confirm = child<QPushButton>(dialog, "exchangeConfirmButton");
        QVERIFY(!confirm->isEnabled()); // no place chosen yet

        // A click on the general-admission box: cheaper, the difference is given back.
        int pista = -1;
        for (std::size_t i = 0; i < map->sections().size(); ++i)
            if (map->sections()[i].kind == SectionKind::General) pista = static_cast<int>(i);
        QVERIFY(pista >= 0);
        const QRectF box = view->toWidget(map->sections()[static_cast<std::size_t>(pista)].bounds);
        QTest::mouseClick(view, Qt::LeftButton, {}, box.center().toPoint());
        const QString back = formatMoney(10'000, QStringLiteral("BRL"));
        QTRY_COMPARE_WITH_TIMEOUT(difference->text(), ExchangeModel::tr("Give back %1").arg(back),
                                  kWaitMs);
        QVERIFY(child<QGroupBox>(dialog, "exchangePaymentBox")->isHidden());
        screenshot(dialog, QStringLiteral("exchange-cheaper"));

        // A click on a free seat of the ticket's section: the same price, nothing to pay.
        const auto free = map->bestAvailable(sold.at(0).sectionId, 1);
        QCOMPARE(free.size(), std::size_t{1});
        const Id newSeat = map->seatId(free.at(0));
        view->centreOn(map->seatRect(free.at(0)).center());
        QTest::mouseClick(view, Qt::LeftButton, {},
                          view->toWidget(map->seatRect(free.at(0)).center()).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(difference->text(),
                                  ExchangeModel::tr("Same price: nothing to pay"), kWaitMs);
        QCOMPARE(map->selectedSeatIds(), std::vector<Id>{newSeat});
        QVERIFY(!map->generalSection());
        QVERIFY(confirm->isEnabled());
        screenshot(dialog, QStringLiteral("exchange"));

        // Ctrl+Enter exchanges; the new ticket shows, ready to print or save.
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isDone(), kWaitMs);
        auto* message = child<QLabel>(dialog, "exchangeMessage");
        QVERIFY(message->isVisible());
        QVERIFY(child<QWidget>(dialog, "exchangeTicketPreview")->isVisible());
        QVERIFY(child<QPushButton>(dialog, "exchangePrintButton")->isVisible());
        screenshot(dialog, QStringLiteral("exchange-done"));
        QTemporaryDir out;
        const QString pdf = out.filePath(QStringLiteral("ticket.pdf"));
        QVERIFY(dialog->saveTicketPdf(pdf));
        QVERIFY(QFileInfo(pdf).size() > 1000);

        // Done: back on the order, which now holds the new ticket.
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(flow.window()->findChild<ExchangeDialog*>() == nullptr, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, kWaitMs);
        screenshot(flow.window(), QStringLiteral("exchange-order"));
        const std::string token = m_server->http().login(LiveServer::kClerk, kPassword);
        const auto stored =
            m_server->http().get("/api/v1/orders/" + std::to_string(orderId), token);
        const auto& tickets = stored.body["order"]["tickets"];
        QCOMPARE(tickets.size(), std::size_t{2});
        bool hasNew = false;
        for (const auto& ticket : tickets) {
            if (ticket["id"].get<Id>() == sold.at(0).id)
                QCOMPARE(ticket["status"].get<std::string>(), std::string("exchanged"));
            else
                hasNew = ticket["seat_id"].get<Id>() == newSeat &&
                         ticket["status"].get<std::string>() == "valid";
        }
        QVERIFY(hasNew);
    }

    // A dearer place (a seat for a general-admission ticket): the payment of the difference
    // appears, cash shows the change (F2), and Ctrl+Enter pays it and exchanges.
    void clerkExchangesForADearerPlaceAndPaysTheDifference() {
        auto clerk = m_server->client(LiveServer::kClerk);
        const auto event = bilheteria::testing::await<Event>(
            [&](QObject* c, auto done) { clerk->event(m_server->demoEventId(), c, done); });
        QVERIFY(event);
        Id pista = 0;
        for (const auto& section : event->sections)
            if (section.kind == SectionKind::General) pista = section.id;
        const auto order = bilheteria::testing::sellAtCounter(
            *clerk, m_server->demoEventId(), HoldRequest{{}, pista, 1}, CashPayment{0});
        QVERIFY2(order, qPrintable(order ? QString() : order.error().message()));
        Flow flow(*m_server, true);
        flow.signIn(LiveServer::kClerk);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventListPage"), kWaitMs);
        flow.window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(flow.window()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_R,
                        Qt::ControlModifier | Qt::ShiftModifier);
        auto* find = child<QLineEdit>(flow.window(), "orderFindEdit");
        QTRY_VERIFY_WITH_TIMEOUT(find->hasFocus(), kWaitMs);
        QTest::keyClicks(find, QString::number(order->id));
        QTest::keyClick(find, Qt::Key_Return);
        auto* exchangeButton = child<QPushButton>(flow.window(), "exchangeButton");
        QTRY_VERIFY_WITH_TIMEOUT(exchangeButton->isEnabled(), kWaitMs);
        QTest::mouseClick(exchangeButton, Qt::LeftButton);
        ExchangeDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = flow.window()->findChild<ExchangeDialog*>()) != nullptr,
                                 kWaitMs);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        SeatMapView* view = dialog->seatMapView();
        SeatMapModel* map = view->model();
        QTRY_VERIFY_WITH_TIMEOUT(map->hasEvent() && map->seatCount() > 0, kWaitMs);

        // Ctrl+B on a general-admission ticket finds no seat of its section: click one.
        const auto free = map->bestAvailable(std::nullopt, 1);
        QCOMPARE(free.size(), std::size_t{1});
        view->centreOn(map->seatRect(free.at(0)).center());
        QTest::mouseClick(view, Qt::LeftButton, {},
                          view->toWidget(map->seatRect(free.at(0)).center()).toPoint());
        const QString due = formatMoney(10'000, QStringLiteral("BRL"));
        auto* difference = child<QLabel>(dialog, "exchangeDifference");
        QTRY_COMPARE_WITH_TIMEOUT(difference->text(),
                                  ExchangeModel::tr("Customer pays %1").arg(due), kWaitMs);
        QVERIFY(child<QGroupBox>(dialog, "exchangePaymentBox")->isVisible());
        auto* confirm = child<QPushButton>(dialog, "exchangeConfirmButton");
        QVERIFY(!confirm->isEnabled()); // not paid yet

        // F2: cash; R$ 200 given, R$ 100 change.
        QTest::keyClick(view, Qt::Key_F2);
        auto* tendered = child<QLineEdit>(dialog, "exchangeTenderedEdit");
        QTRY_VERIFY(tendered->hasFocus());
        QTest::keyClicks(tendered, QStringLiteral("200"));
        QVERIFY(confirm->isEnabled());
        QVERIFY(child<QLabel>(dialog, "exchangeChange")->text().contains(due));
        screenshot(dialog, QStringLiteral("exchange-dearer"));
        QTest::keyClick(tendered, Qt::Key_Return, Qt::ControlModifier);
        auto* message = child<QLabel>(dialog, "exchangeMessage");
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible() || dialog->isDone(), kWaitMs);
        screenshot(dialog, QStringLiteral("exchange-dearer-answer"));
        QVERIFY2(dialog->isDone(), qPrintable(message->text()));
        // "Paid R$ 100,00 in cash; change R$ 100,00."
        QVERIFY2(message->text().count(due) == 2, qPrintable(message->text()));
        QVERIFY(child<QPushButton>(dialog, "exchangePrintButton")->isVisible());
    }

    // Cancelling an event asks for its name to be typed: a wrong name keeps the button off.
    // The cancellation itself (POST /events/{id}/cancel, contract-after-sale item 2) is not on
    // this branch's server: the page then shows the server's refusal; with it, the result.
    void organizerCancelsAnEventByTypingItsName() {
        const Id eventId =
            m_server->createEvent(bilheteria::testing::demoEventBody("Cancelled Gala"));
        Flow flow(*m_server, true);
        flow.signIn(LiveServer::kOrganizer);
        QTRY_COMPARE_WITH_TIMEOUT(flow.currentPage(), QStringLiteral("eventListPage"), kWaitMs);
        flow.window()->showSales(eventId);
        QTRY_VERIFY_WITH_TIMEOUT(flow.app.events().rowOfEvent(eventId) >= 0, kWaitMs);
        bool wrongNameRefused = false;
        QTimer watcher;
        watcher.setInterval(50);
        connect(&watcher, &QTimer::timeout, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog || dialog->objectName() != QLatin1String("cancelEventDialog")) return;
            watcher.stop();
            auto* name = child<QLineEdit>(dialog, "cancelEventName");
            auto* confirm = child<QPushButton>(dialog, "confirmCancelEventButton");
            typeInto(name, QStringLiteral("Cancelled Gal"));
            wrongNameRefused = !confirm->isEnabled();
            typeInto(name, QStringLiteral("Cancelled Gala"));
            typeInto(child<QLineEdit>(dialog, "cancelEventReason"), QStringLiteral("Storm"));
            screenshot(dialog, QStringLiteral("cancel-event"));
            confirm->click();
        });
        watcher.start();
        QTest::mouseClick(child<QPushButton>(flow.window(), "cancelEventButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isActive(), kWaitMs);
        QVERIFY(wrongNameRefused);
        auto* refusal = child<QLabel>(flow.window(), "salesMessage");
        QTRY_VERIFY_WITH_TIMEOUT(
            refusal->isVisible() ||
                flow.window()->findChild<QMessageBox*>(QStringLiteral("eventCancelledMessage")),
            kWaitMs);
    }

private:
    // A counter sale of `count` free seats of the demo event, in cash; its tickets.
    std::vector<Ticket> sellSeats(int count) {
        auto clerk = m_server->client(LiveServer::kClerk);
        const auto order =
            bilheteria::testing::sellFreeSeats(*clerk, m_server->demoEventId(), count);
        if (!order) {
            QTest::qFail(qPrintable(order.error().message()), __FILE__, __LINE__);
            return {};
        }
        m_lastOrderId = order->id;
        return order->tickets;
    }

    Id m_lastOrderId = 0;
    QSettings m_settings{QSettings::IniFormat, QSettings::UserScope,
                         QStringLiteral("bilheteria-test")};
    QList<QTranslator*> m_translators;
    std::unique_ptr<LiveServer> m_server;
    Id m_queueEventId = 0;
};

QTEST_MAIN(TestFlows)
#include "tst_flows.moc"
