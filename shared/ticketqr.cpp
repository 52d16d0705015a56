#include "shared/ticketqr.h"

#include <limits>

#include <nlohmann/json.hpp>

#include "shared/crypto/crypto.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

namespace {

Error refused(std::string_view reason, std::string message) {
    return {ErrorCode::NotFound, std::move(message), {{"reason", std::string(reason)}}};
}

Error malformed() {
    return refused("malformed", "this is not a ticket token");
}

// A JSON integer that fits an Id (or an int), from an untrusted payload.
bool readInteger(const nlohmann::json& object, const char* key, std::int64_t min, std::int64_t max,
                 std::int64_t& out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return false;
    if (it->is_number_unsigned()) {
        if (it->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) return false;
        out = static_cast<std::int64_t>(it->get<std::uint64_t>());
    } else {
        out = it->get<std::int64_t>();
    }
    return out >= min && out <= max;
}

bool readString(const nlohmann::json& object, const char* key, std::string& out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return !out.empty() && out.size() <= 200;
}

} // namespace

std::string signTicketToken(const TicketClaims& claims, std::string_view privateKey) {
    nlohmann::json payload{
        {"e", claims.eventId}, {"t", claims.ticketId}, {"c", claims.code}, {"s", claims.sectionId}};
    if (claims.row) payload["r"] = *claims.row;
    if (claims.number) payload["n"] = *claims.number;
    payload["i"] = claims.issuedAt.time_since_epoch().count();
    payload["k"] = claims.keyId;
    std::string token(kTicketTokenPrefix);
    token += '.';
    token += crypto::base64UrlEncode(payload.dump());
    const std::string signature = crypto::ed25519Sign(privateKey, token);
    token += '.';
    token += crypto::base64UrlEncode(signature);
    return token;
}

namespace {

// A token cut at its dots: the signed text ("BLH1.<payload>"), the payload's JSON and the raw
// signature.
struct TokenParts {
    std::string_view signedPart;
    std::string payload;
    std::string signature;
};

Result<TokenParts> splitToken(std::string_view token) {
    if (token.size() > kMaxTicketTokenLength) return fail(malformed());
    const auto firstDot = token.find('.');
    if (firstDot == std::string_view::npos || token.substr(0, firstDot) != kTicketTokenPrefix)
        return fail(malformed());
    const auto secondDot = token.find('.', firstDot + 1);
    if (secondDot == std::string_view::npos || token.find('.', secondDot + 1) != token.npos)
        return fail(malformed());
    const std::string_view signedPart = token.substr(0, secondDot);
    auto payload = crypto::base64UrlDecode(signedPart.substr(firstDot + 1));
    auto signature = crypto::base64UrlDecode(token.substr(secondDot + 1));
    if (!payload || !signature || signature->size() != crypto::kEd25519SignatureBytes)
        return fail(malformed());
    return TokenParts{signedPart, std::move(*payload), std::move(*signature)};
}

Result<TicketClaims> parseClaims(const std::string& text) {
    const auto payload = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!payload.is_object()) return fail(malformed());
    TicketClaims claims;
    constexpr auto kIdMax = std::numeric_limits<Id>::max();
    // Unix seconds up to the year 9999, which RFC 3339 can still write.
    constexpr std::int64_t kLatest = 253402300799;
    std::int64_t issuedAt = 0;
    if (!readInteger(payload, "e", 1, kIdMax, claims.eventId) ||
        !readInteger(payload, "t", 1, kIdMax, claims.ticketId) ||
        !readString(payload, "c", claims.code) ||
        !readInteger(payload, "s", 1, kIdMax, claims.sectionId) ||
        !readInteger(payload, "i", 0, kLatest, issuedAt) || !readString(payload, "k", claims.keyId))
        return fail(malformed());
    claims.issuedAt = TimePoint{std::chrono::seconds{issuedAt}};
    if (payload.contains("r") || payload.contains("n")) {
        std::string row;
        std::int64_t number = 0;
        if (!readString(payload, "r", row) ||
            !readInteger(payload, "n", 0, std::numeric_limits<int>::max(), number))
            return fail(malformed());
        claims.row = std::move(row);
        claims.number = static_cast<int>(number);
    }
    return claims;
}

} // namespace

Result<TicketClaims> readTicketToken(std::string_view token) {
    BILHETERIA_TRY(parts, splitToken(token));
    return parseClaims(parts.payload);
}

Result<TicketClaims> verifyTicketToken(std::string_view token,
                                       const std::vector<PublicKeyInfo>& keys) {
    BILHETERIA_TRY(parts, splitToken(token));
    BILHETERIA_TRY(claims, parseClaims(parts.payload));
    const std::string_view signedPart = parts.signedPart;
    const std::string& signature = parts.signature;
    for (const PublicKeyInfo& key : keys) {
        if (key.keyId != claims.keyId) continue;
        const auto publicKey = crypto::base64UrlDecode(key.publicKey);
        if (!publicKey || !crypto::ed25519Verify(*publicKey, signedPart, signature))
            return fail(refused("bad_signature", "the ticket's signature is not valid"));
        return claims;
    }
    return fail(refused("unknown_key", "the ticket was not signed by this event's keys"));
}

} // namespace bilheteria
