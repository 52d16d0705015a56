#include "client-qt/models/aftersalemodel.h"

#include <QLocale>
#include <QUuid>

#include "client-qt/models/money.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

namespace {

// Order numbers are short digit strings; ticket codes are long base64url text.
constexpr qsizetype kLongestOrderNumber = 12;

bool refundable(const Ticket& ticket) {
    return ticket.status == "valid";
}

} // namespace

AfterSaleModel::AfterSaleModel(ApiClient* api, QObject* parent)
    : QAbstractTableModel(parent)
    , m_api(api) {
    connect(m_api, &ApiClient::confirming, this, [this](const QString& key) {
        if (m_busy && m_pending && m_pending->key == key) Q_EMIT confirming();
    });
}

void AfterSaleModel::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void AfterSaleModel::find(const QString& input) {
    const QString text = input.trimmed();
    if (text.isEmpty()) return;
    const quint64 generation = ++m_generation;
    setBusy(true);
    bool number = false;
    const Id orderId = text.size() <= kLongestOrderNumber ? text.toLongLong(&number) : 0;
    if (!number || orderId <= 0) {
        findByTicket(text);
        return;
    }
    m_api->order(orderId, this, [this, generation, text](ApiResult<Order> order) {
        if (generation != m_generation) return;
        if (order) {
            setBusy(false);
            show(std::move(*order));
            return;
        }
        // A code that happens to be all digits: try it as a ticket.
        findByTicket(text);
    });
}

void AfterSaleModel::findByTicket(const QString& text) {
    const quint64 generation = m_generation;
    m_api->ordersByTicket(text, this, [this, generation](ApiResult<std::vector<Order>> orders) {
        if (generation != m_generation) return;
        setBusy(false);
        if (!orders) {
            Q_EMIT notFound(orders.error().message());
            return;
        }
        if (orders->empty()) {
            Q_EMIT notFound(tr("No order has this ticket or number."));
            return;
        }
        show(std::move(orders->front()));
    });
}

void AfterSaleModel::show(Order order) {
    const bool sameEvent = m_event && m_event->summary.id == order.eventId;
    const bool sameOrder = m_order && m_order->id == order.id;
    beginResetModel();
    m_order = std::move(order);
    if (!sameEvent) m_event.reset();
    if (!sameOrder) {
        m_checked.clear();
        m_pending.reset();
    }
    // Only what can still be refunded stays ticked.
    for (const Ticket& ticket : m_order->tickets)
        if (!refundable(ticket)) m_checked.remove(ticket.id);
    endResetModel();
    Q_EMIT orderLoaded();
    Q_EMIT checkedChanged();
    if (sameEvent) return;
    // The sections' prices (a ticket does not carry its own) and the event's name.
    const quint64 generation = m_generation;
    m_api->event(m_order->eventId, this, [this, generation](ApiResult<Event> event) {
        if (generation != m_generation || !event) return;
        m_event = std::move(*event);
        if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        Q_EMIT orderLoaded();
        Q_EMIT checkedChanged();
    });
}

Cents AfterSaleModel::priceOf(const Ticket& ticket) const {
    if (!m_event) return 0;
    for (const SectionInfo& section : m_event->sections)
        if (section.id == ticket.sectionId) return section.priceCents;
    return 0;
}

bool AfterSaleModel::isExchangeable(int row) const {
    if (!m_order || row < 0 || row >= rowCount()) return false;
    return refundable(m_order->tickets.at(static_cast<std::size_t>(row)));
}

QList<Id> AfterSaleModel::checkedTickets() const {
    QList<Id> ids;
    if (!m_order) return ids;
    for (const Ticket& ticket : m_order->tickets)
        if (m_checked.contains(ticket.id)) ids.append(ticket.id);
    return ids;
}

Cents AfterSaleModel::checkedAmount() const {
    Cents total = 0;
    if (!m_order) return total;
    for (const Ticket& ticket : m_order->tickets)
        if (m_checked.contains(ticket.id)) total += priceOf(ticket);
    return total;
}

void AfterSaleModel::checkAll(bool checked) {
    if (!m_order) return;
    m_checked.clear();
    if (checked)
        for (const Ticket& ticket : m_order->tickets)
            if (refundable(ticket)) m_checked.insert(ticket.id);
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0));
    Q_EMIT checkedChanged();
}

