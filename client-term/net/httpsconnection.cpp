#include "client-term/net/httpsconnection.h"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace bilheteria::term {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A certificate store holding exactly the pinned certificate: OpenSSL accepts a self-signed
// certificate found in the store as its own trust anchor, and nothing else chains to it.
X509_STORE* storeWithOnly(const std::string& pem) {
    X509_STORE* store = X509_STORE_new();
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    while (X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store, certificate);
        X509_free(certificate);
    }
    BIO_free(bio);
    return store;
}

httplib::Headers toHttplib(const Headers& headers, const std::string& acceptEncoding) {
    httplib::Headers out;
    for (const auto& header : headers)
        out.emplace(header.name, header.value);
    if (!acceptEncoding.empty()) out.emplace("Accept-Encoding", acceptEncoding);
    return out;
}

Reply finish(httplib::Result& result, Clock::time_point start) {
    Reply reply;
    reply.ms = msSince(start);
    if (!result) {
        reply.transportError = httplib::to_string(result.error());
        reply.untrustedCertificate = result.error() == httplib::Error::SSLServerVerification;
        return reply;
    }
    reply.status = result->status;
    reply.body = std::move(result->body);
    if (result->has_header("Retry-After")) {
        try {
            reply.retryAfterSeconds = std::stod(result->get_header_value("Retry-After"));
        } catch (const std::exception&) {
        }
    }
    return reply;
}

} // namespace

std::optional<ServerAddress> parseServerUrl(const std::string& url) {
    const std::string scheme = "https://";
    if (url.rfind(scheme, 0) != 0) return std::nullopt;
    std::string rest = url.substr(scheme.size());
    while (!rest.empty() && rest.back() == '/')
        rest.pop_back();
    if (rest.empty() || rest.find('/') != std::string::npos) return std::nullopt;
    ServerAddress address;
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || rest.find(']', colon) != std::string::npos) {
        address.host = rest;
    } else {
        address.host = rest.substr(0, colon);
        try {
            std::size_t used = 0;
            address.port = std::stoi(rest.substr(colon + 1), &used);
            if (used != rest.size() - colon - 1) return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (address.port < 1 || address.port > 65535) return std::nullopt;
    }
    if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    if (address.host.empty()) return std::nullopt;
    return address;
}

std::string Reply::errorCode() const {
    const auto body = parsed();
    if (body.is_object() && body.contains("error") && body["error"].is_object())
        return body["error"].value("code", std::string{"?"});
    return "?";
}

nlohmann::json Reply::errorDetails() const {
    const auto body = parsed();
    if (body.is_object() && body.contains("error") && body["error"].is_object() &&
        body["error"].contains("details") && body["error"]["details"].is_object())
        return body["error"]["details"];
    return nlohmann::json::object();
}

HttpsConnection::HttpsConnection(const ServerAddress& address, const TlsTrust& trust,
                                 const ConnectionOptions& options)
    : m_client(std::make_unique<httplib::SSLClient>(address.host, address.port))
    , m_address(address)
    , m_acceptEncoding(options.acceptEncoding) {
    if (!trust.pinnedPem.empty())
        m_client->set_ca_cert_store(storeWithOnly(trust.pinnedPem)); // the context owns it
    else if (!trust.caFile.empty())
        m_client->set_ca_cert_path(trust.caFile.c_str());
    m_client->enable_server_certificate_verification(true);
    m_client->set_tcp_nodelay(true);
    m_client->set_keep_alive(true);
    m_client->set_connection_timeout(options.connectTimeout);
    m_client->set_read_timeout(options.readTimeout);
    m_client->set_write_timeout(options.readTimeout);
}

HttpsConnection::~HttpsConnection() = default;

void HttpsConnection::stop() {
    m_client->stop();
}

void HttpsConnection::freshConnectionIfIdle() {
    // Below every common keep-alive timeout (nginx 75 s, this server 30 s, many proxies 5 s+);
    // a busy client (the load generator, a clerk mid-sale) keeps its connection.
    constexpr auto kIdleLimit = std::chrono::seconds(4);
    const auto now = std::chrono::steady_clock::now();
    if (m_lastUsed != std::chrono::steady_clock::time_point{} && now - m_lastUsed > kIdleLimit)
        m_client->stop();
    m_lastUsed = now;
}

Reply HttpsConnection::get(const std::string& path, const Headers& headers) {
    freshConnectionIfIdle();
    const auto start = Clock::now();
    auto result = m_client->Get(path, toHttplib(headers, m_acceptEncoding));
    return finish(result, start);
}

Reply HttpsConnection::post(const std::string& path, const std::string& body,
                            const Headers& headers) {
    freshConnectionIfIdle();
    const auto start = Clock::now();
    auto result =
        m_client->Post(path, toHttplib(headers, m_acceptEncoding), body, "application/json");
    return finish(result, start);
}

Reply HttpsConnection::del(const std::string& path, const Headers& headers) {
    freshConnectionIfIdle();
    const auto start = Clock::now();
    auto result = m_client->Delete(path, toHttplib(headers, m_acceptEncoding));
    return finish(result, start);
}

Reply HttpsConnection::stream(const std::string& path, const Headers& headers,
                              const std::function<bool(const char*, std::size_t)>& receive) {
    freshConnectionIfIdle();
    const auto start = Clock::now();
    int status = 0;
    std::string errorBody;
    auto result = m_client->Get(
        path, toHttplib(headers, {}),
        [&](const httplib::Response& response) {
            status = response.status;
            return true;
        },
        [&](const char* data, std::size_t size) {
            if (status != 200) { // an error answer: keep its body for the caller to read
                errorBody.append(data, size);
                return true;
            }
            return receive(data, size);
        });
    // A stream the receiver ended reads as Canceled: that is its normal end, not a failure.
    if (!result && result.error() == httplib::Error::Canceled && status == 200) {
        Reply reply;
        reply.status = status;
        reply.ms = msSince(start);
        return reply;
    }
    Reply reply = finish(result, start);
    if (reply.status != 0 && reply.status != 200) reply.body = std::move(errorBody);
    return reply;
}

} // namespace bilheteria::term
