// The HTTPS front door: cpp-httplib's SSL server, tuned (TCP_NODELAY, long keep-alive, a deep
// listen backlog, a sized worker pool), an access log line per request, the body limit and
// graceful shutdown. cpp-httplib stays behind this header.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "server/core/accounts.h"
#include "server/core/door.h"
#include "server/core/events.h"
#include "server/core/holds.h"
#include "server/core/livehub.h"
#include "server/core/proofofwork.h"
#include "server/core/queue.h"
#include "server/core/refunds.h"
#include "server/core/sales.h"
#include "server/http/metrics.h"
#include "server/http/ratelimits.h"

namespace bilheteria {

struct HttpSettings {
    std::string host = "127.0.0.1";
    int port = 8443;
    std::string certPath;
    std::string keyPath;
    // Each keep-alive connection occupies one worker for its whole life (cpp-httplib's model).
    int threads = 64;
    // A live stream holds a thread of its own beside the workers; at most this many at once
    // (further ones answer 503).
    int maxStreams = 10'000;
    int listenBacklog = 4096;
    std::size_t maxBodyBytes = 1 << 20;
    int keepAliveTimeoutSeconds = 30;
    std::size_t keepAliveMaxRequests = 1'000'000;
    int readTimeoutSeconds = 10;
    int writeTimeoutSeconds = 30;
    bool tcpNoDelay = true;
    // After stop(), requests being answered get this long to finish; then every connection still
    // open is cut (a stalled client or a stuck upload cannot hold the exit for the timeouts).
    int shutdownGraceSeconds = 5;
};

// Live streams (GET /api/v1/events/{id}/stream).
struct LiveStreamSettings {
    int heartbeatSeconds = 15; // a ": ping" comment when nothing else was sent for this long
    int retryMs = 3000;        // the reconnection delay the stream asks EventSource for
};

struct AntiBotSettings {
    int registerPowBits = 0; // leading zero bits of proof of work to register; 0: none asked
};

// What the routes need from the rest of the server.
struct ApiServices {
    AccountService& accounts;
    EventService& events;
    HoldService& holds;
    SalesService& sales;
    WaitingRoomService& waitingRoom;
    DoorService& door;
    RefundService& refunds;
    std::function<Result<void>()> healthCheck;
    Metrics& metrics;
    RateLimiter& rateLimiter;
    const RateLimitSettings& rateLimits;
    ProofOfWork& proofOfWork;
    const AntiBotSettings& antiBot;
    LiveHub& live;
    const LiveStreamSettings& liveStreams;
};

class HttpServer {
public:
    // `accessLog` receives one JSON object per request, without a newline.
    HttpServer(ApiServices services, HttpSettings settings,
               std::function<void(const std::string&)> accessLog);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Loads the certificate and binds the listening socket; returns the bound port (useful
    // with port 0).
    Result<int> bind();
    // Serves until stop(); returns once in-flight requests have finished (or were cut at the
    // shutdown grace).
    void run();
    // Thread-safe: ends the live streams (stopping their hub, each stream's last event says so),
    // stops accepting, closes idle keep-alive connections at once, lets the requests being
    // answered finish (their responses say Connection: close) and run() return.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bilheteria
