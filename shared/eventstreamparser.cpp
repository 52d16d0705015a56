#include "shared/eventstreamparser.h"

#include <charconv>

namespace bilheteria {

std::vector<StreamEvent> EventStreamParser::feed(std::string_view bytes) {
    std::vector<StreamEvent> out;
    for (char c : bytes) {
        if (m_skipLineFeed) {
            m_skipLineFeed = false;
            if (c == '\n') continue;
        }
        if (c == '\r' || c == '\n') {
            m_skipLineFeed = c == '\r';
            line(m_buffer, out);
            m_buffer.clear();
        } else {
            m_buffer += c;
        }
    }
    return out;
}

void EventStreamParser::line(std::string_view text, std::vector<StreamEvent>& out) {
    if (text.empty()) {
        // Dispatch: an event without data is no event, but its type is forgotten all the same.
        if (m_hasData) {
            StreamEvent event;
            event.type = m_type.empty() ? "message" : m_type;
            event.data = m_data;
            event.lastEventId = m_lastEventId;
            out.push_back(std::move(event));
        }
        m_type.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (text.front() == ':') {
        ++m_comments;
        return;
    }
    const auto colon = text.find(':');
    std::string_view field = text.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
        value = text.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "event") {
        m_type = value;
    } else if (field == "data") {
        if (m_hasData) m_data += '\n';
        m_data += value;
        m_hasData = true;
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) m_lastEventId = value;
    } else if (field == "retry") {
        long ms = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
        if (ec == std::errc{} && end == value.data() + value.size()) m_retryMs = ms;
    }
}

} // namespace bilheteria
