// What both stores' refund parts share: an order's status read from its tickets, the errors a
// refused refund returns, and the refund's audit entry.
#pragma once

#include <string>
#include <vector>

#include "server/core/store/doorstore.h"
#include "server/core/store/refundstore.h"
#include "shared/protocol.h"

namespace bilheteria {

// paid, partially_refunded (some tickets void) or refunded (all of them): what an order's
// status says, read from its tickets so that no second column can disagree with them.
std::string orderStatus(const std::vector<Ticket>& tickets);
// Sets `order.status` from its tickets; returns the order.
Order withStatus(Order order);

// A named ticket that is not the order's (invalid_request naming ticket_ids).
Error foreignTicket(Id ticketId);
// The order has no valid ticket left to refund (ticket_void).
Error nothingToRefund();
// Why the conditional void of `ticket` changed nothing: checked in, or void already.
Error refusedVoid(const DoorTicket& ticket);
// The key was taken by another request (idempotency_mismatch).
Error refundKeyTaken();
// More would go back than the payment took (a bug: the constraint of the rule).
Error refundPassesPayment();

// The audit entry of a refund: its action (order.refunded), subject (order:<id>) and details.
std::string refundSubject(Id orderId);
std::string refundDetails(const Refund& refund);

} // namespace bilheteria
