// What every routes file shares: answering with JSON or the contract's error shape, reading the
// request (body, path ids, query parameters and headers: requestparsing.cpp, fuzzed by
// fuzz/fuzz_routes.cpp; the caller), rate limits, and the Router that registers a handler
// under its label. Internal to server/http/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/http/httpserver.h"
#include "server/http/routes.h"

namespace bilheteria {

inline constexpr const char* kJson = "application/json";

void sendJson(httplib::Response& res, int status, const nlohmann::json& body);

// Answers with the value's JSON, or with the contract's error shape.
template <typename T, typename ToJson>
void reply(httplib::Response& res, const Result<T>& result, int status, ToJson&& toJson) {
    if (!result) return sendError(res, result.error());
    sendJson(res, status, toJson(*result));
}

void replyNoContent(httplib::Response& res, const Result<void>& result);
Result<nlohmann::json> body(const httplib::Request& req);
// A whole number written in decimal, or nothing.
std::optional<std::int64_t> parseInteger(const std::string& text);
// A positive Id written in decimal, or nothing.
std::optional<Id> parseId(const std::string& text);
// An RFC 3339 time from the query string, nothing when absent; invalid_request naming it when
// malformed.
Result<std::optional<TimePoint>> queryTime(const httplib::Request& req, const std::string& name);
// The numeric id captured by the route's regex; not_found when it does not fit an Id.
Result<Id> pathId(const httplib::Request& req, std::size_t index = 1);
// The token of "Authorization: Bearer TOKEN"; empty when there is none.
std::string bearerToken(const httplib::Request& req);
// The Last-Event-ID an EventSource sends when it reconnects: the id of the last batch it got.
Result<std::optional<Id>> lastEventId(const httplib::Request& req);
// GET /orders?ticket=: a ticket's code or its signed token.
Result<std::string> ticketParam(const httplib::Request& req);
// GET /events/{id}/sales?bucket_seconds= (the core checks its range); 60 when absent.
Result<std::int64_t> bucketSecondsParam(const httplib::Request& req);
// GET /challenges?purpose=queue&event_id=.
Result<Id> challengeEventParam(const httplib::Request& req);
// GET /events/{id}/checkin-bundle?since=&tickets=0|1.
struct BundleQuery {
    std::optional<std::string> since; // the core reads the cursor
    bool withTickets = false;
};
Result<BundleQuery> bundleQuery(const httplib::Request& req);
// The user behind the request's bearer token (renewing its session when due).
Result<User> currentUser(AccountService& accounts, const httplib::Request& req);
// The same with the session's expiry after any renewal.
Result<AuthenticatedSession> currentSession(AccountService& accounts, const httplib::Request& req);
std::string address(const ApiServices& s, const httplib::Request& req);
// Spends one token of `rule`'s bucket for `key`; rate_limited when it is empty.
Result<void> throttle(const ApiServices& s, const std::string& rule, const std::string& key,
                      const RateLimit& limit);

// The label currentRouteLabel() reports for this thread's request.
void setCurrentRouteLabel(const std::string& label);

// Registers a handler under a readable label for logs and metrics. Handlers capture the
// services they use (which outlive the server), never the router.
class Router {
public:
    Router(httplib::Server& server, const ApiServices& services)
        : m_server(server)
        , m_services(services) {}

    template <typename F> void get(const std::string& pattern, std::string label, F handler) {
        m_server.Get(pattern, wrap(std::move(label), std::move(handler)));
    }
    template <typename F> void post(const std::string& pattern, std::string label, F handler) {
        m_server.Post(pattern, wrap(std::move(label), std::move(handler)));
    }
    template <typename F> void del(const std::string& pattern, std::string label, F handler) {
        m_server.Delete(pattern, wrap(std::move(label), std::move(handler)));
    }

private:
    template <typename F> httplib::Server::Handler wrap(std::string label, F handler) {
        return [services = &m_services, label = std::move(label),
                handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
            setCurrentRouteLabel(label);
            handler(*services, req, res);
        };
    }

    httplib::Server& m_server;
    const ApiServices& m_services;
};

// The door's routes (routesdoor.cpp).
void doorRoutes(Router& r);
// After the sale: refunds (routesrefunds.cpp).
void refundRoutes(Router& r);
// The compact seat map: layout and packed states (routesseatmap.cpp).
void seatMapRoutes(Router& r);

} // namespace bilheteria
