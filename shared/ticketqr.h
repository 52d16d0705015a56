// The door's signed ticket tokens: BLH1.<base64url payload>.<base64url signature>.
//
// The payload is compact JSON: {"e": event id, "t": ticket id, "c": ticket code, "s": section
// id, "r": row and "n": number (seated tickets only), "i": issued at (the order's created_at,
// Unix seconds), "k": key id}. The signature is Ed25519 over the ASCII text "BLH1.<payload>"
// (the token up to its second dot), so no byte of the token can change unnoticed. Ed25519 is
// deterministic: the same ticket and key always give the same token, so the server computes it
// whenever it shows an order instead of storing it.
//
// verifyTicketToken is what a scanner runs offline: a pure function of the token and the
// event's published keys, which refuses any malformed input with an error value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

constexpr std::string_view kTicketTokenPrefix = "BLH1";

// The token for `claims` (claims.keyId names `privateKey`'s key: 32 raw bytes).
std::string signTicketToken(const TicketClaims& claims, std::string_view privateKey);

// What a well-formed token claims, NOT verified: only for choosing the keys to verify it with
// (its event). not_found (reason malformed) otherwise.
Result<TicketClaims> readTicketToken(std::string_view token);

// The claims of a token signed by one of `keys` (the key its payload names). not_found, with
// details.reason (malformed, unknown_key, bad_signature), for anything else.
Result<TicketClaims> verifyTicketToken(std::string_view token,
                                       const std::vector<PublicKeyInfo>& keys);

} // namespace bilheteria
