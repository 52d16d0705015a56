// SIGTERM under load (issue 15): the real server binary with idle keep-alive connections, open
// event streams and a request in flight. The request in flight gets its answer, the idle
// connections and the streams are closed at once, and the process exits 0 — within seconds, not
// after the keep-alive or read timeouts. A client that stalls in the middle of its request is cut
// at --shutdown-grace-seconds.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/eventstreamclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// How long SIGTERM may take at most here: a liveness bound, well under the timeouts the server
// would otherwise wait out (keep-alive 600 s, read 30 s below).
constexpr auto kExitBound = 8s;

// One HTTPS connection driven by hand, byte by byte: a request can be sent in pieces and the
// connection watched for the server closing it.
class RawTls {
public:
    RawTls(int port, const std::string& caCertPath) {
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_load_verify_locations(m_ctx, caCertPath.c_str(), nullptr);
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
        m_ssl = SSL_new(m_ctx);
        SSL_set_fd(m_ssl, m_fd);
        SSL_set1_host(m_ssl, "localhost");
        m_ok = SSL_connect(m_ssl) == 1;
    }
    ~RawTls() {
        if (m_ssl) SSL_free(m_ssl);
        if (m_fd >= 0) ::close(m_fd);
        SSL_CTX_free(m_ctx);
    }
    RawTls(const RawTls&) = delete;
    RawTls& operator=(const RawTls&) = delete;

    bool ok() const { return m_ok; }
    bool send(const std::string& bytes) {
        return m_ok && SSL_write(m_ssl, bytes.data(), static_cast<int>(bytes.size())) ==
                           static_cast<int>(bytes.size());
    }
    // Reads until `buffer()` holds `wanted` (or the connection ends, or `timeout`).
    bool readUntil(const std::function<bool(const std::string&)>& wanted,
                   std::chrono::milliseconds timeout) {
        const auto deadline = SteadyClock::now() + timeout;
        while (!wanted(m_buffer)) {
            if (!readSome(deadline)) return wanted(m_buffer);
        }
        return true;
    }
    // Whether the server closed the connection within `timeout` (end of file or a reset).
    bool closedWithin(std::chrono::milliseconds timeout) {
        const auto deadline = SteadyClock::now() + timeout;
        while (!m_closed && SteadyClock::now() < deadline)
            readSome(deadline);
        return m_closed;
    }
    const std::string& buffer() const { return m_buffer; }
    void clear() { m_buffer.clear(); }

    // A complete response in the buffer: its head and a body of Content-Length bytes.
    static bool completeResponse(const std::string& text) {
        const auto end = text.find("\r\n\r\n");
        if (end == std::string::npos) return false;
        const auto at = text.find("Content-Length: ");
        if (at == std::string::npos || at > end) return true;
        return text.size() >= end + 4 + std::stoul(text.substr(at + 16));
    }

private:
    // False once nothing more can come (closed, or the deadline passed).
    bool readSome(SteadyClock::time_point deadline) {
        if (!m_ok || m_closed) return false;
        if (SSL_pending(m_ssl) == 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - SteadyClock::now());
            if (left <= 0ms) return false;
            pollfd pfd{m_fd, POLLIN, 0};
            if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
        }
        char chunk[4096];
        const int n = SSL_read(m_ssl, chunk, sizeof chunk);
        if (n <= 0) {
            const int error = SSL_get_error(m_ssl, n);
            if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return true;
            m_closed = true;
            return false;
        }
        m_buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    int m_fd = -1;
    bool m_ok = false;
    bool m_closed = false;
    std::string m_buffer;
};

std::string getRequest(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
}

