// Where AccountService runs its Argon2id work: verifying a login's password, hashing a new one.
// Without one it runs on the calling thread; the server passes its login lane
// (server/http/loginlane.h), a small bounded pool that keeps a sign-in storm from taking the CPU
// and the HTTP workers that holds and purchases need.
#pragma once

#include <functional>

#include "shared/error.h"

namespace bilheteria {

class HashingLane {
public:
    virtual ~HashingLane() = default;
    // Runs `work` and returns once it has run; `unavailable` (with
    // details.retry_after_seconds) without running it when the lane is full.
    virtual Result<void> run(const std::function<void()>& work) = 0;
    // The refusal run() would answer now, if any (counted as one): lets a sign-in be refused
    // before it costs a database lookup. A hint only: the lane may fill before run(), which
    // enforces the bound.
    virtual Result<void> admits() = 0;
};

} // namespace bilheteria
