// Reading what a request carries besides its route: the body as a JSON object, the path's ids,
// query parameters and headers. Needs nothing but the request, so fuzz/fuzz_routes.cpp
// runs it on any input.
#include <algorithm>
#include <charconv>

#include "server/core/events.h"
#include "server/http/routing.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

using httplib::Request;

namespace {

// A ticket's code is 22 characters and its signed token a few hundred: longer names none.
constexpr std::size_t kMaxTicketLookupLength = 1024;

} // namespace

Result<nlohmann::json> body(const Request& req) {
    return parseJsonObject(req.body);
}

std::optional<std::int64_t> parseInteger(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<Id> parseId(const std::string& text) {
    const auto id = parseInteger(text);
    if (!id || *id <= 0) return std::nullopt;
    return id;
}

// An offset's '+' that the client did not encode as %2B arrives as a space (form encoding), and
// an RFC 3339 time has no space: it is read back as the '+' it was.
Result<std::optional<TimePoint>> queryTime(const Request& req, const std::string& name) {
    if (!req.has_param(name)) return std::optional<TimePoint>{};
    std::string text = req.get_param_value(name);
    std::replace(text.begin(), text.end(), ' ', '+');
    const auto time = parseRfc3339(text);
    if (!time)
        return fail(Error::invalidField(
            name, name + " must be an RFC 3339 time such as 2026-11-22T10:00:00Z"));
    return time;
}

Result<Id> pathId(const Request& req, std::size_t index) {
    const auto id = parseId(req.matches[index]);
    if (!id) return fail(Error::notFound("no such resource"));
    return *id;
}

std::string bearerToken(const Request& req) {
    const auto header = req.get_header_value("Authorization");
    constexpr std::string_view prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return {};
    return header.substr(prefix.size());
}

Result<std::optional<Id>> lastEventId(const Request& req) {
    if (!req.has_header("Last-Event-ID")) return std::optional<Id>{};
    const std::string text = req.get_header_value("Last-Event-ID");
    if (text.empty()) return std::optional<Id>{};
    const auto id = parseInteger(text);
    if (!id || *id < 0)
        return fail(
            Error::invalidField("Last-Event-ID", "Last-Event-ID must be an id this stream sent"));
    return std::optional<Id>{*id};
}

Result<std::string> ticketParam(const Request& req) {
    auto ticket = req.get_param_value("ticket");
    if (ticket.empty() || ticket.size() > kMaxTicketLookupLength)
        return fail(
            Error::invalidField("ticket", "ticket must be a ticket's code or its signed token"));
    return ticket;
}

Result<std::int64_t> bucketSecondsParam(const Request& req) {
    if (!req.has_param("bucket_seconds")) return std::int64_t{kMinSalesBucketSeconds};
    const auto parsed = parseInteger(req.get_param_value("bucket_seconds"));
    if (!parsed)
        return fail(Error::invalidField("bucket_seconds",
                                        "bucket_seconds must be a whole number, 60–86400"));
    return *parsed;
}

Result<Id> challengeEventParam(const Request& req) {
    const auto eventId = parseId(req.get_param_value("event_id"));
    if (!eventId)
        return fail(
            Error::invalidField("event_id", "purpose=queue needs the event's id in event_id"));
    return *eventId;
}

Result<BundleQuery> bundleQuery(const Request& req) {
    BundleQuery query;
    if (req.has_param("since")) query.since = req.get_param_value("since");
    const auto tickets = req.get_param_value("tickets");
    if (!tickets.empty() && tickets != "0" && tickets != "1")
        return fail(Error::invalidField("tickets", "tickets must be 0 or 1"));
    query.withTickets = tickets == "1";
    return query;
}

} // namespace bilheteria
