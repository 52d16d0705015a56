#include "server/core/idempotency.h"

namespace bilheteria {

Result<void> checkIdempotencyKey(const std::string& key) {
    if (key.empty() || key.size() > 64)
        return fail(Error::invalidField(
            "Idempotency-Key", "the Idempotency-Key header (1–64 characters) is required"));
    for (unsigned char c : key)
        if (c < 0x21 || c > 0x7e)
            return fail(Error::invalidField("Idempotency-Key",
                                            "the Idempotency-Key must be printable ASCII"));
    return {};
}

Error idempotencyMismatch() {
    return {ErrorCode::IdempotencyMismatch, "this Idempotency-Key was used for another request"};
}

} // namespace bilheteria
