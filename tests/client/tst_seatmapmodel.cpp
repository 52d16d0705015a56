// The seat map model: layout and hit-testing, selection with its total and the per-customer
// limit, best available, live updates (seats others take leave the selection), our own hold
// in flight, reloads; fed directly, then against the real server: the compact map (layout and
// packed states) shows what the seat list shows, follows other accounts' holds and sales on the
// stream, comes back after the stream drops, and polls the changes while it cannot have one.
#include <QSignalSpy>
#include <QTest>

#include "client-qt/models/seatmapmodel.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/eventstream.h"
#include "tests/client/clientfixture.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::LiveServer;

namespace {

constexpr Id kFront = 10;   // seated, 100.00, rows A (5 seats) and B (7 seats)
constexpr Id kBalcony = 20; // seated, 50.00, rows A and B of 4 seats
constexpr Id kFloor = 30;   // general admission, 30.00, 100 places

SectionInfo section(Id id, std::string name, SectionKind kind, Cents price, std::int64_t capacity) {
    return SectionInfo{id, std::move(name), kind, price, capacity, capacity};
}

Event sampleEvent() {
    Event event;
    event.summary.id = 7;
    event.summary.name = "Rock Night";
    event.summary.currency = "BRL";
    event.maxTicketsPerCustomer = 4;
    event.sections = {section(kFront, "Front", SectionKind::Seated, 10000, 12),
                      section(kBalcony, "Balcony", SectionKind::Seated, 5000, 8),
                      section(kFloor, "Floor", SectionKind::General, 3000, 100)};
    return event;
}

std::vector<Seat> sampleSeats() {
    std::vector<Seat> seats;
    Id id = 101;
    const auto addRow = [&](Id sectionId, const char* row, int count) {
        for (int n = 1; n <= count; ++n)
            seats.push_back(Seat{id++, sectionId, row, n, SeatState::Free});
    };
    addRow(kFront, "A", 5);   // ids 101-105
    addRow(kFront, "B", 7);   // 106-112
    addRow(kBalcony, "A", 4); // 113-116
    addRow(kBalcony, "B", 4); // 117-120
    return seats;
}

std::vector<Id> idsOf(const SeatMapModel& model, const std::vector<int>& indices) {
    std::vector<Id> out;
    for (const int index : indices)
        out.push_back(model.seatId(index));
    return out;
}

} // namespace

class TestSeatMapModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        m_model = std::make_unique<SeatMapModel>(nullptr);
        m_model->setEventData(sampleEvent(), sampleSeats());
    }

    void laysOutRowsAndSectionsWithoutOverlap() {
        const SeatMapModel& m = *m_model;
        QCOMPARE(m.seatCount(), 20);
        QCOMPARE(m.rows().size(), std::size_t{4});
        const auto& sections = m.sections();
        QCOMPARE(sections[0].rowCount, 2);
        QCOMPARE(sections[0].seatCount, 12);
        QCOMPARE(sections[2].rowCount, 0);
        QVERIFY(!sections[2].bounds.isEmpty()); // the general box
        for (std::size_t a = 0; a < sections.size(); ++a)
            for (std::size_t b = a + 1; b < sections.size(); ++b)
                QVERIFY(!sections[a].bounds.intersects(sections[b].bounds));
        // Rows one pitch apart, front first; seats one pitch apart, left to right.
        QCOMPARE(m.rows()[1].top - m.rows()[0].top, 1.0f);
        QCOMPARE(m.seatPos(1).x() - m.seatPos(0).x(), 1.0);
        // The shorter row is centred under the longer one.
        QVERIFY(m.rows()[0].left > m.rows()[1].left);
        QVERIFY(m.stageRect().bottom() < sections[0].bounds.top());
        for (int i = 0; i < m.seatCount(); ++i) {
            QVERIFY(sections[static_cast<std::size_t>(m.seatSection(i))].bounds.contains(
                m.seatRect(i)));
            QCOMPARE(m.seatAt(m.seatRect(i).center()), i);
            QCOMPARE(m.indexOfSeat(m.seatId(i)), i);
        }
        QCOMPARE(m.seatAt(m.stageRect().center()), -1);
        QCOMPARE(m.seatsIn(sections[1].bounds).size(), std::size_t{8});
        QCOMPARE(m.seatNumber(m.indexOfSeat(112)), 7);
        QCOMPARE(m.rows()[static_cast<std::size_t>(m.seatRow(m.indexOfSeat(112)))].label,
                 QStringLiteral("B"));
    }

    void keepsTheSelectionAndItsTotal() {
        SeatMapModel& m = *m_model;
        QSignalSpy changed(&m, &SeatMapModel::selectionChanged);
        QCOMPARE(m.toggleSeat(m.indexOfSeat(101)), SeatMapModel::ToggleResult::Selected);
        QCOMPARE(m.toggleSeat(m.indexOfSeat(113)), SeatMapModel::ToggleResult::Selected);
        QCOMPARE(m.selectedTotalCents(), Cents{15000});
        QCOMPARE(m.seatLook(m.indexOfSeat(101)), SeatMapModel::SeatLook::Selected);
        QCOMPARE(m.setGeneralQuantity(kFloor, 3), std::int64_t{3});
        QCOMPARE(m.selectedTicketCount(), std::int64_t{5});
        QCOMPARE(m.selectedTotalCents(), Cents{24000});
        QCOMPARE(m.toggleSeat(m.indexOfSeat(101)), SeatMapModel::ToggleResult::Deselected);
        QCOMPARE(m.selectedTotalCents(), Cents{14000});
        QCOMPARE(changed.count(), 4);

        m.applySeatStates({102}, SeatState::Sold);
        QCOMPARE(m.toggleSeat(m.indexOfSeat(102)), SeatMapModel::ToggleResult::NotFree);
        QCOMPARE(m.seatLook(m.indexOfSeat(102)), SeatMapModel::SeatLook::Sold);

        // Seats first in one request, then the general section.
        const std::vector<HoldRequest> requests = m.holdRequests();
        QCOMPARE(requests.size(), std::size_t{2});
        QCOMPARE(requests[0].seatIds, std::vector<Id>{113});
        QVERIFY(!requests[0].sectionId);
        QCOMPARE(requests[1].sectionId, std::optional<Id>(kFloor));
        QCOMPARE(requests[1].quantity, std::int64_t{3});
        QVERIFY(requests[1].seatIds.empty());

        m.clearSelection();
        QCOMPARE(m.selectedTicketCount(), std::int64_t{0});
        QVERIFY(m.holdRequests().empty());
    }

    void rubberBandSelectsOnlyFreeSeats() {
        SeatMapModel& m = *m_model;
        m.applySeatStates({114}, SeatState::Held);
        const int added = m.selectSeats(m.seatsIn(m.sections()[1].bounds));
        QCOMPARE(added, 7);
        QVERIFY(!m.isSelected(m.indexOfSeat(114)));
    }

    void buyersStayWithinTheLimit() {
        SeatMapModel& m = *m_model;
        m.setCustomerLimitApplies(true);
        QCOMPARE(m.ticketLimit(), 4);
        QSignalSpy limit(&m, &SeatMapModel::limitReached);
        QCOMPARE(m.selectSeats(m.seatsIn(m.sections()[0].bounds)), 4);
        QCOMPARE(limit.count(), 1);
        QCOMPARE(m.toggleSeat(m.indexOfSeat(112)), SeatMapModel::ToggleResult::LimitReached);
        QCOMPARE(m.setGeneralQuantity(kFloor, 2), std::int64_t{0});
        m.clearSelection();
        // Seats already held for this customer count too.
        m.setMine({101, 102, 103});
        QCOMPARE(m.mineCount(), 3);
        QCOMPARE(m.setGeneralQuantity(kFloor, 5), std::int64_t{1});
        QVERIFY(!m.selectBestAvailable(std::nullopt, 2));
        // The counter sells to many people: no limit.
        m.setCustomerLimitApplies(false);
        QCOMPARE(m.selectSeats(m.seatsIn(m.sections()[1].bounds)), 8);
    }

    void findsTheBestAvailableBlock() {
        SeatMapModel& m = *m_model;
        // Front row A: 101-105; 103 sold leaves 101-102 and 104-105.
        m.applySeatStates({103}, SeatState::Sold);
        // Three together do not fit in row A: row B, centred (106-112 → 108-110).
        QCOMPARE(idsOf(m, m.bestAvailable(kFront, 3)), (std::vector<Id>{108, 109, 110}));
        // Two fit in row A, the front row wins over a more central block behind it.
        const std::vector<Id> two = idsOf(m, m.bestAvailable(kFront, 2));
        QVERIFY(two == (std::vector<Id>{101, 102}) || two == (std::vector<Id>{104, 105}));
        // Any section: the cheapest first (Balcony), its front row, centred.
        QCOMPARE(idsOf(m, m.bestAvailable(std::nullopt, 2)), (std::vector<Id>{114, 115}));
        // Eight together exist nowhere; a general section has no seats.
        QVERIFY(m.bestAvailable(std::nullopt, 8).empty());
        QVERIFY(m.bestAvailable(kFloor, 1).empty());
        // Selecting replaces the seats chosen before and skips them when searching.
        m.toggleSeat(m.indexOfSeat(114));
        QVERIFY(m.selectBestAvailable(kBalcony, 4));
        QCOMPARE(m.selectedSeatIds(), (std::vector<Id>{113, 114, 115, 116}));
        QVERIFY(m.selectBestAvailable(kBalcony, 4));
        QCOMPARE(m.selectedSeatIds(),
                 (std::vector<Id>{113, 114, 115, 116})); // chosen ones free again
        QVERIFY(!m.selectBestAvailable(kFront, 8));
        QCOMPARE(m.selectedSeatCount(), 4); // unchanged when there is no block
    }

    void seatsTakenByOthersLeaveTheSelection() {
        SeatMapModel& m = *m_model;
        m.toggleSeat(m.indexOfSeat(101));
        m.toggleSeat(m.indexOfSeat(102));
        m.setGeneralQuantity(kFloor, 10);
        QSignalSpy taken(&m, &SeatMapModel::selectionTaken);
        QSignalSpy seats(&m, &SeatMapModel::seatsChanged);
        QSignalSpy reduced(&m, &SeatMapModel::generalQuantityReduced);
        QSignalSpy sections(&m, &SeatMapModel::sectionsChanged);
        m.applySeatStates({102, 120}, SeatState::Held);
        QCOMPARE(taken.count(), 1);
        QCOMPARE(taken.at(0).at(0).value<QList<qint64>>(), QList<qint64>{102});
        QCOMPARE(m.selectedSeatIds(), std::vector<Id>{101});
        QCOMPARE(m.seatState(m.indexOfSeat(120)), SeatState::Held);
        QCOMPARE(seats.count(), 1);
        const QRectF dirty = seats.at(0).at(0).toRectF();
        QVERIFY(dirty.contains(m.seatRect(m.indexOfSeat(102))));
        QVERIFY(dirty.contains(m.seatRect(m.indexOfSeat(120))));
        // The same state again changes nothing.
        m.applySeatStates({102}, SeatState::Held);
        QCOMPARE(seats.count(), 1);

        m.applyAvailability(kFront, 9);
        QCOMPARE(m.sectionById(kFront)->available, std::int64_t{9});
        QCOMPARE(sections.count(), 1);
        m.applyAvailability(kFloor, 4);
        QCOMPARE(reduced.count(), 1);
        QCOMPARE(m.generalQuantity(), std::int64_t{4});
        QCOMPARE(m.selectedTotalCents(), Cents{10000 + 4 * 3000});
    }

    void ourOwnHoldIsNotALoss() {
        SeatMapModel& m = *m_model;
        m.toggleSeat(m.indexOfSeat(105));
        m.toggleSeat(m.indexOfSeat(106));
        QSignalSpy taken(&m, &SeatMapModel::selectionTaken);
        m.setHoldPending(true);
        m.applySeatStates({105, 106}, SeatState::Held); // the stream is faster than the answer
        QCOMPARE(taken.count(), 0);
        QCOMPARE(m.selectedSeatCount(), 2);
        m.setMine({105, 106});
        QVERIFY(!m.isHoldPending());
        QCOMPARE(m.selectedSeatCount(), 0);
        QCOMPARE(m.seatLook(m.indexOfSeat(105)), SeatMapModel::SeatLook::Mine);
        QCOMPARE(m.toggleSeat(m.indexOfSeat(105)), SeatMapModel::ToggleResult::NotFree);
        // The hold lapses: the seats are free, and nobody's.
        m.applySeatStates({105}, SeatState::Free);
        QCOMPARE(m.mineCount(), 1);
        QCOMPARE(m.seatLook(m.indexOfSeat(105)), SeatMapModel::SeatLook::Free);

        // A hold that fails: what others took meanwhile leaves the selection then.
        m.toggleSeat(m.indexOfSeat(107));
        m.setHoldPending(true);
        m.applySeatStates({107}, SeatState::Sold);
        QCOMPARE(taken.count(), 0);
        m.setHoldPending(false);
        QCOMPARE(taken.count(), 1);
        QCOMPARE(m.selectedSeatCount(), 0);
    }

    void aReloadKeepsWhatIsStillFree() {
        SeatMapModel& m = *m_model;
        m.toggleSeat(m.indexOfSeat(101));
        m.toggleSeat(m.indexOfSeat(117));
        m.setMine({110});
        QSignalSpy taken(&m, &SeatMapModel::selectionTaken);
        QSignalSpy layout(&m, &SeatMapModel::layoutChanged);
        std::vector<Seat> seats = sampleSeats();
        seats[16].state = SeatState::Sold; // 117
        seats[9].state = SeatState::Held;  // 110, ours
        m.setEventData(sampleEvent(), seats);
        QCOMPARE(layout.count(), 1);
        QCOMPARE(m.selectedSeatIds(), std::vector<Id>{101});
        QCOMPARE(taken.count(), 1);
        QCOMPARE(taken.at(0).at(0).value<QList<qint64>>(), QList<qint64>{117});
        QCOMPARE(m.seatLook(m.indexOfSeat(110)), SeatMapModel::SeatLook::Mine);
        // Another event starts afresh.
        Event other = sampleEvent();
        other.summary.id = 8;
        m.setEventData(other, sampleSeats());
        QCOMPARE(m.selectedSeatCount(), 0);
        QCOMPARE(m.mineCount(), 0);
    }

    void loadingAnotherEventForgetsThisOne() {
        SeatMapModel& m = *m_model;
        m.toggleSeat(0);
        QSignalSpy layout(&m, &SeatMapModel::layoutChanged);
        m.load(8);
        QVERIFY(!m.hasEvent());
        QCOMPARE(m.seatCount(), 0);
        QCOMPARE(m.selectedTicketCount(), std::int64_t{0});
        QVERIFY(m.bounds().isEmpty());
        QCOMPARE(layout.count(), 1);
        QCOMPARE(m.seatAt(QPointF(1, 1)), -1);
    }

    void seatsOutOfOrderStillGroupBySection() {
        std::vector<Seat> seats = sampleSeats();
        std::reverse(seats.begin(), seats.end());
        SeatMapModel m(nullptr);
        m.setEventData(sampleEvent(), seats);
        QCOMPARE(m.sections()[0].seatCount, 12);
        QCOMPARE(m.sections()[1].seatCount, 8);
        for (int i = 0; i < m.seatCount(); ++i) {
            QCOMPARE(m.indexOfSeat(m.seatId(i)), i);
            QCOMPARE(m.seatAt(m.seatRect(i).center()), i);
        }
    }

    // The compact map (layout + packed states) against the seat-by-seat list: the same seats,
    // rows, numbers and states, with holds and sales of other accounts in it.
    void showsWhatTheSeatListShows() {
        LiveServer server;
        const Id eventId = server.demoEventId();
        auto clerk = server.client(LiveServer::kClerk);
        QVERIFY(bilheteria::testing::sellFreeSeats(*clerk, eventId, 3));
        const auto list = bilheteria::testing::await<std::vector<Seat>>(
            [&](QObject* c, auto done) { clerk->seats(eventId, c, done); });
        QVERIFY(list);
        std::vector<Id> toHold;
        for (const Seat& seat : *list)
            if (seat.state == SeatState::Free && toHold.size() < 2) toHold.push_back(seat.id);
        QVERIFY(bilheteria::testing::await<Hold>([&](QObject* c, auto done) {
            clerk->createHold(eventId, HoldRequest{toHold, std::nullopt, 0}, c, done);
        }));

        auto api = server.client(LiveServer::kBuyer);
        SeatMapModel compact(api.get());
        compact.load(eventId);
        QTRY_VERIFY_WITH_TIMEOUT(compact.hasEvent() && !compact.isLoading(), 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(compact.isLive(), 10'000);
        QVERIFY(compact.position() > 0);

        const auto seats = bilheteria::testing::await<std::vector<Seat>>(
            [&](QObject* c, auto done) { clerk->seats(eventId, c, done); });
        const auto event = bilheteria::testing::await<Event>(
            [&](QObject* c, auto done) { clerk->event(eventId, c, done); });
        QVERIFY(seats && event);
        SeatMapModel fromList(nullptr);
        fromList.setEventData(*event, *seats);
        QCOMPARE(compact.seatCount(), 42);
        QCOMPARE(compact.seatCount(), fromList.seatCount());
        QCOMPARE(compact.rows().size(), fromList.rows().size());
        int sold = 0;
        int held = 0;
        for (int i = 0; i < fromList.seatCount(); ++i) {
            QCOMPARE(compact.seatId(i), fromList.seatId(i));
            QCOMPARE(compact.seatSection(i), fromList.seatSection(i));
            QCOMPARE(compact.seatNumber(i), fromList.seatNumber(i));
            QCOMPARE(compact.rows()[static_cast<std::size_t>(compact.seatRow(i))].label,
                     fromList.rows()[static_cast<std::size_t>(fromList.seatRow(i))].label);
            // The states may trail the list by the server's 250 ms; the stream makes it up.
            QTRY_COMPARE_WITH_TIMEOUT(compact.seatState(i), fromList.seatState(i), 5'000);
            sold += fromList.seatState(i) == SeatState::Sold;
            held += fromList.seatState(i) == SeatState::Held;
        }
        QCOMPARE(sold, 3);
        QCOMPARE(held, 2);
        QCOMPARE(compact.seatRect(41), fromList.seatRect(41));
        for (std::size_t s = 0; s < fromList.sections().size(); ++s)
            QTRY_COMPARE_WITH_TIMEOUT(compact.sections()[s].available,
                                      fromList.sections()[s].available, 5'000);
    }

    // The stream ends (here: the model's session was signed out elsewhere) and a seat is held
    // before it comes back: it reconnects from its last id (at first the states' position) and
    // the replay brings the hold, with no poll in between.
    void catchesUpAfterTheStreamReconnects() {
        LiveServer server;
        const Id eventId = server.demoEventId();
        auto api = server.client(LiveServer::kBuyer);
        const QString token = api->token();
        SeatMapModel m(api.get());
        m.setPollIntervalMs(600'000);
        QSignalSpy live(&m, &SeatMapModel::liveChanged);
        m.load(eventId);
        QTRY_VERIFY_WITH_TIMEOUT(m.hasEvent() && !m.isLoading() && m.isLive(), 15'000);
        QCOMPARE(m.seatState(5), SeatState::Free);
        const Id opened = m.position();

        auto elsewhere = server.client();
        elsewhere->setToken(token);
        QVERIFY(bilheteria::testing::await<void>(
            [&](QObject* c, auto done) { elsewhere->logout(c, done); }));
        QTRY_VERIFY_WITH_TIMEOUT(!m.isLive(), 10'000);
        // The stream comes back after the server's 3 s: the hold falls in the gap.
        auto clerk = server.client(LiveServer::kClerk);
        QVERIFY(bilheteria::testing::await<Hold>([&](QObject* c, auto done) {
            clerk->createHold(eventId, HoldRequest{{m.seatId(5)}, std::nullopt, 0}, c, done);
        }));
        QVERIFY(!m.isLive());
        QCOMPARE(m.seatState(5), SeatState::Free);
        QTRY_VERIFY_WITH_TIMEOUT(m.isLive(), 15'000);
        QTRY_COMPARE_WITH_TIMEOUT(m.seatState(5), SeatState::Held, 10'000);
        QVERIFY(m.position() > opened);
        QVERIFY(live.count() >= 3); // on, off, on
    }

    // No stream to be had (the server is at --max-streams): the map still loads and follows
    // the changes by polling ?since= from its position.
    void pollsTheChangesWithoutAStream() {
        LiveServer server({"--no-rate-limits", "--max-streams", "0"});
        const Id eventId = server.demoEventId();
        auto api = server.client(LiveServer::kBuyer);
        SeatMapModel m(api.get());
        m.setPollIntervalMs(200);
        m.load(eventId);
        QTRY_VERIFY_WITH_TIMEOUT(m.hasEvent() && !m.isLoading(), 15'000);
        QVERIFY(!m.isLive());
        const Id loadedAt = m.position();
        const int seat = 7;
        const Id seatId = m.seatId(seat);
        const auto& section = m.sections()[static_cast<std::size_t>(m.seatSection(seat))];
        const std::int64_t available = section.available;

        auto clerk = server.client(LiveServer::kClerk);
        QVERIFY(bilheteria::testing::sellAtCounter(
            *clerk, eventId, HoldRequest{{seatId}, std::nullopt, 0}, CashPayment{0}));
        QTRY_COMPARE_WITH_TIMEOUT(m.seatState(seat), SeatState::Sold, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(section.available, available - 1, 10'000);
        QVERIFY(m.position() > loadedAt);
        QVERIFY(!m.isLive());
    }

    // Against the real server: the map loads, the stream opens at its position, another
    // customer's hold and a sale arrive live, and a reset reads the map again.
    void followsTheRealServer() {
        LiveServer server;
        auto api = server.client(LiveServer::kBuyer);
        SeatMapModel m(api.get());
        QSignalSpy loading(&m, &SeatMapModel::loadingChanged);
        QSignalSpy taken(&m, &SeatMapModel::selectionTaken);
        m.load(server.demoEventId());
        QTRY_VERIFY_WITH_TIMEOUT(m.hasEvent() && !m.isLoading(), 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(m.isLive(), 10'000);
        QCOMPARE(m.seatCount(), 42);
        QCOMPARE(m.ticketLimit(), 0);
        m.setCustomerLimitApplies(true);
        QCOMPARE(m.ticketLimit(), 4);
        QCOMPARE(m.eventName().isEmpty(), false);

        const int first = 0;
        QCOMPARE(m.toggleSeat(first), SeatMapModel::ToggleResult::Selected);
        auto other = server.client(LiveServer::kClerk);
        const auto hold = bilheteria::testing::await<Hold>([&](QObject* c, auto done) {
            other->createHold(server.demoEventId(), HoldRequest{{m.seatId(first)}, std::nullopt, 0},
                              c, done);
        });
        QVERIFY(hold);
        QTRY_COMPARE_WITH_TIMEOUT(m.seatState(first), SeatState::Held, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(taken.count(), 1, 5'000);
        QCOMPARE(m.selectedSeatCount(), 0);
        const auto& plateia = m.sections()[static_cast<std::size_t>(m.seatSection(first))];
        QTRY_COMPARE_WITH_TIMEOUT(plateia.available, std::int64_t{41}, 10'000);
        // A sale by another account: sold, live.
        QVERIFY(bilheteria::testing::sellAtCounter(*other, server.demoEventId(),
                                                   HoldRequest{{m.seatId(2)}, std::nullopt, 0},
                                                   CashPayment{0}));
        QTRY_COMPARE_WITH_TIMEOUT(m.seatState(2), SeatState::Sold, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(plateia.available, std::int64_t{40}, 10'000);

        // A reset: with the stream shut, a change can only come in through the reload.
        auto* stream = m.findChild<EventStream*>();
        QVERIFY(stream);
        stream->close();
        const auto second = bilheteria::testing::await<Hold>([&](QObject* c, auto done) {
            other->createHold(server.demoEventId(), HoldRequest{{m.seatId(1)}, std::nullopt, 0}, c,
                              done);
        });
        QVERIFY(second);
        QTest::qWait(300);
        QCOMPARE(m.seatState(1), SeatState::Free); // nothing told the map yet
        loading.clear();
        QSignalSpy reset(&m, &SeatMapModel::resetApplied);
        Q_EMIT stream->resetRequired(QStringLiteral("pruned"));
        QCOMPARE(reset.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(loading.count() >= 2, 10'000); // on and off again
        QCOMPARE(m.seatState(1), SeatState::Held);
        QCOMPARE(m.seatState(first), SeatState::Held);
    }

private:
    std::unique_ptr<SeatMapModel> m_model;
};

QTEST_MAIN(TestSeatMapModel)
#include "tst_seatmapmodel.moc"
