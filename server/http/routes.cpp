#include "server/http/routes.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "server/http/apierror.h"
#include "server/http/eventstream.h"
#include "server/http/routing.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

thread_local std::string t_routeLabel = "unmatched";

} // namespace

void setCurrentRouteLabel(const std::string& label) {
    t_routeLabel = label;
}

void sendJson(Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), kJson);
}

void replyNoContent(Response& res, const Result<void>& result) {
    if (!result) return sendError(res, result.error());
    res.status = 204;
}

Result<AuthenticatedSession> currentSession(AccountService& accounts, const Request& req) {
    const auto token = bearerToken(req);
    if (token.empty())
        return fail(
            Error{ErrorCode::Unauthenticated, "this request needs an Authorization: Bearer token"});
    return accounts.authenticateSession(token);
}

Result<User> currentUser(AccountService& accounts, const Request& req) {
    BILHETERIA_TRY(session, currentSession(accounts, req));
    return std::move(session.user);
}

std::string address(const ApiServices& s, const Request& req) {
    return clientAddress(req.remote_addr, req.get_header_value("X-Forwarded-For"),
                         s.rateLimits.trustedProxies);
}

// Spends one token of `rule`'s bucket for `key`; rate_limited when it is empty.
Result<void> throttle(const ApiServices& s, const std::string& rule, const std::string& key,
                      const RateLimit& limit) {
    const double now =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    const auto decision = s.rateLimiter.take(rule + ":" + key, limit, now);
    if (decision.allowed) return {};
    s.metrics.countRateLimited(rule);
    return fail(rateLimitedError(decision.retryAfterSeconds));
}

namespace {

void accountRoutes(Router& r) {

    r.post("/api/v1/auth/register", "/api/v1/auth/register",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto user = [&]() -> Result<User> {
                   BILHETERIA_CHECK(throttle(s, "register.address", address(s, req),
                                             s.rateLimits.registerPerAddress));
                   if (s.antiBot.registerPowBits > 0)
                       BILHETERIA_CHECK(
                           s.proofOfWork.verify("register", s.antiBot.registerPowBits,
                                                req.get_header_value("X-Pow-Challenge"),
                                                req.get_header_value("X-Pow-Solution")));
                   BILHETERIA_TRY(json, body(req));
                   BILHETERIA_TRY(in, parseRegisterRequest(json));
                   return s.accounts.registerBuyer(in.email, in.password, in.name);
               }();
               reply(res, user, 201, [](const User& u) { return json{{"user", toJson(u)}}; });
           });

    r.post("/api/v1/auth/login", "/api/v1/auth/login",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto login = [&]() -> Result<LoginResult> {
                   BILHETERIA_CHECK(
                       throttle(s, "login.address", address(s, req), s.rateLimits.loginPerAddress));
                   BILHETERIA_TRY(json, body(req));
                   BILHETERIA_TRY(in, parseLoginRequest(json));
                   BILHETERIA_CHECK(throttle(s, "login.email",
                                             AccountService::normalizeEmail(in.email),
                                             s.rateLimits.loginPerEmail));
                   return s.accounts.login(in.email, in.password, in.totpCode);
               }();
               reply(res, login, 200, [](const LoginResult& l) {
                   return json{{"token", l.token},
                               {"expires_at", formatRfc3339(l.expiresAt)},
                               {"user", toJson(l.user)}};
               });
           });

    r.post("/api/v1/auth/logout", "/api/v1/auth/logout",
           [](const ApiServices& s, const Request& req, Response& res) {
               replyNoContent(res, [&]() -> Result<void> {
                   BILHETERIA_CHECK(currentUser(s.accounts, req));
                   const std::string token = bearerToken(req);
                   BILHETERIA_CHECK(s.accounts.logout(token));
                   // This instance's streams of the session end now, other instances' at
                   // their hub's next session check.
                   s.live.endSession(AccountService::sessionKey(token), SessionEnd::LoggedOut);
                   return {};
               }());
           });

    r.get("/api/v1/me", "/api/v1/me", [](const ApiServices& s, const Request& req, Response& res) {
        // session_expires_at: the token's expiry after any renewal this request made.
        reply(res, currentSession(s.accounts, req), 200, [](const AuthenticatedSession& a) {
            return json{{"user", toJson(a.user)},
                        {"session_expires_at", formatRfc3339(a.expiresAt)}};
        });
    });

    r.post("/api/v1/me/totp", "/api/v1/me/totp",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto enrollment = [&]() -> Result<TotpEnrollment> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   return s.accounts.beginTotp(user);
               }();
               reply(res, enrollment, 200, [](const TotpEnrollment& e) {
                   return json{{"secret", e.secret}, {"otpauth_uri", e.otpauthUri}};
               });
           });

    r.post("/api/v1/me/totp/confirm", "/api/v1/me/totp/confirm",
           [](const ApiServices& s, const Request& req, Response& res) {
               replyNoContent(res, [&]() -> Result<void> {
                   BILHETERIA_TRY(u, currentUser(s.accounts, req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(code, requireStringField(in, "code", 16));
                   return s.accounts.confirmTotp(u, code);
               }());
           });
}

void challengeRoutes(Router& r) {
    // purpose=register, or purpose=queue&event_id=N for joining that event's waiting room.
    r.get("/api/v1/challenges", "/api/v1/challenges",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto issued = [&]() -> Result<PowChallenge> {
                  const auto purpose = req.get_param_value("purpose");
                  if (purpose == "register")
                      return s.proofOfWork.issue(purpose, s.antiBot.registerPowBits);
                  if (purpose != "queue")
                      return fail(
                          Error::invalidField("purpose", "purpose must be register or queue"));
                  BILHETERIA_TRY(eventId, challengeEventParam(req));
                  return s.waitingRoom.challenge(eventId);
              }();
              if (!issued) return sendError(res, issued.error());
              const PowChallenge& challenge = *issued;
              sendJson(res, 200,
                       {{"challenge", challenge.challenge},
                        {"difficulty_bits", challenge.bits},
                        {"expires_at", formatRfc3339(challenge.expiresAt)},
                        {"algorithm", "sha256-leading-zero-bits"},
                        {"required", challenge.bits > 0}});
          });
}

