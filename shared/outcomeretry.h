// When a request that sells or changes an order (one that carries an Idempotency-Key) gets no
// definite answer, its outcome is unknown: the server may have committed it (a COMMIT lost in a
// PostgreSQL failover, a server shutting down) or not. The only safe next step is the same
// request with the same key, which the server answers with the first outcome. This is the one
// rule both clients follow for how long to keep asking: honour Retry-After, back off, and give
// up after a bounded time so the person is told the outcome is unknown (and can check again,
// with the same key) rather than wait without end.
#pragma once

#include <chrono>
#include <optional>

namespace bilheteria {

struct OutcomeRetryPolicy {
    std::chrono::milliseconds budget{30'000};    // from the first try; none starts after it
    std::chrono::milliseconds firstDelay{1'000}; // doubled after each try...
    std::chrono::milliseconds maxDelay{8'000};   // ...up to this (a Retry-After may ask more)
};

// Whether an answer with HTTP `status` (0: none came — refused, dropped, timed out, unreadable)
// leaves the outcome unknown. 2xx and 4xx are definite; 5xx and no answer are not.
bool outcomeUnknown(int status);

// How long to wait before sending the same request again with the same key, after `attempts`
// tries (1 after the first) that took `elapsed` since the first began and whose last answered
// `status` with `retryAfterSeconds` (0 when absent). nullopt: stop — the answer was definite,
// or the next try could not start within the budget.
std::optional<std::chrono::milliseconds> outcomeRetryDelay(const OutcomeRetryPolicy& policy,
                                                           int status, int retryAfterSeconds,
                                                           int attempts,
                                                           std::chrono::milliseconds elapsed);

} // namespace bilheteria
