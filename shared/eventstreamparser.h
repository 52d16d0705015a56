// The client side of Server-Sent Events (text/event-stream, as the WHATWG HTML standard defines
// it): bytes in, events out. For clients of GET /api/v1/events/{id}/stream that have no
// EventSource of their own (the tests, the benchmark's stream holder, terminal tools).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bilheteria {

struct StreamEvent {
    std::string type = "message"; // the event field
    std::string data;             // data lines joined by "\n"
    std::string lastEventId;      // the stream's last event id once this event arrived
};

class EventStreamParser {
public:
    // Parses what arrived, in pieces of any size; returns the events it completed.
    std::vector<StreamEvent> feed(std::string_view bytes);

    const std::string& lastEventId() const { return m_lastEventId; }
    // The last `retry:` the server asked for, in milliseconds.
    std::optional<long> retryMs() const { return m_retryMs; }
    // Comment lines (": ping") seen so far.
    std::size_t comments() const { return m_comments; }

private:
    void line(std::string_view text, std::vector<StreamEvent>& out);

    std::string m_buffer;
    bool m_skipLineFeed = false; // the last line ended with "\r": a "\n" next belongs to it
    std::string m_type;
    std::string m_data;
    bool m_hasData = false;
    std::string m_lastEventId;
    std::optional<long> m_retryMs;
    std::size_t m_comments = 0;
};

} // namespace bilheteria
