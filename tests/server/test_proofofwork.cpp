// Proof of work: challenges are signed, expire, belong to one purpose, need the difficulty
// they were issued at, and work once.
#include <gtest/gtest.h>

#include "server/core/proofofwork.h"
#include "tests/support/fakeclock.h"

namespace bilheteria {
namespace {

using testing::FakeClock;

class ProofOfWorkTest : public ::testing::Test {
protected:
    FakeClock m_clock;
    ProofOfWork m_pow{"test-key-0123456789abcdef0123456789", m_clock, std::chrono::minutes{5}};

    static ErrorCode codeOf(const Result<void>& result) {
        return result ? ErrorCode::Internal : result.error().code;
    }
};

TEST_F(ProofOfWorkTest, ASolvedChallengeIsAcceptedOnce) {
    const auto challenge = m_pow.issue("register", 12);
    EXPECT_EQ(challenge.bits, 12);
    EXPECT_EQ(challenge.expiresAt, m_clock.now() + std::chrono::minutes{5});
    const auto solution = ProofOfWork::solve(challenge.challenge, 12);
    EXPECT_TRUE(ProofOfWork::solves(challenge.challenge, solution, 12));
    EXPECT_TRUE(m_pow.verify("register", 12, challenge.challenge, solution));
    EXPECT_EQ(codeOf(m_pow.verify("register", 12, challenge.challenge, solution)),
              ErrorCode::ChallengeInvalid);
}

TEST_F(ProofOfWorkTest, MissingPartsAreRequiredNotInvalid) {
    const auto challenge = m_pow.issue("register", 8);
    const auto missing = m_pow.verify("register", 8, "", "");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::ChallengeRequired);
    EXPECT_EQ(missing.error().details["difficulty_bits"], 8);
    EXPECT_EQ(codeOf(m_pow.verify("register", 8, challenge.challenge, "")),
              ErrorCode::ChallengeRequired);
}

TEST_F(ProofOfWorkTest, AWrongSolutionIsRefused) {
    const auto challenge = m_pow.issue("register", 16);
    // Find a candidate that does not solve it (most do not).
    std::string wrong = "x";
    while (ProofOfWork::solves(challenge.challenge, wrong, 16))
        wrong += "x";
    EXPECT_EQ(codeOf(m_pow.verify("register", 16, challenge.challenge, wrong)),
              ErrorCode::ChallengeInvalid);
}

TEST_F(ProofOfWorkTest, ExpiredChallengesAreRefused) {
    const auto challenge = m_pow.issue("register", 4);
    const auto solution = ProofOfWork::solve(challenge.challenge, 4);
    m_clock.advance(std::chrono::minutes{5});
    EXPECT_EQ(codeOf(m_pow.verify("register", 4, challenge.challenge, solution)),
              ErrorCode::ChallengeInvalid);
}

TEST_F(ProofOfWorkTest, ForgedOrAlteredChallengesAreRefused) {
    const auto challenge = m_pow.issue("register", 4);
    // Lower the difficulty written in the challenge: the signature no longer matches.
    std::string easier = challenge.challenge;
    easier.replace(easier.find(".4."), 3, ".0.");
    EXPECT_EQ(codeOf(m_pow.verify("register", 0, easier, "1")), ErrorCode::ChallengeInvalid);

    ProofOfWork other("another-key-0123456789abcdef012345", m_clock);
    const auto foreign = other.issue("register", 4);
    EXPECT_EQ(codeOf(m_pow.verify("register", 4, foreign.challenge,
                                  ProofOfWork::solve(foreign.challenge, 4))),
              ErrorCode::ChallengeInvalid);
    EXPECT_EQ(codeOf(m_pow.verify("register", 4, "not.a.challenge", "1")),
              ErrorCode::ChallengeInvalid);
}

TEST_F(ProofOfWorkTest, AChallengeServesOnlyItsPurposeAndDifficulty) {
    const auto queue = m_pow.issue("queue:12", 4);
    EXPECT_EQ(codeOf(m_pow.verify("register", 4, queue.challenge,
                                  ProofOfWork::solve(queue.challenge, 4))),
              ErrorCode::ChallengeInvalid);
    // Issued at 4 bits, asked for 8 now (the organizer raised it): not enough.
    const auto easy = m_pow.issue("register", 4);
    EXPECT_EQ(
        codeOf(m_pow.verify("register", 8, easy.challenge, ProofOfWork::solve(easy.challenge, 4))),
        ErrorCode::ChallengeInvalid);
}

TEST(ProofOfWorkSolves, CountsLeadingZeroBits) {
    // With 0 bits anything solves; with more, a solution found for n bits solves n and fewer.
    EXPECT_TRUE(ProofOfWork::solves("c", "anything", 0));
    const auto solution = ProofOfWork::solve("challenge", 10);
    for (int bits = 0; bits <= 10; ++bits)
        EXPECT_TRUE(ProofOfWork::solves("challenge", solution, bits));
    EXPECT_FALSE(ProofOfWork::solves("challenge", solution, 33)); // beyond what is ever asked
}

} // namespace
} // namespace bilheteria
