#include "server/http/httpserver.h"

#include <httplib.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "server/http/routes.h"
#include "server/http/workerpool.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Per worker thread: when the current request started and its id. cpp-httplib runs the
// pre-routing handler, the route and the logger of one request on the same thread.
thread_local SteadyClock::time_point t_requestStart{};
thread_local std::string t_requestId;

// cpp-httplib listens with a backlog of 5, which drops SYNs under a rush (clients then retry
// after a second). Listening again on the bound socket raises it.
class TunedSslServer : public httplib::SSLServer {
public:
    using httplib::SSLServer::SSLServer;
    bool deepenBacklog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
    // stop() once the accept loop runs (before, cpp-httplib's stop() does nothing); false while
    // it has not started yet, so the caller tries again.
    bool stopListening() {
        std::lock_guard lock(m_stopMutex);
        if (svr_sock_ == INVALID_SOCKET) return true;
        if (!is_running()) return false;
        stop();
        return true;
    }

private:
    std::mutex m_stopMutex;
};

// The local port of `fd` when it is a connected TCP socket, else -1.
int connectedLocalPort(int fd) {
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return -1;
    sockaddr_storage peer{};
    length = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return -1;
    if (local.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(local).sin_port);
    if (local.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6&>(local).sin6_port);
    return -1;
}

// The connections accepted on our port (the database's sockets are on other ports). Read from
// /proc because cpp-httplib 0.11 keeps its accepted sockets to itself, and its keep-alive loop
// waits for a connection's next request for up to the keep-alive timeout without looking at
// stop(): shutting a socket's reading side is what wakes it (it reads end-of-file and closes).
std::vector<int> connectionsOnPort(int port) {
    std::vector<int> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        const int fd = std::atoi(entry.path().filename().c_str());
        if (connectedLocalPort(fd) == port) found.push_back(fd);
    }
    return found;
}

std::string jsonEscape(const std::string& text) {
    return nlohmann::json(text).dump();
}

} // namespace

struct HttpServer::Impl {
    ApiServices services;
    HttpSettings settings;
    std::function<void(const std::string&)> accessLog;
    std::unique_ptr<TunedSslServer> server;
    std::atomic<bool> stopRequested{false};
    int boundPort = 0;

    // Shutdown. The sockets whose request is being answered (from its head to its logged
    // response): stop() leaves them to finish and shuts the reading side of all the others.
    std::mutex connectionsMutex;
    std::set<int> busy;
    std::atomic<bool> draining{false};
    // Ends the drain at the grace: run() sets `finished` once every connection has closed.
    std::mutex drainMutex;
    std::condition_variable drainWake;
    bool finished = false;
    std::thread drainGuard;
    std::shared_ptr<WorkerPoolStats> poolStats = std::make_shared<WorkerPoolStats>();

    Impl(ApiServices s, HttpSettings h, std::function<void(const std::string&)> log)
        : services(std::move(s))
        , settings(std::move(h))
        , accessLog(std::move(log)) {
        services.metrics.addGauge("bilheteria_http_threads",
                                  "Threads serving connections: the workers plus one per stream.",
                                  [stats = poolStats] { return double(stats->threads.load()); });
        services.metrics.addGauge("bilheteria_live_streams",
                                  "Live event streams open on this server.",
                                  [stats = poolStats] { return double(stats->streams.load()); });
    }

