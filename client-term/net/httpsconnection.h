// One keep-alive HTTPS connection to the server (cpp-httplib over OpenSSL), shared by the
// terminal client and the load generator: requests in, Replies out, nothing parsed. Certificates
// are always verified, against a CA file or against the one certificate the person pinned
// (servertrust.h); there is no switch to turn verification off.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class SSLClient;
}

namespace bilheteria::term {

struct ServerAddress {
    std::string host;
    int port = 443;
};

// "https://host[:port][/]" (an IPv6 host in brackets) → host and port; nullopt for anything
// else, a path included (plain http is refused: the API is HTTPS only).
std::optional<ServerAddress> parseServerUrl(const std::string& url);

// Whom the connection trusts: exactly one of a CA file (PEM) or a pinned certificate (PEM).
struct TlsTrust {
    std::string caFile;
    std::string pinnedPem;
};

struct Header {
    std::string name;
    std::string value;
};
using Headers = std::vector<Header>;

struct Reply {
    int status = 0;             // 0: no answer (transport error)
    std::string transportError; // set when status is 0
    bool untrustedCertificate = false;
    std::string body;
    double ms = 0;
    double retryAfterSeconds = 0; // the Retry-After header, when there is one

    nlohmann::json parsed() const { return nlohmann::json::parse(body, nullptr, false); }
    // The contract error's code ("?" when the body is not the contract's error shape).
    std::string errorCode() const;
    // The error's details, or an empty object.
    nlohmann::json errorDetails() const;
};

struct ConnectionOptions {
    std::chrono::seconds connectTimeout{10};
    std::chrono::seconds readTimeout{30};
    // Sent with every request ("gzip" to measure compressed answers); empty: none.
    std::string acceptEncoding;
};

class HttpsConnection {
public:
    HttpsConnection(const ServerAddress& address, const TlsTrust& trust,
                    const ConnectionOptions& options = {});
    ~HttpsConnection();
    HttpsConnection(const HttpsConnection&) = delete;
    HttpsConnection& operator=(const HttpsConnection&) = delete;

    Reply get(const std::string& path, const Headers& headers = {});
    Reply post(const std::string& path, const std::string& body, const Headers& headers = {});
    Reply del(const std::string& path, const Headers& headers = {});

    // GET that hands each piece of the body to `receive` as it arrives (an event stream) until
    // `receive` returns false or the server closes; the Reply has the status and no body.
    Reply stream(const std::string& path, const Headers& headers,
                 const std::function<bool(const char*, std::size_t)>& receive);

    const ServerAddress& address() const { return m_address; }
    // Closes the socket from another thread: a request or stream under way ends at once.
    void stop();

private:
    // Starts the next request on a new connection when this one has been idle long enough for
    // the server (or a proxy) to have closed it: cpp-httplib cannot tell a TLS connection the
    // peer closed from a live one, so the request would be written into a dead socket.
    void freshConnectionIfIdle();

    std::unique_ptr<httplib::SSLClient> m_client;
    ServerAddress m_address;
    std::string m_acceptEncoding;
    std::chrono::steady_clock::time_point m_lastUsed{};
};

} // namespace bilheteria::term
