#include "client-term/models/livefeed.h"

#include <chrono>

namespace bilheteria::term {

LiveFeed::LiveFeed(const ApiClient& api, Id eventId)
    : m_api(api.sibling())
    , m_eventId(eventId)
    , m_thread([this] { run(); }) {}

LiveFeed::~LiveFeed() {
    stop();
}

void LiveFeed::stop() {
    m_cancel.cancel();
    if (m_thread.joinable()) m_thread.join();
}

std::vector<StreamEvent> LiveFeed::take() {
    std::lock_guard lock(m_mutex);
    std::vector<StreamEvent> out(std::make_move_iterator(m_queue.begin()),
                                 std::make_move_iterator(m_queue.end()));
    m_queue.clear();
    return out;
}

void LiveFeed::endSession() {
    // Only this feed's copy of the client forgets the token: the shell's own next call gets
    // its 401 and signs out as usual.
    m_api->setToken({});
    m_sessionEnded = true;
}

void LiveFeed::run() {
    std::string lastEventId;
    while (!m_cancel.cancelled()) {
        const auto watched = m_api->watch(
            m_eventId, lastEventId,
            [this](const StreamEvent& event) {
                m_connected = true;
                if (event.type == "session_ended") endSession();
                std::lock_guard lock(m_mutex);
                m_queue.push_back(event);
                return true;
            },
            &m_cancel);
        m_connected = false;
        if (!watched && watched.error().is(ErrorCode::Unauthenticated)) endSession();
        // A dropped stream is read again from its last id; wait a little first, in small
        // steps so that stop() is never kept waiting.
        for (int i = 0; i < 20 && !m_cancel.cancelled(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

} // namespace bilheteria::term
