// The door's signed ticket tokens (QR payloads), as a scanner reads them offline: the input as a
// token (readTicketToken, verifyTicketToken, OfflineDoor::verify), and — since no fuzzer forges
// Ed25519 — the input's "BLH1.<payload>" signed with the harness's own key, so the payload's
// reader runs past the signature check. A payload that reads must verify under its signature.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/crypto/crypto.h"
#include "shared/offlinedoor.h"
#include "shared/ticketqr.h"

namespace {

using namespace bilheteria;

constexpr std::string_view kKeyId = "k1";
constexpr Id kEvent = 7;

struct Keys {
    crypto::Ed25519KeyPair pair = crypto::ed25519Generate();
    std::vector<PublicKeyInfo> published{
        {std::string(kKeyId), "Ed25519", crypto::base64UrlEncode(pair.publicKey)}};
};

const Keys& keys() {
    static const Keys k;
    return k;
}

const OfflineDoor& door() {
    static const OfflineDoor d = [] {
        CheckinBundle bundle;
        bundle.eventId = kEvent;
        bundle.keys = keys().published;
        bundle.revoked = {3};
        bundle.tickets =
            std::vector<BundleTicket>{{1, "code-valid", 1, "A", 1, "valid"},
                                      {2, "code-in", 1, std::nullopt, std::nullopt, "checked_in"},
                                      {3, "code-void", 1, std::nullopt, std::nullopt, "refunded"}};
        return OfflineDoor(std::move(bundle));
    }();
    return d;
}

void check(std::string_view token) {
    const auto read = readTicketToken(token);
    const auto verified = verifyTicketToken(token, keys().published);
    // A token that verifies reads, and claims what it read.
    if (verified && (!read || *read != *verified)) std::abort();
    (void)door().verify(token, kEvent, [](Id) { return std::nullopt; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check(input);

    // "BLH1.<payload>" re-signed with our key.
    const auto firstDot = input.find('.');
    if (firstDot == std::string_view::npos) return 0;
    const auto secondDot = input.find('.', firstDot + 1);
    const std::string signedPart(input.substr(0, secondDot));
    const std::string token =
        signedPart + "." +
        crypto::base64UrlEncode(crypto::ed25519Sign(keys().pair.privateKey, signedPart));
    check(token);
    const auto read = readTicketToken(token);
    if (read && read->keyId == kKeyId && !verifyTicketToken(token, keys().published)) std::abort();
    return 0;
}
