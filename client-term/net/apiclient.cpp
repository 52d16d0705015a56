#include "client-term/net/apiclient.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include <openssl/rand.h>

#include "shared/jsonmapping.h"
#include "shared/timeformat.h"

namespace bilheteria::term {

using nlohmann::json;

namespace {

ApiError badResponse(const std::string& what) {
    ApiError error;
    error.kind = ApiError::Kind::BadResponse;
    error.error = Error::internal("the server's answer to " + what + " is not the contract's");
    return error;
}

template <typename T, typename Parse>
ApiResult<T> unwrap(const json& body, const char* key, Parse parse) {
    if (!body.is_object() || !body.contains(key)) return std::unexpected(badResponse(key));
    auto parsed = parse(body.at(key));
    if (!parsed) return std::unexpected(badResponse(key));
    return std::move(*parsed);
}

template <typename T, typename Parse>
ApiResult<std::vector<T>> unwrapList(const json& body, const char* key, Parse parse) {
    if (!body.is_object() || !body.contains(key) || !body.at(key).is_array())
        return std::unexpected(badResponse(key));
    std::vector<T> out;
    out.reserve(body.at(key).size());
    for (const auto& item : body.at(key)) {
        auto parsed = parse(item);
        if (!parsed) return std::unexpected(badResponse(key));
        out.push_back(std::move(*parsed));
    }
    return out;
}

template <typename T, typename Parse> ApiResult<T> parseWhole(const json& body, Parse parse) {
    auto parsed = parse(body);
    if (!parsed) return std::unexpected(badResponse("the request"));
    return std::move(*parsed);
}

std::string percentEncoded(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    return out;
}

std::string eventPath(Id eventId, const char* tail = "") {
    return "/api/v1/events/" + std::to_string(eventId) + tail;
}

} // namespace

std::string newIdempotencyKey() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
    static const char* hex = "0123456789abcdef";
    std::string key;
    for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 0xf];
    }
    return key;
}

ApiClient::ApiClient(ServerAddress address, TlsTrust trust, ConnectionOptions options)
    : m_address(std::move(address))
    , m_trust(std::move(trust))
    , m_options(std::move(options))
    , m_connection(m_address, m_trust, m_options) {}

std::unique_ptr<ApiClient> ApiClient::sibling() const {
    auto client = std::make_unique<ApiClient>(m_address, m_trust, m_options);
    client->setToken(m_token);
    return client;
}

Headers ApiClient::authorized(Headers headers) const {
    if (!m_token.empty()) headers.push_back({"Authorization", "Bearer " + m_token});
    return headers;
}

ApiResult<json> ApiClient::answer(const Reply& reply, const char* what) {
    if (reply.status == 0) {
        ApiError error;
        error.kind = reply.untrustedCertificate ? ApiError::Kind::Tls : ApiError::Kind::Network;
        error.error = Error::unavailable(reply.untrustedCertificate
                                             ? "the server's certificate is not trusted"
                                             : "no answer from " + m_address.host + " (" +
                                                   reply.transportError + ")");
        return std::unexpected(std::move(error));
    }
    if (reply.status == 204) return json::object();
    const json body = reply.body.empty() ? json::object() : reply.parsed();
    if (reply.status >= 200 && reply.status < 300) {
        if (body.is_discarded()) return std::unexpected(badResponse(what));
        return body;
    }
    ApiError error;
    error.kind = ApiError::Kind::Http;
    error.httpStatus = reply.status;
    error.retryAfterSeconds = static_cast<int>(reply.retryAfterSeconds);
    if (auto contractError = errorFromBody(body)) {
        error.error = std::move(*contractError);
    } else {
        error.kind = ApiError::Kind::BadResponse;
        error.error = Error::internal("the server answered " + std::to_string(reply.status) +
                                      " to " + what + " without the contract's error");
    }
    return std::unexpected(std::move(error));
}

