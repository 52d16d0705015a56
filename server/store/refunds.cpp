#include "server/store/refunds.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/store/door.h"

namespace bilheteria {

std::string orderStatus(const std::vector<Ticket>& tickets) {
    const auto refunded = std::count_if(tickets.begin(), tickets.end(),
                                        [](const Ticket& t) { return t.status == "refunded"; });
    if (refunded == 0) return "paid";
    return refunded == static_cast<std::ptrdiff_t>(tickets.size()) ? "refunded"
                                                                   : "partially_refunded";
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

} // namespace bilheteria
