// Purchases: turns an active hold into a paid order. Authorizes the payment before the sale's
// transaction, captures after it commits and voids it when it fails; an Idempotency-Key makes a
// retried request return the same order without charging twice.
#pragma once

#include <chrono>

#include "server/core/activity.h"
#include "server/core/clock.h"
#include "server/core/payments.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/holdstore.h"
#include "server/core/store/notificationstore.h"
#include "server/core/store/reportstore.h"
#include "server/core/store/salestore.h"

namespace bilheteria {

// A ticket's code: 128 random bits (base64url), for a sale's tickets and an exchange's.
constexpr std::size_t kTicketCodeBytes = 16;

// How long a hold may still block its places after its purchase was refused with
// card_limit_exceeded (docs/api.md): long enough for a person to type another card, short enough
// that a bot's accounts sharing one card do not hoard places for the hold's whole time.
constexpr std::chrono::seconds kDefaultHoldAfterCardRefusal{30};

struct PurchaseResult {
    Order order;
    bool replayed = false; // an earlier request with the same key made this order
};

class SalesService {
public:
    // `requestHashKey` keys the hash of each purchase request kept with its idempotency key
    // (the request holds a card number: an unkeyed hash of it could be reversed).
    // `cardFingerprintKey` keys the card fingerprints behind the per-card limit (an unkeyed hash
    // of a card number is reversed by trying every number); the app passes
    // storage.serverSecret("card-fingerprint"), so that every server on one database agrees.
    struct Stores {
        SaleStore& sales;
        HoldStore& holds;                 // the hold being paid for
        EventStore& events;               // its event's limit per card
        ReportStore& reports;             // the shift summary
        NotificationStore& notifications; // a refused payment's message to the buyer
    };
    // `activity`, when given, hears of each sale (not of a replayed request).
    // `holdAfterCardRefusal` (at least a second): see kDefaultHoldAfterCardRefusal.
    SalesService(Stores stores, const Clock& clock, PaymentGateways& gateways,
                 std::string requestHashKey, std::string cardFingerprintKey,
                 ActivityCounters* activity = nullptr,
                 std::chrono::seconds holdAfterCardRefusal = kDefaultHoldAfterCardRefusal);

    Result<PurchaseResult> purchase(const User& actor, Id holdId, const std::string& idempotencyKey,
                                    const PaymentRequest& payment);
    Result<Order> order(const User& actor, Id orderId);
    Result<std::vector<Order>> orders(const User& actor);
    // GET /orders?ticket=: the order `orderId` (the one holding the ticket looked up) as a list
    // of one, or none. Staff who work the counter or the door see any order; anyone else only
    // their own (another customer's order is an empty list, as an unknown ticket is).
    Result<std::vector<Order>> orderByTicket(const User& actor, std::optional<Id> orderId);
    // The sales `actor` made (as the paying actor, at the counter or for themselves) with
    // created_at in [since, until), until defaulting to the end of the current second (now + 1 s);
    // invalid_request naming until when it comes before since.
    Result<ShiftSummary> shift(const User& actor, TimePoint since, std::optional<TimePoint> until);
    // Captures payments whose orders committed but whose capture did not happen (a crash in
    // between); returns how many it captured.
    Result<std::int64_t> captureUncaptured();

private:
    std::string requestHash(Id holdId, const PaymentRequest& payment) const;
    // 64 hex digits: HMAC-SHA256 under the card key of the card's digits.
    std::string cardFingerprint(const CardPayment& card) const;
    // A card_limit_exceeded refusal of hold `holdId`'s purchase, after the hold was shortened
    // to m_holdAfterCardRefusal from `now`: details.hold_expires_at says until when it lasts.
    Error shortenRefusedHold(Id holdId, Error refusal, TimePoint now);
    Result<PurchaseResult> replay(const User& actor, const IdempotencyRecord& record, Id holdId,
                                  const std::string& hash);

    Stores m_stores;
    const Clock& m_clock;
    PaymentGateways& m_gateways;
    std::string m_requestHashKey;
    std::string m_cardFingerprintKey;
    ActivityCounters* m_activity;
    std::chrono::seconds m_holdAfterCardRefusal;
};

} // namespace bilheteria