    bool setupTls(SSL_CTX& ctx) const {
        SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
        SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                      SSL_OP_CIPHER_SERVER_PREFERENCE);
        return SSL_CTX_use_certificate_chain_file(&ctx, settings.certPath.c_str()) == 1 &&
               SSL_CTX_use_PrivateKey_file(&ctx, settings.keyPath.c_str(), SSL_FILETYPE_PEM) == 1 &&
               SSL_CTX_check_private_key(&ctx) == 1;
    }

    void markBusy(const httplib::Request& req) {
        if (!req.ssl) return;
        std::lock_guard lock(connectionsMutex);
        busy.insert(SSL_get_fd(req.ssl));
    }

    void configure() {
        auto& s = *server;
        const auto workers = static_cast<std::size_t>(settings.threads);
        const auto maxStreams = static_cast<std::size_t>(std::max(0, settings.maxStreams));
        s.new_task_queue = [workers, maxStreams, stats = poolStats] {
            return new WorkerPool(workers, maxStreams, stats);
        };
        s.set_tcp_nodelay(settings.tcpNoDelay);
        s.set_keep_alive_max_count(settings.keepAliveMaxRequests);
        s.set_keep_alive_timeout(settings.keepAliveTimeoutSeconds);
        s.set_read_timeout(settings.readTimeoutSeconds, 0);
        s.set_write_timeout(settings.writeTimeoutSeconds, 0);
        s.set_payload_max_length(settings.maxBodyBytes);
        s.set_default_headers({{"Cache-Control", "no-store"},
                               {"X-Content-Type-Options", "nosniff"},
                               {"Strict-Transport-Security", "max-age=31536000"}});

        // A request counts as being answered from its head on (its body is read after the
        // pre-routing handler; with Expect: 100-continue, after the interim answer).
        s.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response&) {
            markBusy(req);
            return 100;
        });
        s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            markBusy(req);
            t_requestStart = SteadyClock::now();
            t_requestId = crypto::hexEncode(crypto::randomBytes(8));
            res.set_header("X-Request-Id", t_requestId);
            return httplib::Server::HandlerResponse::Unhandled;
        });

        // Anything that reaches here without a body (no route, body too large, bad request
        // line) still gets the contract's error shape.
        s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty() || res.status == 204) return;
            switch (res.status) {
            case 404:
                sendError(res, Error::notFound("no such resource"));
                break;
            case 413:
                sendError(res, Error{ErrorCode::PayloadTooLarge, "the request body is too large"});
                break;
            case 400:
            case 414:
            case 431: {
                const int status = res.status;
                sendError(res, Error::invalidField("request", "the request is malformed"));
                res.status = status;
                break;
            }
            default: {
                const int status = res.status;
                sendError(res, Error::internal("the request could not be answered"));
                res.status = status;
            }
            }
        });

        s.set_exception_handler(
            [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
                std::string what = "unknown exception";
                try {
                    if (error) std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (...) {
                }
                std::fprintf(stderr, "unhandled exception in %s %s: %s\n", req.method.c_str(),
                             req.path.c_str(), what.c_str());
                sendError(res, Error::internal("an internal error occurred"));
            });

        // While stopping, a response tells the client (nginx too) not to send another request on
        // its connection: the server closes it after this answer.
        s.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
            if (draining) res.set_header("Connection", "close");
        });

        s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            if (req.ssl) {
                std::lock_guard lock(connectionsMutex);
                busy.erase(SSL_get_fd(req.ssl));
            }
            const bool timed = t_requestStart != SteadyClock::time_point{};
            const double seconds =
                timed ? std::chrono::duration<double>(SteadyClock::now() - t_requestStart).count()
                      : 0;
            const std::string route = currentRouteLabel();
            services.metrics.recordRequest(req.method, route, res.status, seconds);
            if (accessLog) {
                // The path only, never the query string or any header: tokens and passwords
                // must not reach the log.
                char ms[32];
                std::snprintf(ms, sizeof ms, "%.3f", seconds * 1000);
                accessLog("{\"time\":\"" +
                          formatRfc3339(std::chrono::time_point_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now())) +
                          "\",\"request_id\":\"" + t_requestId + "\",\"remote\":" +
                          jsonEscape(clientAddress(req.remote_addr,
                                                   req.get_header_value("X-Forwarded-For"),
                                                   services.rateLimits.trustedProxies)) +
                          ",\"method\":" + jsonEscape(req.method) +
                          ",\"path\":" + jsonEscape(req.path) + ",\"route\":\"" + route +
                          "\",\"status\":" + std::to_string(res.status) + ",\"ms\":" + ms + "}");
            }
            t_requestStart = {};
            t_requestId.clear();
            resetCurrentRouteLabel();
        });

        registerRoutes(s, services);
    }
};