class ShutdownTest : public ::testing::TestWithParam<Backend> {
protected:
    void start(std::vector<std::string> extraArgs, int threads = 8) {
        m_database = std::make_unique<TestDatabase>(GetParam());
        addUser(m_database->url(), "organizer@example.com", "Olga Organizer", "organizer",
                kTestPassword);
        addUser(m_database->url(), "ana@example.com", "Ana Buyer", "buyer", kTestPassword);
        // Timeouts far beyond the bound: only the shutdown itself may end the connections.
        std::vector<std::string> args{
            "--no-rate-limits", "--keep-alive-timeout", "600", "--read-timeout", "30",
            "--threads",        std::to_string(threads)};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        m_server = std::make_unique<ServerProcess>(m_database->url(), args);
        HttpsClient client(*m_server);
        const std::string organizer = client.login("organizer@example.com", kTestPassword);
        auto created = client.post("/api/v1/events", demoEventBody("Last Night"), organizer);
        ASSERT_EQ(created.status, 201) << created.raw;
        m_eventPath = "/api/v1/events/" + std::to_string(created.body["event"]["id"].get<Id>());
    }

    void TearDown() override {
        if (m_server) m_server->kill();
    }

    // SIGTERM; the exit status if the process exited within kExitBound.
    std::optional<int> terminateAndWait() {
        m_server->terminate();
        return m_server->waitForExit(kExitBound);
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::string m_eventPath;
};

TEST_P(ShutdownTest, SigtermFinishesTheRequestInFlightClosesTheRestAndExitsZero) {
    start({});

    // Keep-alive clients that made a request and stay connected, some with an idle connection
    // of cpp-httplib's client, some by hand (to see the server close them).
    std::vector<std::unique_ptr<HttpsClient>> clients;
    for (int i = 0; i < 2; ++i) {
        clients.push_back(std::make_unique<HttpsClient>(*m_server));
        ASSERT_EQ(clients.back()->get(m_eventPath).status, 200);
    }
    std::vector<std::unique_ptr<RawTls>> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(std::make_unique<RawTls>(m_server->port(), m_server->caCertPath()));
        ASSERT_TRUE(idle.back()->ok());
        ASSERT_TRUE(idle.back()->send(getRequest(m_eventPath)));
        ASSERT_TRUE(idle.back()->readUntil(RawTls::completeResponse, 10s));
        EXPECT_TRUE(idle.back()->buffer().starts_with("HTTP/1.1 200")) << idle.back()->buffer();
    }
    std::vector<std::unique_ptr<EventStreamClient>> streams;
    for (int i = 0; i < 3; ++i) {
        streams.push_back(std::make_unique<EventStreamClient>(
            m_server->port(), m_server->caCertPath(), m_eventPath + "/stream"));
        ASSERT_EQ(streams.back()->status(), 200);
    }

