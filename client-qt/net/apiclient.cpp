#include "client-qt/net/apiclient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimer>
#include <QUrlQuery>

#include "client-qt/net/qtconversion.h"
#include "shared/jsonmapping.h"

namespace bilheteria::client {

namespace {

using json = nlohmann::json;

constexpr int kTransferTimeoutMs = 20'000;

ApiError badResponse(const std::string& what) {
    ApiError error;
    error.kind = ApiError::Kind::BadResponse;
    error.error = Error{ErrorCode::Internal, what};
    return error;
}

// An answer that is the object itself ({"position", ...}), not wrapped in a key.
template <typename T, typename Parse> ApiResult<T> parseWhole(const json& body, Parse parse) {
    auto parsed = parse(body);
    if (!parsed) return std::unexpected(badResponse(parsed.error().message));
    return std::move(*parsed);
}

// Unwraps {"key": value} with a parser for value; BadResponse when the shape is wrong.
template <typename T, typename Parse>
ApiResult<T> unwrap(const json& body, const char* key, Parse parse) {
    if (!body.is_object() || !body.contains(key))
        return std::unexpected(badResponse(std::string("the answer has no ") + key));
    return parseWhole<T>(body.at(key), parse);
}

template <typename T, typename Parse>
ApiResult<std::vector<T>> unwrapList(const json& body, const char* key, Parse parse) {
    if (!body.is_object() || !body.contains(key) || !body.at(key).is_array())
        return std::unexpected(badResponse(std::string("the answer has no list ") + key));
    const json& items = body.at(key);
    std::vector<T> out;
    out.reserve(items.size());
    for (const json& item : items) {
        auto parsed = parse(item);
        if (!parsed) return std::unexpected(badResponse(parsed.error().message));
        out.push_back(std::move(*parsed));
    }
    return out;
}

std::optional<QString> stringField(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object.at(key).is_string())
        return std::nullopt;
    return toQString(object.at(key).get<std::string>());
}

} // namespace

ApiClient::ApiClient(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this)) {
    // One connection pool for the app: HTTP/1.1 keep-alive, no proxy surprises at a venue.
    m_network->setAutoDeleteReplies(false);
}

void ApiClient::setBaseUrl(const QUrl& url) {
    m_baseUrl = url;
    m_network->clearConnectionCache();
}

void ApiClient::setTrust(const ServerTrust& trust) {
    m_trust = trust;
    m_network->clearConnectionCache();
}

QNetworkRequest ApiClient::newRequest(const QString& path) const {
    QUrl url = m_baseUrl;
    const qsizetype query = path.indexOf(u'?');
    url.setPath(query < 0 ? path : path.left(query));
    url.setQuery(query < 0 ? QString() : path.mid(query + 1));
    QNetworkRequest request(url);
    request.setSslConfiguration(m_trust.configuration());
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!m_token.isEmpty()) request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    return request;
}

void ApiClient::applyTrust(QNetworkReply* reply) const {
    connect(reply, &QNetworkReply::sslErrors, reply, [trust = m_trust, reply](const auto& errors) {
        if (trust.acceptsDespite(errors)) reply->ignoreSslErrors(errors);
    });
}

ApiError ApiClient::transportError(QNetworkReply* reply) const {
    ApiError error;
    error.error = Error{ErrorCode::Unavailable, reply->errorString().toStdString()};
    const auto tlsError = reply->error();
    if (tlsError == QNetworkReply::SslHandshakeFailedError) {
        error.kind = ApiError::Kind::Tls;
        const auto chain = reply->sslConfiguration().peerCertificateChain();
        if (!chain.isEmpty()) error.certificate = chain.first();
    } else {
        error.kind = ApiError::Kind::Network;
    }
    return error;
}

