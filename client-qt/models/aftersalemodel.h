// The counter after the sale: find an order by a ticket (its code or signed QR, scanned or
// typed: GET /orders?ticket=) or by its number, list its tickets with their status, and refund
// all of them or those ticked (POST /orders/{id}/refunds).
//
// Money moves, so like a purchase every refund carries an Idempotency-Key tied to its request
// (order and tickets): a retry after an unanswered attempt sends the same key, so the server
// answers with the refund it made instead of paying twice; another request gets a new key.
// One row per ticket; the check box column ticks the tickets to refund (void ones cannot be).
#pragma once

#include <QAbstractTableModel>
#include <QSet>
#include <QString>
#include <optional>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;

class AfterSaleModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TicketColumn,
        SectionColumn,
        PlaceColumn,
        PriceColumn,
        StatusColumn,
        ColumnCount
    };

    explicit AfterSaleModel(ApiClient* api, QObject* parent = nullptr);

    // A number (an order's) or a ticket's code or token. The order replaces the one shown.
    void find(const QString& text);
    bool isBusy() const { return m_busy; }
    const std::optional<Order>& order() const { return m_order; }
    const std::optional<Event>& event() const { return m_event; }
    bool isCash() const { return m_order && m_order->payment.method == "cash"; }
    // Shows `order` as it is now (an exchange answered with it), keeping what is ticked.
    void showOrder(Order order) { show(std::move(order)); }
    // Whether the ticket of row `row` can be exchanged (or refunded): it is still valid.
    bool isExchangeable(int row) const;

    // The tickets ticked (ids), and what refunding them pays back (the sections' prices).
    QList<Id> checkedTickets() const;
    Cents checkedAmount() const;
    // Ticks every ticket that can be refunded (or none).
    void checkAll(bool checked);
    // Refunds the ticked tickets (all the refundable ones when every one is ticked: the
    // request then names none, "the rest of the order").
    void refundChecked(const QString& reason);
    // The key the pending (or last unanswered) refund uses; empty when none.
    QString idempotencyKey() const { return m_pending ? m_pending->key : QString(); }
    const std::optional<Refund>& lastRefund() const { return m_lastRefund; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "valid" → "Valid", ... in the person's language.
    static QString statusText(const QString& status);

Q_SIGNALS:
    void orderLoaded();
    void notFound(const QString& message);
    void refunded(const bilheteria::Refund& refund);
    // `retryable`: the outcome is unknown (no answer, 503) even after ApiClient's retries;
    // refundChecked() again ("Check again") repeats it with the same key.
    void failed(const QString& message, bool retryable);
    // The refund's outcome is unknown: ApiClient is sending it again with its key.
    void confirming();
    void busyChanged(bool busy);
    void checkedChanged();

private:
    struct PendingRefund {
        Id orderId = 0;
        std::vector<Id> ticketIds;
        QString reason;
        QString key;
    };
    void setBusy(bool busy);
    void show(Order order);
    void findByTicket(const QString& text);
    Cents priceOf(const Ticket& ticket) const;

    ApiClient* m_api;
    bool m_busy = false;
    std::optional<Order> m_order;
    std::optional<Event> m_event;
    QSet<Id> m_checked;
    std::optional<PendingRefund> m_pending;
    std::optional<Refund> m_lastRefund;
    quint64 m_generation = 0;
};

} // namespace bilheteria::client