ApiResult<json> ApiClient::postUntilKnown(const std::string& path, const std::string& body,
                                          const std::string& idempotencyKey, const char* what) {
    const auto since = std::chrono::steady_clock::now();
    for (int attempts = 1;; ++attempts) {
        auto result = answer(
            m_connection.post(path, body, authorized({{"Idempotency-Key", idempotencyKey}})), what);
        if (result || !result.error().outcomeUnknown()) return result;
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - since);
        const auto delay = outcomeRetryDelay(m_outcomeRetry, result.error().httpStatus,
                                             result.error().retryAfterSeconds, attempts, elapsed);
        if (!delay) return result;
        if (m_onConfirming) m_onConfirming();
        std::this_thread::sleep_for(*delay);
    }
}

void ApiClient::observeServerTime(const json& body, std::chrono::system_clock::time_point sent) {
    if (!body.is_object() || !body.contains("server_time") || !body["server_time"].is_string())
        return;
    const auto serverTime = parseRfc3339(body["server_time"].get<std::string>());
    if (!serverTime) return;
    // The server read its clock between sending and now; take the middle. Its whole seconds
    // add up to half a second of doubt, well within a countdown's needs.
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto middle = sent + (now - sent) / 2;
    m_serverClockOffset = duration_cast<milliseconds>(*serverTime + milliseconds(500) - middle);
}

ApiResult<void> ApiClient::health() {
    auto body = answer(m_connection.get("/healthz"), "health");
    if (!body) return std::unexpected(body.error());
    return {};
}

ApiResult<LoginSession> ApiClient::login(const LoginRequest& request) {
    auto body = answer(m_connection.post("/api/v1/auth/login", toJson(request).dump()), "login");
    if (!body) return std::unexpected(body.error());
    const json& b = *body;
    if (!b.is_object() || !b.contains("token") || !b["token"].is_string() ||
        !b.contains("expires_at") || !b["expires_at"].is_string())
        return std::unexpected(badResponse("login"));
    LoginSession session;
    session.token = b["token"].get<std::string>();
    session.expiresAt = parseRfc3339(b["expires_at"].get<std::string>()).value_or(TimePoint{});
    auto user = unwrap<User>(b, "user", parseUser);
    if (!user) return std::unexpected(user.error());
    session.user = std::move(*user);
    m_token = session.token;
    return session;
}

ApiResult<void> ApiClient::logout() {
    auto body = answer(m_connection.post("/api/v1/auth/logout", "{}", authorized()), "logout");
    if (!body) return std::unexpected(body.error());
    m_token.clear();
    return {};
}

ApiResult<User> ApiClient::me() {
    auto body = answer(m_connection.get("/api/v1/me", authorized()), "me");
    if (!body) return std::unexpected(body.error());
    return unwrap<User>(*body, "user", parseUser);
}

ApiResult<std::vector<EventSummary>> ApiClient::events() {
    auto body = answer(m_connection.get("/api/v1/events", authorized()), "events");
    if (!body) return std::unexpected(body.error());
    return unwrapList<EventSummary>(*body, "events", parseEventSummary);
}

ApiResult<Event> ApiClient::event(Id eventId) {
    auto body = answer(m_connection.get(eventPath(eventId), authorized()), "event");
    if (!body) return std::unexpected(body.error());
    return unwrap<Event>(*body, "event", parseEvent);
}

