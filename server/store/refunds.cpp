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

Error priceDiffers(Cents oldPrice, Cents newPrice) {
    return {ErrorCode::PriceDiffers,
            "the new place costs another price: only same-price exchanges are made; refund the "
            "ticket and sell the new place instead",
            {{"old_price_cents", oldPrice}, {"new_price_cents", newPrice}}};
}

Exchange exchangeOf(const NewExchange& in, Cents oldPrice, Cents newPrice) {
    Exchange exchange;
    exchange.orderId = in.orderId;
    exchange.oldTicketId = in.ticketId;
    exchange.differenceCents = newPrice - oldPrice;
    exchange.createdAt = in.now;
    return exchange;
}

std::string exchangeDetails(const Exchange& exchange) {
    return nlohmann::json{{"exchange_id", exchange.id},
                          {"old_ticket_id", exchange.oldTicketId},
                          {"new_ticket_id", exchange.newTicketId},
                          {"difference_cents", exchange.differenceCents}}
        .dump();
}

std::string cancellationDetails(const std::optional<std::string>& reason) {
    nlohmann::json details = nlohmann::json::object();
    if (reason) details["reason"] = *reason;
    return details.dump();
}

} // namespace bilheteria
