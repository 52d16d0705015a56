#include "client-term/models/aftersale.h"

#include <algorithm>
#include <cctype>

#include "shared/jsonmapping.h"
#include "shared/payment.h"

namespace bilheteria::term {

namespace {

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return std::string(text);
}

ApiError notFound(const std::string& message) {
    ApiError error;
    error.kind = ApiError::Kind::Http;
    error.httpStatus = 404;
    error.error = Error::notFound(message);
    return error;
}

} // namespace

AfterSale::AfterSale(ApiClient& api)
    : m_api(api) {}

ApiResult<Order> AfterSale::find(std::string_view query) {
    const std::string text = trimmed(query);
    if (text.empty()) return std::unexpected(notFound("type a ticket code or an order id"));
    const bool orderId = text.size() <= 18 && std::all_of(text.begin(), text.end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c)) != 0;
                         });
    ApiResult<Order> found = std::unexpected(notFound("no order holds that ticket"));
    if (orderId) {
        found = m_api.order(std::stoll(text));
    } else {
        auto orders = m_api.ordersByTicket(text);
        if (!orders) return std::unexpected(orders.error());
        if (!orders->empty()) found = std::move(orders->front());
    }
    if (!found) return found;
    m_chosen.clear();
    if (!m_event || m_event->summary.id != found->eventId) {
        auto event = m_api.event(found->eventId);
        if (event)
            m_event = std::move(*event);
        else
            m_event.reset(); // prices unknown; the refund still says what it paid back
    }
    m_order = *found;
    m_exchange.reset();
    return found;
}

bool AfterSale::refundable(const Ticket& ticket) {
    return ticket.status == "valid";
}

void AfterSale::toggle(Id ticketId) {
    if (!m_order) return;
    const auto it = std::find_if(m_order->tickets.begin(), m_order->tickets.end(),
                                 [&](const Ticket& t) { return t.id == ticketId; });
    if (it == m_order->tickets.end() || !refundable(*it)) return;
    if (!m_chosen.erase(ticketId)) m_chosen.insert(ticketId);
}

void AfterSale::chooseAllRefundable() {
    if (!m_order) return;
    for (const Ticket& ticket : m_order->tickets)
        if (refundable(ticket)) m_chosen.insert(ticket.id);
}

Cents AfterSale::priceOf(const Ticket& ticket) const {
    if (!m_event) return 0;
    for (const auto& section : m_event->sections)
        if (section.id == ticket.sectionId) return section.priceCents;
    return 0;
}

Cents AfterSale::chosenAmount() const {
    Cents total = 0;
    if (!m_order) return total;
    for (const Ticket& ticket : m_order->tickets)
        if (chosen(ticket.id)) total += priceOf(ticket);
    return total;
}

ApiResult<RefundOutcome> AfterSale::refund(std::optional<std::string> reason) {
    if (!m_order || m_chosen.empty()) return std::unexpected(notFound("choose tickets first"));
    RefundRequest request;
    const auto refundableCount = std::count_if(m_order->tickets.begin(), m_order->tickets.end(),
                                               [](const Ticket& t) { return refundable(t); });
    if (static_cast<std::size_t>(refundableCount) != m_chosen.size())
        request.ticketIds = chosenIds();
    request.reason = std::move(reason);
    // The same refund that got no answer keeps its key; anything else is a new refund.
    const bool same = m_pending && m_pending->unanswered && m_pending->orderId == m_order->id &&
                      m_pending->request.ticketIds == request.ticketIds &&
                      m_pending->request.reason == request.reason;
    if (!same) m_pending = PendingRefund{m_order->id, std::move(request), newIdempotencyKey()};
    return send();
}

ApiResult<RefundOutcome> AfterSale::retry() {
    if (!canRetry()) return std::unexpected(notFound("no refund to retry"));
    return send();
}

ApiResult<RefundOutcome> AfterSale::send() {
    auto outcome = m_api.refund(m_pending->orderId, m_pending->request, m_pending->key);
    if (!outcome) {
        m_pending->unanswered = outcome.error().outcomeUnknown();
        if (!m_pending->unanswered) m_pending.reset();
        return outcome;
    }
    m_pending.reset();
    m_order = outcome->order;
    m_chosen.clear();
    return outcome;
}

bool AfterSale::startExchange(Id ticketId, ExchangePlace place) {
    m_exchange = Exchanging{ticketId, std::move(place)};
    const Ticket* ticket = exchangeTicket();
    if (!ticket || !exchangeable(*ticket)) {
        m_exchange.reset();
        return false;
    }
    return true;
}

const Ticket* AfterSale::exchangeTicket() const {
    if (!m_order || !m_exchange) return nullptr;
    for (const Ticket& ticket : m_order->tickets)
        if (ticket.id == m_exchange->ticketId) return &ticket;
    return nullptr;
}

Cents AfterSale::exchangeDifference() const {
    const Ticket* ticket = exchangeTicket();
    if (!ticket) return 0;
    return m_exchange->place.priceCents - priceOf(*ticket);
}

ApiResult<ExchangeOutcome> AfterSale::exchange(std::optional<PaymentRequest> payment) {
    if (!m_order || !exchangeTicket())
        return std::unexpected(notFound("choose a ticket and its new place first"));
    ExchangeRequest request;
    request.ticketId = m_exchange->ticketId;
    if (m_exchange->place.seatId)
        request.seatId = m_exchange->place.seatId;
    else
        request.sectionId = m_exchange->place.sectionId;
    request.payment = std::move(payment);
    // The same exchange that got no answer keeps its key; anything else is a new exchange.
    const auto body = [](const ExchangeRequest& r) { return toJson(r).dump(); };
    const bool same = m_pendingExchange && m_pendingExchange->unanswered &&
                      m_pendingExchange->orderId == m_order->id &&
                      body(m_pendingExchange->request) == body(request);
    if (same && request.payment) wipeSecrets(*request.payment);
    if (!same)
        m_pendingExchange = PendingExchange{m_order->id, std::move(request), newIdempotencyKey()};
    return sendExchange();
}

ApiResult<ExchangeOutcome> AfterSale::retryExchange() {
    if (!canRetryExchange()) return std::unexpected(notFound("no exchange to retry"));
    return sendExchange();
}

ApiResult<ExchangeOutcome> AfterSale::sendExchange() {
    auto outcome = m_api.exchange(m_pendingExchange->orderId, m_pendingExchange->request,
                                  m_pendingExchange->key);
    m_pendingExchange->unanswered = !outcome && outcome.error().outcomeUnknown();
    // The card's number and CVC are kept only while the request may be sent again.
    if (!m_pendingExchange->unanswered) {
        if (m_pendingExchange->request.payment) wipeSecrets(*m_pendingExchange->request.payment);
        m_pendingExchange.reset();
    }
    if (!outcome) return outcome;
    m_exchange.reset();
    m_order = outcome->order;
    m_chosen.clear();
    return outcome;
}

} // namespace bilheteria::term
