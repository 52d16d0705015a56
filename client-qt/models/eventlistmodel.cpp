#include "client-qt/models/eventlistmodel.h"

#include <QLocale>

#include "client-qt/models/money.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

EventListModel::EventListModel(ApiClient* api, QObject* parent, std::function<QDateTime()> now)
    : QAbstractTableModel(parent)
    , m_api(api)
    , m_now(now ? std::move(now) : [] { return QDateTime::currentDateTimeUtc(); }) {}

void EventListModel::refresh() {
    Q_EMIT loadingChanged(true);
    m_api->events(this, [this](ApiResult<std::vector<EventSummary>> result) {
        Q_EMIT loadingChanged(false);
        if (!result) {
            Q_EMIT loadFailed(result.error().message());
            return;
        }
        setEvents(std::move(*result));
    });
}

void EventListModel::setEvents(std::vector<EventSummary> events) {
    beginResetModel();
    m_events = std::move(events);
    endResetModel();
}

const EventSummary* EventListModel::eventAt(int row) const {
    if (row < 0 || row >= static_cast<int>(m_events.size())) return nullptr;
    return &m_events[static_cast<std::size_t>(row)];
}

int EventListModel::rowOfEvent(Id eventId) const {
    for (std::size_t i = 0; i < m_events.size(); ++i)
        if (m_events[i].id == eventId) return static_cast<int>(i);
    return -1;
}

void EventListModel::setAvailable(Id eventId, std::int64_t available) {
    const int row = rowOfEvent(eventId);
    if (row < 0) return;
    m_events[static_cast<std::size_t>(row)].available = available;
    Q_EMIT dataChanged(index(row, AvailabilityColumn), index(row, StatusColumn));
}

int EventListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int EventListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

EventListModel::SaleStatus EventListModel::statusOf(const EventSummary& event) const {
    const QDateTime now = m_now();
    if (now >= toQDateTime(event.saleEndsAt)) return SaleStatus::SaleEnded;
    if (event.available <= 0) return SaleStatus::SoldOut;
    if (now < toQDateTime(event.saleStartsAt)) return SaleStatus::NotYetOnSale;
    return SaleStatus::OnSale;
}

namespace {

QString statusText(EventListModel::SaleStatus status, const EventSummary& event) {
    switch (status) {
    case EventListModel::SaleStatus::OnSale:
        return event.queueEnabled ? EventListModel::tr("On sale · waiting room")
                                  : EventListModel::tr("On sale");
    case EventListModel::SaleStatus::NotYetOnSale:
        return EventListModel::tr("On sale from %1")
            .arg(QLocale().toString(toQDateTime(event.saleStartsAt).toLocalTime(),
                                    QLocale::ShortFormat));
    case EventListModel::SaleStatus::SoldOut:
        return EventListModel::tr("Sold out");
    case EventListModel::SaleStatus::SaleEnded:
        return EventListModel::tr("Sale ended");
    }
    return {};
}

} // namespace

QVariant EventListModel::data(const QModelIndex& index, int role) const {
    const EventSummary* event = eventAt(index.row());
    if (!event || index.column() < 0 || index.column() >= ColumnCount) return {};
    const SaleStatus status = statusOf(*event);
    switch (role) {
    case EventIdRole:
        return QVariant::fromValue<qint64>(event->id);
    case StatusRole:
        return QVariant::fromValue(status);
    case StartsAtRole:
        return toQDateTime(event->startsAt);
    case SearchTextRole:
        return toQString(event->name) + u' ' + toQString(event->venue);
    case QueueRole:
        return event->queueEnabled;
    case Qt::TextAlignmentRole:
        if (index.column() == PriceColumn || index.column() == AvailabilityColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case DateColumn:
            return QVariant::fromValue<qint64>(event->startsAt.time_since_epoch().count());
        case PriceColumn:
            return QVariant::fromValue<qint64>(event->minPriceCents);
        case AvailabilityColumn:
            return QVariant::fromValue<qint64>(event->available);
        case StatusColumn:
            return static_cast<int>(status);
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return toQString(event->name);
        case VenueColumn:
            return toQString(event->venue);
        case DateColumn:
            return QLocale().toString(toQDateTime(event->startsAt).toLocalTime(),
                                      QLocale::ShortFormat);
        case PriceColumn:
            return tr("from %1").arg(formatMoney(event->minPriceCents, event->currency));
        case AvailabilityColumn:
            return tr("%L1 of %L2 left").arg(event->available).arg(event->capacity);
        case StatusColumn:
            return statusText(status, *event);
        }
        return {};
    default:
        return {};
    }
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn:
        return tr("Event");
    case VenueColumn:
        return tr("Venue");
    case DateColumn:
        return tr("Date");
    case PriceColumn:
        return tr("Price");
    case AvailabilityColumn:
        return tr("Tickets");
    case StatusColumn:
        return tr("Sale");
    }
    return {};
}

EventFilterModel::EventFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(EventListModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void EventFilterModel::setSearchText(const QString& text) {
    m_search = text.trimmed();
    invalidateRowsFilter();
}

void EventFilterModel::setFromDate(const QDate& date) {
    m_from = date;
    invalidateRowsFilter();
}

void EventFilterModel::setHidePast(bool hide) {
    m_hidePast = hide;
    invalidateRowsFilter();
}

bool EventFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_search.isEmpty()) {
        const QString text = index.data(EventListModel::SearchTextRole).toString();
        // Every word typed must appear, in any order: "arena rock" finds "Rock Night, Arena".
        for (const QString& word : m_search.split(u' ', Qt::SkipEmptyParts))
            if (!text.contains(word, Qt::CaseInsensitive)) return false;
    }
    const QDateTime startsAt = index.data(EventListModel::StartsAtRole).toDateTime();
    if (m_from.isValid() && startsAt.toLocalTime().date() < m_from) return false;
    if (m_hidePast &&
        index.data(EventListModel::StatusRole).value<EventListModel::SaleStatus>() ==
            EventListModel::SaleStatus::SaleEnded &&
        startsAt < QDateTime::currentDateTimeUtc())
        return false;
    return true;
}

} // namespace bilheteria::client
