// nginx as a child process, running the project's own site configuration
// (installer/nginx/bilheteria.conf) in front of server instances started by a test.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace bilheteria::testing {

class NginxProcess {
public:
    // Rewrites only what a deployment adapts (the lines marked ADAPT: listen address, the
    // upstream servers, certificate paths; and the cache's folder) to the test's: nginx listens
    // on a free loopback port with `certificate`/`key`, and proxies to 127.0.0.1:`upstreamPorts`
    // trusting `upstreamCaCert`. Everything else is the file as shipped. nginx takes the client's
    // address from X-Forwarded-For sent from 127.0.0.1 (as behind a load balancer): tests name
    // their buyers' addresses that way. Waits until nginx accepts
    // connections; throws std::runtime_error (with nginx's error log) if it cannot start.
    NginxProcess(const std::vector<int>& upstreamPorts, const std::string& certificate,
                 const std::string& key, const std::string& upstreamCaCert);
    ~NginxProcess();
    NginxProcess(const NginxProcess&) = delete;
    NginxProcess& operator=(const NginxProcess&) = delete;

    int port() const { return m_port; }
    std::string errorLog() const;

private:
    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_dir;
};

// The site configuration as shipped, read from the source tree.
std::string shippedNginxSite();

} // namespace bilheteria::testing