void eventRoutes(Router& r) {

    r.get("/api/v1/events", "/api/v1/events",
          [](const ApiServices& s, const Request&, Response& res) {
              reply(res, s.events.list(), 200, [](const std::vector<EventSummary>& list) {
                  json out = json::array();
                  for (const auto& summary : list)
                      out.push_back(toJson(summary));
                  return json{{"events", std::move(out)}};
              });
          });

    r.post("/api/v1/events", "/api/v1/events",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto created = [&]() -> Result<Event> {
                   BILHETERIA_TRY(u, currentUser(s.accounts, req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(draft, parseEventDraft(in));
                   return s.events.create(draft, u);
               }();
               reply(res, created, 201, [](const Event& e) { return json{{"event", toJson(e)}}; });
           });

    r.get(R"(/api/v1/events/(\d+))", "/api/v1/events/{id}",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto event = [&]() -> Result<Event> {
                  BILHETERIA_TRY(id, pathId(req));
                  return s.events.get(id);
              }();
              reply(res, event, 200, [](const Event& e) { return json{{"event", toJson(e)}}; });
          });

    r.get(R"(/api/v1/events/(\d+)/seats)", "/api/v1/events/{id}/seats",
          [](const ApiServices& s, const Request& req, Response& res) {
              // Written straight into one buffer, seat by seat, and handed to the socket
              // without another copy: a 200,000-seat map is ~14 MB once, not a JSON tree.
              auto buffer = std::make_shared<std::string>("{\"seats\":[");
              bool first = true;
              auto listed = [&]() -> Result<void> {
                  BILHETERIA_TRY(id, pathId(req));
                  return s.events.forEachSeat(id, [&](const Seat& seat) {
                      if (!first) *buffer += ',';
                      first = false;
                      appendSeatJson(*buffer, seat);
                  });
              }();
              if (!listed) return sendError(res, listed.error());
              *buffer += "]}";
              res.status = 200;
              res.set_content_provider(
                  buffer->size(), kJson,
                  [buffer](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                      return sink.write(buffer->data() + offset, length);
                  });
          });
}

void queueRoutes(Router& r) {
    r.post(R"(/api/v1/events/(\d+)/queue)", "/api/v1/events/{id}/queue",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto status = [&]() -> Result<QueueStatus> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_CHECK(throttle(s, "queue.account", std::to_string(user.id),
                                             s.rateLimits.queueJoinsPerAccount));
                   BILHETERIA_CHECK(throttle(s, "queue.address", address(s, req),
                                             s.rateLimits.queueJoinsPerAddress));
                   BILHETERIA_TRY(eventId, pathId(req));
                   return s.waitingRoom.join(user, eventId, req.get_header_value("X-Pow-Challenge"),
                                             req.get_header_value("X-Pow-Solution"));
               }();
               reply(res, status, 200, [](const QueueStatus& q) { return toJson(q); });
           });

    r.get(R"(/api/v1/events/(\d+)/queue)", "/api/v1/events/{id}/queue",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto status = [&]() -> Result<QueueStatus> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(eventId, pathId(req));
                  return s.waitingRoom.status(user, eventId);
              }();
              reply(res, status, 200, [](const QueueStatus& q) { return toJson(q); });
          });
}