    // The request in flight: a login whose head the server has taken (it answered 100
    // Continue) and whose body comes only once the server is stopping.
    const std::string body = json{{"email", "ana@example.com"}, {"password", kTestPassword}}.dump();
    RawTls inFlight(m_server->port(), m_server->caCertPath());
    ASSERT_TRUE(inFlight.ok());
    ASSERT_TRUE(inFlight.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                              "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                              "Content-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n"));
    ASSERT_TRUE(inFlight.readUntil(
        [](const std::string& text) { return text.find("\r\n\r\n") != std::string::npos; }, 10s));
    ASSERT_TRUE(inFlight.buffer().starts_with("HTTP/1.1 100")) << inFlight.buffer();
    inFlight.clear();

    m_server->terminate();
    // The streams end at once, each with a last event saying why; the idle connections close.
    for (auto& stream : streams) {
        EXPECT_TRUE(stream->waitForEnd(5s));
        const auto events = stream->events();
        ASSERT_FALSE(events.empty());
        EXPECT_EQ(events.back().type, "shutdown");
        EXPECT_EQ(dataOf(events.back()).value("reason", ""), "server_stopping");
    }
    for (auto& connection : idle)
        EXPECT_TRUE(connection->closedWithin(5s));
    // Meanwhile the request in flight is still being answered: its body arrives now.
    ASSERT_TRUE(inFlight.send(body));
    ASSERT_TRUE(inFlight.readUntil(RawTls::completeResponse, 10s)) << inFlight.buffer();
    EXPECT_TRUE(inFlight.buffer().starts_with("HTTP/1.1 200")) << inFlight.buffer();
    EXPECT_NE(inFlight.buffer().find("\"token\""), std::string::npos) << inFlight.buffer();
    EXPECT_NE(inFlight.buffer().find("Connection: close"), std::string::npos) << inFlight.buffer();
    EXPECT_TRUE(inFlight.closedWithin(5s));

    const auto exited = m_server->waitForExit(kExitBound);
    ASSERT_TRUE(exited.has_value())
        << "still running " << kExitBound.count() << " s after SIGTERM:\n"
        << m_server->output();
    EXPECT_EQ(*exited, 0) << m_server->output();
    EXPECT_NE(m_server->output().find("stopped cleanly"), std::string::npos);
}

// More keep-alive clients than workers (the extra ones wait in the queue for a worker, their
// TLS handshake not even begun), plus a client that connected and never said anything.
TEST_P(ShutdownTest, SigtermWithMoreIdleClientsThanWorkersExitsZero) {
    start({}, 2);
    std::vector<std::unique_ptr<HttpsClient>> clients;
    for (int i = 0; i < 2; ++i) {
        clients.push_back(std::make_unique<HttpsClient>(*m_server));
        ASSERT_EQ(clients.back()->get(m_eventPath).status, 200);
    }
    // Connected, never served: both workers hold the idle connections above.
    std::vector<std::thread> waiting;
    std::atomic<int> answered{0};
    for (int i = 0; i < 2; ++i)
        waiting.emplace_back([&] {
            HttpsClient late(*m_server);
            if (late.get(m_eventPath).status == 200) ++answered;
        });
    const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(m_server->port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(silent, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::this_thread::sleep_for(200ms); // let the late clients' connections reach the server

    const auto exited = terminateAndWait();
    for (auto& thread : waiting)
        thread.join();
    ::close(silent);
    ASSERT_TRUE(exited.has_value())
        << "still running " << kExitBound.count() << " s after SIGTERM:\n"
        << m_server->output();
    EXPECT_EQ(*exited, 0) << m_server->output();
}

// A client that sent a request's head and then stalls in its body holds the shutdown only for
// the grace: the server then cuts it and exits 0.
TEST_P(ShutdownTest, AClientStallingMidRequestIsCutAtTheGrace) {
    start({"--shutdown-grace-seconds", "2"});
    RawTls stalled(m_server->port(), m_server->caCertPath());
    ASSERT_TRUE(stalled.ok());
    ASSERT_TRUE(stalled.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                             "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                             "Content-Length: 100\r\n\r\n"));
    ASSERT_TRUE(stalled.readUntil(
        [](const std::string& text) { return text.find("\r\n\r\n") != std::string::npos; }, 10s));
    ASSERT_TRUE(stalled.send("{\"email\":")); // and nothing more

    const auto exited = terminateAndWait();
    ASSERT_TRUE(exited.has_value())
        << "still running " << kExitBound.count() << " s after SIGTERM:\n"
        << m_server->output();
    EXPECT_EQ(*exited, 0) << m_server->output();
    EXPECT_NE(m_server->output().find("connections still open after 2 s"), std::string::npos)
        << m_server->output();
    EXPECT_TRUE(stalled.closedWithin(5s));
}

// SIGTERM the moment the server says it listens: the accept loop may not run yet, and
// cpp-httplib's stop() alone does nothing then (the server would serve on, deaf to the signal).
TEST_P(ShutdownTest, SigtermRightAfterStartExitsZero) {
    m_database = std::make_unique<TestDatabase>(GetParam());
    for (int round = 0; round < 2; ++round) {
        m_server = std::make_unique<ServerProcess>(m_database->url());
        const auto exited = terminateAndWait();
        ASSERT_TRUE(exited.has_value())
            << "still running " << kExitBound.count() << " s after SIGTERM:\n"
            << m_server->output();
        EXPECT_EQ(*exited, 0) << m_server->output();
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, ShutdownTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
