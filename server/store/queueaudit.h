// The audit details of a waiting room's opening draw, which both stores write alike.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/crypto/crypto.h"
#include "shared/protocol.h"

namespace bilheteria {

// queue.drawn: how many places were drawn and a digest of the order drawn — SHA-256 of the
// customer ids by drawn place, comma-separated ("12,7,31") — so that an audit can tell the
// places written at the opening from any moved later.
inline std::string queueDrawDetails(const std::vector<Id>& customersByPlace) {
    std::string order;
    for (const Id customer : customersByPlace)
        order += (order.empty() ? "" : ",") + std::to_string(customer);
    return nlohmann::json{{"entrants", customersByPlace.size()},
                          {"order_sha256", crypto::sha256Hex(order)}}
        .dump();
}

} // namespace bilheteria