void AfterSaleModel::refundChecked(const QString& reason) {
    if (!m_order || m_busy) return;
    const QList<Id> checked = checkedTickets();
    if (checked.isEmpty()) return;
    qsizetype refundableCount = 0;
    for (const Ticket& ticket : m_order->tickets)
        refundableCount += refundable(ticket) ? 1 : 0;
    PendingRefund request;
    request.orderId = m_order->id;
    // Every refundable ticket ticked: "the rest of the order", as the contract spells it.
    if (checked.size() < refundableCount) request.ticketIds.assign(checked.begin(), checked.end());
    request.reason = reason.trimmed();
    // The same request as the one that got no answer keeps its key; any other is new.
    const bool retry = m_pending && m_pending->orderId == request.orderId &&
                       m_pending->ticketIds == request.ticketIds &&
                       m_pending->reason == request.reason;
    request.key = retry ? m_pending->key : QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_pending = request;
    RefundRequest body;
    body.ticketIds = request.ticketIds;
    if (!request.reason.isEmpty()) body.reason = request.reason.toStdString();
    setBusy(true);
    const quint64 generation = m_generation;
    m_api->refund(request.orderId, body, request.key, this,
                  [this, generation](ApiResult<RefundOutcome> outcome) {
                      setBusy(false);
                      if (generation != m_generation) return;
                      if (!outcome) {
                          // Outcome unknown even after ApiClient's retries: the same request
                          // with the same key is the only way to learn it. A definite answer,
                          // even a refusal, ends this request: the next is new.
                          const bool unknown = outcome.error().outcomeUnknown();
                          if (!unknown) m_pending.reset();
                          Q_EMIT failed(unknown ? tr("We could not confirm whether the refund "
                                                     "was made.")
                                                : outcome.error().message(),
                                        unknown);
                          return;
                      }
                      m_pending.reset();
                      m_lastRefund = outcome->refund;
                      show(std::move(outcome->order));
                      Q_EMIT refunded(*m_lastRefund);
                  });
}

QString AfterSaleModel::statusText(const QString& status) {
    if (status == QLatin1String("valid")) return tr("Valid");
    if (status == QLatin1String("checked_in")) return tr("Checked in");
    if (status == QLatin1String("refunded")) return tr("Refunded");
    if (status == QLatin1String("exchanged")) return tr("Exchanged");
    if (status == QLatin1String("cancelled")) return tr("Cancelled");
    if (status == QLatin1String("paid")) return tr("Paid");
    if (status == QLatin1String("partially_refunded")) return tr("Partly refunded");
    return status;
}

int AfterSaleModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_order) return 0;
    return static_cast<int>(m_order->tickets.size());
}

int AfterSaleModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AfterSaleModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Ticket& ticket = m_order->tickets.at(static_cast<std::size_t>(index.row()));
    if (role == Qt::CheckStateRole && index.column() == TicketColumn)
        return m_checked.contains(ticket.id) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::TextAlignmentRole && index.column() == PriceColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole) return {};
    switch (index.column()) {
    case TicketColumn:
        return tr("Ticket %1").arg(ticket.id);
    case SectionColumn:
        return toQString(ticket.section);
    case PlaceColumn:
        if (ticket.row && ticket.number)
            return tr("Row %1, seat %2").arg(toQString(*ticket.row)).arg(*ticket.number);
        return tr("General admission");
    case PriceColumn:
        return m_event ? formatMoney(priceOf(ticket), m_order->currency) : QString();
    case StatusColumn:
        return statusText(toQString(ticket.status));
    }
    return {};
}

bool AfterSaleModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || index.column() != TicketColumn ||
        !(flags(index) & Qt::ItemIsUserCheckable))
        return false;
    const Id id = m_order->tickets.at(static_cast<std::size_t>(index.row())).id;
    if (value.value<Qt::CheckState>() == Qt::Checked)
        m_checked.insert(id);
    else
        m_checked.remove(id);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

Qt::ItemFlags AfterSaleModel::flags(const QModelIndex& index) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags out = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == TicketColumn &&
        refundable(m_order->tickets.at(static_cast<std::size_t>(index.row()))))
        out |= Qt::ItemIsUserCheckable;
    return out;
}

QVariant AfterSaleModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TicketColumn:
        return tr("Ticket");
    case SectionColumn:
        return tr("Section");
    case PlaceColumn:
        return tr("Place");
    case PriceColumn:
        return tr("Price");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace bilheteria::client
