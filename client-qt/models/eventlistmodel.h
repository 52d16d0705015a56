// The events on sale, as a table: name, venue, date, price from, availability, sale status.
// Read from GET /api/v1/events; refresh() again reads it (the page does so periodically and
// when it is shown). EventFilterModel on top searches, filters by date and hides past events.
#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QSortFilterProxyModel>
#include <functional>
#include <vector>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;

class EventListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        VenueColumn,
        DateColumn,
        PriceColumn,
        AvailabilityColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        EventIdRole = Qt::UserRole + 1,
        SortRole,       // a value that sorts right (time, cents, counts)
        StatusRole,     // SaleStatus
        StartsAtRole,   // QDateTime, UTC
        SearchTextRole, // name and venue, for the search box
        QueueRole,      // bool: the event has a waiting room
    };
    enum class SaleStatus { OnSale, NotYetOnSale, SoldOut, SaleEnded };
    Q_ENUM(SaleStatus)

    // `now` is the clock the sale status is judged by (the tests move it).
    explicit EventListModel(ApiClient* api, QObject* parent = nullptr,
                            std::function<QDateTime()> now = {});

    void refresh();
    // Replaces the rows (what refresh() does with the answer; public for tests).
    void setEvents(std::vector<EventSummary> events);
    const EventSummary* eventAt(int row) const;
    int rowOfEvent(Id eventId) const;
    // Live availability from an event's stream.
    void setAvailable(Id eventId, std::int64_t available);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    SaleStatus statusOf(const EventSummary& event) const;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loadFailed(const QString& message);

private:
    ApiClient* m_api;
    std::function<QDateTime()> m_now;
    std::vector<EventSummary> m_events;
};

class EventFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventFilterModel(QObject* parent = nullptr);
    void setSearchText(const QString& text);
    // Events starting on or after this day (local time); null for any day.
    void setFromDate(const QDate& date);
    void setHidePast(bool hide);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    QDate m_from;
    bool m_hidePast = true;
};

} // namespace bilheteria::client
