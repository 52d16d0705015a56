// bilheteria-stream-holder: holds many live streams (GET /api/v1/events/{id}/stream) open on one
// server and measures how late their events arrive (bench/live-streams-bench).
//
// One thread and epoll: every stream is a non-blocking TCP connection with its own TLS session
// (OpenSSL, certificate verified against --ca-cert), opened at --connect-rate per second. Each
// reads the chunked body and counts the events by type; nothing is sent after the request.
//
// With --probe-email, a second thread logs that buyer in and, every --probe-interval-ms, holds
// one seat of --probe-section (round robin) and releases the hold it made two rounds before.
// The notification delay of a probe on a stream is the time from the hold's HTTP response
// reaching the prober to the `seats` event naming that seat as held reaching the stream (it
// can be negative: the event may overtake the response). --samples FILE gets one line per
// probe and stream: "<monotonic seconds of the response> <delay ms>", so that a script can keep
// those of a time window (the loadgen's sale).
//
// Runs until SIGINT or SIGTERM, then prints a summary (also as JSON with --json). Prints
// "READY <streams>" once the streams are open (or have failed). A program that prints figures,
// not a test: it fails only when it cannot run.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "client-term/net/httpsconnection.h"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using Id = std::int64_t;

std::atomic<bool> g_stop{false};

void onSignal(int) {
    g_stop = true;
}

double monotonicSeconds(Clock::time_point at = Clock::now()) {
    return std::chrono::duration<double>(at.time_since_epoch()).count();
}

struct Options {
    std::string url;
    std::string caCert;
    Id event = 0;
    int streams = 1000;
    int connectRate = 400;
    std::string probeEmail;
    std::string probePassword;
    Id probeSection = 0;
    int probeIntervalMs = 500;
    std::string samplesFile;
    std::string jsonFile;
};

using Endpoint = bilheteria::term::ServerAddress;

// --- probes ----------------------------------------------------------------------------------

struct Probe {
    Id seat = 0;
    std::string seatText; // the id as it appears in the JSON
    double sentAt = 0;
    std::optional<double> answeredAt; // monotonic seconds of the hold's response
    std::vector<double> arrivals;     // monotonic seconds, one per stream that saw it
};

class Probes {
public:
    // The probe whose hold of `seat` is the latest, if any.
    std::size_t begin(Id seat) {
        std::lock_guard lock(m_mutex);
        m_probes.push_back(Probe{seat, std::to_string(seat), monotonicSeconds(), {}, {}});
        m_latestBySeat[seat] = m_probes.size() - 1;
        refreshActive();
        return m_probes.size() - 1;
    }
    void answered(std::size_t index, double at) {
        std::lock_guard lock(m_mutex);
        m_probes[index].answeredAt = at;
    }
    void failed(std::size_t index) {
        std::lock_guard lock(m_mutex);
        m_latestBySeat.erase(m_probes[index].seat);
        refreshActive();
    }
    // Calls `seen(probe index)` for each active probe whose seat `data` (a seats event's JSON,
    // state held) names.
    void match(std::string_view data, double at) {
        std::lock_guard lock(m_mutex);
        for (const auto& [seat, index] : m_active)
            if (namesId(data, m_probes[index].seatText)) m_probes[index].arrivals.push_back(at);
    }
    std::vector<Probe> all() {
        std::lock_guard lock(m_mutex);
        return m_probes;
    }

private:
    // "[12," ",12," ",12]" "[12]": the id as a whole element of the seat_ids array.
    static bool namesId(std::string_view data, const std::string& id) {
        for (std::size_t at = data.find(id); at != std::string_view::npos;
             at = data.find(id, at + 1)) {
            const char before = at == 0 ? ' ' : data[at - 1];
            const std::size_t end = at + id.size();
            const char after = end < data.size() ? data[end] : ' ';
            if ((before == '[' || before == ',') && (after == ',' || after == ']')) return true;
        }
        return false;
    }
    void refreshActive() {
        m_active.assign(m_latestBySeat.begin(), m_latestBySeat.end());
        // Only the recent ones can still arrive.
        std::sort(m_active.begin(), m_active.end(),
                  [](const auto& a, const auto& b) { return a.second > b.second; });
        if (m_active.size() > 8) m_active.resize(8);
    }

    std::mutex m_mutex;
    std::vector<Probe> m_probes;
    std::map<Id, std::size_t> m_latestBySeat;
    std::vector<std::pair<Id, std::size_t>> m_active;
};

