#include "client-term/models/waitingroom.h"

#include <openssl/sha.h>

#include "shared/proofofwork.h"

namespace bilheteria::term {

std::string solveChallenge(const std::string& challenge, int bits) {
    return proofofwork::solve(challenge, bits, [](std::string_view text) {
        unsigned char digest[SHA256_DIGEST_LENGTH];
        SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
        return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
    });
}

WaitingRoom::WaitingRoom(ApiClient& api, Id eventId)
    : m_api(api)
    , m_eventId(eventId) {}

ApiResult<QueueStatus> WaitingRoom::join() {
    auto status = m_api.joinQueue(m_eventId, std::nullopt);
    if (!status && (status.error().is(ErrorCode::ChallengeRequired) ||
                    status.error().is(ErrorCode::ChallengeInvalid))) {
        auto challenge = m_api.challenge("queue", m_eventId);
        if (!challenge) return std::unexpected(challenge.error());
        const ProofOfWorkAnswer answer{challenge->challenge,
                                       solveChallenge(challenge->challenge, challenge->bits)};
        status = m_api.joinQueue(m_eventId, answer);
    }
    if (status) m_status = *status;
    return status;
}

ApiResult<QueueStatus> WaitingRoom::refresh() {
    auto status = m_api.queueStatus(m_eventId);
    if (status) m_status = *status;
    return status;
}

} // namespace bilheteria::term
