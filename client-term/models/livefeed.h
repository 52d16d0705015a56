// An event's live stream on a thread of its own, for screens that redraw on a timer: the
// thread reads GET /events/{id}/stream (reconnecting with Last-Event-ID after a drop, at the
// server's retry pace) and queues what arrives; the screen takes the queue on each tick. When
// the server ends the stream's session (`session_ended`: a logout elsewhere, an expiry; or 401)
// the feed goes on without the token and says so (sessionEnded()), instead of asking again with
// a dead token every second.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "client-term/net/apiclient.h"

namespace bilheteria::term {

class LiveFeed {
public:
    // Starts reading at once; `api` gives the server, trust and session.
    LiveFeed(const ApiClient& api, Id eventId);
    ~LiveFeed();
    LiveFeed(const LiveFeed&) = delete;
    LiveFeed& operator=(const LiveFeed&) = delete;

    // What arrived since the last call, in order.
    std::vector<StreamEvent> take();
    // Whether the stream is open right now (false while reconnecting).
    bool connected() const { return m_connected; }
    // True once the server said the session the feed was opened with is over.
    bool sessionEnded() const { return m_sessionEnded; }
    // Stops and joins the thread (the destructor does it too).
    void stop();

private:
    void run();
    void endSession();

    std::unique_ptr<ApiClient> m_api;
    Id m_eventId;
    WatchCancel m_cancel;
    std::atomic<bool> m_connected{false};
    std::atomic<bool> m_sessionEnded{false};
    std::mutex m_mutex;
    std::deque<StreamEvent> m_queue;
    std::thread m_thread;
};

} // namespace bilheteria::term
