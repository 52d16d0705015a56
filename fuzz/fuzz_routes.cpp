// What the routes read from a request besides its body (server/http/requestparsing.cpp): the
// path's id as the route's regex captures it, the query parameters (ids, times, the ticket, the
// sales bucket, the check-in bundle's cursor), Last-Event-ID, Authorization and X-Forwarded-For.
// The input's lines are the path, the query string and those three headers, as httplib decodes
// them before a handler runs.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/bundlecursor.h"
#include "server/http/ratelimits.h"
#include "server/http/routing.h"

namespace {

using namespace bilheteria;

// Splits at '\n' into at most `count` parts (the last takes the rest).
std::vector<std::string> lines(std::string_view text, std::size_t count) {
    std::vector<std::string> out;
    while (out.size() + 1 < count) {
        const auto end = text.find('\n');
        if (end == std::string_view::npos) break;
        out.emplace_back(text.substr(0, end));
        text.remove_prefix(end + 1);
    }
    out.emplace_back(text);
    out.resize(count);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = lines(std::string_view(reinterpret_cast<const char*>(data), size), 5);
    httplib::Request req;
    req.path = httplib::detail::decode_url(parts[0], false);
    httplib::detail::parse_query_text(parts[1], req.params);
    if (!parts[2].empty()) req.headers.emplace("Last-Event-ID", parts[2]);
    if (!parts[3].empty()) req.headers.emplace("Authorization", parts[3]);

    // The routes' ids are (\d+) groups.
    static const std::regex route(R"(/api/v1/[a-z-]+/(\d+)(/[a-z-]+)?)");
    if (std::regex_match(req.path, req.matches, route)) (void)pathId(req);

    (void)queryTime(req, "since");
    (void)queryTime(req, "until");
    (void)lastEventId(req);
    (void)bearerToken(req);
    if (req.has_param("ticket")) (void)ticketParam(req);
    (void)bucketSecondsParam(req);
    (void)challengeEventParam(req);
    if (const auto query = bundleQuery(req); query && query->since)
        (void)parseBundleCursor(*query->since);
    for (const auto& [name, value] : req.params)
        if (parseId(value) && *parseId(value) <= 0) std::abort();

    (void)clientAddress("127.0.0.1", parts[4], {"127.0.0.1", "::1"});
    return 0;
}
