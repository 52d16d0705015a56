// A real nginx in front of a real server that can lose the answers to purchases, refunds and
// exchanges, as a PostgreSQL failover that loses the answer to a COMMIT does: while it "loses
// answers", each such request still reaches the server (nginx's mirror: the sale commits) but
// the client gets 503 with Retry-After: 1, the server's own shape for an unknown outcome.
// Everything else passes through. nginx's access log records each such request's
// status and Idempotency-Key, so a test sees what the client really sent.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/nginxprocess.h"

namespace bilheteria::testing {

class LostAnswerProxy {
public:
    enum class Mode { LosesAnswers, PassesThrough };

    // In front of the server on 127.0.0.1:`serverPort`, presenting its certificate (a client
    // that trusts the server trusts the proxy); starts in `mode`.
    LostAnswerProxy(int serverPort, const std::string& certificate, const std::string& key,
                    Mode mode = Mode::LosesAnswers);
    ~LostAnswerProxy();

    int port() const { return m_nginx->port(); }
    // Reloads nginx and returns once new connections get `mode`.
    void switchTo(Mode mode);

    struct KeyedRequest {
        std::string uri;
        int status = 0;
        std::string key;
    };
    // The POSTs that carried an Idempotency-Key, in order; to `uri` only when given. nginx logs
    // a request after its answer went out: with `lastStatus`, waits (up to 10 s) until the last
    // one logged has that status.
    std::vector<KeyedRequest> keyedRequests(const std::string& uri = {}, int lastStatus = 0) const;

private:
    std::string site(Mode mode) const;

    int m_serverPort;
    std::string m_certificate;
    std::string m_key;
    int m_unavailablePort;
    std::unique_ptr<NginxProcess> m_nginx;
};

} // namespace bilheteria::testing