// Holds one probe seat per interval and releases the hold of two intervals before.
void runProber(const Options& o, const Endpoint& endpoint, Probes& probes, std::atomic<bool>& ready,
               std::string& problem) {
    httplib::SSLClient client(endpoint.host, endpoint.port);
    client.set_ca_cert_path(o.caCert.c_str());
    client.enable_server_certificate_verification(true);
    client.set_tcp_nodelay(true);
    client.set_keep_alive(true);
    client.set_read_timeout(30, 0);
    auto login = client.Post("/api/v1/auth/login",
                             json{{"email", o.probeEmail}, {"password", o.probePassword}}.dump(),
                             "application/json");
    if (!login || login->status != 200) {
        problem = "the probe buyer cannot log in";
        ready = true;
        return;
    }
    const std::string token = json::parse(login->body).at("token").get<std::string>();
    const httplib::Headers auth{{"Authorization", "Bearer " + token}};
    auto map = client.Get("/api/v1/events/" + std::to_string(o.event) + "/seats");
    std::vector<Id> seats;
    if (map && map->status == 200) {
        const json parsed = json::parse(map->body, nullptr, false);
        if (parsed.is_object() && parsed.contains("seats"))
            for (const auto& seat : parsed["seats"])
                if (seat.at("section_id").get<Id>() == o.probeSection && seat.at("state") == "free")
                    seats.push_back(seat.at("id").get<Id>());
    }
    if (seats.size() < 4) {
        problem = "the probe section has fewer than 4 free seats (seat map: " +
                  (map ? "status " + std::to_string(map->status) + ", " +
                             std::to_string(map->body.size()) + " bytes"
                       : httplib::to_string(map.error())) +
                  ")";
        ready = true;
        return;
    }
    ready = true;
    std::vector<Id> holds; // the hold ids, in order; released two rounds later
    std::size_t next = 0;
    auto release = [&](Id hold) { client.Delete("/api/v1/holds/" + std::to_string(hold), auth); };
    while (!g_stop) {
        const auto round = Clock::now();
        const Id seat = seats[next++ % seats.size()];
        const std::size_t probe = probes.begin(seat);
        auto held = client.Post("/api/v1/events/" + std::to_string(o.event) + "/holds", auth,
                                json{{"seat_ids", {seat}}}.dump(), "application/json");
        const double answered = monotonicSeconds();
        if (held && held->status == 201) {
            probes.answered(probe, answered);
            holds.push_back(json::parse(held->body).at("hold").at("id").get<Id>());
        } else {
            probes.failed(probe);
            holds.push_back(0);
        }
        if (holds.size() > 2) {
            if (holds[holds.size() - 3] != 0) release(holds[holds.size() - 3]);
            holds[holds.size() - 3] = 0;
        }
        std::this_thread::sleep_until(round + std::chrono::milliseconds{o.probeIntervalMs});
    }
    for (Id hold : holds)
        if (hold != 0) release(hold);
}

// --- streams ---------------------------------------------------------------------------------

enum class State { Connecting, Handshaking, Sending, ReadingHead, Streaming, Closed };

struct Stream {
    int fd = -1;
    SSL* ssl = nullptr;
    State state = State::Connecting;
    std::string out; // the request, until written
    std::string head;
    // Chunked transfer decoding.
    enum class Chunk { Size, Data, DataEnd } chunk = Chunk::Size;
    std::string sizeLine;
    std::size_t remaining = 0;
    std::string body; // de-chunked bytes not yet split into events
    bool connected = false;
};

struct Counters {
    std::int64_t connected = 0;
    std::int64_t failed = 0;
    std::int64_t dropped = 0;
    std::int64_t bytes = 0;
    std::int64_t pings = 0;
    std::map<std::string, std::int64_t> events;
    std::map<std::string, std::int64_t> failures;
};

class Holder {
public:
    Holder(const Options& options, const Endpoint& endpoint, Probes& probes)
        : m_o(options)
        , m_endpoint(endpoint)
        , m_probes(probes) {
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_min_proto_version(m_ctx, TLS1_2_VERSION);
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        if (SSL_CTX_load_verify_locations(m_ctx, m_o.caCert.c_str(), nullptr) != 1)
            throw std::runtime_error("cannot load the CA certificate " + m_o.caCert);
        // Idle streams keep no TLS buffers: 5,000 of them would otherwise cost ~170 MB.
        SSL_CTX_set_mode(m_ctx, SSL_MODE_RELEASE_BUFFERS);
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_request = "GET /api/v1/events/" + std::to_string(m_o.event) +
                    "/stream HTTP/1.1\r\nHost: " + m_endpoint.host +
                    "\r\nAccept: text/event-stream\r\nUser-Agent: bilheteria-stream-holder\r\n\r\n";
        m_streams.resize(static_cast<std::size_t>(m_o.streams));
    }
    ~Holder() {
        for (auto& stream : m_streams)
            close(stream);
        ::close(m_epoll);
        SSL_CTX_free(m_ctx);
    }

