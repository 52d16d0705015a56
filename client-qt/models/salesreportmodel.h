// An event's sales for its organizer (GET /events/{id}/sales): the figures (sold of capacity,
// revenue, held, available, card and cash), the timeline for a chart (tickets per bucket and
// their running total, gaps filled with zero) and, as a table, the sections. While active it
// reads the report again every few seconds: cheap on the server, and a sale is live; the door's
// admissions come live from the event's stream (`checkin`). The organizer cancels the event here.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QTimer>
#include <memory>
#include <optional>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;
class EventStream;

class SalesReportModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        SectionColumn,
        PriceColumn,
        SoldColumn,
        AdmittedColumn,
        HeldColumn,
        AvailableColumn,
        CapacityColumn,
        RevenueColumn,
        ColumnCount
    };
    enum Role { ValueRole = Qt::UserRole + 1 }; // counts and cents as numbers
    static constexpr int kDefaultPollMs = 5'000;

    explicit SalesReportModel(ApiClient* api, QObject* parent = nullptr,
                              int pollMs = kDefaultPollMs);
    ~SalesReportModel() override;

    // Which event; clears the figures and reads the new event's at once (when active).
    void setEventId(Id eventId);
    Id eventId() const { return m_eventId; }
    // 60 (minute), 3,600 (hour) or 86,400 (day): the server accepts 60–86,400.
    void setBucketSeconds(int seconds);
    int bucketSeconds() const { return m_bucketSeconds; }
    // Polls while active (the page is visible); reads at once when switched on.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void refresh();

    const std::optional<SalesReport>& report() const { return m_report; }
    // Tickets checked in at the door, all sections.
    qint64 admitted() const;
    // The event's stream is open (while active): admissions arrive as they happen.
    bool isLive() const;
    // POST /events/{id}/cancel for the current event: closes the sale and refunds every order.
    void cancelEvent(const QString& reason);
    QDateTime generatedAt() const;
    // Tickets per bucket, x = the bucket's start in ms since the epoch (UTC). Buckets without
    // sales between the first one and the report's time count 0, so a line does not bridge
    // them (unless there would be more than kMaxFilledBuckets).
    QList<QPointF> ticketsPerBucket() const;
    // The running total of tickets at the end of each bucket.
    QList<QPointF> cumulativeTickets() const;
    static constexpr int kMaxFilledBuckets = 5'000;
    // The last failure's sentence; empty after a good answer.
    QString errorMessage() const { return m_error; }
    // The last answer was 403: this account may not see this event's sales.
    bool isForbidden() const { return m_forbidden; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void reportChanged();
    void failed(const QString& message);
    void loadingChanged(bool loading);
    void eventCancelled(qint64 refundedOrders, qint64 refundedCents, const QString& currency);
    void cancelFailed(const QString& message);

private:
    void setReport(std::optional<SalesReport> report);

    void onCheckin(qint64 sectionId, qint64 admitted);

    ApiClient* m_api;
    std::unique_ptr<EventStream> m_stream;
    QTimer m_poll;
    Id m_eventId = 0;
    int m_bucketSeconds = 60;
    bool m_active = false;
    bool m_loading = false;
    // Answers to an older question (another event or bucket) are dropped.
    quint64 m_generation = 0;
    std::optional<SalesReport> m_report;
    QString m_error;
    bool m_forbidden = false;
};

} // namespace bilheteria::client
