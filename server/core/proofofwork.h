// Hashcash-style proof of work: the server hands out signed, expiring challenges; a client
// finds a solution whose SHA-256 together with the challenge starts with `bits` zero bits.
// Cheap to check, costly to make in bulk: a person's client spends a second once, a bot that
// registers ten thousand accounts spends hours. Challenges are stateless (HMAC-signed), and a
// solved one is accepted once per server process.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/core/clock.h"
#include "shared/error.h"

namespace bilheteria {

struct PowChallenge {
    std::string challenge; // opaque text the client hashes with its solution
    int bits = 0;          // leading zero bits required
    TimePoint expiresAt{};
};

class ProofOfWork {
public:
    // `key` signs challenges; every server sharing a database should use the same one.
    ProofOfWork(std::string key, const Clock& clock,
                std::chrono::seconds lifetime = std::chrono::minutes{5});

    // A challenge for `purpose` ("register", "queue:12") at `bits` difficulty.
    PowChallenge issue(const std::string& purpose, int bits);
    // challenge_required when either part is missing (its details name `challengesPath`, by
    // default /api/v1/challenges?purpose=<purpose>); challenge_invalid when the challenge is
    // forged, expired, for another purpose, too easy, used already, or not solved.
    Result<void> verify(const std::string& purpose, int bits, const std::string& challenge,
                        const std::string& solution, const std::string& challengesPath = {});

    // Whether SHA-256(challenge ":" solution) starts with `bits` zero bits.
    static bool solves(const std::string& challenge, const std::string& solution, int bits);
    // Finds a solution by counting up (what a client does); for tests and load generators.
    static std::string solve(const std::string& challenge, int bits);

private:
    std::string sign(const std::string& payload) const;
    void forgetExpired(std::int64_t now);

    std::string m_key;
    const Clock& m_clock;
    std::chrono::seconds m_lifetime;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::int64_t> m_used; // challenge -> its expiry
};

} // namespace bilheteria