    void run() {
        const auto start = Clock::now();
        std::size_t opened = 0;
        bool announced = false;
        std::vector<epoll_event> ready(1024);
        while (!g_stop) {
            // Open the next streams at the connect rate.
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            const auto due = std::min<std::size_t>(
                m_streams.size(), static_cast<std::size_t>(elapsed * m_o.connectRate) + 1);
            while (opened < due)
                open(opened++);
            if (!announced && opened == m_streams.size() &&
                m_counters.connected + m_counters.failed >= static_cast<std::int64_t>(opened)) {
                announced = true;
                std::printf("READY %lld\n", static_cast<long long>(m_counters.connected));
                std::fflush(stdout);
            }
            const int n = epoll_wait(m_epoll, ready.data(), static_cast<int>(ready.size()), 10);
            for (int i = 0; i < n; ++i)
                step(m_streams[ready[static_cast<std::size_t>(i)].data.u64]);
        }
    }

    const Counters& counters() const { return m_counters; }
    std::int64_t streaming() const {
        std::int64_t count = 0;
        for (const auto& stream : m_streams)
            if (stream.state == State::Streaming) ++count;
        return count;
    }

private:
    void fail(Stream& stream, const std::string& why) {
        if (stream.connected)
            ++m_counters.dropped;
        else
            ++m_counters.failed;
        ++m_counters.failures[why];
        close(stream);
    }

    void close(Stream& stream) {
        if (stream.ssl) SSL_free(stream.ssl);
        if (stream.fd >= 0) ::close(stream.fd);
        stream.ssl = nullptr;
        stream.fd = -1;
        stream.state = State::Closed;
        std::string().swap(stream.body);
        std::string().swap(stream.head);
    }

    void watch(Stream& stream, std::uint32_t events, bool add = false) {
        epoll_event event{};
        event.events = events;
        event.data.u64 = static_cast<std::uint64_t>(&stream - m_streams.data());
        epoll_ctl(m_epoll, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, stream.fd, &event);
    }

