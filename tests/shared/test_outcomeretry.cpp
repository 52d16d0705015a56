// The clients' rule for a request whose outcome is unknown (shared/outcomeretry.h): which
// answers are definite, the back-off, Retry-After honoured, and the bounded total time.
#include "shared/outcomeretry.h"

#include <gtest/gtest.h>

namespace bilheteria {
namespace {

using std::chrono::milliseconds;

TEST(OutcomeRetry, DefiniteAnswersEndIt) {
    const OutcomeRetryPolicy policy;
    for (int status : {200, 201, 400, 404, 409, 422, 429})
        EXPECT_EQ(outcomeRetryDelay(policy, status, 5, 1, milliseconds{0}), std::nullopt) << status;
}

TEST(OutcomeRetry, NoAnswerAndServerErrorsAreUnknown) {
    EXPECT_TRUE(outcomeUnknown(0));
    EXPECT_TRUE(outcomeUnknown(500));
    EXPECT_TRUE(outcomeUnknown(502));
    EXPECT_TRUE(outcomeUnknown(503));
    EXPECT_TRUE(outcomeUnknown(504));
    EXPECT_FALSE(outcomeUnknown(200));
    EXPECT_FALSE(outcomeUnknown(409));
}

TEST(OutcomeRetry, BacksOffUpToTheCap) {
    const OutcomeRetryPolicy policy{milliseconds{100'000}, milliseconds{1'000},
                                    milliseconds{8'000}};
    EXPECT_EQ(outcomeRetryDelay(policy, 0, 0, 1, milliseconds{0}), milliseconds{1'000});
    EXPECT_EQ(outcomeRetryDelay(policy, 0, 0, 2, milliseconds{0}), milliseconds{2'000});
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 0, 3, milliseconds{0}), milliseconds{4'000});
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 0, 4, milliseconds{0}), milliseconds{8'000});
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 0, 40, milliseconds{0}), milliseconds{8'000});
}

TEST(OutcomeRetry, HonoursRetryAfterEvenAboveTheCap) {
    const OutcomeRetryPolicy policy;
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 3, 1, milliseconds{0}), milliseconds{3'000});
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 12, 1, milliseconds{0}), milliseconds{12'000});
    // A shorter Retry-After than the back-off does not hurry it.
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 1, 3, milliseconds{0}), milliseconds{4'000});
}

TEST(OutcomeRetry, GivesUpWhenTheNextTryWouldStartAfterTheBudget) {
    const OutcomeRetryPolicy policy; // 30 s
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 2, 5, milliseconds{27'000}), std::nullopt);
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 2, 2, milliseconds{28'000}), milliseconds{2'000});
    EXPECT_EQ(outcomeRetryDelay(policy, 0, 0, 1, milliseconds{30'000}), std::nullopt);
    // A Retry-After beyond the budget: stop now rather than promise a wait we will not keep.
    EXPECT_EQ(outcomeRetryDelay(policy, 503, 120, 1, milliseconds{0}), std::nullopt);
}

TEST(OutcomeRetry, TheWholeSequenceStaysWithinTheBudget) {
    const OutcomeRetryPolicy policy;
    milliseconds elapsed{0};
    int attempts = 0;
    // Each try itself takes a second before its 503.
    for (;;) {
        elapsed += milliseconds{1'000};
        ++attempts;
        const auto delay = outcomeRetryDelay(policy, 503, 1, attempts, elapsed);
        if (!delay) break;
        elapsed += *delay;
    }
    EXPECT_LE(elapsed, policy.budget + milliseconds{1'000});
    EXPECT_GE(attempts, 4);
}

} // namespace
} // namespace bilheteria
