#include "client-qt/models/salesreportmodel.h"

#include <QLocale>

#include "client-qt/models/money.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/eventstream.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

SalesReportModel::SalesReportModel(ApiClient* api, QObject* parent, int pollMs)
    : QAbstractTableModel(parent)
    , m_api(api)
    , m_stream(std::make_unique<EventStream>(api)) {
    m_poll.setInterval(pollMs);
    connect(&m_poll, &QTimer::timeout, this, &SalesReportModel::refresh);
    connect(m_stream.get(), &EventStream::checkinChanged, this, &SalesReportModel::onCheckin);
}

SalesReportModel::~SalesReportModel() = default;

void SalesReportModel::onCheckin(qint64 sectionId, qint64 admitted) {
    if (!m_report) return;
    for (std::size_t row = 0; row < m_report->sections.size(); ++row) {
        SalesSection& section = m_report->sections[row];
        if (section.sectionId != sectionId || section.admitted == admitted) continue;
        section.admitted = admitted;
        const QModelIndex cell = index(static_cast<int>(row), AdmittedColumn);
        Q_EMIT dataChanged(cell, cell);
        Q_EMIT reportChanged();
    }
}

qint64 SalesReportModel::admitted() const {
    qint64 total = 0;
    if (m_report)
        for (const SalesSection& section : m_report->sections)
            total += section.admitted;
    return total;
}

bool SalesReportModel::isLive() const {
    return m_stream->isConnected();
}

void SalesReportModel::cancelEvent(const QString& reason) {
    if (m_eventId <= 0) return;
    const Id eventId = m_eventId;
    m_api->cancelEvent(eventId, reason, this, [this](ApiResult<EventCancellation> result) {
        if (!result) {
            Q_EMIT cancelFailed(result.error().message());
            return;
        }
        Q_EMIT eventCancelled(result->refundedOrders, result->refundedCents,
                              toQString(result->event.summary.currency));
        refresh();
    });
}

void SalesReportModel::setEventId(Id eventId) {
    if (eventId == m_eventId) return;
    m_eventId = eventId;
    ++m_generation;
    m_error.clear();
    m_forbidden = false;
    setReport(std::nullopt);
    if (m_active) {
        if (eventId > 0)
            m_stream->open(eventId);
        else
            m_stream->close();
        refresh();
    }
}

void SalesReportModel::setBucketSeconds(int seconds) {
    if (seconds == m_bucketSeconds) return;
    m_bucketSeconds = seconds;
    ++m_generation;
    if (m_active) refresh();
}

void SalesReportModel::setActive(bool active) {
    if (active == m_active) return;
    m_active = active;
    if (active) {
        m_poll.start();
        if (m_eventId > 0) m_stream->open(m_eventId);
        refresh();
    } else {
        m_poll.stop();
        m_stream->close();
    }
}

void SalesReportModel::refresh() {
    if (m_eventId <= 0) return;
    // One question at a time: a slow answer is not queued behind by the next poll.
    if (m_loading) return;
    m_loading = true;
    Q_EMIT loadingChanged(true);
    const quint64 generation = m_generation;
    m_api->salesReport(
        m_eventId, m_bucketSeconds, this, [this, generation](ApiResult<SalesReport> result) {
            m_loading = false;
            Q_EMIT loadingChanged(false);
            if (generation != m_generation) {
                // The event or bucket changed meanwhile: ask again.
                if (m_active) refresh();
                return;
            }
            if (!result) {
                m_forbidden = result.error().is(ErrorCode::Forbidden);
                m_error = m_forbidden ? tr("Only the organizer who created this event, "
                                           "or an administrator, can see its sales.")
                                      : result.error().message();
                if (m_forbidden) setReport(std::nullopt);
                Q_EMIT failed(m_error);
                return;
            }
            m_error.clear();
            m_forbidden = false;
            setReport(std::move(*result));
        });
}

void SalesReportModel::setReport(std::optional<SalesReport> report) {
    const bool sameSections =
        report && m_report && report->sections.size() == m_report->sections.size();
    if (sameSections) {
        // A poll: the same rows with new figures; keeps the view's selection and scroll.
        m_report = std::move(report);
        if (!m_report->sections.empty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_report = std::move(report);
        endResetModel();
    }
    Q_EMIT reportChanged();
}

QDateTime SalesReportModel::generatedAt() const {
    return m_report ? toQDateTime(m_report->generatedAt) : QDateTime();
}

QList<QPointF> SalesReportModel::ticketsPerBucket() const {
    QList<QPointF> points;
    if (!m_report || m_report->timeline.empty()) return points;
    const auto& timeline = m_report->timeline;
    const qint64 width = m_report->bucketSeconds > 0 ? m_report->bucketSeconds : 60;
    const qint64 first = timeline.front().at.time_since_epoch().count();
    const qint64 now = m_report->generatedAt.time_since_epoch().count();
    const qint64 last =
        std::max<qint64>(timeline.back().at.time_since_epoch().count(), now - now % width);
    if ((last - first) / width + 1 > kMaxFilledBuckets) {
        for (const SalesBucket& bucket : timeline)
            points.append(QPointF(static_cast<qreal>(bucket.at.time_since_epoch().count()) * 1000,
                                  static_cast<qreal>(bucket.tickets)));
        return points;
    }
    std::size_t next = 0;
    for (qint64 at = first; at <= last; at += width) {
        qint64 tickets = 0;
        if (next < timeline.size() && timeline[next].at.time_since_epoch().count() == at)
            tickets = timeline[next++].tickets;
        points.append(QPointF(static_cast<qreal>(at) * 1000, static_cast<qreal>(tickets)));
    }
    return points;
}

QList<QPointF> SalesReportModel::cumulativeTickets() const {
    QList<QPointF> points = ticketsPerBucket();
    qreal total = 0;
    for (QPointF& point : points) {
        total += point.y();
        point.setY(total);
    }
    return points;
}

int SalesReportModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_report) return 0;
    return static_cast<int>(m_report->sections.size());
}

int SalesReportModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SalesReportModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SalesSection& section = m_report->sections.at(static_cast<std::size_t>(index.row()));
    const auto value = [&]() -> qint64 {
        switch (index.column()) {
        case PriceColumn:
            return section.priceCents;
        case SoldColumn:
            return section.sold;
        case AdmittedColumn:
            return section.admitted;
        case HeldColumn:
            return section.held;
        case AvailableColumn:
            return section.available;
        case CapacityColumn:
            return section.capacity;
        case RevenueColumn:
            return section.revenueCents;
        }
        return 0;
    };
    switch (role) {
    case ValueRole:
        if (index.column() == SectionColumn) return toQString(section.name);
        return QVariant::fromValue<qint64>(value());
    case Qt::TextAlignmentRole:
        if (index.column() == SectionColumn) return {};
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case SectionColumn:
            return toQString(section.name);
        case PriceColumn:
        case RevenueColumn:
            return formatMoney(value(), m_report->currency);
        default:
            return QLocale().toString(value());
        }
    default:
        return {};
    }
}

QVariant SalesReportModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case SectionColumn:
        return tr("Section");
    case PriceColumn:
        return tr("Price");
    case SoldColumn:
        return tr("Sold");
    case AdmittedColumn:
        return tr("Admitted");
    case HeldColumn:
        return tr("Held");
    case AvailableColumn:
        return tr("Available");
    case CapacityColumn:
        return tr("Capacity");
    case RevenueColumn:
        return tr("Revenue");
    }
    return {};
}

} // namespace bilheteria::client
