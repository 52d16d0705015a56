// Idempotency-Key: the header's rules, and the answer when a key was used for another request.
// Shared by purchases (sales.cpp) and refunds (refunds.cpp).
#pragma once

#include <string>

#include "shared/error.h"

namespace bilheteria {

// invalid_request naming Idempotency-Key unless it has 1–64 printable ASCII characters.
Result<void> checkIdempotencyKey(const std::string& key);
// idempotency_mismatch.
Error idempotencyMismatch();

} // namespace bilheteria
