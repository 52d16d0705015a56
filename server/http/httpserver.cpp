#include "server/http/httpserver.h"

#include <httplib.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

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

// cpp-httplib's keep-alive loop waits for a connection's next request for up to the keep-alive
// timeout without looking at stop(), so one idle client would hold the shutdown that long.
// Shutting the reading side of every connection accepted on our port wakes those loops (they
// read end-of-file and close) while a request being answered still writes its response. Only
// sockets connected on the port we listened on qualify: the database's are on other ports.
void stopReadingConnectionsOnPort(int port) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        const int fd = std::atoi(entry.path().filename().c_str());
        if (connectedLocalPort(fd) == port) ::shutdown(fd, SHUT_RD);
    }
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

        s.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
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

        s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
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

HttpServer::~HttpServer() = default;

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
    if (m_impl->server && !m_impl->stopRequested) m_impl->server->listen_after_bind();
}

void HttpServer::stop() {
    m_impl->stopRequested = true;
    // Streams end first: their threads would otherwise keep run() from returning.
    m_impl->services.live.stop();
    if (!m_impl->server) return;
    m_impl->server->stop();
    // No new connections from here on; the idle ones close now, the busy ones after answering.
    if (m_impl->boundPort > 0) stopReadingConnectionsOnPort(m_impl->boundPort);
}

} // namespace bilheteria
