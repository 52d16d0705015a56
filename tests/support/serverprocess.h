// The real bilheteria-server binary as a child process, and a small HTTPS client that trusts
// its self-signed certificate: what the HTTP and end-to-end tests talk to.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/protocol.h"

namespace bilheteria::testing {

// Runs `bilheteria-server ARGS...` to completion, feeding `input` on stdin; returns the exit
// status and fills `output` with stdout and stderr.
int runServerCommand(const std::vector<std::string>& args, const std::string& input,
                     std::string* output = nullptr);

// Creates an account with `bilheteria-server user add`.
void addUser(const std::string& databaseUrl, const std::string& email, const std::string& name,
             const std::string& role, const std::string& password);

class ServerProcess {
public:
    // Starts `serve --listen 127.0.0.1:0 --database URL --data-dir <temp>` plus `extraArgs`
    // (a `--listen` among them replaces the first: an instance restarted on its port), and
    // waits until it prints "listening on https://". Throws std::runtime_error if it does not
    // within 30 s.
    explicit ServerProcess(const std::string& databaseUrl, std::vector<std::string> extraArgs = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return m_port; }
    const std::string& dataDir() const { return m_dataDir; }
    std::string caCertPath() const { return m_dataDir + "/tls/server.crt"; }
    // The certificate's SHA-256 fingerprint as the server printed it at start ("AB:CD:...").
    std::string printedFingerprint() const;
    // Everything the process printed so far.
    std::string output() const;
    // Sends SIGTERM, waits, and returns the exit status (128+signal if killed by one).
    int stop();
    // Sends SIGKILL and reaps the process.
    void kill();
    // Sends SIGTERM and returns at once (waitForExit() or stop() reaps the process).
    void terminate();
    // The exit status once the process has exited, waiting up to `timeout`; nullopt while it
    // still runs.
    std::optional<int> waitForExit(std::chrono::milliseconds timeout);

private:
    pid_t m_pid = -1;
    int m_port = 0;
    int m_outputFd = -1;
    std::string m_dataDir;
    std::thread m_reader;
    mutable std::mutex m_mutex;
    std::string m_output;
    int m_exitStatus = -1;
};

struct HttpReply {
    int status = 0; // 0 when the request failed at the transport level
    nlohmann::json body;
    std::string raw;
    std::map<std::string, std::string> headers; // lower-case names
    std::string header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string{} : it->second;
    }
};

// `bilheteria-server check` and `audit verify` on the database both exit 0; as a test
// expectation (their output in the failure message).
void expectCheckAndAuditPass(const std::string& databaseUrl);

// The contract's error shape (a code, a message, details an object when present, JSON) with
// the status and code expected; as a test expectation.
void expectApiError(const HttpReply& reply, int status, const std::string& code);
// 400 invalid_request naming `field` in details.field.
void expectInvalidField(const HttpReply& reply, const std::string& field);

// The sum of every sample of the metric `name` in a /metrics text whose labels include
// `labels` (e.g. `route="/healthz"`; empty: any), 0 when there is none.
double metricSum(const std::string& exposition, const std::string& name,
                 const std::string& labels = {});

// HTTPS with certificate verification against the server's own certificate.
class HttpsClient {
public:
    HttpsClient(int port, const std::string& caCertPath);
    ~HttpsClient();
    explicit HttpsClient(const ServerProcess& server)
        : HttpsClient(server.port(), server.caCertPath()) {}

    HttpReply get(const std::string& path, const std::string& token = {},
                  const std::map<std::string, std::string>& headers = {});
    HttpReply post(const std::string& path, const nlohmann::json& body,
                   const std::string& token = {},
                   const std::map<std::string, std::string>& headers = {});
    HttpReply postRaw(const std::string& path, const std::string& body,
                      const std::string& contentType, const std::string& token = {});
    HttpReply del(const std::string& path, const std::string& token = {});

    // Logs in and returns the token (fails the test if login does not answer 200).
    std::string login(const std::string& email, const std::string& password);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// An event created over HTTPS: the server's answer and the ids of its numbered seats.
struct CreatedEvent {
    Id id = 0;               // 0 when the event was not created
    nlohmann::json event;    // the answer's "event" (its sections, with their ids)
    std::vector<Id> seatIds; // GET /api/v1/events/{id}/seats, in that order
};

// Creates an event from `body` with `token` (an organizer's) and lists its seats; a request
// that does not answer 201 / 200 fails the test and leaves the result empty (assert on it).
CreatedEvent createEventWithSeats(HttpsClient& http, const std::string& token,
                                  const nlohmann::json& body);

} // namespace bilheteria::testing
