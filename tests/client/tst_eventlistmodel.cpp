// The event list: QAbstractItemModelTester over the model and its filter, sale status from a
// fixed clock, search by words, sorting by the sort role.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "client-qt/models/eventlistmodel.h"
#include "client-qt/net/apiclient.h"

using namespace bilheteria;
using namespace bilheteria::client;

namespace {

TimePoint at(const char* text) {
    return *parseRfc3339(text);
}

EventSummary summary(Id id, std::string name, std::string venue, const char* startsAt,
                     const char* saleStarts, std::int64_t available, Cents price) {
    EventSummary e;
    e.id = id;
    e.name = std::move(name);
    e.venue = std::move(venue);
    e.startsAt = at(startsAt);
    e.saleStartsAt = at(saleStarts);
    e.saleEndsAt = e.startsAt;
    e.capacity = 100;
    e.available = available;
    e.minPriceCents = price;
    return e;
}

} // namespace

class TestEventListModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        m_model = std::make_unique<EventListModel>(
            &m_api, nullptr, [] { return QDateTime(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC); });
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->setEvents({
            summary(1, "Rock Night", "Arena", "2026-12-31T22:00:00Z", "2026-11-01T00:00:00Z", 40,
                    15000),
            summary(2, "Jazz Brunch", "Teatro", "2026-12-05T12:00:00Z", "2026-12-01T00:00:00Z", 80,
                    9000),
            summary(3, "Samba Live", "Arena", "2026-12-10T20:00:00Z", "2026-11-01T00:00:00Z", 0,
                    12000),
            summary(4, "Old Show", "Arena", "2026-11-01T20:00:00Z", "2026-10-01T00:00:00Z", 10,
                    5000),
        });
    }

    void saysTheSaleStatusInWords() {
        using S = EventListModel::SaleStatus;
        const auto status = [&](int row) {
            return m_model->index(row, 0).data(EventListModel::StatusRole).value<S>();
        };
        QCOMPARE(status(0), S::OnSale);
        QCOMPARE(status(1), S::NotYetOnSale);
        QCOMPARE(status(2), S::SoldOut);
        QCOMPARE(status(3), S::SaleEnded);
        QCOMPARE(m_model->index(2, EventListModel::StatusColumn).data().toString(),
                 QStringLiteral("Sold out"));
        QVERIFY(m_model->index(1, EventListModel::StatusColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("On sale from")));
    }

    void liveAvailabilityUpdatesOneRow() {
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setAvailable(3, 5);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_model->index(2, 0)
                     .data(EventListModel::StatusRole)
                     .value<EventListModel::SaleStatus>(),
                 EventListModel::SaleStatus::OnSale);
        m_model->setAvailable(99, 5); // not listed: nothing happens
        QCOMPARE(changed.count(), 1);
    }

    void filtersByEveryWordAndHidesPastEvents() {
        EventFilterModel filter;
        QAbstractItemModelTester tester(&filter,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(m_model.get());
        QCOMPARE(filter.rowCount(), 3); // the old show is hidden
        filter.setHidePast(false);
        QCOMPARE(filter.rowCount(), 4);
        filter.setSearchText(QStringLiteral("arena ROCK"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(EventListModel::EventIdRole).toLongLong(), 1);
        filter.setSearchText(QString());
        filter.setFromDate(QDate(2026, 12, 6));
        QCOMPARE(filter.rowCount(), 2);
    }

    void sortsByPriceAndDate() {
        EventFilterModel filter;
        filter.setSourceModel(m_model.get());
        filter.setHidePast(false);
        filter.sort(EventListModel::PriceColumn, Qt::AscendingOrder);
        QCOMPARE(filter.index(0, 0).data(EventListModel::EventIdRole).toLongLong(), 4);
        QCOMPARE(filter.index(3, 0).data(EventListModel::EventIdRole).toLongLong(), 1);
        filter.sort(EventListModel::DateColumn, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, 0).data(EventListModel::EventIdRole).toLongLong(), 1);
    }

private:
    ApiClient m_api;
    std::unique_ptr<EventListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestEventListModel)
#include "tst_eventlistmodel.moc"
