// Exchanging one paid ticket of an order for another place of the same event, at the counter:
// the event's seat map (a SeatMapModel of its own, live) where one place is chosen — a free
// seat or a general-admission section — the old and new prices and their difference, and the
// exchange itself (POST /orders/{id}/exchanges), with the top-up's payment when the new place
// is dearer; a cheaper one is paid back by the server as a refund of the order.
//
// Money may move, so as refunds and purchases do, every exchange carries an Idempotency-Key
// tied to its request (order, ticket, place, payment): a retry after an unanswered attempt
// sends the same key, and the server answers with the exchange it made instead of charging or
// paying back twice; any other request gets a new key. Card details stay in the model only
// while a request is unanswered (for that retry), never after an answer.
#pragma once

#include <QObject>
#include <QString>
#include <optional>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;
class SeatMapModel;

class ExchangeModel : public QObject {
    Q_OBJECT
public:
    explicit ExchangeModel(ApiClient* api, QObject* parent = nullptr);

    // Starts exchanging `ticketId` of `order`: loads the event's map, forgets any place chosen.
    // False when the ticket is not in the order or can no longer be exchanged (not valid).
    bool start(const Order& order, Id ticketId);
    // Closes the map's live stream (the dialog closed).
    void finish();

    SeatMapModel* seatMap() const { return m_seatMap; }
    const std::optional<Order>& order() const { return m_order; }
    // The ticket being exchanged (from the order given to start()).
    const std::optional<Ticket>& ticket() const { return m_ticket; }
    QString currency() const;

    // The place chosen on the map: one seat, or one place of a general-admission section. A new
    // seat or section replaces the one chosen before.
    void chooseSeat(Id seatId);
    void chooseSection(Id sectionId);
    void clearChoice();
    bool hasChoice() const { return m_seatId.has_value() || m_sectionId.has_value(); }
    std::optional<Id> chosenSeat() const { return m_seatId; }
    std::optional<Id> chosenSection() const { return m_sectionId; }
    // "Plateia, row B, seat 12" / "Pista, general admission"; empty without a choice.
    QString chosenPlaceText() const;
    // "Plateia, row A, seat 3" for the ticket being exchanged.
    QString ticketPlaceText() const;

    // Prices from the event's sections (0 until the map is loaded / without a choice).
    bool pricesKnown() const;
    Cents oldPriceCents() const;
    Cents newPriceCents() const;
    // New less old: > 0 the customer pays it, < 0 it is paid back.
    Cents differenceCents() const;
    bool needsPayment() const { return hasChoice() && pricesKnown() && differenceCents() > 0; }
    // "Customer pays R$ 50,00" / "Give back R$ 50,00" / "Same price: nothing to pay".
    QString differenceText() const;

    bool isBusy() const { return m_busy; }
    // Sends the exchange: `payment` is required for a dearer place and must be absent
    // otherwise (the model refuses to send what the contract refuses).
    bool exchange(const std::optional<PaymentRequest>& payment);
    // The key the pending (or last unanswered) exchange uses; empty when none.
    QString idempotencyKey() const { return m_pending ? m_pending->key : QString(); }
    bool canRetry() const { return m_pending.has_value() && m_pending->unanswered; }
    // Sends the unanswered exchange again, byte for byte, with its key.
    bool retry();
    bool holdsPaymentDetails() const { return m_pending && m_pending->request.payment; }
    const std::optional<Exchange>& lastExchange() const { return m_lastExchange; }
    // The new ticket made by the last exchange (in order()).
    std::optional<Ticket> newTicket() const;

Q_SIGNALS:
    void choiceChanged();
    void pricesChanged();
    void busyChanged(bool busy);
    // Done: `order` is the order as it is now (the new ticket in it, the old one exchanged).
    void exchanged(const bilheteria::Order& order, const bilheteria::Exchange& exchange);
    // Not done. `retryable`: the outcome is unknown (no answer, 503) even after ApiClient's
    // retries; retry() ("Check again") sends the same exchange with the same key. `code` is the
    // contract's error (SeatsUnavailable: the map is read again).
    void failed(const QString& message, bilheteria::ErrorCode code, bool retryable);
    // The exchange's outcome is unknown: ApiClient is sending it again with its key.
    void confirming();

private:
    struct PendingExchange {
        Id orderId = 0;
        ExchangeRequest request;
        QString key;
        bool unanswered = false;
    };
    void setBusy(bool busy);
    void send();
    void onSelectionChanged();
    Cents sectionPrice(Id sectionId) const;

    ApiClient* m_api;
    SeatMapModel* m_seatMap;
    std::optional<Order> m_order;
    std::optional<Ticket> m_ticket;
    std::optional<Id> m_seatId;
    std::optional<Id> m_sectionId;
    bool m_normalizing = false;
    bool m_busy = false;
    std::optional<PendingExchange> m_pending;
    std::optional<Exchange> m_lastExchange;
};

} // namespace bilheteria::client