ApiResult<std::vector<Seat>> ApiClient::seats(Id eventId) {
    // The compact map (docs/api.md "Seat maps"): the layout kept per event and revalidated by
    // its version (304), the packed states gzipped — a few kilobytes where the seat list of a
    // big event is megabytes.
    Headers gzip{{"Accept-Encoding", "gzip"}};
    Headers layoutHeaders = gzip;
    auto kept = m_layouts.find(eventId);
    if (kept != m_layouts.end())
        layoutHeaders.push_back({"If-None-Match", "\"" + kept->second.version + "\""});
    const Reply layoutReply = m_connection.get(eventPath(eventId, "/layout"), layoutHeaders);
    if (layoutReply.status != 304 || kept == m_layouts.end()) {
        auto body = answer(layoutReply, "layout");
        if (!body) return std::unexpected(body.error());
        auto layout = parseSeatLayout(*body);
        if (!layout) return std::unexpected(badResponse("layout"));
        kept = m_layouts.insert_or_assign(eventId, std::move(*layout)).first;
    }
    auto body = answer(m_connection.get(eventPath(eventId, "/seat-states"), gzip), "seat states");
    if (!body) return std::unexpected(body.error());
    auto states = parsePackedSeatStates(*body);
    if (!states) return std::unexpected(badResponse("seat states"));
    // The states may be a moment older than this request (the server shares one read between
    // buyers): the changes since their position close the gap to what the live stream, opened
    // before, will deliver.
    auto changesBody = answer(m_connection.get(eventPath(eventId, "/seat-states?since=") +
                                                   std::to_string(states->position),
                                               gzip),
                              "seat changes");
    if (!changesBody) return std::unexpected(changesBody.error());
    auto changes = parseSeatStateChanges(*changesBody);
    if (!changes) return std::unexpected(badResponse("seat changes"));
    if (changes->reset || !applySeatStateChanges(kept->second, *states, *changes)) {
        // The changes cannot be given, or the layout changed under us: the seat list.
        m_layouts.erase(kept);
        auto list = answer(m_connection.get(eventPath(eventId, "/seats"), authorized()), "seats");
        if (!list) return std::unexpected(list.error());
        return unwrapList<Seat>(*list, "seats", parseSeat);
    }
    auto seats = seatsOf(kept->second, *states);
    if (!seats) return std::unexpected(badResponse("seat states"));
    return std::move(*seats);
}

ApiResult<SalesReport> ApiClient::salesReport(Id eventId, int bucketSeconds) {
    const auto path = eventPath(eventId, "/sales?bucket_seconds=") + std::to_string(bucketSeconds);
    auto body = answer(m_connection.get(path, authorized()), "sales");
    if (!body) return std::unexpected(body.error());
    return unwrap<SalesReport>(*body, "sales", parseSalesReport);
}

ApiResult<ShiftSummary> ApiClient::shiftSummary(TimePoint since, std::optional<TimePoint> until) {
    std::string path = "/api/v1/me/shift?since=" + percentEncoded(formatRfc3339(since));
    if (until) path += "&until=" + percentEncoded(formatRfc3339(*until));
    auto body = answer(m_connection.get(path, authorized()), "shift");
    if (!body) return std::unexpected(body.error());
    return unwrap<ShiftSummary>(*body, "shift", parseShiftSummary);
}

ApiResult<Challenge> ApiClient::challenge(const std::string& purpose, std::optional<Id> eventId) {
    std::string path = "/api/v1/challenges?purpose=" + percentEncoded(purpose);
    if (eventId) path += "&event_id=" + std::to_string(*eventId);
    auto body = answer(m_connection.get(path, authorized()), "challenges");
    if (!body) return std::unexpected(body.error());
    const json& b = *body;
    if (!b.is_object() || !b.contains("challenge") || !b["challenge"].is_string() ||
        !b.contains("difficulty_bits") || !b["difficulty_bits"].is_number_integer())
        return std::unexpected(badResponse("challenges"));
    Challenge out;
    out.challenge = b["challenge"].get<std::string>();
    out.bits = b["difficulty_bits"].get<int>();
    out.required = b.value("required", out.bits > 0);
    return out;
}

ApiResult<QueueStatus> ApiClient::joinQueue(Id eventId,
                                            const std::optional<ProofOfWorkAnswer>& proof) {
    Headers headers;
    if (proof) {
        headers.push_back({"X-Pow-Challenge", proof->challenge});
        headers.push_back({"X-Pow-Solution", proof->solution});
    }
    auto body =
        answer(m_connection.post(eventPath(eventId, "/queue"), "{}", authorized(headers)), "queue");
    if (!body) return std::unexpected(body.error());
    return parseWhole<QueueStatus>(*body, parseQueueStatus);
}

