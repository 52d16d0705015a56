#include "client-qt/models/exchangemodel.h"

#include <QUuid>
#include <algorithm>

#include "client-qt/models/money.h"
#include "client-qt/models/seatmapmodel.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"
#include "shared/payment.h"

namespace bilheteria::client {

namespace {

bool samePayment(const std::optional<PaymentRequest>& a, const std::optional<PaymentRequest>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || bilheteria::samePayment(*a, *b);
}

// The contract's refusals of an exchange, said for the clerk; the rest as ApiError says them.
QString describe(const ApiError& error) {
    if (error.kind != ApiError::Kind::Http) return error.message();
    switch (error.code()) {
    case ErrorCode::SeatsUnavailable:
        return ExchangeModel::tr("That seat was taken a moment ago. The map is up to date again: "
                                 "choose another place.");
    case ErrorCode::SoldOut:
        return ExchangeModel::tr("No place is left in that section. Choose another place.");
    case ErrorCode::PaymentDeclined:
        return ExchangeModel::tr("The card was declined. Nothing was changed: try another card "
                                 "or cash.");
    case ErrorCode::AlreadyCheckedIn:
        return ExchangeModel::tr("This ticket was already used at the door: it cannot be "
                                 "exchanged.");
    case ErrorCode::TicketVoid:
        return ExchangeModel::tr("This ticket is no longer valid (refunded or exchanged "
                                 "before): it cannot be exchanged.");
    case ErrorCode::PriceDiffers:
        return ExchangeModel::tr("The server exchanges only for a place of the same price. "
                                 "Choose a place at the same price.");
    case ErrorCode::SaleClosed:
        return ExchangeModel::tr("The event was cancelled: its tickets cannot be exchanged.");
    case ErrorCode::IdempotencyMismatch:
        return ExchangeModel::tr("This exchange was already made differently. Find the order "
                                 "again to see it as it is now.");
    case ErrorCode::InvalidRequest: {
        const std::string field = error.error.details.value("field", std::string());
        if (field.starts_with("payment.tendered_cents"))
            return ExchangeModel::tr("The amount given is less than the difference to pay.");
        return error.message();
    }
    default:
        return error.message();
    }
}

} // namespace

ExchangeModel::ExchangeModel(ApiClient* api, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_seatMap(new SeatMapModel(api, this)) {
    // Counter staff: no per-customer limit on the map.
    m_seatMap->setCustomerLimitApplies(false);
    connect(m_seatMap, &SeatMapModel::selectionChanged, this, &ExchangeModel::onSelectionChanged);
    connect(m_api, &ApiClient::confirming, this, [this](const QString& key) {
        if (m_busy && m_pending && m_pending->key == key) Q_EMIT confirming();
    });
    connect(m_seatMap, &SeatMapModel::layoutChanged, this, &ExchangeModel::pricesChanged);
    connect(m_seatMap, &SeatMapModel::sectionsChanged, this, &ExchangeModel::pricesChanged);
}

bool ExchangeModel::start(const Order& order, Id ticketId) {
    const auto found = std::find_if(order.tickets.begin(), order.tickets.end(),
                                    [ticketId](const Ticket& t) { return t.id == ticketId; });
    if (found == order.tickets.end() || found->status != "valid") return false;
    const bool sameTicket =
        m_order && m_order->id == order.id && m_ticket && m_ticket->id == ticketId;
    m_order = order;
    m_ticket = *found;
    if (!sameTicket) m_pending.reset();
    m_lastExchange.reset();
    clearChoice();
    m_seatMap->load(order.eventId);
    Q_EMIT pricesChanged();
    return true;
}

void ExchangeModel::finish() {
    m_seatMap->close();
    clearChoice();
}

QString ExchangeModel::currency() const {
    return m_order ? toQString(m_order->currency) : m_seatMap->currency();
}

void ExchangeModel::chooseSeat(Id seatId) {
    const int index = m_seatMap->indexOfSeat(seatId);
    if (index < 0) return;
    if (!m_seatMap->isSelected(index)) m_seatMap->toggleSeat(index); // → onSelectionChanged
}

void ExchangeModel::chooseSection(Id sectionId) {
    const SeatMapModel::Section* section = m_seatMap->sectionById(sectionId);
    if (!section || section->kind != SectionKind::General) return;
    m_normalizing = true;
    m_seatMap->clearSelection();
    const auto kept = m_seatMap->setGeneralQuantity(sectionId, 1);
    m_normalizing = false;
    m_seatId.reset();
    m_sectionId = kept > 0 ? std::optional<Id>(sectionId) : std::nullopt;
    Q_EMIT choiceChanged();
}

void ExchangeModel::clearChoice() {
    m_normalizing = true;
    m_seatMap->clearSelection();
    if (m_seatMap->generalSection()) m_seatMap->setGeneralQuantity(*m_seatMap->generalSection(), 0);
    m_normalizing = false;
    const bool had = hasChoice();
    m_seatId.reset();
    m_sectionId.reset();
    if (had) Q_EMIT choiceChanged();
}

// The map lets people select several seats; an exchange is one place: the newest wins.
void ExchangeModel::onSelectionChanged() {
    if (m_normalizing) return;
    m_normalizing = true;
    const std::vector<Id> seats = m_seatMap->selectedSeatIds();
    std::optional<Id> newest;
    for (const Id id : seats)
        if (!m_seatId || id != *m_seatId) newest = id;
    if (!newest && !seats.empty()) newest = seats.front(); // still the one chosen before
    for (const Id id : seats)
        if (id != newest) m_seatMap->deselectSeat(m_seatMap->indexOfSeat(id));
    if (newest && m_seatMap->generalSection())
        m_seatMap->setGeneralQuantity(*m_seatMap->generalSection(), 0);
    m_normalizing = false;
    const std::optional<Id> section = newest ? std::nullopt : m_seatMap->generalSection();
    // The map says "selection changed" for reloads too: only a different place is news.
    if (newest == m_seatId && section == m_sectionId) return;
    m_seatId = newest;
    m_sectionId = section;
    Q_EMIT choiceChanged();
}

QString ExchangeModel::chosenPlaceText() const {
    if (m_seatId) {
        const int index = m_seatMap->indexOfSeat(*m_seatId);
        if (index < 0) return {};
        const auto& section =
            m_seatMap->sections()[static_cast<std::size_t>(m_seatMap->seatSection(index))];
        const auto& row = m_seatMap->rows()[static_cast<std::size_t>(m_seatMap->seatRow(index))];
        return tr("%1, row %2, seat %3")
            .arg(section.name, row.label)
            .arg(m_seatMap->seatNumber(index));
    }
    if (m_sectionId) {
        const auto* section = m_seatMap->sectionById(*m_sectionId);
        return section ? tr("%1, general admission").arg(section->name) : QString();
    }
    return {};
}

QString ExchangeModel::ticketPlaceText() const {
    if (!m_ticket) return {};
    if (m_ticket->row && m_ticket->number)
        return tr("%1, row %2, seat %3")
            .arg(toQString(m_ticket->section), toQString(*m_ticket->row))
            .arg(*m_ticket->number);
    return tr("%1, general admission").arg(toQString(m_ticket->section));
}

Cents ExchangeModel::sectionPrice(Id sectionId) const {
    const auto* section = m_seatMap->sectionById(sectionId);
    return section ? section->priceCents : 0;
}

bool ExchangeModel::pricesKnown() const {
    return m_ticket && m_seatMap->hasEvent() &&
           m_seatMap->eventId() == (m_order ? m_order->eventId : 0) &&
           m_seatMap->sectionById(m_ticket->sectionId) != nullptr;
}

Cents ExchangeModel::oldPriceCents() const {
    return pricesKnown() ? sectionPrice(m_ticket->sectionId) : 0;
}

Cents ExchangeModel::newPriceCents() const {
    if (!pricesKnown()) return 0;
    if (m_seatId) {
        const int index = m_seatMap->indexOfSeat(*m_seatId);
        if (index < 0) return 0;
        return m_seatMap->sections()[static_cast<std::size_t>(m_seatMap->seatSection(index))]
            .priceCents;
    }
    return m_sectionId ? sectionPrice(*m_sectionId) : 0;
}

Cents ExchangeModel::differenceCents() const {
    return hasChoice() ? newPriceCents() - oldPriceCents() : 0;
}

QString ExchangeModel::differenceText() const {
    if (!hasChoice() || !pricesKnown()) return {};
    const Cents difference = differenceCents();
    if (difference > 0) return tr("Customer pays %1").arg(formatMoney(difference, currency()));
    if (difference < 0) return tr("Give back %1").arg(formatMoney(-difference, currency()));
    return tr("Same price: nothing to pay");
}

void ExchangeModel::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

bool ExchangeModel::exchange(const std::optional<PaymentRequest>& payment) {
    if (m_busy || !m_order || !m_ticket || !hasChoice() || !pricesKnown()) return false;
    if (needsPayment() != payment.has_value()) return false;
    ExchangeRequest request;
    request.ticketId = m_ticket->id;
    request.seatId = m_seatId;
    request.sectionId = m_sectionId;
    request.payment = payment;
    // The very exchange that got no answer keeps its key; anything else is a new request.
    const bool retrying = m_pending && m_pending->unanswered && m_pending->orderId == m_order->id &&
                          m_pending->request.ticketId == request.ticketId &&
                          m_pending->request.seatId == request.seatId &&
                          m_pending->request.sectionId == request.sectionId &&
                          samePayment(m_pending->request.payment, request.payment);
    if (!retrying) {
        if (m_pending && m_pending->request.payment) wipeSecrets(*m_pending->request.payment);
        m_pending = PendingExchange{m_order->id, std::move(request),
                                    QUuid::createUuid().toString(QUuid::WithoutBraces), false};
    }
    send();
    return true;
}

bool ExchangeModel::retry() {
    if (m_busy || !canRetry()) return false;
    send();
    return true;
}

void ExchangeModel::send() {
    setBusy(true);
    const PendingExchange pending = *m_pending;
    m_api->exchange(pending.orderId, pending.request, pending.key, this,
                    [this, key = pending.key](ApiResult<ExchangeOutcome> outcome) {
                        setBusy(false);
                        if (!m_pending || m_pending->key != key) return;
                        if (!outcome) {
                            const ApiError& error = outcome.error();
                            // Outcome unknown even after ApiClient's retries: keep the request
                            // and its key for "Check again".
                            const bool unanswered = error.outcomeUnknown();
                            if (unanswered) {
                                m_pending->unanswered = true;
                            } else {
                                // An answer, even a refusal, ends this request; the card goes with
                                // it.
                                if (m_pending->request.payment)
                                    wipeSecrets(*m_pending->request.payment);
                                m_pending.reset();
                            }
                            if (error.is(ErrorCode::SeatsUnavailable) ||
                                error.is(ErrorCode::SoldOut)) {
                                clearChoice();
                                m_seatMap->reload();
                            }
                            Q_EMIT failed(unanswered ? tr("We could not confirm whether the "
                                                          "exchange was made.")
                                                     : describe(error),
                                          error.code(), unanswered);
                            return;
                        }
                        if (m_pending->request.payment) wipeSecrets(*m_pending->request.payment);
                        m_pending.reset();
                        m_order = outcome->order;
                        m_lastExchange = outcome->exchange;
                        clearChoice();
                        Q_EMIT exchanged(outcome->order, outcome->exchange);
                    });
}

std::optional<Ticket> ExchangeModel::newTicket() const {
    if (!m_lastExchange || !m_order) return std::nullopt;
    for (const Ticket& ticket : m_order->tickets)
        if (ticket.id == m_lastExchange->newTicketId) return ticket;
    return std::nullopt;
}

} // namespace bilheteria::client