HttpServer::HttpServer(ApiServices services, HttpSettings settings,
                       std::function<void(const std::string&)> accessLog)
    : m_impl(
          std::make_unique<Impl>(std::move(services), std::move(settings), std::move(accessLog))) {}

HttpServer::~HttpServer() {
    std::thread guard;
    {
        std::lock_guard lock(m_impl->drainMutex);
        m_impl->finished = true;
        guard = std::move(m_impl->drainGuard);
    }
    m_impl->drainWake.notify_all();
    if (guard.joinable()) guard.join();
}

Result<int> HttpServer::bind() {
    auto& impl = *m_impl;
    bool tlsOk = false;
    impl.server = std::make_unique<TunedSslServer>([&impl, &tlsOk](SSL_CTX& ctx) {
        tlsOk = impl.setupTls(ctx);
        return tlsOk;
    });
    if (!impl.server->is_valid() || !tlsOk)
        return fail(Error::unavailable("cannot load the TLS certificate " + impl.settings.certPath +
                                       " and key " + impl.settings.keyPath));
    impl.configure();
    int port = impl.settings.port;
    if (port == 0) {
        port = impl.server->bind_to_any_port(impl.settings.host);
        if (port <= 0) return fail(Error::unavailable("cannot listen on " + impl.settings.host));
    } else if (!impl.server->bind_to_port(impl.settings.host, port)) {
        return fail(Error::unavailable("cannot listen on " + impl.settings.host + ":" +
                                       std::to_string(port) + " (in use, or not permitted)"));
    }
    impl.server->deepenBacklog(impl.settings.listenBacklog);
    impl.boundPort = port;
    return port;
}

void HttpServer::run() {
    auto& impl = *m_impl;
    if (impl.server && !impl.stopRequested) impl.server->listen_after_bind();
    std::thread guard;
    {
        std::lock_guard lock(impl.drainMutex);
        impl.finished = true;
        guard = std::move(impl.drainGuard);
    }
    impl.drainWake.notify_all();
    if (guard.joinable()) guard.join();
}

void HttpServer::stop() {
    auto& impl = *m_impl;
    if (impl.stopRequested.exchange(true)) return;
    // Streams end first (each with a last event saying why): their threads would otherwise keep
    // run() from returning.
    impl.services.live.stop();
    if (!impl.server) return;
    impl.draining = true;
    const bool listening = impl.server->stopListening();
    // No new connections from here on; the idle ones close now, the busy ones after answering.
    if (impl.boundPort > 0) {
        std::lock_guard lock(impl.connectionsMutex);
        for (const int fd : connectionsOnPort(impl.boundPort))
            if (!impl.busy.contains(fd)) ::shutdown(fd, SHUT_RD);
    }
    std::lock_guard lock(impl.drainMutex);
    if (impl.finished) return;
    impl.drainGuard = std::thread([&impl, listening] {
        const auto deadline =
            SteadyClock::now() + std::chrono::seconds{impl.settings.shutdownGraceSeconds};
        bool stopped = listening;
        std::unique_lock lock(impl.drainMutex);
        while (!impl.finished) {
            // A stop() that came just before the accept loop started is repeated once it runs.
            if (!stopped) stopped = impl.server->stopListening();
            const auto now = SteadyClock::now();
            if (now >= deadline) {
                const auto open = connectionsOnPort(impl.boundPort);
                std::fprintf(stderr,
                             "stopping: %zu connections still open after %d s; closing them\n",
                             open.size(), impl.settings.shutdownGraceSeconds);
                for (const int fd : open)
                    ::shutdown(fd, SHUT_RDWR);
                return;
            }
            impl.drainWake.wait_until(lock,
                                      std::min(deadline, now + std::chrono::milliseconds{100}),
                                      [&impl] { return impl.finished; });
        }
    });
}

} // namespace bilheteria