ApiResult<QueueStatus> ApiClient::queueStatus(Id eventId) {
    auto body = answer(m_connection.get(eventPath(eventId, "/queue"), authorized()), "queue");
    if (!body) return std::unexpected(body.error());
    return parseWhole<QueueStatus>(*body, parseQueueStatus);
}

ApiResult<Hold> ApiClient::createHold(Id eventId, const HoldRequest& request) {
    const auto sent = std::chrono::system_clock::now();
    auto body = answer(
        m_connection.post(eventPath(eventId, "/holds"), toJson(request).dump(), authorized()),
        "holds");
    if (!body) return std::unexpected(body.error());
    observeServerTime(*body, sent);
    return unwrap<Hold>(*body, "hold", parseHold);
}

ApiResult<Hold> ApiClient::hold(Id holdId) {
    const auto sent = std::chrono::system_clock::now();
    auto body =
        answer(m_connection.get("/api/v1/holds/" + std::to_string(holdId), authorized()), "hold");
    if (!body) return std::unexpected(body.error());
    observeServerTime(*body, sent);
    return unwrap<Hold>(*body, "hold", parseHold);
}

ApiResult<void> ApiClient::releaseHold(Id holdId) {
    auto body = answer(m_connection.del("/api/v1/holds/" + std::to_string(holdId), authorized()),
                       "release");
    if (!body) return std::unexpected(body.error());
    return {};
}

ApiResult<Order> ApiClient::purchase(Id holdId, const PaymentRequest& payment,
                                     const std::string& idempotencyKey) {
    auto body = postUntilKnown("/api/v1/holds/" + std::to_string(holdId) + "/purchase",
                               purchaseRequestJson(payment).dump(), idempotencyKey, "purchase");
    if (!body) return std::unexpected(body.error());
    return unwrap<Order>(*body, "order", parseOrder);
}

ApiResult<std::vector<Order>> ApiClient::orders() {
    auto body = answer(m_connection.get("/api/v1/orders", authorized()), "orders");
    if (!body) return std::unexpected(body.error());
    return unwrapList<Order>(*body, "orders", parseOrder);
}

ApiResult<Order> ApiClient::order(Id orderId) {
    auto body = answer(m_connection.get("/api/v1/orders/" + std::to_string(orderId), authorized()),
                       "order");
    if (!body) return std::unexpected(body.error());
    return unwrap<Order>(*body, "order", parseOrder);
}

ApiResult<std::vector<Order>> ApiClient::ordersByTicket(const std::string& ticket) {
    auto body =
        answer(m_connection.get("/api/v1/orders?ticket=" + percentEncoded(ticket), authorized()),
               "orders");
    if (!body) return std::unexpected(body.error());
    auto orders = unwrapList<Order>(*body, "orders", parseOrder);
    if (!orders) return orders;
    std::erase_if(*orders, [&](const Order& order) {
        return std::none_of(order.tickets.begin(), order.tickets.end(), [&](const Ticket& t) {
            return t.code == ticket || (t.qr && *t.qr == ticket);
        });
    });
    return orders;
}

ApiResult<RefundOutcome> ApiClient::refund(Id orderId, const RefundRequest& request,
                                           const std::string& idempotencyKey) {
    auto body = postUntilKnown("/api/v1/orders/" + std::to_string(orderId) + "/refunds",
                               toJson(request).dump(), idempotencyKey, "refunds");
    if (!body) return std::unexpected(body.error());
    auto order = unwrap<Order>(*body, "order", parseOrder);
    if (!order) return std::unexpected(order.error());
    auto refund = unwrap<Refund>(*body, "refund", parseRefund);
    if (!refund) return std::unexpected(refund.error());
    return RefundOutcome{std::move(*order), std::move(*refund)};
}

ApiResult<ExchangeOutcome> ApiClient::exchange(Id orderId, const ExchangeRequest& request,
                                               const std::string& idempotencyKey) {
    auto body = postUntilKnown("/api/v1/orders/" + std::to_string(orderId) + "/exchanges",
                               toJson(request).dump(), idempotencyKey, "exchanges");
    if (!body) return std::unexpected(body.error());
    auto order = unwrap<Order>(*body, "order", parseOrder);
    if (!order) return std::unexpected(order.error());
    auto exchange = unwrap<Exchange>(*body, "exchange", parseExchange);
    if (!exchange) return std::unexpected(exchange.error());
    return ExchangeOutcome{std::move(*order), std::move(*exchange)};
}