// A hold answer carries the server's clock, so clients can count down to expires_at
// corrected by their own clock's offset.
json holdBody(const Hold& hold, const Clock& clock) {
    return {{"hold", toJson(hold)}, {"server_time", formatRfc3339(clock.now())}};
}

void holdRoutes(Router& r) {
    r.post(R"(/api/v1/events/(\d+)/holds)", "/api/v1/events/{id}/holds",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto hold = [&]() -> Result<Hold> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_CHECK(throttle(s, "hold.account", std::to_string(user.id),
                                             s.rateLimits.holdsPerAccount));
                   BILHETERIA_CHECK(
                       throttle(s, "hold.address", address(s, req), s.rateLimits.holdsPerAddress));
                   BILHETERIA_TRY(eventId, pathId(req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(request, parseHoldRequest(in));
                   return s.holds.create(user, eventId, request);
               }();
               reply(res, hold, 201, [&](const Hold& h) { return holdBody(h, s.holds.clock()); });
           });

    r.get(R"(/api/v1/holds/(\d+))", "/api/v1/holds/{id}",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto hold = [&]() -> Result<Hold> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(holdId, pathId(req));
                  return s.holds.get(user, holdId);
              }();
              reply(res, hold, 200, [&](const Hold& h) { return holdBody(h, s.holds.clock()); });
          });

    r.del(R"(/api/v1/holds/(\d+))", "/api/v1/holds/{id}",
          [](const ApiServices& s, const Request& req, Response& res) {
              replyNoContent(res, [&]() -> Result<void> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(holdId, pathId(req));
                  return s.holds.release(user, holdId);
              }());
          });

    r.post(R"(/api/v1/holds/(\d+)/purchase)", "/api/v1/holds/{id}/purchase",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto purchase = [&]() -> Result<PurchaseResult> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_CHECK(throttle(s, "purchase.account", std::to_string(user.id),
                                             s.rateLimits.purchasesPerAccount));
                   BILHETERIA_CHECK(throttle(s, "purchase.address", address(s, req),
                                             s.rateLimits.purchasesPerAddress));
                   BILHETERIA_TRY(holdId, pathId(req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(payment, parsePurchaseRequest(in));
                   BILHETERIA_TRY(done, s.sales.purchase(user, holdId,
                                                         req.get_header_value("Idempotency-Key"),
                                                         payment));
                   BILHETERIA_TRY(order, s.door.withTokens(std::move(done.order)));
                   done.order = std::move(order);
                   return done;
               }();
               if (!purchase) return sendError(res, purchase.error());
               sendJson(res, purchase->replayed ? 200 : 201, {{"order", toJson(purchase->order)}});
           });

    r.get("/api/v1/orders", "/api/v1/orders",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto orders = [&]() -> Result<std::vector<Order>> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  if (req.has_param("ticket")) {
                      // Staff look an order up by one of its tickets (a code or a signed token).
                      BILHETERIA_TRY(ticket, ticketParam(req));
                      BILHETERIA_TRY(orderId, s.door.orderOfTicket(ticket));
                      BILHETERIA_TRY(found, s.sales.orderByTicket(user, orderId));
                      return s.door.withTokens(std::move(found));
                  }
                  BILHETERIA_TRY(orders, s.sales.orders(user));
                  return s.door.withTokens(std::move(orders));
              }();
              reply(res, orders, 200, [](const std::vector<Order>& list) {
                  json out = json::array();
                  for (const auto& order : list)
                      out.push_back(toJson(order));
                  return json{{"orders", std::move(out)}};
              });
          });

    r.get(R"(/api/v1/orders/(\d+))", "/api/v1/orders/{id}",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto order = [&]() -> Result<Order> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(orderId, pathId(req));
                  BILHETERIA_TRY(order, s.sales.order(user, orderId));
                  return s.door.withTokens(std::move(order));
              }();
              reply(res, order, 200, [](const Order& o) { return json{{"order", toJson(o)}}; });
          });
}

