// The checkout screens: the ticket's QR code (libqrencode's modules, quiet zone, finder
// patterns where they belong), tickets written to a PDF one per page, and the flow in the
// window against the real server: hold → payment page with the hold bar → cash with change in
// a few keys → confirmation with the tickets → new sale. Set BILHETERIA_SCREENSHOT_DIR to keep
// screenshots of the pages.
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qrencode.h>

#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/money.h"
#include "client-qt/models/session.h"
#include "client-qt/ui/confirmationpage.h"
#include "client-qt/ui/holdbar.h"
#include "client-qt/ui/mainwindow.h"
#include "client-qt/ui/paymentpage.h"
#include "client-qt/ui/ticketrenderer.h"
#include "shared/crypto/crypto.h"
#include "shared/ticketqr.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;
using bilheteria::testing::saveScreenshot;

namespace {

constexpr int kWaitMs = 20'000;
const QString kCode = QStringLiteral("q3Xb9vT0aZ-_kP2mLw7yHg"); // 22 base64url characters

int countPages(const QByteArray& pdf) {
    // Page objects are "/Type /Page"; the page tree is "/Type /Pages".
    int pages = 0;
    for (qsizetype at = pdf.indexOf("/Type /Page"); at >= 0;
         at = pdf.indexOf("/Type /Page", at + 1))
        if (at + 11 >= pdf.size() || pdf.at(at + 11) != 's') ++pages;
    return pages;
}

TicketView sampleTicket(int number) {
    return TicketView{QStringLiteral("Rock Night"),
                      QStringLiteral("Arena"),
                      QStringLiteral("31 December 2030 22:00"),
                      QStringLiteral("Plateia"),
                      QStringLiteral("Row A · Seat %1").arg(number),
                      kCode,
                      QStringLiteral("Order 7 · ticket %1 of 3").arg(number),
                      kCode};
}

// The modules of the QR code painted in `image`: its dark modules are the only pure black
// pixels on a ticket (text is dark grey, antialiased towards white), so their bounding box is
// the code, `width` modules wide; each module is read at its centre.
QImage readPaintedQr(const QImage& image, int width) {
    QRect box;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) == qRgb(0, 0, 0)) box |= QRect(x, y, 1, 1);
    QImage modules(width + 2 * kQrQuietZone, width + 2 * kQrQuietZone, QImage::Format_Grayscale8);
    modules.fill(Qt::white);
    const qreal module = qreal(box.width()) / width;
    for (int row = 0; row < width; ++row)
        for (int col = 0; col < width; ++col) {
            const QPoint centre(box.left() + qRound((col + 0.5) * module),
                                box.top() + qRound((row + 0.5) * module));
            if (qGray(image.pixel(centre)) < 128)
                modules.setPixel(col + kQrQuietZone, row + kQrQuietZone, 0);
        }
    return modules;
}

// The window as main.cpp builds it, on the test server.
struct App {
    explicit App(LiveServer& server, HoldCountdown::Clock clock = {})
        : api(server.client())
        , settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat)
        , session(api.get(), &settings)
        , events(api.get())
        , checkout(api.get(), nullptr, std::move(clock))
        , window(&session, &events, {}) {
        window.attachCheckout(&checkout);
        window.resize(1200, 800);
    }
    bool signInAndShow(const char* email) {
        QSignalSpy signedIn(&session, &Session::signedIn);
        session.signIn(QString::fromLatin1(email),
                       QString::fromStdString(bilheteria::testing::kTestPassword));
        if (!signedIn.wait(kWaitMs)) return false;
        window.show();
        return QTest::qWaitForWindowExposed(&window);
    }

    std::unique_ptr<ApiClient> api;
    QTemporaryDir dir;
    QSettings settings;
    Session session;
    EventListModel events;
    CheckoutModel checkout;
    MainWindow window;
};

} // namespace