void ApiClient::send(const QByteArray& verb, const QString& path, const json* body,
                     const QList<QPair<QByteArray, QByteArray>>& headers, QObject* context,
                     Handler handler) {
    QNetworkRequest request = newRequest(path);
    request.setTransferTimeout(kTransferTimeoutMs);
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    QByteArray payload;
    if (body) {
        payload = QByteArray::fromStdString(body->dump());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    }
    const bool authenticated = !m_token.isEmpty();
    QNetworkReply* reply = m_network->sendCustomRequest(request, verb, payload);
    applyTrust(reply);
    // The peer chain is gone once the reply fails: keep it from the handshake's complaint.
    auto presented = std::make_shared<QSslCertificate>();
    connect(reply, &QNetworkReply::sslErrors, reply, [presented](const QList<QSslError>& errors) {
        for (const auto& error : errors)
            if (!error.certificate().isNull()) {
                *presented = error.certificate();
                break;
            }
    });
    QPointer<QObject> guard(context);
    const qint64 sentAtMs = QDateTime::currentMSecsSinceEpoch();
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, guard, handler = std::move(handler), authenticated, presented, sentAtMs] {
                reply->deleteLater();
                if (!guard) return;
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 0) {
                    ApiError error = transportError(reply);
                    if (error.kind == ApiError::Kind::Tls && error.certificate.isNull())
                        error.certificate = *presented;
                    handler(std::unexpected(std::move(error)));
                    return;
                }
                const QByteArray raw = reply->readAll();
                Answer answer{status, json()};
                if (!raw.isEmpty()) {
                    answer.body = json::parse(raw.constBegin(), raw.constEnd(), nullptr, false);
                    if (answer.body.is_discarded()) {
                        // A proxy's error page (502, 503 from nginx): the status still tells
                        // whether the outcome is known.
                        ApiError error = badResponse("the answer is not JSON");
                        error.httpStatus = status >= 300 ? status : 0;
                        error.retryAfterSeconds = reply->rawHeader("Retry-After").toInt();
                        handler(std::unexpected(std::move(error)));
                        return;
                    }
                }
                // 304: only a request that sent If-None-Match gets it; its caller reads it.
                if ((status >= 200 && status < 300) || status == 304) {
                    observeServerTime(answer.body, sentAtMs);
                    handler(std::move(answer));
                    return;
                }
                ApiError error;
                error.kind = ApiError::Kind::Http;
                error.httpStatus = status;
                error.retryAfterSeconds = reply->rawHeader("Retry-After").toInt();
                if (auto parsed = errorFromBody(answer.body))
                    error.error = std::move(*parsed);
                else
                    error.error =
                        Error{status == 401 ? ErrorCode::Unauthenticated : ErrorCode::Internal,
                              "HTTP " + std::to_string(status)};
                const bool expired = authenticated && error.code() == ErrorCode::Unauthenticated;
                handler(std::unexpected(std::move(error)));
                if (expired) Q_EMIT sessionExpired();
            });
}

void ApiClient::noticeSessionEnded(const QString& token) {
    if (token.isEmpty() || token != m_token) return; // a stream of an earlier session
    m_token.clear();
    Q_EMIT sessionExpired();
}

void ApiClient::observeServerTime(const json& body, qint64 sentAtMs) {
    const auto serverTime = stringField(body, "server_time");
    if (!serverTime) return;
    const auto parsed = parseRfc3339(serverTime->toStdString());
    if (!parsed) return;
    // The server read its clock somewhere between sending and now; take the middle. Its
    // whole seconds add up to half a second of doubt, well within a countdown's needs.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 serverMs = parsed->time_since_epoch().count() * 1000 + 500;
    m_serverClockOffsetMs = serverMs - (sentAtMs + now) / 2;
}

template <typename T, typename Map>
void ApiClient::call(const QByteArray& verb, const QString& path, const json* body,
                     QObject* context, Callback<T> done, Map map,
                     const QList<QPair<QByteArray, QByteArray>>& headers) {
    send(verb, path, body, headers, context,
         [done = std::move(done), map = std::move(map)](ApiResult<Answer> answer) {
             if (!answer) {
                 done(std::unexpected(std::move(answer).error()));
                 return;
             }
             done(map(answer->body));
         });
}

struct ApiClient::KeyedRequest {
    QString path;
    json body;
    QString key;
    Handler handler;
    QElapsedTimer since;
    int attempts = 0;
};

