// A buyer's place in an event's waiting room: joining (solving the server's proof of work
// quietly when it asks for one) and the place as it moves. The screen polls status() on its
// tick; the stream's `queue` events may also say when the buyer is admitted.
#pragma once

#include "client-term/net/apiclient.h"

namespace bilheteria::term {

// The proof-of-work answer to a challenge (SHA-256, shared/proofofwork.h).
std::string solveChallenge(const std::string& challenge, int bits);

class WaitingRoom {
public:
    WaitingRoom(ApiClient& api, Id eventId);

    // Joins (again: the server keeps the place). Asks for a challenge and solves it when the
    // server answers challenge_required.
    ApiResult<QueueStatus> join();
    ApiResult<QueueStatus> refresh();
    const QueueStatus& status() const { return m_status; }

private:
    ApiClient& m_api;
    Id m_eventId;
    QueueStatus m_status;
};

} // namespace bilheteria::term