    void open(std::size_t index) {
        Stream& stream = m_streams[index];
        stream.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (stream.fd < 0) return fail(stream, "socket: " + std::string(std::strerror(errno)));
        const int one = 1;
        setsockopt(stream.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(m_endpoint.port));
        inet_pton(AF_INET, m_endpoint.host == "localhost" ? "127.0.0.1" : m_endpoint.host.c_str(),
                  &address.sin_addr);
        if (::connect(stream.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
            errno != EINPROGRESS)
            return fail(stream, "connect: " + std::string(std::strerror(errno)));
        stream.state = State::Connecting;
        watch(stream, EPOLLOUT, true);
    }

    void step(Stream& stream) {
        switch (stream.state) {
        case State::Connecting: {
            int error = 0;
            socklen_t length = sizeof error;
            getsockopt(stream.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0) return fail(stream, "connect: " + std::string(std::strerror(error)));
            stream.ssl = SSL_new(m_ctx);
            SSL_set_fd(stream.ssl, stream.fd);
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.ssl), m_endpoint.host.c_str());
            stream.state = State::Handshaking;
            [[fallthrough]];
        }
        case State::Handshaking: {
            const int rc = SSL_connect(stream.ssl);
            if (rc != 1) return wantOrFail(stream, rc, "tls handshake");
            stream.state = State::Sending;
            stream.out = m_request;
            [[fallthrough]];
        }
        case State::Sending: {
            while (!stream.out.empty()) {
                const int rc =
                    SSL_write(stream.ssl, stream.out.data(), static_cast<int>(stream.out.size()));
                if (rc <= 0) return wantOrFail(stream, rc, "write");
                stream.out.erase(0, static_cast<std::size_t>(rc));
            }
            std::string().swap(stream.out);
            stream.state = State::ReadingHead;
            watch(stream, EPOLLIN);
            [[fallthrough]];
        }
        case State::ReadingHead:
        case State::Streaming:
            read(stream);
            return;
        case State::Closed:
            return;
        }
    }

    void wantOrFail(Stream& stream, int rc, const char* what) {
        const int error = SSL_get_error(stream.ssl, rc);
        if (error == SSL_ERROR_WANT_READ) return watch(stream, EPOLLIN);
        if (error == SSL_ERROR_WANT_WRITE) return watch(stream, EPOLLOUT);
        char text[256] = "";
        ERR_error_string_n(ERR_get_error(), text, sizeof text);
        ERR_clear_error();
        fail(stream, std::string(what) + ": " + (text[0] ? text : "closed"));
    }

    void read(Stream& stream) {
        char buffer[16384];
        for (;;) {
            const int n = SSL_read(stream.ssl, buffer, sizeof buffer);
            if (n <= 0) {
                const int error = SSL_get_error(stream.ssl, n);
                if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
                ERR_clear_error();
                return fail(stream, "the server closed the stream");
            }
            m_counters.bytes += n;
            const double at = monotonicSeconds();
            std::string_view data(buffer, static_cast<std::size_t>(n));
            if (stream.state == State::ReadingHead) {
                stream.head.append(data);
                const auto end = stream.head.find("\r\n\r\n");
                if (end == std::string::npos) continue;
                if (stream.head.rfind("HTTP/1.1 200", 0) != 0)
                    return fail(stream, "answer " + stream.head.substr(0, stream.head.find('\r')));
                data = std::string_view(stream.head).substr(end + 4);
                stream.state = State::Streaming;
                stream.connected = true;
                ++m_counters.connected;
                dechunk(stream, data, at);
                std::string().swap(stream.head);
                continue;
            }
            dechunk(stream, data, at);
        }
    }

    void dechunk(Stream& stream, std::string_view data, double at) {
        std::size_t i = 0;
        while (i < data.size()) {
            switch (stream.chunk) {
            case Stream::Chunk::Size: {
                const auto end = data.find('\n', i);
                if (end == std::string_view::npos) {
                    stream.sizeLine.append(data.substr(i));
                    return;
                }
                stream.sizeLine.append(data.substr(i, end - i));
                i = end + 1;
                stream.remaining = std::strtoul(stream.sizeLine.c_str(), nullptr, 16);
                stream.sizeLine.clear();
                stream.chunk = stream.remaining == 0 ? Stream::Chunk::DataEnd : Stream::Chunk::Data;
                if (stream.remaining == 0) ++m_counters.failures["the server ended the stream"];
                break;
            }
            case Stream::Chunk::Data: {
                const std::size_t take = std::min(stream.remaining, data.size() - i);
                stream.body.append(data.substr(i, take));
                stream.remaining -= take;
                i += take;
                if (stream.remaining == 0) stream.chunk = Stream::Chunk::DataEnd;
                break;
            }
            case Stream::Chunk::DataEnd: {
                // The CRLF after the data.
                const auto end = data.find('\n', i);
                if (end == std::string_view::npos) return;
                i = end + 1;
                stream.chunk = Stream::Chunk::Size;
                break;
            }
            }
        }
        events(stream, at);
    }

    // Splits the body into events (blank-line separated) and counts them; held seats events
    // go to the probes.
    void events(Stream& stream, double at) {
        std::size_t start = 0;
        for (;;) {
            const auto end = stream.body.find("\n\n", start);
            if (end == std::string::npos) break;
            const std::string_view block(stream.body.data() + start, end - start);
            start = end + 2;
            if (block.empty()) continue;
            if (block.front() == ':') {
                ++m_counters.pings;
                continue;
            }
            std::string_view type = "message";
            std::string_view data;
            std::size_t line = 0;
            while (line < block.size()) {
                auto next = block.find('\n', line);
                if (next == std::string_view::npos) next = block.size();
                const auto text = block.substr(line, next - line);
                if (text.rfind("event: ", 0) == 0) type = text.substr(7);
                if (text.rfind("data: ", 0) == 0) data = text.substr(6);
                line = next + 1;
            }
            if (data.empty()) continue; // retry: only
            ++m_counters.events[std::string(type)];
            if (type == "seats" && data.find("\"state\":\"held\"") != std::string_view::npos)
                m_probes.match(data, at);
        }
        stream.body.erase(0, start);
    }

    const Options& m_o;
    Endpoint m_endpoint;
    Probes& m_probes;
    SSL_CTX* m_ctx = nullptr;
    int m_epoll = -1;
    std::string m_request;
    std::vector<Stream> m_streams;
    Counters m_counters;
};