void ApiClient::sendUntilKnown(const std::shared_ptr<KeyedRequest>& request, QObject* context) {
    ++request->attempts;
    send("POST", request->path, &request->body, {{"Idempotency-Key", request->key.toLatin1()}},
         context, [this, request, guard = QPointer<QObject>(context)](ApiResult<Answer> answer) {
             if (!answer && answer.error().outcomeUnknown()) {
                 const ApiError& error = answer.error();
                 const auto delay = outcomeRetryDelay(
                     m_outcomeRetry, error.httpStatus, error.retryAfterSeconds, request->attempts,
                     std::chrono::milliseconds{request->since.elapsed()});
                 if (delay && guard) {
                     Q_EMIT confirming(request->key);
                     QTimer::singleShot(*delay, guard.data(),
                                        [self = QPointer<ApiClient>(this), request, guard] {
                                            if (self && guard) self->sendUntilKnown(request, guard);
                                        });
                     return;
                 }
             }
             request->handler(std::move(answer));
         });
}

template <typename T, typename Map>
void ApiClient::callUntilKnown(const QString& path, const json& body, const QString& idempotencyKey,
                               QObject* context, Callback<T> done, Map map) {
    auto request = std::make_shared<KeyedRequest>();
    request->path = path;
    request->body = body;
    request->key = idempotencyKey;
    request->handler = [done = std::move(done), map = std::move(map)](ApiResult<Answer> answer) {
        if (!answer) {
            done(std::unexpected(std::move(answer).error()));
            return;
        }
        done(map(answer->body));
    };
    request->since.start();
    sendUntilKnown(request, context);
}

void ApiClient::health(QObject* context, Callback<void> done) {
    call<void>("GET", QStringLiteral("/healthz"), nullptr, context, std::move(done),
               [](const json&) -> ApiResult<void> { return {}; });
}

void ApiClient::login(const LoginRequest& request, QObject* context, Callback<LoginSession> done) {
    const json body = toJson(request);
    call<LoginSession>("POST", QStringLiteral("/api/v1/auth/login"), &body, context,
                       std::move(done), [](const json& answer) -> ApiResult<LoginSession> {
                           LoginSession session;
                           const auto token = stringField(answer, "token");
                           const auto expires = stringField(answer, "expires_at");
                           if (!token || !expires) return std::unexpected(badResponse("login"));
                           session.token = *token;
                           session.expiresAt = QDateTime::fromString(*expires, Qt::ISODate);
                           auto user = unwrap<User>(answer, "user", parseUser);
                           if (!user) return std::unexpected(user.error());
                           session.user = std::move(*user);
                           return session;
                       });
}

namespace {
QList<QPair<QByteArray, QByteArray>> proofHeaders(const std::optional<ProofOfWorkAnswer>& proof) {
    if (!proof) return {};
    return {{"X-Pow-Challenge", proof->challenge.toUtf8()},
            {"X-Pow-Solution", proof->solution.toUtf8()}};
}
} // namespace

void ApiClient::registerAccount(const RegisterRequest& request,
                                const std::optional<ProofOfWorkAnswer>& proof, QObject* context,
                                Callback<User> done) {
    const json body = toJson(request);
    call<User>(
        "POST", QStringLiteral("/api/v1/auth/register"), &body, context, std::move(done),
        [](const json& answer) { return unwrap<User>(answer, "user", parseUser); },
        proofHeaders(proof));
}

void ApiClient::logout(QObject* context, Callback<void> done) {
    call<void>("POST", QStringLiteral("/api/v1/auth/logout"), nullptr, context, std::move(done),
               [](const json&) -> ApiResult<void> { return {}; });
}

void ApiClient::me(QObject* context, Callback<User> done) {
    call<User>("GET", QStringLiteral("/api/v1/me"), nullptr, context, std::move(done),
               [](const json& answer) { return unwrap<User>(answer, "user", parseUser); });
}

void ApiClient::events(QObject* context, Callback<std::vector<EventSummary>> done) {
    call<std::vector<EventSummary>>("GET", QStringLiteral("/api/v1/events"), nullptr, context,
                                    std::move(done), [](const json& answer) {
                                        return unwrapList<EventSummary>(answer, "events",
                                                                        parseEventSummary);
                                    });
}

