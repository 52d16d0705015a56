// What the store-level benchmarks (cancel.cpp, draw.cpp) sell at the counter: the purchase of a
// hold paid in cash by a clerk, with one ticket code per place, built the same way for both.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "server/core/store/salestore.h"
#include "shared/crypto/crypto.h"

namespace bilheteria::bench {

// `held` paid in cash, no change, by `clerk` at `now`, under `idempotencyKey`.
inline NewPurchase counterCashPurchase(const Hold& held, Id clerk, std::string idempotencyKey,
                                       TimePoint now) {
    NewPurchase purchase;
    purchase.holdId = held.id;
    purchase.actorId = clerk;
    purchase.idempotencyKey = std::move(idempotencyKey);
    purchase.requestHash = crypto::hexEncode(crypto::randomBytes(32));
    Authorization& a = purchase.authorization;
    a.method = "cash";
    a.reference = "cash_" + crypto::randomToken(12);
    a.amountCents = held.totalCents;
    a.currency = held.currency;
    a.summary.method = a.method;
    a.summary.changeCents = 0;
    for (std::int64_t i = 0; i < held.ticketCount(); ++i)
        purchase.ticketCodes.push_back(crypto::randomToken(16));
    purchase.now = now;
    return purchase;
}

} // namespace bilheteria::bench
