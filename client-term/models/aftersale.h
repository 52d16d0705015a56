// After the sale, at the counter: an order found by one of its tickets (its code or its signed
// token, typed or scanned) or by its id, the tickets chosen for a refund, and the refund sent
// with the checkout's Idempotency-Key rule (checkout.h): a new key for each new refund (other
// tickets, another order, another reason), the same key and body again only while its
// outcome is unknown (no answer, a 503), so nothing is ever paid back twice. An exchange moves one
// ticket to another place of the event under the same rule: the customer pays a dearer place's
// difference (cash or card) or gets a cheaper one's back.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "client-term/net/apiclient.h"

namespace bilheteria::term {

// Where an exchange moves a ticket: a numbered seat, or a place in a general-admission section.
struct ExchangePlace {
    std::optional<Id> seatId;
    Id sectionId = 0;
    Cents priceCents = 0;
    std::string label; // "Plateia · row B · seat 7", or the section's name
};

class AfterSale {
public:
    explicit AfterSale(ApiClient& api);

    // A number of up to 18 digits is an order id; anything else a ticket's code or token
    // (GET /orders?ticket=). Chooses nothing; loads the order's event for its prices.
    ApiResult<Order> find(std::string_view query);
    const std::optional<Order>& order() const { return m_order; }
    const std::optional<Event>& event() const { return m_event; }

    // A ticket that may still be refunded (not void, not checked in).
    static bool refundable(const Ticket& ticket);
    void toggle(Id ticketId);
    void chooseAllRefundable();
    bool chosen(Id ticketId) const { return m_chosen.count(ticketId) > 0; }
    std::vector<Id> chosenIds() const { return {m_chosen.begin(), m_chosen.end()}; }
    // What the chosen tickets cost (their sections' prices); the refund's own amount is the
    // one paid back.
    Cents chosenAmount() const;
    // One ticket's price, from its section (0 when the event is not known).
    Cents priceOf(const Ticket& ticket) const;

    // Refunds the chosen tickets (all refundable ones when every one is chosen, as the
    // contract's "no ticket_ids").
    ApiResult<RefundOutcome> refund(std::optional<std::string> reason = std::nullopt);
    // Sends the unanswered refund again with its key.
    ApiResult<RefundOutcome> retry();
    bool canRetry() const { return m_pending && m_pending->unanswered; }
    std::string pendingKey() const { return m_pending ? m_pending->key : std::string{}; }

    // Exchanges. A ticket that may move (valid: not void, not checked in).
    static bool exchangeable(const Ticket& ticket) { return refundable(ticket); }
    // Chooses the ticket and its new place; false when the ticket may not move.
    bool startExchange(Id ticketId, ExchangePlace place);
    void cancelExchange() { m_exchange.reset(); }
    bool exchanging() const { return m_exchange.has_value(); }
    const Ticket* exchangeTicket() const;
    const ExchangePlace* exchangePlace() const { return m_exchange ? &m_exchange->place : nullptr; }
    // The new place's price less the ticket's: the customer pays it when positive, gets it
    // back when negative.
    Cents exchangeDifference() const;
    // Sends the exchange; `payment` only for a dearer place. The same exchange that got no
    // answer (same ticket, place and payment) keeps its key.
    ApiResult<ExchangeOutcome> exchange(std::optional<PaymentRequest> payment = std::nullopt);
    ApiResult<ExchangeOutcome> retryExchange();
    bool canRetryExchange() const { return m_pendingExchange && m_pendingExchange->unanswered; }

private:
    struct PendingRefund {
        Id orderId = 0;
        RefundRequest request;
        std::string key;
        bool unanswered = false;
    };
    struct Exchanging {
        Id ticketId = 0;
        ExchangePlace place;
    };
    struct PendingExchange {
        Id orderId = 0;
        ExchangeRequest request;
        std::string key;
        bool unanswered = false;
    };
    ApiResult<RefundOutcome> send();
    ApiResult<ExchangeOutcome> sendExchange();

    ApiClient& m_api;
    std::optional<Order> m_order;
    std::optional<Event> m_event;
    std::set<Id> m_chosen;
    std::optional<PendingRefund> m_pending;
    std::optional<Exchanging> m_exchange;
    std::optional<PendingExchange> m_pendingExchange;
};

} // namespace bilheteria::term
