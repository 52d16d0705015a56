// Request bodies as the routes read them: parseJsonObject, then every parse*Request a route
// calls (and the response parsers the clients run on the server's answers). Nothing may throw;
// a request that parses must parse again from its own JSON (the clients send toJson's).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "shared/jsonmapping.h"

namespace {

using namespace bilheteria;

// Aborts (a crash libFuzzer reports) when a parsed request's own JSON does not parse again.
template <typename T, typename Parse> void roundTrip(const Result<T>& parsed, Parse parse) {
    if (!parsed) return;
    if (!parse(toJson(*parsed))) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto json = parseJsonObject(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!json) return 0;
    const nlohmann::json& j = *json;

    roundTrip(parseRegisterRequest(j), parseRegisterRequest);
    roundTrip(parseLoginRequest(j), parseLoginRequest);
    roundTrip(parseHoldRequest(j), parseHoldRequest);
    roundTrip(parseEventDraft(j), parseEventDraft);
    roundTrip(parseRefundRequest(j), parseRefundRequest);
    roundTrip(parseExchangeRequest(j), parseExchangeRequest);
    roundTrip(parseCheckinRequest(j), parseCheckinRequest);
    roundTrip(parseSyncRequest(j), parseSyncRequest);
    if (const auto payment = parsePurchaseRequest(j))
        if (!parsePurchaseRequest(purchaseRequestJson(*payment))) std::abort();
    (void)parseCancelRequest(j);

    // What the clients read from the server.
    (void)parseUser(j);
    (void)parseEventSummary(j);
    (void)parseEvent(j);
    (void)parseSeat(j);
    (void)parseHold(j);
    (void)parseOrder(j);
    (void)parseQueueStatus(j);
    (void)parseSalesReport(j);
    (void)parseShiftSummary(j);
    (void)parsePublicKeyInfo(j);
    (void)parseCheckin(j);
    (void)parseScanResult(j);
    (void)parseCheckinBundle(j);
    (void)parseRefund(j);
    (void)parseEventCancellation(j);
    (void)parseExchange(j);
    return 0;
}