void ApiClient::event(Id eventId, QObject* context, Callback<Event> done) {
    call<Event>("GET", QStringLiteral("/api/v1/events/%1").arg(eventId), nullptr, context,
                std::move(done),
                [](const json& answer) { return unwrap<Event>(answer, "event", parseEvent); });
}

void ApiClient::seats(Id eventId, QObject* context, Callback<std::vector<Seat>> done) {
    call<std::vector<Seat>>("GET", QStringLiteral("/api/v1/events/%1/seats").arg(eventId), nullptr,
                            context, std::move(done), [](const json& answer) {
                                return unwrapList<Seat>(answer, "seats", parseSeat);
                            });
}

void ApiClient::seatLayout(Id eventId, const std::optional<std::string>& version, QObject* context,
                           Callback<SeatLayout> done) {
    const auto kept = m_layouts.find(eventId);
    const bool haveKept = kept != m_layouts.end();
    if (version && haveKept && kept->second.version == *version) {
        // Answered from the cache, but like every call: later, on the context's thread.
        QMetaObject::invokeMethod(
            context, [done = std::move(done), layout = kept->second]() mutable { done(layout); },
            Qt::QueuedConnection);
        return;
    }
    QString path = QStringLiteral("/api/v1/events/%1/layout").arg(eventId);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (version)
        path += QLatin1Char('/') + QString::fromStdString(*version);
    else if (haveKept)
        headers.append(
            {"If-None-Match", QByteArray::fromStdString('"' + kept->second.version + '"')});
    // No Accept-Encoding of our own: QNetworkAccessManager then asks for gzip itself and
    // unpacks the answer, which it would not do for a header set here.
    send("GET", path, nullptr, headers, context,
         [this, eventId, done = std::move(done)](ApiResult<Answer> answer) {
             if (!answer) return done(std::unexpected(std::move(answer).error()));
             const auto kept = m_layouts.find(eventId);
             if (answer->status == 304) {
                 if (kept == m_layouts.end()) return done(std::unexpected(badResponse("layout")));
                 return done(kept->second);
             }
             auto layout = parseSeatLayout(answer->body);
             if (!layout) return done(std::unexpected(badResponse(layout.error().message)));
             m_layouts.insert_or_assign(eventId, *layout);
             done(std::move(*layout));
         });
}

void ApiClient::seatStates(Id eventId, QObject* context, Callback<PackedSeatStates> done) {
    call<PackedSeatStates>("GET", QStringLiteral("/api/v1/events/%1/seat-states").arg(eventId),
                           nullptr, context, std::move(done),
                           [](const json& answer) -> ApiResult<PackedSeatStates> {
                               return parseWhole<PackedSeatStates>(answer, parsePackedSeatStates);
                           });
}

void ApiClient::seatStateChanges(Id eventId, Id since, QObject* context,
                                 Callback<SeatStateChanges> done) {
    call<SeatStateChanges>(
        "GET", QStringLiteral("/api/v1/events/%1/seat-states?since=%2").arg(eventId).arg(since),
        nullptr, context, std::move(done), [](const json& answer) -> ApiResult<SeatStateChanges> {
            return parseWhole<SeatStateChanges>(answer, parseSeatStateChanges);
        });
}

void ApiClient::createEvent(const EventDraft& draft, QObject* context, Callback<Event> done) {
    const json body = toJson(draft);
    call<Event>("POST", QStringLiteral("/api/v1/events"), &body, context, std::move(done),
                [](const json& answer) { return unwrap<Event>(answer, "event", parseEvent); });
}

void ApiClient::salesReport(Id eventId, int bucketSeconds, QObject* context,
                            Callback<SalesReport> done) {
    call<SalesReport>(
        "GET",
        QStringLiteral("/api/v1/events/%1/sales?bucket_seconds=%2").arg(eventId).arg(bucketSeconds),
        nullptr, context, std::move(done),
        [](const json& answer) { return unwrap<SalesReport>(answer, "sales", parseSalesReport); });
}

