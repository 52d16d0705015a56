// One live stream's response body: Server-Sent Events (text/event-stream) written from a
// LiveSubscription through cpp-httplib's chunked content provider, on the connection's own
// thread (a WorkerPool stream slot), with a heartbeat comment when it has been quiet.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "server/core/livehub.h"
#include "server/http/httpserver.h"
#include "server/http/workerpool.h"

namespace bilheteria {

// The SSE text of a delivery: one event per LiveEvent, the id on the last one (a client that
// loses the connection mid-way resumes from the previous delivery's id and gets it all again).
std::string renderEvents(const LiveDelivery& delivery);

class EventStream {
public:
    EventStream(std::unique_ptr<WorkerPool::StreamSlot> slot,
                std::unique_ptr<LiveSubscription> subscription, const LiveStreamSettings& settings);

    // cpp-httplib's content provider: writes what is pending, or waits for it up to the
    // heartbeat; false when the client has gone; ends the body when the hub stops or the
    // stream's session ends (after its session_ended event).
    bool pump(httplib::DataSink& sink);

private:
    std::unique_ptr<WorkerPool::StreamSlot> m_slot;
    std::unique_ptr<LiveSubscription> m_subscription;
    std::chrono::seconds m_heartbeat;
    int m_retryMs;
    bool m_started = false;
    std::chrono::steady_clock::time_point m_lastWrite{};
};

} // namespace bilheteria
