// What every client does with a payment before and after it goes: the desktop and terminal
// checkouts both decide with these whether a payment is the one that got no answer (and keeps
// its Idempotency-Key), wipe a card's secrets once they are not needed, and offer the amounts
// a customer is likely to hand over in cash, and when a refused payment's hold now ends.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// The same payment, field by field (a retry must repeat the body byte for byte).
bool samePayment(const PaymentRequest& a, const PaymentRequest& b);
// Overwrites a card's number and CVC (best effort: a client keeps them only while a payment
// is unanswered).
void wipeSecrets(PaymentRequest& payment);
// Amounts a customer is likely to hand over for `total`: the exact amount, then the next round
// sums of common notes (R$ 10, 20, 50, 100, 200 ...), ascending, at most `count` of them.
std::vector<Cents> suggestedTenders(Cents total, int count = 4);
// Reads what a clerk types as an amount ("100", "100,50", "100.5", "R$ 1.234,56"); -1 when it
// is not one. The last separator followed by one or two digits is the decimal one, whatever
// the language: a clerk types "100.50" on a Portuguese keyboard as often as "100,50".
Cents parseMoneyCents(std::string_view text);
// A card's expiry as (month, four-digit year) from "MM/YY", "MM/YYYY", "M/YY", "MMYY",
// "MM YY" or "MM-YY"; the month is not range-checked (the forms say why it is wrong).
std::optional<std::pair<int, int>> parseCardExpiry(std::string_view text);
// When a hold now ends after its purchase was refused (card_limit_exceeded brings it forward:
// details.hold_expires_at); none when the refusal does not say.
std::optional<TimePoint> holdEndAfterRefusal(const Error& refusal);

} // namespace bilheteria