namespace {
// An RFC 3339 time for a query: encoded, so an offset's '+' does not arrive as a space.
QString queryTime(const QDateTime& time) {
    return QString::fromLatin1(
        QUrl::toPercentEncoding(toQString(formatRfc3339(toTimePoint(time)))));
}
} // namespace

void ApiClient::shiftSummary(const QDateTime& since, const std::optional<QDateTime>& until,
                             QObject* context, Callback<ShiftSummary> done) {
    QString path = QStringLiteral("/api/v1/me/shift?since=") + queryTime(since);
    if (until) path += QStringLiteral("&until=") + queryTime(*until);
    call<ShiftSummary>("GET", path, nullptr, context, std::move(done), [](const json& answer) {
        return unwrap<ShiftSummary>(answer, "shift", parseShiftSummary);
    });
}

void ApiClient::challenge(const QString& purpose, std::optional<Id> eventId, QObject* context,
                          Callback<Challenge> done) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("purpose"), purpose);
    if (eventId) query.addQueryItem(QStringLiteral("event_id"), QString::number(*eventId));
    call<Challenge>("GET", QStringLiteral("/api/v1/challenges?") + query.toString(), nullptr,
                    context, std::move(done), [](const json& answer) -> ApiResult<Challenge> {
                        const auto text = stringField(answer, "challenge");
                        if (!text || !answer.contains("difficulty_bits") ||
                            !answer.at("difficulty_bits").is_number_integer())
                            return std::unexpected(badResponse("challenge"));
                        Challenge out;
                        out.challenge = *text;
                        out.bits = answer.at("difficulty_bits").get<int>();
                        out.required = answer.value("required", out.bits > 0);
                        return out;
                    });
}

void ApiClient::joinQueue(Id eventId, const std::optional<ProofOfWorkAnswer>& proof,
                          QObject* context, Callback<QueueStatus> done) {
    const json body = json::object();
    call<QueueStatus>(
        "POST", QStringLiteral("/api/v1/events/%1/queue").arg(eventId), &body, context,
        std::move(done),
        [](const json& answer) { return parseWhole<QueueStatus>(answer, parseQueueStatus); },
        proofHeaders(proof));
}

void ApiClient::queueStatus(Id eventId, QObject* context, Callback<QueueStatus> done) {
    call<QueueStatus>("GET", QStringLiteral("/api/v1/events/%1/queue").arg(eventId), nullptr,
                      context, std::move(done), [](const json& answer) {
                          return parseWhole<QueueStatus>(answer, parseQueueStatus);
                      });
}

void ApiClient::createHold(Id eventId, const HoldRequest& request, QObject* context,
                           Callback<Hold> done) {
    const json body = toJson(request);
    call<Hold>("POST", QStringLiteral("/api/v1/events/%1/holds").arg(eventId), &body, context,
               std::move(done),
               [](const json& answer) { return unwrap<Hold>(answer, "hold", parseHold); });
}

void ApiClient::hold(Id holdId, QObject* context, Callback<Hold> done) {
    call<Hold>("GET", QStringLiteral("/api/v1/holds/%1").arg(holdId), nullptr, context,
               std::move(done),
               [](const json& answer) { return unwrap<Hold>(answer, "hold", parseHold); });
}

void ApiClient::releaseHold(Id holdId, QObject* context, Callback<void> done) {
    call<void>("DELETE", QStringLiteral("/api/v1/holds/%1").arg(holdId), nullptr, context,
               std::move(done), [](const json&) -> ApiResult<void> { return {}; });
}

void ApiClient::purchase(Id holdId, const PaymentRequest& payment, const QString& idempotencyKey,
                         QObject* context, Callback<Order> done) {
    callUntilKnown<Order>(
        QStringLiteral("/api/v1/holds/%1/purchase").arg(holdId), purchaseRequestJson(payment),
        idempotencyKey, context, std::move(done),
        [](const json& answer) { return unwrap<Order>(answer, "order", parseOrder); });
}

void ApiClient::orders(QObject* context, Callback<std::vector<Order>> done) {
    call<std::vector<Order>>(
        "GET", QStringLiteral("/api/v1/orders"), nullptr, context, std::move(done),
        [](const json& answer) { return unwrapList<Order>(answer, "orders", parseOrder); });
}

