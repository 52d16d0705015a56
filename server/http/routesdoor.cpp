// The door's routes: the events' public keys, online check-in, the offline scanners' bundle and
// sync (core/door.h).
#include <string>

#include "server/http/routing.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

json keysJson(const std::vector<PublicKeyInfo>& keys) {
    json out = json::array();
    for (const auto& key : keys)
        out.push_back(toJson(key));
    return out;
}

} // namespace

void doorRoutes(Router& r) {
    r.get(R"(/api/v1/events/(\d+)/keys)", "/api/v1/events/{id}/keys",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto keys = [&]() -> Result<std::vector<PublicKeyInfo>> {
                  BILHETERIA_TRY(eventId, pathId(req));
                  return s.door.publicKeys(eventId);
              }();
              reply(res, keys, 200, [](const std::vector<PublicKeyInfo>& list) {
                  return json{{"keys", keysJson(list)}};
              });
          });

    r.post("/api/v1/checkins", "/api/v1/checkins",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto checkin = [&]() -> Result<Checkin> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(request, parseCheckinRequest(in));
                   return s.door.checkIn(user, request);
               }();
               reply(res, checkin, 200, [](const Checkin& c) { return toJson(c); });
           });

    r.get(R"(/api/v1/events/(\d+)/checkin-bundle)", "/api/v1/events/{id}/checkin-bundle",
          [](const ApiServices& s, const Request& req, Response& res) {
              auto bundle = [&]() -> Result<CheckinBundle> {
                  BILHETERIA_TRY(user, currentUser(s.accounts, req));
                  BILHETERIA_TRY(eventId, pathId(req));
                  BILHETERIA_TRY(query, bundleQuery(req));
                  return s.door.bundle(user, eventId, query.since, query.withTickets);
              }();
              reply(res, bundle, 200, [](const CheckinBundle& b) { return toJson(b); });
          });

    r.post(R"(/api/v1/events/(\d+)/checkins/sync)", "/api/v1/events/{id}/checkins/sync",
           [](const ApiServices& s, const Request& req, Response& res) {
               auto results = [&]() -> Result<std::vector<ScanResult>> {
                   BILHETERIA_TRY(user, currentUser(s.accounts, req));
                   BILHETERIA_TRY(eventId, pathId(req));
                   BILHETERIA_TRY(in, body(req));
                   BILHETERIA_TRY(request, parseSyncRequest(in));
                   return s.door.sync(user, eventId, request);
               }();
               reply(res, results, 200, [](const std::vector<ScanResult>& list) {
                   json out = json::array();
                   for (const auto& result : list)
                       out.push_back(toJson(result));
                   return json{{"results", std::move(out)}};
               });
           });
}

} // namespace bilheteria
