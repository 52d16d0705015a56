#include "server/store/refunds.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/store/door.h"

namespace bilheteria {

std::string orderStatus(const std::vector<Ticket>& tickets) {
    // An exchanged ticket was replaced by another of the order: it counts for nothing.
    const auto refunded = std::count_if(tickets.begin(), tickets.end(),
                                        [](const Ticket& t) { return t.status == "refunded"; });
    const auto kept = std::count_if(tickets.begin(), tickets.end(),
                                    [](const Ticket& t) { return t.status != "exchanged"; });
    if (refunded == 0) return "paid";
    return refunded == kept ? "refunded" : "partially_refunded";
}

Order withStatus(Order order) {
    order.status = orderStatus(order.tickets);
    return order;
}

Error foreignTicket(Id ticketId) {
    return {ErrorCode::InvalidRequest,
            "ticket " + std::to_string(ticketId) + " is not a ticket of this order",
            {{"field", "ticket_ids"}, {"ticket_id", ticketId}}};
}

Error nothingToRefund() {
    return {ErrorCode::TicketVoid, "this order has no valid ticket left to refund"};
}

bool isNothingToRefund(const Error& error) {
    return error.code == ErrorCode::TicketVoid && error.message == nothingToRefund().message;
}

Error refusedVoid(const DoorTicket& ticket) {
    return refusedCheckIn(ticket);
}

Error refundKeyTaken() {
    return {ErrorCode::IdempotencyMismatch, "this Idempotency-Key was used for another request"};
}

Error refundPassesPayment() {
    return Error::internal("the refunds would pass what the payment took");
}

std::string refundSubject(Id orderId) {
    return "order:" + std::to_string(orderId);
}

std::string refundDetails(const Refund& refund) {
    return nlohmann::json{{"refund_id", refund.id},
                          {"amount_cents", refund.amountCents},
                          {"method", refund.method},
                          {"ticket_ids", refund.ticketIds}}
        .dump();
}

Error exchangeSeatTaken(Id seatId) {
    return {ErrorCode::SeatsUnavailable,
            "the new seat is taken",
            {{"seat_ids", std::vector<Id>{seatId}}}};
}

Error exchangeSoldOut() {
    return {ErrorCode::SoldOut,
            "no place of this section is left",
            {{"requested", 1}, {"available", 0}}};
}

Error notAPlaceOfTheEvent(const std::string& field) {
    return Error::invalidField(field, field == "seat_id"
                                          ? "seat_id must be a numbered seat of the order's event"
                                          : "section_id must be a general-admission section of "
                                            "the order's event");
}

Error exchangePricesChanged(const NewExchange& in, const ExchangeQuote& now) {
    return {ErrorCode::Conflict,
            "the places' prices changed while the exchange was being made; try again",
            {{"old_price_cents", now.oldPriceCents},
             {"new_price_cents", now.newPriceCents},
             {"expected_old_price_cents", in.oldPriceCents},
             {"expected_new_price_cents", in.newPriceCents}}};
}

Exchange exchangeOf(const NewExchange& in, const ExchangeQuote& quote) {
    Exchange exchange;
    exchange.orderId = in.orderId;
    exchange.oldTicketId = in.ticketId;
    exchange.oldPriceCents = quote.oldPriceCents;
    exchange.newPriceCents = quote.newPriceCents;
    exchange.differenceCents = quote.newPriceCents - quote.oldPriceCents;
    exchange.currency = quote.currency;
    exchange.createdAt = in.now;
    if (const auto& topUp = in.topUp)
        exchange.payment = ExchangePayment{topUp->method, topUp->amountCents, topUp->summary.brand,
                                           topUp->summary.last4, topUp->summary.changeCents};
    return exchange;
}

Refund exchangeRefund(const NewExchange& in, const ExchangeQuote& quote) {
    Refund refund;
    refund.orderId = in.orderId;
    refund.amountCents = quote.oldPriceCents - quote.newPriceCents;
    refund.currency = quote.currency;
    refund.method = quote.method;
    // Cash goes back over the counter as the clerk records it: settled at once.
    refund.status = quote.method == "cash" ? "settled" : "pending";
    refund.reason = kExchangeRefundReason;
    refund.createdAt = in.now;
    return refund;
}

std::string exchangeDetails(const Exchange& exchange) {
    nlohmann::json details{{"exchange_id", exchange.id},
                           {"old_ticket_id", exchange.oldTicketId},
                           {"new_ticket_id", exchange.newTicketId},
                           {"old_price_cents", exchange.oldPriceCents},
                           {"new_price_cents", exchange.newPriceCents},
                           {"difference_cents", exchange.differenceCents},
                           {"currency", exchange.currency}};
    if (const auto& paid = exchange.payment)
        details["payment"] = {{"method", paid->method}, {"amount_cents", paid->amountCents}};
    if (const auto& back = exchange.refund)
        details["refund"] = {
            {"refund_id", back->id}, {"method", back->method}, {"amount_cents", back->amountCents}};
    return details.dump();
}

std::string cancellationDetails(const std::optional<std::string>& reason) {
    nlohmann::json details = nlohmann::json::object();
    if (reason) details["reason"] = *reason;
    return details.dump();
}

} // namespace bilheteria
