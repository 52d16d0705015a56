#include "server/core/proofofwork.h"

#include <cstdint>
#include <vector>

#include "shared/crypto/crypto.h"
#include "shared/proofofwork.h"

namespace bilheteria {

namespace {

constexpr int kMaxBits = 32;
constexpr std::size_t kMaxSolutionLength = 64;

// "v1.<purpose>.<bits>.<expires>.<nonce>" — the purpose may hold no dots.
std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

Error invalid(const std::string& why) {
    return {ErrorCode::ChallengeInvalid,
            "the proof-of-work " + why,
            {{"challenges", "/api/v1/challenges"}}};
}

} // namespace

ProofOfWork::ProofOfWork(std::string key, const Clock& clock, std::chrono::seconds lifetime)
    : m_key(std::move(key))
    , m_clock(clock)
    , m_lifetime(lifetime) {}

std::string ProofOfWork::sign(const std::string& payload) const {
    return crypto::base64UrlEncode(crypto::hmacSha256(m_key, payload));
}

PowChallenge ProofOfWork::issue(const std::string& purpose, int bits) {
    PowChallenge out;
    out.bits = bits;
    out.expiresAt = m_clock.now() + m_lifetime;
    const std::string payload = "v1." + purpose + "." + std::to_string(bits) + "." +
                                std::to_string(out.expiresAt.time_since_epoch().count()) + "." +
                                crypto::randomToken(12);
    out.challenge = payload + "." + sign(payload);
    return out;
}

Result<void> ProofOfWork::verify(const std::string& purpose, int bits, const std::string& challenge,
                                 const std::string& solution, const std::string& challengesPath) {
    if (challenge.empty() || solution.empty()) {
        const std::string path =
            challengesPath.empty() ? "/api/v1/challenges?purpose=" + purpose : challengesPath;
        return fail(Error{ErrorCode::ChallengeRequired,
                          "this request needs a proof of work: get a challenge from " + path +
                              " and send X-Pow-Challenge and X-Pow-Solution",
                          {{"challenges", path}, {"difficulty_bits", bits}}});
    }
    if (challenge.size() > 512 || solution.size() > kMaxSolutionLength)
        return fail(invalid("is malformed"));
    const auto parts = split(challenge, '.');
    if (parts.size() != 6 || parts[0] != "v1") return fail(invalid("is malformed"));
    const std::string payload = challenge.substr(0, challenge.rfind('.'));
    if (!crypto::constantTimeEquals(sign(payload), parts[5]))
        return fail(invalid("challenge was not issued by this server"));
    if (parts[1] != purpose) return fail(invalid("challenge is for another purpose"));
    std::int64_t issuedBits = 0, expires = 0;
    try {
        issuedBits = std::stoll(parts[2]);
        expires = std::stoll(parts[3]);
    } catch (const std::exception&) {
        return fail(invalid("is malformed"));
    }
    if (issuedBits < bits) return fail(invalid("challenge is easier than this server now asks"));
    const auto now = m_clock.now().time_since_epoch().count();
    if (expires <= now) return fail(invalid("challenge has expired"));
    if (!solves(challenge, solution, static_cast<int>(issuedBits)))
        return fail(invalid("solution does not solve the challenge"));

    std::lock_guard lock(m_mutex);
    forgetExpired(now);
    if (!m_used.emplace(challenge, expires).second)
        return fail(invalid("challenge was used already"));
    return {};
}

void ProofOfWork::forgetExpired(std::int64_t now) {
    // Expired challenges fail on their own; keeping them would only grow the map.
    if (m_used.size() < 1024) return;
    std::erase_if(m_used, [now](const auto& entry) { return entry.second <= now; });
}

bool ProofOfWork::solves(const std::string& challenge, const std::string& solution, int bits) {
    if (bits > kMaxBits) return false;
    return proofofwork::hasLeadingZeroBits(
        crypto::sha256(proofofwork::hashedText(challenge, solution)), bits);
}

std::string ProofOfWork::solve(const std::string& challenge, int bits) {
    return proofofwork::solve(challenge, bits,
                              [](std::string_view text) { return crypto::sha256(text); });
}

} // namespace bilheteria
