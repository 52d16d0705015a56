#include "server/core/door.h"

#include <algorithm>
#include <cctype>

#include "server/core/bundlecursor.h"
#include "server/core/policy.h"
#include "shared/crypto/crypto.h"
#include "shared/ticketqr.h"

namespace bilheteria {

namespace {

std::vector<PublicKeyInfo> publicInfo(const std::vector<SigningKey>& keys) {
    std::vector<PublicKeyInfo> out;
    for (const SigningKey& key : keys)
        out.push_back({key.keyId, "Ed25519", crypto::base64UrlEncode(key.publicKey)});
    return out;
}

Error tokenNotFound() {
    return Error::notFound("no such ticket");
}

} // namespace

DoorService::DoorService(DoorStore& door, const Clock& clock, ActivityCounters* activity)
    : m_door(door)
    , m_clock(clock)
    , m_activity(activity) {}

Result<std::vector<SigningKey>> DoorService::keysOf(Id eventId) {
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_keys.find(eventId); it != m_keys.end()) return it->second;
    }
    BILHETERIA_TRY(keys, m_door.signingKeys(eventId));
    if (keys.empty()) {
        const auto pair = crypto::ed25519Generate();
        SigningKey key;
        key.eventId = eventId;
        key.generation = 1;
        key.keyId = "e" + std::to_string(eventId) + "g1-" + crypto::randomToken(6);
        key.publicKey = pair.publicKey;
        key.privateKey = pair.privateKey;
        key.createdAt = m_clock.now();
        BILHETERIA_TRY(stored, m_door.addFirstSigningKey(key));
        keys = std::move(stored);
        if (keys.empty()) return fail(Error::internal("the event's signing key was not kept"));
    }
    std::lock_guard lock(m_mutex);
    m_keys[eventId] = keys;
    return keys;
}

Result<std::vector<PublicKeyInfo>> DoorService::publicKeys(Id eventId) {
    BILHETERIA_TRY(keys, keysOf(eventId));
    return publicInfo(keys);
}

Result<Order> DoorService::withTokens(Order order) {
    BILHETERIA_TRY(keys, keysOf(order.eventId));
    const SigningKey& key = keys.back(); // the newest signs
    for (Ticket& ticket : order.tickets) {
        TicketClaims claims{order.eventId, ticket.id,     ticket.code,     ticket.sectionId,
                            ticket.row,    ticket.number, order.createdAt, key.keyId};
        ticket.qr = signTicketToken(claims, key.privateKey);
    }
    return order;
}

Result<std::vector<Order>> DoorService::withTokens(std::vector<Order> orders) {
    for (Order& order : orders) {
        BILHETERIA_TRY(signed_, withTokens(std::move(order)));
        order = std::move(signed_);
    }
    return orders;
}

Result<std::optional<Id>> DoorService::orderOfTicket(const std::string& codeOrToken) {
    const bool token = codeOrToken.starts_with(std::string(kTicketTokenPrefix) + ".");
    const auto code = token ? codeOf(std::nullopt, codeOrToken, std::nullopt)
                            : codeOf(codeOrToken, std::nullopt, std::nullopt);
    if (!code || code->empty()) return std::optional<Id>{};
    auto ticket = m_door.findTicket(*code);
    if (!ticket) {
        if (ticket.error().code == ErrorCode::NotFound) return std::optional<Id>{};
        return fail(ticket.error());
    }
    return std::optional<Id>{ticket->orderId};
}

std::optional<std::string> DoorService::codeOf(const std::optional<std::string>& code,
                                               const std::optional<std::string>& qr,
                                               std::optional<Id> eventId) {
    // Codes are base64url (sales.cpp draws them): anything else names no ticket, and never
    // reaches the database.
    if (code) {
        const bool plain = std::all_of(code->begin(), code->end(), [](unsigned char c) {
            return std::isalnum(c) || c == '-' || c == '_';
        });
        return plain ? code : std::nullopt;
    }
    if (!qr) return std::nullopt;
    // The event a token names is a hint until its signature holds: it only picks the keys.
    const auto claimed = readTicketToken(*qr);
    if (!claimed || (eventId && claimed->eventId != *eventId)) return std::nullopt;
    auto keys = keysOf(claimed->eventId);
    if (!keys) return std::nullopt;
    const auto claims = verifyTicketToken(*qr, publicInfo(*keys));
    if (!claims) return std::nullopt;
    return claims->code;
}

Result<Checkin> DoorService::checkIn(const User& actor, const CheckinRequest& request) {
    BILHETERIA_CHECK(authorize(actor, Action::CheckIn));
    const auto code = codeOf(request.code, request.qr, std::nullopt);
    if (!code) return fail(tokenNotFound());
    const auto now = m_clock.now();
    Checkin out;
    if (request.direction == ScanDirection::Exit) {
        BILHETERIA_TRY(ticket, m_door.checkOut(*code, request.gate, actor.id, now));
        out.result = "exited";
        out.ticket = std::move(ticket.ticket);
        out.checkedInAt = now;
        out.gate = request.gate;
        return out;
    }
    BILHETERIA_TRY(ticket, m_door.checkIn(*code, request.gate, actor.id, now));
    if (m_activity) m_activity->checkedIn();
    out.ticket = std::move(ticket.ticket);
    out.checkedInAt = ticket.checkedInAt.value_or(now);
    out.gate = ticket.checkedInGate.value_or(request.gate);
    return out;
}

Result<std::vector<ScanResult>> DoorService::sync(const User& actor, Id eventId,
                                                  const SyncRequest& request) {
    BILHETERIA_CHECK(authorize(actor, Action::CheckIn));
    if (request.scans.size() > kMaxSyncScans)
        return fail(Error{ErrorCode::PayloadTooLarge,
                          "at most " + std::to_string(kMaxSyncScans) + " scans per request",
                          {{"field", "scans"}, {"limit", kMaxSyncScans}}});
    std::vector<SyncScan> scans;
    scans.reserve(request.scans.size());
    for (const OfflineScan& scan : request.scans)
        scans.push_back({codeOf(scan.code, scan.qr, eventId), scan.gate, scan.scannedAt});
    BILHETERIA_TRY(results,
                   m_door.syncScans(eventId, request.scannerId, scans, actor.id, m_clock.now()));
    if (m_activity)
        for (const ScanResult& result : results)
            if (result.result == "admitted") m_activity->checkedIn();
    return results;
}

Result<CheckinBundle> DoorService::bundle(const User& actor, Id eventId,
                                          const std::optional<std::string>& since,
                                          bool withTickets) {
    BILHETERIA_CHECK(authorize(actor, Action::CheckIn));
    std::optional<TimePoint> from;
    if (since) {
        BILHETERIA_TRY(cursorTime, parseBundleCursor(*since));
        from = cursorTime;
    }
    BILHETERIA_TRY(keys, publicKeys(eventId));
    const auto now = m_clock.now();
    BILHETERIA_TRY(bundle, m_door.checkinBundle(eventId, from, withTickets, now));
    bundle.keys = std::move(keys);
    bundle.since = bundleCursor(now);
    bundle.generatedAt = now;
    return bundle;
}

} // namespace bilheteria