class TestCheckoutPages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QFile sheet(QStringLiteral(":/styles/bilheteria.qss"));
        QVERIFY(sheet.open(QIODevice::ReadOnly));
        qApp->setStyleSheet(QString::fromUtf8(sheet.readAll()));
        m_server = std::make_unique<LiveServer>();
    }
    void cleanupTestCase() { m_server.reset(); }

    void moneyReadsWithItsSymbolFirst() {
        QCOMPARE(formatMoney(15'000, QStringLiteral("BRL"), QLocale::c()),
                 QStringLiteral("R$150.00"));
        QCOMPARE(formatMoney(123'456, QStringLiteral("BRL"), QLocale(QLocale::English)),
                 QStringLiteral("R$1,234.56"));
        const QString brazilian = formatMoney(15'000, QStringLiteral("BRL"),
                                              QLocale(QLocale::Portuguese, QLocale::Brazil));
        QVERIFY2(brazilian.startsWith(QStringLiteral("R$")) &&
                     brazilian.endsWith(QStringLiteral("150,00")),
                 qPrintable(brazilian));
    }

    void qrCodeHasLibqrencodesModulesAndAQuietZone() {
        const QImage image = qrImage(kCode);
        QVERIFY(!image.isNull());
        QRcode* code =
            QRcode_encodeString(kCode.toUtf8().constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        QVERIFY(code);
        const int width = code->width;
        QCOMPARE(width, 25); // 22 bytes at level M: version 2
        QCOMPARE(image.width(), width + 2 * kQrQuietZone);
        QCOMPARE(image.height(), image.width());
        // Every module as libqrencode says, and a white border four modules wide.
        int mismatches = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const bool inside = x >= kQrQuietZone && y >= kQrQuietZone &&
                                    x < kQrQuietZone + width && y < kQrQuietZone + width;
                const bool dark =
                    inside && (code->data[(y - kQrQuietZone) * width + (x - kQrQuietZone)] & 1);
                if ((qGray(image.pixel(x, y)) < 128) != dark) ++mismatches;
            }
        QRcode_free(code);
        QCOMPARE(mismatches, 0);
        // The finder pattern in the top-left corner: dark ring, light ring, dark 3×3 core.
        const int q = kQrQuietZone;
        auto dark = [&](int x, int y) { return qGray(image.pixel(q + x, q + y)) < 128; };
        QVERIFY(dark(0, 0) && dark(6, 0) && dark(0, 6) && dark(6, 6));
        QVERIFY(!dark(1, 1) && !dark(5, 5));
        QVERIFY(dark(2, 2) && dark(3, 3) && dark(4, 4));
        QVERIFY(!dark(7, 7)); // the separator
        // The other two finder patterns sit in the top-right and bottom-left corners.
        QVERIFY(dark(width - 1, 0) && dark(width - 4, 3) && !dark(width - 2, 1));
        QVERIFY(dark(0, width - 1) && dark(3, width - 4) && !dark(1, width - 2));
    }

    void ticketPaintsTheQrCodeSharply() {
        QImage image(600, 848, QImage::Format_RGB32);
        image.fill(Qt::red);
        {
            QPainter painter(&image);
            paintTicket(painter, QRectF(0, 0, 600, 848), sampleTicket(1));
        }
        // Painted all over, and the QR code shows pure black and pure white (no blur).
        QVERIFY(image.pixelColor(300, 2) != QColor(Qt::red));
        int black = 0, white = 0;
        for (int y = 380; y < 620; ++y)
            for (int x = 200; x < 400; ++x) {
                const QRgb px = image.pixel(x, y);
                if (px == qRgb(0, 0, 0)) ++black;
                if (px == qRgb(255, 255, 255)) ++white;
            }
        QVERIFY2(black > 5000 && white > 5000,
                 qPrintable(QStringLiteral("%1 black, %2 white").arg(black).arg(white)));
        const QString dir = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR");
        if (!dir.isEmpty()) image.save(dir + QStringLiteral("/ticket.png"));
    }

    // A printed ticket's QR code holds the signed token the door verifies (and falls back to
    // the code for a ticket without one): the painted modules are exactly libqrencode's
    // encoding of the token, and the token verifies with the event's key.
    void ticketQrHoldsTheSignedToken() {
        const auto keys = bilheteria::crypto::ed25519Generate();
        TicketClaims claims;
        claims.eventId = 7;
        claims.ticketId = 41;
        claims.code = kCode.toStdString();
        claims.sectionId = 3;
        claims.row = "A";
        claims.number = 12;
        claims.issuedAt = TimePoint(std::chrono::seconds(1'900'000'000));
        claims.keyId = "e7g1-test";
        const std::string token = signTicketToken(claims, keys.privateKey);
        const PublicKeyInfo key{claims.keyId, "Ed25519",
                                bilheteria::crypto::base64UrlEncode(keys.publicKey)};

        Order order;
        order.id = 7;
        Ticket withToken;
        withToken.id = 41;
        withToken.code = kCode.toStdString();
        withToken.section = "Plateia";
        withToken.qr = token;
        Ticket withoutToken = withToken;
        withoutToken.qr.reset();
        order.tickets = {withToken, withoutToken};
        const QList<TicketView> views = ticketViews(order, std::nullopt);
        QCOMPARE(views.at(0).qr, QString::fromStdString(token));
        QCOMPARE(views.at(0).code, kCode); // still printed for typing
        QCOMPARE(views.at(1).qr, kCode);

        QImage image(600, 848, QImage::Format_RGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            paintTicket(painter, QRectF(0, 0, 600, 848), views.at(0));
        }
        const QImage expected = qrImage(views.at(0).qr);
        QVERIFY(!expected.isNull());
        const QImage painted = readPaintedQr(image, expected.width() - 2 * kQrQuietZone);
        QCOMPARE(painted, expected.convertToFormat(QImage::Format_Grayscale8));
        QVERIFY(painted != qrImage(kCode)); // not the bare code
        const auto verified = verifyTicketToken(views.at(0).qr.toStdString(), {key});
        QVERIFY(verified.has_value());
        QCOMPARE(verified->ticketId, Id{41});
    }

    void writesOneTicketPerPdfPage() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tickets.pdf"));
        QVERIFY(writeTicketsPdf(path, {sampleTicket(1), sampleTicket(2), sampleTicket(3)}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pdf = file.readAll();
        QVERIFY(pdf.startsWith("%PDF"));
        QCOMPARE(countPages(pdf), 3);
        // A6 portrait: 105 × 148 mm is 297.6 × 419.5 points.
        QVERIFY2(pdf.contains("/MediaBox [0 0 297"), pdf.left(2000).constData());

        QVERIFY(!writeTicketsPdf(QStringLiteral("/nonexistent-dir/x.pdf"), {sampleTicket(1)}));
    }

    void paysCashAtTheCounterInAFewKeys() {
        App app(*m_server);
        QVERIFY(app.signInAndShow(LiveServer::kClerk));
        LiveServer& server = *m_server;
        ApiClient* api = app.api.get();
        CheckoutModel& checkout = app.checkout;
        MainWindow& window = app.window;
        QTemporaryDir dir;

        const auto seats = await<std::vector<Seat>>(
            [&](QObject* c, auto done) { api->seats(server.demoEventId(), c, done); });
        QVERIFY(seats);
        window.startCheckout(server.demoEventId(),
                             HoldRequest{{seats->at(4).id, seats->at(5).id}, std::nullopt, 0});
        auto* payment = window.findChild<PaymentPage*>(QStringLiteral("paymentPage"));
        QVERIFY(payment);
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), payment, kWaitMs);
        auto* holdBar = window.findChild<HoldBar*>(QStringLiteral("holdBar"));
        QVERIFY(holdBar->isVisible());
        QVERIFY(holdBar->timeText().startsWith(QStringLiteral("10:")) ||
                holdBar->timeText().startsWith(QStringLiteral("9:")));
        auto* total = payment->findChild<QLabel*>(QStringLiteral("holdTotalLabel"));
        QCOMPARE(total->text(), formatMoney(50000, QStringLiteral("BRL")));
        QTRY_VERIFY_WITH_TIMEOUT(checkout.event().has_value(), kWaitMs);

        // The card form: Pay stays disabled until every field is right.
        auto* number = payment->findChild<QLineEdit*>(QStringLiteral("cardNumberEdit"));
        auto* payCard = payment->findChild<QPushButton*>(QStringLiteral("payCardButton"));
        QTest::keyClick(&window, Qt::Key_F3);
        QVERIFY(number->hasFocus());
        QTest::keyClicks(number, QStringLiteral("4111111111111112"));
        QCOMPARE(number->text(), QStringLiteral("4111 1111 1111 1112")); // grouped as typed
        auto* numberMessage = payment->findChild<QLabel*>(QStringLiteral("cardNumberMessage"));
        QVERIFY(!numberMessage->isHidden()); // wrong check digit: said at once
        QVERIFY(!payCard->isEnabled());
        number->clear();
        QTest::keyClicks(number, QStringLiteral("4111111111111111"));
        QVERIFY(numberMessage->isHidden());
        QCOMPARE(payment->findChild<QLabel*>(QStringLiteral("cardBrandLabel"))->text(),
                 QStringLiteral("Visa"));
        QTest::keyClicks(payment->findChild<QLineEdit*>(QStringLiteral("cardExpiryEdit")),
                         QStringLiteral("12/34"));
        QTest::keyClicks(payment->findChild<QLineEdit*>(QStringLiteral("cardCvcEdit")),
                         QStringLiteral("12"));
        QTest::keyClicks(payment->findChild<QLineEdit*>(QStringLiteral("cardHolderEdit")),
                         QStringLiteral("Ana Souza"));
        QVERIFY(!payCard->isEnabled()); // CVC too short
        saveScreenshot(&window, QStringLiteral("payment-card"));

        // F2, the amount, Enter: the counter's cash sale.
        QTest::keyClick(&window, Qt::Key_F2);
        auto* tendered = payment->findChild<QLineEdit*>(QStringLiteral("tenderedEdit"));
        QVERIFY(tendered->hasFocus());
        auto* change = payment->findChild<QLabel*>(QStringLiteral("changeLabel"));
        QTest::keyClicks(tendered, QStringLiteral("400"));
        QCOMPARE(change->text(), formatMoney(10000, QStringLiteral("BRL"))); // R$ 400 − 500: short
        QVERIFY(!payment->findChild<QPushButton*>(QStringLiteral("payCashButton"))->isEnabled());
        QTest::keyClicks(tendered, QStringLiteral("0"));
        QCOMPARE(tendered->text(), QStringLiteral("4000"));
        tendered->setText(QStringLiteral("600"));
        QCOMPARE(change->text(), formatMoney(10000, QStringLiteral("BRL")));
        QVERIFY(payment->findChild<QPushButton*>(QStringLiteral("payCashButton"))->isEnabled());
        saveScreenshot(&window, QStringLiteral("payment-cash"));

        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        QTest::keyClick(tendered, Qt::Key_Return);
        QVERIFY(completed.wait(kWaitMs));
        auto* confirmation =
            window.findChild<ConfirmationPage*>(QStringLiteral("confirmationPage"));
        QCOMPARE(window.currentPage(), confirmation);
        QVERIFY(!holdBar->isVisible());
        QCOMPARE(confirmation->tickets().size(), 2);
        QCOMPARE(confirmation->tickets().front().eventName, QStringLiteral("Rock Night"));
        QVERIFY(confirmation->findChild<QLabel*>(QStringLiteral("orderNumberLabel"))
                    ->text()
                    .contains(QString::number(checkout.lastOrder()->id)));
        QVERIFY(confirmation->findChild<QLabel*>(QStringLiteral("orderPaymentLabel"))
                    ->text()
                    .contains(formatMoney(10000, QStringLiteral("BRL"))));
        QVERIFY(confirmation->findChild<QWidget*>(QStringLiteral("ticketPreview1")));
        QTest::qWait(50);
        saveScreenshot(&window, QStringLiteral("confirmation"));
        const QString pdfPath = dir.filePath(QStringLiteral("order.pdf"));
        QVERIFY(confirmation->savePdf(pdfPath));
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(countPages(pdf.readAll()), 2);

        // Ctrl+N: a new sale starts from the events.
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("eventListPage"));
        QCOMPARE(checkout.state(), CheckoutModel::State::Idle);
    }

    void aBuyerHasNoCashTabAndTheBarWarnsInTheLastMinute() {
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        App app(*m_server, [&now] { return now; });
        QVERIFY(app.signInAndShow(LiveServer::kBuyer));
        LiveServer& server = *m_server;
        ApiClient* api = app.api.get();
        CheckoutModel& checkout = app.checkout;
        MainWindow& window = app.window;

        const auto event =
            await<Event>([&](QObject* c, auto done) { api->event(server.demoEventId(), c, done); });
        QVERIFY(event);
        window.startCheckout(server.demoEventId(),
                             HoldRequest{{}, event->sections.at(1).id, 2}); // Pista × 2
        auto* payment = window.findChild<PaymentPage*>(QStringLiteral("paymentPage"));
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), payment, kWaitMs);
        auto* tabs = payment->findChild<QTabWidget*>(QStringLiteral("paymentTabs"));
        QVERIFY(!tabs->isTabVisible(1));
        QTest::keyClick(&window, Qt::Key_F2); // no cash for buyers: stays on the card
        QCOMPARE(tabs->currentIndex(), 0);

        // A declined card: said plainly, the seats still held, the card fields empty for
        // another card, the name kept.
        auto* number = payment->findChild<QLineEdit*>(QStringLiteral("cardNumberEdit"));
        auto* expiry = payment->findChild<QLineEdit*>(QStringLiteral("cardExpiryEdit"));
        auto* cvc = payment->findChild<QLineEdit*>(QStringLiteral("cardCvcEdit"));
        auto* holder = payment->findChild<QLineEdit*>(QStringLiteral("cardHolderEdit"));
        QTest::keyClicks(number, QStringLiteral("4000000000000002"));
        QTest::keyClicks(expiry, QStringLiteral("1230"));
        QTest::keyClicks(cvc, QStringLiteral("123"));
        QTest::keyClicks(holder, QStringLiteral("Ana Souza"));
        QVERIFY(payment->findChild<QPushButton*>(QStringLiteral("payCardButton"))->isEnabled());
        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        QTest::keyClick(holder, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(failed.wait(kWaitMs));
        auto* error = payment->findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("another card")), qPrintable(error->text()));
        QVERIFY(
            !payment->findChild<QPushButton*>(QStringLiteral("retryPaymentButton"))->isVisible());
        QCOMPARE(window.currentPage(), payment);
        QVERIFY(number->text().isEmpty() && expiry->text().isEmpty() && cvc->text().isEmpty());
        QCOMPARE(holder->text(), QStringLiteral("Ana Souza"));
        QVERIFY(number->hasFocus());
        saveScreenshot(&window, QStringLiteral("payment-declined"));

        auto* holdBar = window.findChild<HoldBar*>(QStringLiteral("holdBar"));
        QVERIFY(holdBar->isVisible());
        QVERIFY(!holdBar->isWarning());
        now += qint64(checkout.countdown()->remainingSeconds() - 45) * 1000;
        checkout.countdown()->tick();
        QVERIFY(holdBar->isWarning());
        QCOMPARE(holdBar->timeText(), QStringLiteral("0:45"));
        saveScreenshot(&window, QStringLiteral("payment-warning"));

        // Time is up: back to the events with a plain explanation; the bar is gone.
        now += 46'000;
        checkout.countdown()->tick();
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("eventListPage"));
        QVERIFY(!holdBar->isVisible());
        QTRY_VERIFY(window.findChild<QWidget*>(QStringLiteral("holdExpiredMessage")));
        QTest::qWait(100);
        saveScreenshot(&window, QStringLiteral("expired"));
    }

private:
    std::unique_ptr<LiveServer> m_server;
};

QTEST_MAIN(TestCheckoutPages)
#include "tst_checkoutpages.moc"
