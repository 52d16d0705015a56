#include "tests/support/lostanswerproxy.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/loopback.h"
#include "tests/support/serverprocess.h"

namespace bilheteria::testing {

LostAnswerProxy::LostAnswerProxy(int serverPort, const std::string& certificate,
                                 const std::string& key, Mode mode)
    : m_serverPort(serverPort)
    , m_certificate(certificate)
    , m_key(key)
    , m_unavailablePort(freeLoopbackPort())
    , m_nginx(NginxProcess::withSite(site(mode))) {}

LostAnswerProxy::~LostAnswerProxy() = default;

std::string LostAnswerProxy::site(Mode mode) const {
    const std::string server = "https://127.0.0.1:" + std::to_string(m_serverPort);
    const bool loses = mode == Mode::LosesAnswers;
    std::ostringstream out;
    // The 503 comes from a second, plain-HTTP server of the same nginx: a `return` in the
    // proxied location would end the request before its mirror ran.
    out << "log_format keyed '$request_method $uri $status $http_idempotency_key';\n"
        << "server {\n"
        << "    listen 127.0.0.1:" << m_unavailablePort << ";\n"
        << "    access_log off;\n"
        << "    location / {\n"
        << "        default_type application/json;\n"
        << "        add_header Retry-After 1 always;\n"
        << "        return 503 '{\"error\":{\"code\":\"unavailable\",\"message\":\"the database "
           "is failing over\"}}';\n"
        << "    }\n"
        << "}\n"
        << "server {\n"
        << "    listen 127.0.0.1:@PORT@ ssl;\n"
        << "    ssl_certificate " << m_certificate << ";\n"
        << "    ssl_certificate_key " << m_key << ";\n"
        << "    access_log @DIR@/access.log keyed;\n"
        << "    location = /test-proxy-mode {\n"
        << "        default_type text/plain;\n"
        << "        return 200 '" << (loses ? "loses" : "passes") << "';\n"
        << "    }\n"
        << "    location ~ ^/api/v1/(holds/[0-9]+/purchase|orders/[0-9]+/(refunds|exchanges))$ {\n";
    if (loses)
        out << "        mirror /committed;\n"
            << "        mirror_request_body on;\n"
            << "        proxy_pass http://127.0.0.1:" << m_unavailablePort << ";\n";
    else
        out << "        proxy_pass " << server << ";\n";
    out << "    }\n"
        << "    location = /committed {\n"
        << "        internal;\n"
        << "        proxy_pass " << server << "$request_uri;\n"
        << "    }\n"
        << "    location / {\n"
        << "        proxy_pass " << server << ";\n"
        << "    }\n"
        << "}\n";
    return out.str();
}

void LostAnswerProxy::switchTo(Mode mode) {
    m_nginx->reload(site(mode));
    // The old workers serve until the new ones run: ask until the new site answers.
    HttpsClient http(port(), m_certificate);
    const std::string expected = mode == Mode::LosesAnswers ? "loses" : "passes";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{20};
    while (http.get("/test-proxy-mode").raw != expected) {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("nginx did not reload:\n" + m_nginx->errorLog());
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
}

std::vector<LostAnswerProxy::KeyedRequest> LostAnswerProxy::keyedRequests(const std::string& uri,
                                                                          int lastStatus) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    for (;;) {
        std::ifstream in(m_nginx->dir() + "/access.log");
        std::vector<KeyedRequest> out;
        std::string method;
        KeyedRequest request;
        while (in >> method >> request.uri >> request.status >> request.key)
            if (method == "POST" && request.key != "-" && (uri.empty() || request.uri == uri))
                out.push_back(request);
        const bool logged = lastStatus == 0 || (!out.empty() && out.back().status == lastStatus);
        if (logged || std::chrono::steady_clock::now() > deadline) return out;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
}

} // namespace bilheteria::testing
