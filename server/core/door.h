// The door: signed tickets (each event's Ed25519 key, made on first need), online check-in at
// a gate, the offline scanners' bundle and the reconciliation of their scans. Who may scan is
// checked here (policy.h); the exactly-once rule lives in the store (core/store/doorstore.h).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/core/activity.h"
#include "server/core/clock.h"
#include "server/core/store/doorstore.h"

namespace bilheteria {

// The most scans one sync request may carry (one transaction per request).
constexpr std::size_t kMaxSyncScans = 10'000;

class DoorService {
public:
    // `activity`, when given, hears of each ticket let in (online or synced).
    DoorService(DoorStore& door, const Clock& clock, ActivityCounters* activity = nullptr);

    // The event's public keys (anyone may read them); makes its first key on first need.
    // not_found for an unknown event.
    Result<std::vector<PublicKeyInfo>> publicKeys(Id eventId);
    // `order` with each ticket's signed token (qr) added.
    Result<Order> withTokens(Order order);
    Result<std::vector<Order>> withTokens(std::vector<Order> orders);
    // The id of the order holding the ticket `codeOrToken` names (its code, or a token this
    // server signed); nullopt when it names none (unknown, forged, malformed). Who may see the
    // order is the caller's to check (SalesService::orderByTicket).
    Result<std::optional<Id>> orderOfTicket(const std::string& codeOrToken);

    // POST /checkins: door staff only. The ticket by code, or by a token this server signed
    // (a forged or altered token is not_found); see DoorStore::checkIn and checkOut.
    Result<Checkin> checkIn(const User& actor, const CheckinRequest& request);
    // POST /events/{id}/checkins/sync: door staff; payload_too_large past kMaxSyncScans.
    Result<std::vector<ScanResult>> sync(const User& actor, Id eventId, const SyncRequest& request);
    // GET /events/{id}/checkin-bundle: door staff; `since` a cursor an earlier bundle gave
    // (invalid_request naming since otherwise).
    Result<CheckinBundle> bundle(const User& actor, Id eventId,
                                 const std::optional<std::string>& since, bool withTickets);

private:
    // The event's keys, from the cache or the store (making the first one when it has none).
    Result<std::vector<SigningKey>> keysOf(Id eventId);
    // The ticket's code from a scan: its code, or the code a valid token of `eventId` (any
    // event when nullopt) carries; nullopt when the token does not verify.
    std::optional<std::string> codeOf(const std::optional<std::string>& code,
                                      const std::optional<std::string>& qr,
                                      std::optional<Id> eventId);

    DoorStore& m_door;
    const Clock& m_clock;
    ActivityCounters* m_activity;
    // Keys never change once made (a rotation adds one): each event's are read once.
    std::mutex m_mutex;
    std::map<Id, std::vector<SigningKey>> m_keys;
};

} // namespace bilheteria
