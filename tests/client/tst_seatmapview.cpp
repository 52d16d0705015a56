// The seat map view and the event page, offscreen: painting at each level of detail, a click
// on a seat's pixels selects that seat, a Shift+drag selects a rectangle, and the page's
// keys (Ctrl+B, Ctrl+Enter, Escape) and slots (setMine, showError).
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "client-qt/models/seatmapmodel.h"
#include "client-qt/ui/eventpage.h"
#include "client-qt/ui/seatmapview.h"

using namespace bilheteria;
using namespace bilheteria::client;

namespace {

// Three seated sections of 10 rows × 30 seats, and a general-admission floor.
void fill(SeatMapModel& model) {
    Event event;
    event.summary.id = 1;
    event.summary.name = "Stadium";
    event.summary.venue = "Arena";
    event.summary.currency = "BRL";
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    event.summary.saleStartsAt = now - std::chrono::hours(1);
    event.summary.saleEndsAt = now + std::chrono::hours(24);
    event.summary.startsAt = event.summary.saleEndsAt;
    event.maxTicketsPerCustomer = 6;
    std::vector<Seat> seats;
    Id id = 1;
    for (Id s = 1; s <= 3; ++s) {
        event.sections.push_back(
            SectionInfo{s, "S" + std::to_string(s), SectionKind::Seated, 1000 * s, 300, 300});
        for (int r = 0; r < 10; ++r)
            for (int n = 1; n <= 30; ++n)
                seats.push_back(Seat{id++, s, std::string(1, static_cast<char>('A' + r)), n,
                                     n % 7 == 0 ? SeatState::Sold : SeatState::Free});
    }
    event.sections.push_back(SectionInfo{9, "Floor", SectionKind::General, 500, 1000, 1000});
    model.setEventData(event, seats);
}

int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers) {
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), button, buttons, modifiers);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TestSeatMapView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Each test gets a fresh model and a shown 800×600 view on it.
    void init() {
        m_model = std::make_unique<SeatMapModel>(nullptr);
        fill(*m_model);
        m_view = std::make_unique<SeatMapView>(m_model.get());
        m_view->resize(800, 600);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup() {
        m_view.reset();
        m_model.reset();
    }

    void paintsEachLevelOfDetail() {
        SeatMapModel& model = *m_model;
        SeatMapView& view = *m_view;
        view.fitToView();
        QVERIFY(distinctColours(view.grab().toImage()) > 3);
        view.setScale(5.0);
        QCOMPARE(view.detail(), SeatMapView::Detail::Marks);
        QVERIFY(distinctColours(view.grab().toImage()) > 3);
        // Far: a small window on the whole venue shows blocks.
        view.resize(160, 120);
        view.fitToView();
        QCOMPARE(view.detail(), SeatMapView::Detail::Blocks);
        QVERIFY(distinctColours(view.grab().toImage()) > 2);
        // There a click goes to the section rather than choosing a seat one cannot see.
        const QRectF s2 = model.sections()[1].bounds;
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.toWidget(s2.center()).toPoint());
        QCOMPARE(model.selectedSeatCount(), 0);
        QVERIFY(view.detail() != SeatMapView::Detail::Blocks);
        QVERIFY(view.visibleLayoutRect().contains(s2.center()));
        view.resize(800, 600);

        view.setScale(30.0);
        QCOMPARE(view.detail(), SeatMapView::Detail::Shapes);
        const int seat = model.indexOfSeat(15);
        view.centreOn(model.seatRect(seat).center());
        const QImage near = view.grab().toImage();
        QVERIFY(distinctColours(near) > 4);
        // The seat's shape is where the hit-test finds the seat.
        const QPointF at = view.toWidget(model.seatRect(seat).center());
        QCOMPARE(view.seatAtPosition(at), seat);
        // A free seat is white inside its ring (off the centre, where the focus mark is).
        const QPointF inside = view.toWidget(model.seatRect(seat).center() - QPointF(0.2, 0.2));
        QCOMPARE(near.pixelColor(inside.toPoint()), QColor(Qt::white));
        // A sold one (every 7th) has its dark cross through the middle.
        const int sold = model.indexOfSeat(14);
        const QPointF cross = view.toWidget(model.seatRect(sold).center());
        QCOMPARE(near.pixelColor(cross.toPoint()), QColor(0x37, 0x47, 0x4f));
    }

    void clickSelectsTheSeatUnderTheCursor() {
        SeatMapModel& model = *m_model;
        SeatMapView& view = *m_view;
        for (const double scale : {6.0, 12.0, 40.0}) {
            view.setScale(scale);
            const int seat = model.indexOfSeat(320); // S2, row A, seat 20
            view.centreOn(model.seatRect(seat).center());
            const QPoint at = view.toWidget(model.seatRect(seat).center()).toPoint();
            QTest::mouseClick(&view, Qt::LeftButton, {}, at);
            QVERIFY2(model.isSelected(seat), qPrintable(QString::number(scale)));
            if (view.detail() == SeatMapView::Detail::Shapes) {
                // Selected: the accent circle (left of the check mark).
                const QImage image = view.grab().toImage();
                // Up and left of the centre: inside the circle, clear of the check.
                const QPointF inside =
                    view.toWidget(model.seatRect(seat).center() - QPointF(0.2, 0.2));
                QCOMPARE(image.pixelColor(inside.toPoint()), QColor(0x15, 0x65, 0xc0));
            }
            QTest::mouseClick(&view, Qt::LeftButton, {}, at);
            QVERIFY(!model.isSelected(seat));
        }
        // A sold seat does not select.
        const int sold = model.indexOfSeat(7);
        view.centreOn(model.seatRect(sold).center());
        QTest::mouseClick(&view, Qt::LeftButton, {},
                          view.toWidget(model.seatRect(sold).center()).toPoint());
        QVERIFY(!model.isSelected(sold));
    }

    void shiftDragSelectsARectangle() {
        SeatMapModel& model = *m_model;
        SeatMapView& view = *m_view;
        view.setScale(20.0);
        // Row A, seats 1-5 of S1 (seat 7 is sold but outside).
        const QPointF from = view.toWidget(model.seatRect(model.indexOfSeat(1)).topLeft());
        view.centreOn(model.seatRect(model.indexOfSeat(3)).center());
        const QPointF start =
            view.toWidget(model.seatRect(model.indexOfSeat(1)).topLeft()) - QPointF(2, 2);
        const QPointF end =
            view.toWidget(model.seatRect(model.indexOfSeat(5)).bottomRight()) + QPointF(2, 2);
        Q_UNUSED(from);
        sendMouse(&view, QEvent::MouseButtonPress, start, Qt::LeftButton, Qt::LeftButton,
                  Qt::ShiftModifier);
        sendMouse(&view, QEvent::MouseMove, end, Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
        sendMouse(&view, QEvent::MouseButtonRelease, end, Qt::LeftButton, Qt::NoButton,
                  Qt::ShiftModifier);
        QCOMPARE(model.selectedSeatIds(), (std::vector<Id>{1, 2, 3, 4, 5}));
        QVERIFY(view.accessibleDescription().contains(QStringLiteral("5")));

        // A plain drag pans and selects nothing.
        const QPointF origin = view.toLayout(QPointF(0, 0));
        sendMouse(&view, QEvent::MouseButtonPress, QPointF(400, 300), Qt::LeftButton,
                  Qt::LeftButton, {});
        sendMouse(&view, QEvent::MouseMove, QPointF(300, 250), Qt::NoButton, Qt::LeftButton, {});
        sendMouse(&view, QEvent::MouseButtonRelease, QPointF(300, 250), Qt::LeftButton,
                  Qt::NoButton, {});
        QVERIFY(view.toLayout(QPointF(0, 0)).x() > origin.x());
        QCOMPARE(model.selectedSeatCount(), 5);
    }

    void wheelZoomsAroundTheCursor() {
        SeatMapView& view = *m_view;
        view.fitToView();
        const QPointF cursor(200, 150);
        const QPointF before = view.toLayout(cursor);
        const double scale = view.scale();
        QWheelEvent wheel(cursor, view.mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(view.scale() > scale * 1.3);
        const QPointF after = view.toLayout(cursor);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-6);
        QVERIFY(std::abs(after.y() - before.y()) < 1e-6);
    }

    void pageHoldsBestAvailableAndGoesBack() {
        m_view->hide();
        SeatMapModel& model = *m_model;
        EventPage page(&model);
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("eventTitle"))->text(),
                 QStringLiteral("Stadium"));
        QSignalSpy hold(&page, &EventPage::holdRequested);
        // Numbered seats and general admission together are not one hold: the page says so
        // and asks for nothing.
        model.toggleSeat(model.indexOfSeat(2));
        model.setGeneralQuantity(9, 2);
        QTest::keyClick(page.seatMap(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(hold.count(), 0);
        QVERIFY(!model.isHoldPending());
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("noticeLabel"))
                    ->text()
                    .contains(QStringLiteral("separately")));
        model.clearSelection();
        QSignalSpy back(&page, &EventPage::backRequested);
        auto* holdButton = page.findChild<QPushButton*>(QStringLiteral("holdButton"));
        QVERIFY(!holdButton->isEnabled());

        page.seatMap()->setFocus();
        page.findChild<QSpinBox*>(QStringLiteral("bestCount"))->setValue(3);
        QTest::keyClick(page.seatMap(), Qt::Key_B, Qt::ControlModifier);
        QCOMPARE(model.selectedSeatCount(), 3);
        // Cheapest section (S1), front row A (30 seats; 7, 14, 21, 28 sold): 15-16-17 centred.
        QCOMPARE(model.selectedSeatIds(), (std::vector<Id>{15, 16, 17}));
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("totalLabel"))
                    ->text()
                    .contains(QStringLiteral("3")));
        QVERIFY(holdButton->isEnabled());

        QTest::keyClick(page.seatMap(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(hold.count(), 1);
        QCOMPARE(hold.at(0).at(0).value<Id>(), Id{1});
        const auto requests = hold.at(0).at(1).value<std::vector<HoldRequest>>();
        QCOMPARE(requests.size(), std::size_t{1});
        QCOMPARE(requests[0].seatIds, (std::vector<Id>{15, 16, 17}));
        QVERIFY(model.isHoldPending());
        QVERIFY(!holdButton->isEnabled());

        page.setMine({15, 16, 17});
        QCOMPARE(model.mineCount(), 3);
        QCOMPARE(model.selectedSeatCount(), 0);

        model.toggleSeat(model.indexOfSeat(1));
        QTest::keyClick(page.seatMap(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(hold.count(), 2);
        page.showError(QStringLiteral("Those seats were just taken."));
        QVERIFY(page.findChild<QWidget*>(QStringLiteral("errorBanner"))->isVisible());
        QVERIFY(!model.isHoldPending());
        QVERIFY(holdButton->isEnabled());

        QTest::keyClick(page.seatMap(), Qt::Key_Escape);
        QCOMPARE(back.count(), 1);
    }

private:
    std::unique_ptr<SeatMapModel> m_model;
    std::unique_ptr<SeatMapView> m_view;
};

QTEST_MAIN(TestSeatMapView)
#include "tst_seatmapview.moc"
