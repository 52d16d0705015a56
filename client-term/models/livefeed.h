// An event's live stream on a thread of its own, for screens that redraw on a timer: the
// thread reads GET /events/{id}/stream (reconnecting with Last-Event-ID after a drop, at the
// server's retry pace) and queues what arrives; the screen takes the queue on each tick.
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
    // Stops and joins the thread (the destructor does it too).
    void stop();

private:
    void run();

    std::unique_ptr<ApiClient> m_api;
    Id m_eventId;
    WatchCancel m_cancel;
    std::atomic<bool> m_connected{false};
    std::mutex m_mutex;
    std::deque<StreamEvent> m_queue;
    std::thread m_thread;
};

} // namespace bilheteria::term
