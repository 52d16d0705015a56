// The audit details of hold transitions both stores write alike.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "shared/protocol.h"
#include "shared/timeformat.h"

namespace bilheteria {

// hold.shortened: the new expiry and why (e.g. "card_limit_exceeded").
inline std::string shortenedHoldDetails(TimePoint expiresAt, const std::string& reason) {
    return nlohmann::json{{"expires_at", formatRfc3339(expiresAt)}, {"reason", reason}}.dump();
}

} // namespace bilheteria
