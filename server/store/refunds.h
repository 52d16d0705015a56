// What both stores' refund parts share: an order's status read from its tickets, the errors a
// refused refund returns, and the refund's audit entry.
#pragma once

#include <optional>
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
// True for nothingToRefund()'s error (a cancellation's batch skips such an order).
bool isNothingToRefund(const Error& error);

// A cancellation's batch inside the caller's transaction: `write(refund)` writes one order's
// refund; an order with nothing left to refund is skipped (the check comes before any write),
// any other failure fails the batch. The outcomes of the orders refunded, in order.
template <typename Write>
Result<std::vector<RefundOutcome>> writeEach(const std::vector<NewRefund>& refunds, Write&& write) {
    std::vector<RefundOutcome> out;
    for (const NewRefund& in : refunds) {
        auto one = write(in);
        if (!one && isNothingToRefund(one.error())) continue; // refunded meanwhile
        if (!one) return fail(one.error());
        out.push_back(std::move(*one));
    }
    return out;
}

// Why the conditional void of `ticket` changed nothing: checked in, or void already.
Error refusedVoid(const DoorTicket& ticket);
// The key was taken by another request (idempotency_mismatch).
Error refundKeyTaken();
// More would go back than the payment took (a bug: the constraint of the rule).
Error refundPassesPayment();

// The audit entry of a refund: its action (order.refunded), subject (order:<id>) and details.
std::string refundSubject(Id orderId);
std::string refundDetails(const Refund& refund);
// An exchange's refusals: the new seat is taken (seats_unavailable), no place of the section is
// left (sold_out), the new place is not of the event (invalid_request naming `field`), or the
// places cost otherwise than the core decided the payment on (conflict).
Error exchangeSeatTaken(Id seatId);
Error exchangeSoldOut();
Error notAPlaceOfTheEvent(const std::string& field);
Error exchangePricesChanged(const NewExchange& in, const ExchangeQuote& now);
// The exchange `in` makes at the prices `quote` read, before its ids are known (the new
// ticket's and its own): with the top-up of a dearer place. A cheaper place's refund is left
// to exchangeRefund.
Exchange exchangeOf(const NewExchange& in, const ExchangeQuote& quote);
// A cheaper place's refund of the difference, by the order's payment method (`quote`), before
// its id is known: cash settled at once, a card pending until the gateway pays it back.
Refund exchangeRefund(const NewExchange& in, const ExchangeQuote& quote);
// The reason such a refund carries.
inline constexpr char kExchangeRefundReason[] = "exchange";
// The audit entry ticket.exchanged's details.
std::string exchangeDetails(const Exchange& exchange);

// The audit entry event.cancelled's details: its reason, when given.
std::string cancellationDetails(const std::optional<std::string>& reason);

} // namespace bilheteria
