// The terminal client's one way to the server: every call of the contract (shared/API.md) as a
// typed, synchronous function over one keep-alive HTTPS connection, answers read with
// shared/'s JSON mapping. Models and commands call it; nothing else builds a request. Not
// thread-safe: one ApiClient per thread (the event stream opens a connection of its own).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client-term/net/apierror.h"
#include "client-term/net/httpsconnection.h"
#include "shared/eventstreamparser.h"
#include "shared/outcomeretry.h"
#include "shared/protocol.h"
#include "shared/seatmapformat.h"

namespace bilheteria::term {

struct LoginSession {
    std::string token;
    // The expiry the sign-in gave: the server renews the session while it is used, so the
    // saved token may last longer (GET /api/v1/me's session_expires_at); a 401 ends it.
    TimePoint expiresAt{};
    User user;
};

// GET /api/v1/challenges: a proof-of-work puzzle (see proofofwork.h).
struct Challenge {
    std::string challenge;
    int bits = 0;
    bool required = false;
};

struct ProofOfWorkAnswer {
    std::string challenge;
    std::string solution;
};

// POST /orders/{id}/refunds's answer.
struct RefundOutcome {
    Order order;
    Refund refund;
};

// POST /orders/{id}/exchanges's answer.
struct ExchangeOutcome {
    Order order;
    Exchange exchange;
};

// Ends a watch() from another thread at once (it closes the stream's socket).
class WatchCancel {
public:
    void cancel();
    bool cancelled() const;

private:
    friend class ApiClient;
    mutable std::mutex m_mutex;
    HttpsConnection* m_connection = nullptr;
    bool m_cancelled = false;
};

// A fresh Idempotency-Key: 128 random bits as 32 hex digits.
std::string newIdempotencyKey();

class ApiClient {
public:
    ApiClient(ServerAddress address, TlsTrust trust, ConnectionOptions options = {});

    // Another client for the same server, trust and session (for a thread of its own).
    std::unique_ptr<ApiClient> sibling() const;
    const ServerAddress& address() const { return m_address; }
    void setToken(std::string token) { m_token = std::move(token); }
    const std::string& token() const { return m_token; }
    // Purchases, refunds and exchanges whose outcome is unknown (a 503 in a failover, a 5xx, no
    // answer) are sent again here, with the same Idempotency-Key, honouring Retry-After, until
    // a definite answer (2xx, 4xx) or `policy`'s budget is spent (shared/outcomeretry.h); then
    // the last error comes back, its outcomeUnknown() set. Tests shorten it.
    void setOutcomeRetryPolicy(const OutcomeRetryPolicy& policy) { m_outcomeRetry = policy; }
    // Called before each such retry (the screen says "Confirming your payment…").
    void setConfirmingHandler(std::function<void()> handler) {
        m_onConfirming = std::move(handler);
    }

    ApiResult<void> health();
    ApiResult<LoginSession> login(const LoginRequest& request);
    ApiResult<void> logout();
    ApiResult<User> me();

    ApiResult<std::vector<EventSummary>> events();
    ApiResult<Event> event(Id eventId);
    ApiResult<std::vector<Seat>> seats(Id eventId);
    ApiResult<SalesReport> salesReport(Id eventId, int bucketSeconds);
    ApiResult<ShiftSummary> shiftSummary(TimePoint since, std::optional<TimePoint> until = {});

    ApiResult<Challenge> challenge(const std::string& purpose, std::optional<Id> eventId);
    ApiResult<QueueStatus> joinQueue(Id eventId, const std::optional<ProofOfWorkAnswer>& proof);
    ApiResult<QueueStatus> queueStatus(Id eventId);

    ApiResult<Hold> createHold(Id eventId, const HoldRequest& request);
    ApiResult<Hold> hold(Id holdId);
    ApiResult<void> releaseHold(Id holdId);
    // The caller owns the Idempotency-Key rule (see checkout.h): a new key per new payment,
    // the same key and body only to ask again about a request whose outcome is unknown. Asks
    // again by itself for a while (setOutcomeRetryPolicy()).
    ApiResult<Order> purchase(Id holdId, const PaymentRequest& payment,
                              const std::string& idempotencyKey);
    ApiResult<std::vector<Order>> orders();
    ApiResult<Order> order(Id orderId);
    // GET /orders?ticket=T (staff): the order holding the ticket whose code or signed token is
    // T. Only orders that really hold that ticket are kept, so a server that ignores the
    // parameter (and lists the caller's own orders) finds none rather than the wrong one.
    ApiResult<std::vector<Order>> ordersByTicket(const std::string& ticket);
    // The same Idempotency-Key rule as purchase(): a new key per new refund, the same key and
    // body only to retry one that got no answer.
    ApiResult<RefundOutcome> refund(Id orderId, const RefundRequest& request,
                                    const std::string& idempotencyKey);
    // The same rule again: a new key per new exchange (another ticket, place or payment).
    ApiResult<ExchangeOutcome> exchange(Id orderId, const ExchangeRequest& request,
                                        const std::string& idempotencyKey);
    // Cancels the event (its organizer, an admin) and refunds its orders; calling again
    // refunds only what is left.
    ApiResult<EventCancellation> cancelEvent(Id eventId, const CancelRequest& request);

    // The door.
    ApiResult<Checkin> checkin(const CheckinRequest& request);
    ApiResult<std::vector<PublicKeyInfo>> eventKeys(Id eventId);
    // `withTickets`: every ticket of the event too (for typed codes and counts offline).
    ApiResult<CheckinBundle> checkinBundle(Id eventId, bool withTickets,
                                           const std::string& since = {});
    ApiResult<std::vector<ScanResult>> syncCheckins(Id eventId, const SyncRequest& request);

    // GET /api/v1/events/{id}/stream on a connection of its own: each event to `onEvent` until
    // it returns false, `cancel` is cancelled or the server closes. `lastEventId` resumes
    // after that event; the last id seen is written back to it.
    ApiResult<void> watch(Id eventId, std::string& lastEventId,
                          const std::function<bool(const StreamEvent&)>& onEvent,
                          WatchCancel* cancel = nullptr);

    // The server's clock as last seen in a hold's server_time, less this machine's: a
    // countdown to expires_at runs on now() + offset, whatever this machine's clock says.
    std::chrono::milliseconds serverClockOffset() const { return m_serverClockOffset; }

private:
    Headers authorized(Headers headers = {}) const;
    ApiResult<nlohmann::json> answer(const Reply& reply, const char* what);
    // POST with an Idempotency-Key, sent again while its outcome is unknown.
    ApiResult<nlohmann::json> postUntilKnown(const std::string& path, const std::string& body,
                                             const std::string& idempotencyKey, const char* what);
    void observeServerTime(const nlohmann::json& body, std::chrono::system_clock::time_point sent);

    ServerAddress m_address;
    TlsTrust m_trust;
    ConnectionOptions m_options;
    HttpsConnection m_connection;
    std::string m_token;
    std::chrono::milliseconds m_serverClockOffset{0};
    OutcomeRetryPolicy m_outcomeRetry;
    std::function<void()> m_onConfirming;
    std::map<Id, SeatLayout> m_layouts; // per event, revalidated by version on each seats()
};

} // namespace bilheteria::term
