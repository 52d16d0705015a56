// A live stream (GET /api/v1/events/{id}/stream) read by a background thread over HTTPS, its
// events parsed and kept for the test to wait on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/eventstreamparser.h"

namespace bilheteria::testing {

class EventStreamClient {
public:
    struct Options {
        std::string token;       // Authorization: Bearer, when not empty
        std::string lastEventId; // Last-Event-ID, when not empty
    };

    // Connects and starts reading at once.
    EventStreamClient(int port, const std::string& caCertPath, const std::string& path,
                      Options options);
    EventStreamClient(int port, const std::string& caCertPath, const std::string& path)
        : EventStreamClient(port, caCertPath, path, Options{}) {}
    ~EventStreamClient();
    EventStreamClient(const EventStreamClient&) = delete;
    EventStreamClient& operator=(const EventStreamClient&) = delete;

    // The response's status once its head arrived (0 after `timeout`, or when the connection
    // failed); its headers, lower-case names.
    int status(std::chrono::milliseconds timeout = std::chrono::seconds{10});
    std::string header(const std::string& lowerName);
    // The body of a non-200 answer.
    nlohmann::json errorBody();

    // The first event from `from` on (an index into events()) that `match` accepts, waiting up
    // to `timeout` for it; nullopt if none came. Its index goes to *at.
    std::optional<StreamEvent> waitFor(const std::function<bool(const StreamEvent&)>& match,
                                       std::chrono::milliseconds timeout, std::size_t from = 0,
                                       std::size_t* at = nullptr);
    // Waits until the server ends the body or the connection drops.
    bool waitForEnd(std::chrono::milliseconds timeout);

    std::vector<StreamEvent> events();
    std::string lastEventId();
    std::size_t comments();
    std::optional<long> retryMs();
    std::string rawPrefix(); // the body's first bytes, as they came

    // Closes the connection (the server notices at its next write).
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The JSON of an event's data.
nlohmann::json dataOf(const StreamEvent& event);

} // namespace bilheteria::testing
