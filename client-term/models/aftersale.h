// After the sale, at the counter: an order found by one of its tickets (its code or its signed
// token, typed or scanned) or by its id, the tickets chosen for a refund, and the refund sent
// with the checkout's Idempotency-Key rule (checkout.h): a new key for each new refund (other
// tickets, another order, another reason), the same key and body again only to retry one that
// got no answer, so nothing is ever paid back twice.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "client-term/net/apiclient.h"

namespace bilheteria::term {

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

private:
    struct PendingRefund {
        Id orderId = 0;
        RefundRequest request;
        std::string key;
        bool unanswered = false;
    };
    ApiResult<RefundOutcome> send();

    ApiClient& m_api;
    std::optional<Order> m_order;
    std::optional<Event> m_event;
    std::set<Id> m_chosen;
    std::optional<PendingRefund> m_pending;
};

} // namespace bilheteria::term
