// nginx as a child process, running the project's own site configuration
// (installer/nginx/bilheteria.conf) in front of server instances started by a test.
#pragma once

#include <memory>
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
    // nginx running a site of the test's own (a test's proxy that misbehaves on purpose, say):
    // `site` is http-context configuration, with "@PORT@" for the loopback port nginx listens
    // on and "@DIR@" for its own folder (logs). Waits and throws as above.
    static std::unique_ptr<NginxProcess> withSite(const std::string& site);
    ~NginxProcess();
    NginxProcess(const NginxProcess&) = delete;
    NginxProcess& operator=(const NginxProcess&) = delete;

    int port() const { return m_port; }
    const std::string& dir() const { return m_dir; }
    std::string errorLog() const;
    // Replaces the test's own site (same placeholders) and has nginx reload it (SIGHUP): new
    // connections get the new site once its workers run; the caller waits for what it expects.
    // Throws if nginx refuses the new configuration (nginx -t).
    void reload(const std::string& site);

private:
    NginxProcess() = default;
    void writeMainConfig() const;
    void writeSite(const std::string& site) const;
    void start();

    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_dir;
};

// The site configuration as shipped, read from the source tree.
std::string shippedNginxSite();

} // namespace bilheteria::testing