struct Percentiles {
    std::size_t count = 0;
    double p50 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> samples) {
    Percentiles p;
    p.count = samples.size();
    if (samples.empty()) return p;
    std::sort(samples.begin(), samples.end());
    auto rank = [&](double q) {
        const auto index = static_cast<std::size_t>(
            std::max(1.0, std::ceil(q / 100.0 * static_cast<double>(samples.size()))));
        return samples[std::min(index, samples.size()) - 1];
    };
    p.p50 = rank(50);
    p.p99 = rank(99);
    p.max = samples.back();
    return p;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"Holds live streams open on a Bilheteria server and measures their events"};
    app.add_option("--url", o.url, "https://HOST:PORT of the server")->required();
    app.add_option("--ca-cert", o.caCert, "PEM file the server's certificate is verified against")
        ->required();
    app.add_option("--event", o.event, "The event whose stream to open")->required();
    app.add_option("--streams", o.streams, "Streams to hold open")->capture_default_str();
    app.add_option("--connect-rate", o.connectRate, "Streams opened per second")
        ->capture_default_str();
    app.add_option("--probe-email", o.probeEmail, "Buyer whose holds probe the delay");
    app.add_option("--probe-password", o.probePassword, "Its password");
    app.add_option("--probe-section", o.probeSection, "Seated section the probe holds seats of");
    app.add_option("--probe-interval-ms", o.probeIntervalMs, "One probe hold per this interval")
        ->capture_default_str();
    app.add_option("--samples", o.samplesFile, "Write one line per probe and stream here");
    app.add_option("--json", o.jsonFile, "Also write the summary here as JSON");
    CLI11_PARSE(app, argc, argv);
    const auto endpoint = bilheteria::term::parseServerUrl(o.url);
    if (!endpoint) {
        std::cerr << "error: --url must be https://HOST:PORT\n";
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    Probes probes;
    std::atomic<bool> proberReady{o.probeEmail.empty()};
    std::string proberProblem;
    std::thread prober;
    if (!o.probeEmail.empty()) {
        if (o.probeSection == 0) {
            std::cerr << "error: --probe-email needs --probe-section\n";
            return 2;
        }
        prober = std::thread([&] { runProber(o, *endpoint, probes, proberReady, proberProblem); });
    }

    const auto started = Clock::now();
    Counters counters;
    std::int64_t openAtEnd = 0;
    try {
        Holder holder(o, *endpoint, probes);
        holder.run();
        counters = holder.counters();
        openAtEnd = holder.streaming();
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        g_stop = true;
        if (prober.joinable()) prober.join();
        return 1;
    }
    if (prober.joinable()) prober.join();
    if (!proberProblem.empty()) std::cerr << "probe: " << proberProblem << "\n";

    // Delays, per probe and stream.
    std::vector<double> delays;
    std::int64_t probesAnswered = 0, expected = 0;
    std::ofstream samples;
    if (!o.samplesFile.empty()) samples.open(o.samplesFile);
    for (const Probe& probe : probes.all()) {
        if (!probe.answeredAt) continue;
        ++probesAnswered;
        expected += counters.connected;
        for (double arrival : probe.arrivals) {
            const double ms = (arrival - *probe.answeredAt) * 1000.0;
            delays.push_back(ms);
            if (samples) samples << std::fixed << *probe.answeredAt << ' ' << ms << '\n';
        }
    }
    const auto delay = percentiles(delays);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("streams: %d asked, %lld opened, %lld failed, %lld dropped, %lld open at the end\n",
                o.streams, static_cast<long long>(counters.connected),
                static_cast<long long>(counters.failed), static_cast<long long>(counters.dropped),
                static_cast<long long>(openAtEnd));
    for (const auto& [why, count] : counters.failures)
        std::printf("  %s: %lld\n", why.c_str(), static_cast<long long>(count));
    std::printf("received in %.1f s: %.1f MB, %lld pings", seconds,
                static_cast<double>(counters.bytes) / 1e6, static_cast<long long>(counters.pings));
    for (const auto& [type, count] : counters.events)
        std::printf(", %lld %s", static_cast<long long>(count), type.c_str());
    std::printf("\n");
    if (!o.probeEmail.empty())
        std::printf("probes: %lld holds; delay to the streams (ms): %zu of %lld seen, p50 %.1f, "
                    "p99 %.1f, max %.1f\n",
                    static_cast<long long>(probesAnswered), delay.count,
                    static_cast<long long>(expected), delay.p50, delay.p99, delay.max);
    if (!o.jsonFile.empty()) {
        json out{{"streams_asked", o.streams},
                 {"streams_opened", counters.connected},
                 {"streams_failed", counters.failed},
                 {"streams_dropped", counters.dropped},
                 {"streams_open_at_end", openAtEnd},
                 {"failures", counters.failures},
                 {"bytes", counters.bytes},
                 {"pings", counters.pings},
                 {"events", counters.events},
                 {"probes", probesAnswered},
                 {"delay_samples", delay.count},
                 {"delay_expected", expected},
                 {"delay_ms", {{"p50", delay.p50}, {"p99", delay.p99}, {"max", delay.max}}}};
        std::ofstream(o.jsonFile) << out.dump(2) << "\n";
    }
    return 0;
}