ApiResult<EventCancellation> ApiClient::cancelEvent(Id eventId, const CancelRequest& request) {
    nlohmann::json payload = nlohmann::json::object();
    if (request.reason) payload["reason"] = *request.reason;
    auto body = answer(
        m_connection.post(eventPath(eventId, "/cancel"), payload.dump(), authorized()), "cancel");
    if (!body) return std::unexpected(body.error());
    return parseWhole<EventCancellation>(*body, parseEventCancellation);
}

ApiResult<Checkin> ApiClient::checkin(const CheckinRequest& request) {
    auto body = answer(m_connection.post("/api/v1/checkins", toJson(request).dump(), authorized()),
                       "checkins");
    if (!body) return std::unexpected(body.error());
    return parseWhole<Checkin>(*body, parseCheckin);
}

ApiResult<std::vector<PublicKeyInfo>> ApiClient::eventKeys(Id eventId) {
    auto body = answer(m_connection.get(eventPath(eventId, "/keys"), authorized()), "keys");
    if (!body) return std::unexpected(body.error());
    return unwrapList<PublicKeyInfo>(*body, "keys", parsePublicKeyInfo);
}

ApiResult<CheckinBundle> ApiClient::checkinBundle(Id eventId, bool withTickets,
                                                  const std::string& since) {
    std::string path = eventPath(eventId, "/checkin-bundle");
    std::string query;
    if (!since.empty()) query += "&since=" + percentEncoded(since);
    if (withTickets) query += "&tickets=1";
    if (!query.empty()) path += "?" + query.substr(1);
    auto body = answer(m_connection.get(path, authorized()), "checkin-bundle");
    if (!body) return std::unexpected(body.error());
    return parseWhole<CheckinBundle>(*body, parseCheckinBundle);
}

ApiResult<std::vector<ScanResult>> ApiClient::syncCheckins(Id eventId, const SyncRequest& request) {
    auto body = answer(m_connection.post(eventPath(eventId, "/checkins/sync"),
                                         toJson(request).dump(), authorized()),
                       "checkins/sync");
    if (!body) return std::unexpected(body.error());
    return unwrapList<ScanResult>(*body, "results", parseScanResult);
}

void WatchCancel::cancel() {
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    if (m_connection) m_connection->stop();
}

bool WatchCancel::cancelled() const {
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

ApiResult<void> ApiClient::watch(Id eventId, std::string& lastEventId,
                                 const std::function<bool(const StreamEvent&)>& onEvent,
                                 WatchCancel* cancel) {
    ConnectionOptions streamOptions = m_options;
    streamOptions.readTimeout = std::chrono::seconds(60); // the server's heartbeats come sooner
    HttpsConnection connection(m_address, m_trust, streamOptions);
    if (cancel) {
        std::lock_guard lock(cancel->m_mutex);
        if (cancel->m_cancelled) return {};
        cancel->m_connection = &connection;
    }
    Headers headers = authorized({{"Accept", "text/event-stream"}});
    if (!lastEventId.empty()) headers.push_back({"Last-Event-ID", lastEventId});
    EventStreamParser parser;
    const Reply reply = connection.stream(
        eventPath(eventId, "/stream"), headers, [&](const char* data, std::size_t size) {
            for (const auto& event : parser.feed(std::string_view(data, size))) {
                lastEventId = event.lastEventId;
                if (!onEvent(event)) return false;
            }
            return true;
        });
    if (cancel) {
        std::lock_guard lock(cancel->m_mutex);
        cancel->m_connection = nullptr;
        if (cancel->m_cancelled) return {};
    }
    auto body = answer(reply, "stream");
    if (!body) return std::unexpected(body.error());
    return {};
}

} // namespace bilheteria::term
