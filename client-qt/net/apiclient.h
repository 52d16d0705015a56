// The one client of the HTTP contract (shared/API.md): every request the app makes goes
// through here. Calls are asynchronous; each takes a context object and a callback that runs
// on the context's thread once the answer is in, and never after the context is destroyed.
// Bodies are mapped with the same JSON code as the server's (shared/jsonmapping.h).
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client-qt/net/apierror.h"
#include "client-qt/net/servertrust.h"
#include "shared/outcomeretry.h"
#include "shared/protocol.h"
#include "shared/seatmapformat.h"

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace bilheteria::client {

struct LoginSession {
    QString token;
    // The expiry the sign-in gave: the server renews the session while it is used, so the
    // token may last longer (GET /api/v1/me's session_expires_at). The client signs out on a
    // 401, never at this time.
    QDateTime expiresAt;
    User user;
};

// GET /api/v1/challenges: a proof-of-work puzzle (see ProofOfWorkSolver).
struct Challenge {
    QString challenge;
    int bits = 0;
    bool required = false;
};

struct ProofOfWorkAnswer {
    QString challenge;
    QString solution;
};

// POST /orders/{id}/refunds answers the order as it is now and the refund made.
struct RefundOutcome {
    Order order;
    Refund refund;
};

// POST /orders/{id}/exchanges answers the order as it is now (the new ticket in it, the old one
// exchanged) and the exchange made (prices, difference, top-up or money paid back).
struct ExchangeOutcome {
    Order order;
    Exchange exchange;
};

class ApiClient : public QObject {
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(ApiResult<T>)>;

    explicit ApiClient(QObject* parent = nullptr);

    void setBaseUrl(const QUrl& url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setTrust(const ServerTrust& trust);
    const ServerTrust& trust() const { return m_trust; }
    void setToken(const QString& token) { m_token = token; }
    QString token() const { return m_token; }
    // The server said outside a call that `token`'s session is over (a stream's session_ended
    // or 401): if it is still ours it is dropped and sessionExpired() follows, as after a 401.
    void noticeSessionEnded(const QString& token);
    // How far the server's clock is ahead of this machine's, in milliseconds, from the last
    // answer that carried `server_time` (holds); 0 until then.
    qint64 serverClockOffsetMs() const { return m_serverClockOffsetMs; }
    // How long purchases, refunds and exchanges keep asking when their outcome is unknown
    // (shared/outcomeretry.h): a 503 (failover, shutdown), a 5xx or no answer sends the same
    // request with the same Idempotency-Key again, honouring Retry-After, until a definite
    // answer (2xx, 4xx) or the budget is spent; then the caller gets the last error, whose
    // outcomeUnknown() says to offer "Check again" with the same key. Tests shorten it.
    void setOutcomeRetryPolicy(const OutcomeRetryPolicy& policy) { m_outcomeRetry = policy; }

    void health(QObject* context, Callback<void> done);
    void login(const LoginRequest& request, QObject* context, Callback<LoginSession> done);
    // `proof` when the server asks for proof of work (400 challenge_required).
    void registerAccount(const RegisterRequest& request,
                         const std::optional<ProofOfWorkAnswer>& proof, QObject* context,
                         Callback<User> done);
    void logout(QObject* context, Callback<void> done);
    void me(QObject* context, Callback<User> done);

    void events(QObject* context, Callback<std::vector<EventSummary>> done);
    void event(Id eventId, QObject* context, Callback<Event> done);
    // GET /events/{id}/seats: the seat-by-seat list, for one-shot reads. The seat map reads the
    // compact form below with the live stream instead (docs/api.md "Seat maps").
    void seats(Id eventId, QObject* context, Callback<std::vector<Seat>> done);
    // The compact seat map. The layout is kept here per event: without `version`, GET /layout
    // asks with If-None-Match for the one kept and a 304 answers from it; with `version` (the
    // states' layout_version), a kept layout of that version answers without a request and
    // another is read from its immutable /layout/{version}.
    void seatLayout(Id eventId, const std::optional<std::string>& version, QObject* context,
                    Callback<SeatLayout> done);
    // GET /events/{id}/seat-states: every seat's state, 2 bits each, as of a stream position.
    void seatStates(Id eventId, QObject* context, Callback<PackedSeatStates> done);
    // GET /events/{id}/seat-states?since=: the changes after `since` (or a reset).
    void seatStateChanges(Id eventId, Id since, QObject* context, Callback<SeatStateChanges> done);
    void createEvent(const EventDraft& draft, QObject* context, Callback<Event> done);
    // GET /events/{id}/sales: the organizer who created the event, or an admin (else 403).
    // `bucketSeconds` 60–86,400: the timeline's bucket width.
    void salesReport(Id eventId, int bucketSeconds, QObject* context, Callback<SalesReport> done);
    // GET /me/shift: the caller's sales in [since, until); without `until`, up to now.
    void shiftSummary(const QDateTime& since, const std::optional<QDateTime>& until,
                      QObject* context, Callback<ShiftSummary> done);

    // purpose "register" or "queue" (with the event).
    void challenge(const QString& purpose, std::optional<Id> eventId, QObject* context,
                   Callback<Challenge> done);
    void joinQueue(Id eventId, const std::optional<ProofOfWorkAnswer>& proof, QObject* context,
                   Callback<QueueStatus> done);
    void queueStatus(Id eventId, QObject* context, Callback<QueueStatus> done);

    void createHold(Id eventId, const HoldRequest& request, QObject* context, Callback<Hold> done);
    void hold(Id holdId, QObject* context, Callback<Hold> done);
    void releaseHold(Id holdId, QObject* context, Callback<void> done);
    // The same key with the same hold and payment returns the same order: retry with it when the
    // outcome is unknown, never with a new one. Retries by itself for a while (see
    // setOutcomeRetryPolicy()), announcing each retry with confirming().
    void purchase(Id holdId, const PaymentRequest& payment, const QString& idempotencyKey,
                  QObject* context, Callback<Order> done);
    void orders(QObject* context, Callback<std::vector<Order>> done);
    void order(Id orderId, QObject* context, Callback<Order> done);
    // GET /orders?ticket=T (staff): the order holding the ticket whose code or signed token is
    // `ticket`; empty when none.
    void ordersByTicket(const QString& ticket, QObject* context, Callback<std::vector<Order>> done);
    // POST /orders/{id}/refunds: like a purchase, the same key for a retry of the same request.
    void refund(Id orderId, const RefundRequest& request, const QString& idempotencyKey,
                QObject* context, Callback<RefundOutcome> done);
    // POST /orders/{id}/exchanges (staff): a ticket to another place of the event, paying or
    // paying back the difference. As refunds: the same key for a retry of the same request.
    void exchange(Id orderId, const ExchangeRequest& request, const QString& idempotencyKey,
                  QObject* context, Callback<ExchangeOutcome> done);
    // POST /events/{id}/cancel (the event's organizer, admin): closes the sale and refunds every
    // order. Calling it again refunds only what is left.
    void cancelEvent(Id eventId, const QString& reason, QObject* context,
                     Callback<EventCancellation> done);

    // The door (door staff, clerks, organizers, admins).
    void checkIn(const CheckinRequest& request, QObject* context, Callback<Checkin> done);
    // GET /events/{id}/checkin-bundle?tickets=1: keys, void tickets and every ticket.
    void checkinBundle(Id eventId, QObject* context, Callback<CheckinBundle> done);
    // POST /events/{id}/checkins/sync: one result per scan, in order.
    void syncCheckins(Id eventId, const SyncRequest& request, QObject* context,
                      Callback<std::vector<ScanResult>> done);

    // For the event stream (net/): a request to `path` with the base URL, TLS policy and token.
    QNetworkRequest newRequest(const QString& path) const;
    QNetworkAccessManager* network() const { return m_network; }
    // Applies the pinning policy to a reply made with network() (ignores the TLS errors a
    // pinned certificate raises, and only those); the reply's error then says Tls otherwise.
    void applyTrust(QNetworkReply* reply) const;
    // The ApiError for a reply that failed at the transport or TLS level.
    ApiError transportError(QNetworkReply* reply) const;

Q_SIGNALS:
    // A call that carried a token got 401 unauthenticated: the session is over.
    void sessionExpired();
    // A request carrying `idempotencyKey` got no definite answer and is about to be sent again
    // with that key: the screen says it is confirming rather than failing.
    void confirming(const QString& idempotencyKey);

private:
    struct Answer {
        int status = 0;
        nlohmann::json body;
    };
    using Handler = std::function<void(ApiResult<Answer>)>;

    void send(const QByteArray& verb, const QString& path, const nlohmann::json* body,
              const QList<QPair<QByteArray, QByteArray>>& headers, QObject* context,
              Handler handler);
    template <typename T, typename Map>
    void call(const QByteArray& verb, const QString& path, const nlohmann::json* body,
              QObject* context, Callback<T> done, Map map,
              const QList<QPair<QByteArray, QByteArray>>& headers = {});
    // A request with an Idempotency-Key, sent again while its outcome is unknown.
    struct KeyedRequest;
    void sendUntilKnown(const std::shared_ptr<KeyedRequest>& request, QObject* context);
    template <typename T, typename Map>
    void callUntilKnown(const QString& path, const nlohmann::json& body,
                        const QString& idempotencyKey, QObject* context, Callback<T> done, Map map);
    void observeServerTime(const nlohmann::json& body, qint64 sentAtMs);

    QNetworkAccessManager* m_network;
    QUrl m_baseUrl;
    ServerTrust m_trust;
    QString m_token;
    qint64 m_serverClockOffsetMs = 0;
    std::map<Id, SeatLayout> m_layouts; // per event: the last layout read
    OutcomeRetryPolicy m_outcomeRetry;
};

} // namespace bilheteria::client
