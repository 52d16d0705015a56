// The notification outbox: what the buyer and the organizers' systems are told (a purchase
// confirmed or refused, a hold about to expire, a refund done, an event cancelled). The other
// parts write a row in the same transaction as what it announces (a sale, a refund, a
// cancellation), so a sale that commits is always notified and one that rolls back never is;
// the server's dispatcher (core/notifications.h) claims due rows, sends them and records the
// outcome here. Used by NotificationService and SalesService (a refused purchase).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

enum class NotificationKind {
    PurchaseConfirmed,
    PurchaseRefused,
    HoldExpiring,
    RefundDone,
    EventCancelled
};

// "purchase.confirmed", "purchase.refused", "hold.expiring", "refund.done", "event.cancelled":
// the stored kind and the webhook's "type".
std::string_view notificationKindName(NotificationKind kind);
std::optional<NotificationKind> notificationKindFromName(std::string_view name);

// One claimed row: what it announces (the ids the dispatcher reads the rest through) and how
// far its delivery got. `attempt` counts claims, this one included; it fences the outcome: a
// row claimed again after its lease ran out takes the older claim's outcome no more.
struct Notification {
    Id id = 0;
    std::string uid; // the id receivers deduplicate on: random, the same on every attempt
    NotificationKind kind = NotificationKind::PurchaseConfirmed;
    Id eventId = 0;
    Id customerId = 0;
    std::optional<Id> orderId;
    std::optional<Id> holdId;
    std::optional<Id> refundId;
    std::string details; // JSON object: what the ids do not tell (a refusal's reason)
    int attempt = 0;
    bool emailSent = false;   // the buyer's e-mail went out on an earlier attempt
    bool webhookSent = false; // every webhook answered 2xx on an earlier attempt
    TimePoint createdAt{};
};

enum class NotificationChannel { Email, Webhook };

struct NotificationCounts {
    std::int64_t pending = 0;
    std::int64_t failed = 0; // given up after the last attempt, kept for the operator
};

// Every method is one transaction (see core/store/storage.h).
class NotificationStore {
public:
    virtual ~NotificationStore() = default;

    // A purchase the gateway refused, recorded after the refusal in its own transaction;
    // `reason` goes into the details. not_found when there is no such hold.
    virtual Result<void> recordRefusedPurchase(Id holdId, const std::string& reason,
                                               TimePoint now) = 0;
    // Enqueues one hold.expiring for each active hold expiring in (now, now + within] that
    // has none yet (never two for one hold, whichever servers race); returns how many.
    virtual Result<std::int64_t> enqueueHoldWarnings(TimePoint now,
                                                     std::chrono::seconds within) = 0;
    // Claims up to `limit` pending rows due at `now`, oldest first, for `lease`: until then no
    // other claim (of this or another server) takes them; after it, they are due again (a
    // crashed sender's rows come back). Each claim counts an attempt.
    virtual Result<std::vector<Notification>> claimDue(TimePoint now, std::chrono::seconds lease,
                                                       int limit) = 0;
    // One channel of a claimed row went out: a retry sends only the others.
    virtual Result<void> markSent(Id id, int attempt, NotificationChannel channel) = 0;
    virtual Result<void> markDelivered(Id id, int attempt, TimePoint now) = 0;
    // The attempt failed with `error`: due again at `retryAt`, or given up (failed) when
    // `retryAt` is empty.
    virtual Result<void> markFailed(Id id, int attempt, const std::string& error,
                                    std::optional<TimePoint> retryAt) = 0;
    virtual Result<NotificationCounts> countNotifications() = 0;
};

} // namespace bilheteria
