#include "tests/support/eventstreamclient.h"

#include <httplib.h>

namespace bilheteria::testing {

struct EventStreamClient::Impl {
    httplib::SSLClient client;
    std::thread reader;
    std::mutex mutex;
    std::condition_variable changed;
    int status = -1; // -1 until the head arrives
    std::map<std::string, std::string> headers;
    std::string raw;
    EventStreamParser parser;
    std::vector<StreamEvent> events;
    bool ended = false;

    Impl(int port, const std::string& caCertPath)
        : client("127.0.0.1", port) {
        client.set_ca_cert_path(caCertPath.c_str());
        client.enable_server_certificate_verification(true);
        client.set_connection_timeout(10, 0);
        client.set_read_timeout(120, 0);
    }
};

EventStreamClient::EventStreamClient(int port, const std::string& caCertPath,
                                     const std::string& path, Options options)
    : m_impl(std::make_unique<Impl>(port, caCertPath)) {
    httplib::Headers headers{{"Accept", "text/event-stream"}};
    if (!options.token.empty()) headers.emplace("Authorization", "Bearer " + options.token);
    if (!options.lastEventId.empty()) headers.emplace("Last-Event-ID", options.lastEventId);
    Impl& impl = *m_impl;
    impl.reader = std::thread([&impl, path, headers] {
        auto result = impl.client.Get(
            path, headers,
            [&impl](const httplib::Response& response) {
                std::lock_guard lock(impl.mutex);
                impl.status = response.status;
                for (const auto& [name, value] : response.headers) {
                    std::string lower = name;
                    for (auto& c : lower)
                        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    impl.headers[lower] = value;
                }
                impl.changed.notify_all();
                return true;
            },
            [&impl](const char* data, std::size_t length) {
                std::lock_guard lock(impl.mutex);
                if (impl.raw.size() < 65536) impl.raw.append(data, length);
                for (auto& event : impl.parser.feed(std::string_view(data, length)))
                    impl.events.push_back(std::move(event));
                impl.changed.notify_all();
                return true;
            });
        std::lock_guard lock(impl.mutex);
        if (impl.status < 0) impl.status = result ? result->status : 0;
        impl.ended = true;
        impl.changed.notify_all();
    });
}

EventStreamClient::~EventStreamClient() {
    close();
}

void EventStreamClient::close() {
    if (!m_impl->reader.joinable()) return;
    m_impl->client.stop();
    m_impl->reader.join();
}

int EventStreamClient::status(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_impl->mutex);
    m_impl->changed.wait_for(lock, timeout, [&] { return m_impl->status >= 0; });
    return std::max(m_impl->status, 0);
}

std::string EventStreamClient::header(const std::string& lowerName) {
    std::lock_guard lock(m_impl->mutex);
    auto it = m_impl->headers.find(lowerName);
    return it == m_impl->headers.end() ? std::string{} : it->second;
}

nlohmann::json EventStreamClient::errorBody() {
    waitForEnd(std::chrono::seconds{10});
    std::lock_guard lock(m_impl->mutex);
    return nlohmann::json::parse(m_impl->raw, nullptr, false);
}

std::optional<StreamEvent>
EventStreamClient::waitFor(const std::function<bool(const StreamEvent&)>& match,
                           std::chrono::milliseconds timeout, std::size_t from, std::size_t* at) {
    std::unique_lock lock(m_impl->mutex);
    std::optional<StreamEvent> found;
    m_impl->changed.wait_for(lock, timeout, [&] {
        for (std::size_t i = from; i < m_impl->events.size(); ++i)
            if (match(m_impl->events[i])) {
                found = m_impl->events[i];
                if (at) *at = i;
                return true;
            }
        return m_impl->ended;
    });
    return found;
}

bool EventStreamClient::waitForEnd(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_impl->mutex);
    return m_impl->changed.wait_for(lock, timeout, [&] { return m_impl->ended; });
}

std::vector<StreamEvent> EventStreamClient::events() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->events;
}

std::string EventStreamClient::lastEventId() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->parser.lastEventId();
}

std::size_t EventStreamClient::comments() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->parser.comments();
}

std::optional<long> EventStreamClient::retryMs() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->parser.retryMs();
}

std::string EventStreamClient::rawPrefix() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->raw;
}

nlohmann::json dataOf(const StreamEvent& event) {
    return nlohmann::json::parse(event.data, nullptr, false);
}

} // namespace bilheteria::testing