void ApiClient::order(Id orderId, QObject* context, Callback<Order> done) {
    call<Order>("GET", QStringLiteral("/api/v1/orders/%1").arg(orderId), nullptr, context,
                std::move(done),
                [](const json& answer) { return unwrap<Order>(answer, "order", parseOrder); });
}

void ApiClient::ordersByTicket(const QString& ticket, QObject* context,
                               Callback<std::vector<Order>> done) {
    const QString path = QStringLiteral("/api/v1/orders?ticket=") +
                         QString::fromLatin1(QUrl::toPercentEncoding(ticket));
    call<std::vector<Order>>(
        "GET", path, nullptr, context, std::move(done),
        [](const json& answer) { return unwrapList<Order>(answer, "orders", parseOrder); });
}

void ApiClient::refund(Id orderId, const RefundRequest& request, const QString& idempotencyKey,
                       QObject* context, Callback<RefundOutcome> done) {
    callUntilKnown<RefundOutcome>(QStringLiteral("/api/v1/orders/%1/refunds").arg(orderId),
                                  toJson(request), idempotencyKey, context, std::move(done),
                                  [](const json& answer) -> ApiResult<RefundOutcome> {
                                      auto order = unwrap<Order>(answer, "order", parseOrder);
                                      if (!order) return std::unexpected(order.error());
                                      auto refund = unwrap<Refund>(answer, "refund", parseRefund);
                                      if (!refund) return std::unexpected(refund.error());
                                      return RefundOutcome{std::move(*order), std::move(*refund)};
                                  });
}

void ApiClient::exchange(Id orderId, const ExchangeRequest& request, const QString& idempotencyKey,
                         QObject* context, Callback<ExchangeOutcome> done) {
    callUntilKnown<ExchangeOutcome>(
        QStringLiteral("/api/v1/orders/%1/exchanges").arg(orderId), toJson(request), idempotencyKey,
        context, std::move(done), [](const json& answer) -> ApiResult<ExchangeOutcome> {
            auto order = unwrap<Order>(answer, "order", parseOrder);
            if (!order) return std::unexpected(order.error());
            auto exchange = unwrap<Exchange>(answer, "exchange", parseExchange);
            if (!exchange) return std::unexpected(exchange.error());
            return ExchangeOutcome{std::move(*order), std::move(*exchange)};
        });
}

void ApiClient::cancelEvent(Id eventId, const QString& reason, QObject* context,
                            Callback<EventCancellation> done) {
    json body = json::object();
    if (!reason.isEmpty()) body["reason"] = reason.toStdString();
    call<EventCancellation>("POST", QStringLiteral("/api/v1/events/%1/cancel").arg(eventId), &body,
                            context, std::move(done), [](const json& answer) {
                                return parseWhole<EventCancellation>(answer,
                                                                     parseEventCancellation);
                            });
}

void ApiClient::checkIn(const CheckinRequest& request, QObject* context, Callback<Checkin> done) {
    const json body = toJson(request);
    call<Checkin>("POST", QStringLiteral("/api/v1/checkins"), &body, context, std::move(done),
                  [](const json& answer) { return parseWhole<Checkin>(answer, parseCheckin); });
}

void ApiClient::checkinBundle(Id eventId, QObject* context, Callback<CheckinBundle> done) {
    call<CheckinBundle>(
        "GET", QStringLiteral("/api/v1/events/%1/checkin-bundle?tickets=1").arg(eventId), nullptr,
        context, std::move(done),
        [](const json& answer) { return parseWhole<CheckinBundle>(answer, parseCheckinBundle); });
}

void ApiClient::syncCheckins(Id eventId, const SyncRequest& request, QObject* context,
                             Callback<std::vector<ScanResult>> done) {
    const json body = toJson(request);
    call<std::vector<ScanResult>>(
        "POST", QStringLiteral("/api/v1/events/%1/checkins/sync").arg(eventId), &body, context,
        std::move(done), [](const json& answer) {
            return unwrapList<ScanResult>(answer, "results", parseScanResult);
        });
}

} // namespace bilheteria::client