// Read-only figures for the desktop client: an event's sales for its organizer, a clerk's shift.
void reportRoutes(Router& r) {
    r.get(R"(/api/v1/events/(\d+)/sales)", "/api/v1/events/{id}/sales",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto report = [&]() -> Result<SalesReport> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(eventId, pathId(req));
                  BILHETERIA_TRY(bucketSeconds, bucketSecondsParam(req));
                  return s.events.salesReport(user, eventId, bucketSeconds);
              }();
              reply(res, report, 200, [](const SalesReport& sales) {
                  return json{{"sales", toJson(sales)}};
              });
          });

    r.get("/api/v1/me/shift", "/api/v1/me/shift",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto shift = [&]() -> Result<ShiftSummary> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(since, queryTime(req, "since"));
                  if (!since) return fail(Error::invalidField("since", "since is required"));
                  BILHETERIA_TRY(until, queryTime(req, "until"));
                  return s.sales.shift(user, *since, until);
              }();
              reply(res, shift, 200, [](const ShiftSummary& summary) {
                  return json{{"shift", toJson(summary)}};
              });
          });
}

void liveRoutes(Router& r) {
    r.get(R"(/api/v1/events/(\d+)/stream)", "/api/v1/events/{id}/stream",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto stream = [&]() -> Result<std::shared_ptr<EventStream>> {
                  // Public; a token (when given, it must be valid) adds the caller's own
                  // order and queue events.
                  std::optional<Id> customer;
                  std::optional<std::string> session; // the stream ends with it
                  if (req.has_header("Authorization")) {
                      BILHETERIA_TRY(user, currentUser(s.accounts, req));
                      customer = user.id;
                      session = AccountService::sessionKey(bearerToken(req));
                  }
                  BILHETERIA_TRY(eventId, pathId(req));
                  BILHETERIA_TRY(after, lastEventId(req));
                  // The connection stops counting against the workers for as long as it streams.
                  auto slot = WorkerPool::beginStream();
                  if (!slot)
                      return fail(Error::unavailable("too many live streams are open; try again"));
                  BILHETERIA_TRY(subscription, s.live.subscribe(eventId, customer, after, session));
                  return std::make_shared<EventStream>(std::move(slot), std::move(subscription),
                                                       s.liveStreams);
              }();
              if (!stream) return sendError(res, stream.error());
              res.status = 200;
              // Streams change every moment: no cache may keep them, and nginx must pass each
              // event on at once instead of buffering the response.
              res.headers.erase("Cache-Control");
              res.set_header("Cache-Control", "no-cache");
              res.set_header("X-Accel-Buffering", "no");
              // Exactly this type: cpp-httplib compresses other text/ types, which would hold
              // events back in the compressor.
              res.set_chunked_content_provider(
                  "text/event-stream", [stream = *stream](std::size_t, httplib::DataSink& sink) {
                      return stream->pump(sink);
                  });
          });
}

void operationRoutes(Router& r) {
    r.get("/healthz", "/healthz", [](const ApiServices& s, const Request&, Response& res) {
        auto health = s.healthCheck();
        if (!health) {
            res.set_header("Retry-After", "5");
            return sendJson(
                res, 503,
                {{"status", "unavailable"}, {"error", errorBody(health.error())["error"]}});
        }
        sendJson(res, 200, {{"status", "ok"}});
    });

    r.get("/metrics", "/metrics", [](const ApiServices& s, const Request&, Response& res) {
        res.status = 200;
        res.set_content(s.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
}

} // namespace

const std::string& currentRouteLabel() {
    return t_routeLabel;
}
void resetCurrentRouteLabel() {
    t_routeLabel = "unmatched";
}

void sendError(Response& res, const Error& error) {
    res.status = httpStatus(error.code);
    // The error's own estimate when it has one (the login lane's, a rate limit's).
    if (error.code == ErrorCode::Unavailable && !res.has_header("Retry-After"))
        res.set_header("Retry-After",
                       std::to_string(error.details.value("retry_after_seconds", 5)));
    if (error.code == ErrorCode::RateLimited && !res.has_header("Retry-After")) {
        const auto retry = error.details.value("retry_after_seconds", 1);
        res.set_header("Retry-After", std::to_string(retry));
    }
    if (error.code == ErrorCode::Unauthenticated)
        res.set_header("WWW-Authenticate", "Bearer realm=\"bilheteria\"");
    res.set_content(errorBody(error).dump(), kJson);
}

void registerRoutes(httplib::Server& server, const ApiServices& services) {
    Router router(server, services);
    accountRoutes(router);
    challengeRoutes(router);
    eventRoutes(router);
    queueRoutes(router);
    holdRoutes(router);
    reportRoutes(router);
    liveRoutes(router);
    doorRoutes(router);
    refundRoutes(router);
    seatMapRoutes(router);
    operationRoutes(router);
}

} // namespace bilheteria
