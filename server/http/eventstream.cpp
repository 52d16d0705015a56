#include "server/http/eventstream.h"

#include <algorithm>
#include <random>

namespace bilheteria {

namespace {

thread_local std::minstd_rand t_random{std::random_device{}()};

} // namespace

std::string renderEvents(const LiveDelivery& delivery) {
    std::string out;
    for (std::size_t i = 0; i < delivery.events.size(); ++i) {
        const LiveEvent& event = *delivery.events[i];
        if (i + 1 == delivery.events.size() && delivery.lastId)
            out += "id: " + std::to_string(*delivery.lastId) + "\n";
        out += "event: ";
        out += event.name;
        out += "\ndata: ";
        out += event.data; // compact JSON: never a line break
        out += "\n\n";
    }
    return out;
}

EventStream::EventStream(std::unique_ptr<WorkerPool::StreamSlot> slot,
                         std::unique_ptr<LiveSubscription> subscription,
                         const LiveStreamSettings& settings)
    : m_slot(std::move(slot))
    , m_subscription(std::move(subscription))
    , m_heartbeat(std::max(1, settings.heartbeatSeconds))
    , m_retryMs(settings.retryMs) {}

bool EventStream::pump(httplib::DataSink& sink) {
    using SteadyClock = std::chrono::steady_clock;
    std::string out;
    LiveDelivery delivery;
    if (!m_started) {
        // The reconnection delay, then what the subscription holds already: the replay or
        // reset and the availability of every section.
        m_started = true;
        out = "retry: " + std::to_string(m_retryMs) + "\n\n";
        delivery = m_subscription->next(SteadyClock::now());
    } else {
        delivery = m_subscription->next(m_lastWrite + m_heartbeat);
        if (delivery.ended && delivery.events.empty()) {
            // The hub stops with the server: a last event says so, and asks the client to come
            // back (through the proxy, to another instance) after a delay spread over the usual
            // one, so that thousands of streams do not all reconnect in the same instant.
            const int retry = std::uniform_int_distribution<int>(
                std::min(500, m_retryMs), std::max(500, m_retryMs))(t_random);
            out = "retry: " + std::to_string(retry) +
                  "\nevent: shutdown\ndata: {\"reason\":\"server_stopping\",\"retry_ms\":" +
                  std::to_string(retry) + "}\n\n";
        } else if (delivery.events.empty() && !delivery.ended) {
            out = ": ping\n\n";
        }
    }
    out += renderEvents(delivery);
    if (!out.empty() && !sink.write(out.data(), out.size())) return false;
    m_lastWrite = SteadyClock::now();
    // The hub stopped or the session ended (its shutdown or session_ended event just written).
    if (delivery.ended) sink.done();
    return true;
}

} // namespace bilheteria
