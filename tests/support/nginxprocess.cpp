#include "tests/support/nginxprocess.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "tests/support/loopback.h"

#ifndef BILHETERIA_SOURCE_DIR
#error "BILHETERIA_SOURCE_DIR must name the source tree"
#endif

namespace bilheteria::testing {

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string adaptSite(const std::string& site, int port, const std::vector<int>& upstreamPorts,
                      const std::string& certificate, const std::string& key,
                      const std::string& upstreamCaCert, const std::string& cacheDir) {
    std::istringstream in(site);
    std::ostringstream out;
    std::string line;
    bool listened = false, inUpstream = false, upstreamWritten = false;
    const std::regex upstreamServer(R"(^\s*server\s+[0-9.]+:[0-9]+\b.*;)");
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t");
        const std::string text = first == std::string::npos ? "" : line.substr(first);
        if (text.rfind("upstream ", 0) == 0) inUpstream = true;
        if (inUpstream && text == "}") inUpstream = false;
        if (inUpstream && std::regex_search(line, upstreamServer)) {
            if (!upstreamWritten)
                for (int upstream : upstreamPorts)
                    out << "    server 127.0.0.1:" << upstream << " max_fails=3 fail_timeout=5s;\n";
            upstreamWritten = true;
            continue;
        }
        if (text.rfind("listen ", 0) == 0) {
            if (!listened) out << "    listen 127.0.0.1:" << port << " ssl http2;\n";
            listened = true;
            continue;
        }
        if (text.rfind("ssl_certificate ", 0) == 0) {
            out << "    ssl_certificate " << certificate << ";\n";
            continue;
        }
        if (text.rfind("ssl_certificate_key ", 0) == 0) {
            out << "    ssl_certificate_key " << key << ";\n";
            continue;
        }
        if (text.rfind("proxy_cache_path ", 0) == 0) {
            // The cache in the test's folder; the zone and its sizes as shipped.
            const auto path = text.find(' ');
            const auto rest = text.find(' ', path + 1);
            out << "proxy_cache_path " << cacheDir << text.substr(rest) << "\n";
            continue;
        }
        if (text.rfind("proxy_ssl_trusted_certificate ", 0) == 0) {
            out << "    proxy_ssl_trusted_certificate " << upstreamCaCert << ";\n";
            continue;
        }
        out << line << "\n";
    }
    if (!listened || !upstreamWritten)
        throw std::runtime_error("the shipped nginx site has no listen or upstream server line");
    return out.str();
}

} // namespace

std::string shippedNginxSite() {
    return readFile(std::string(BILHETERIA_SOURCE_DIR) + "/installer/nginx/bilheteria.conf");
}

NginxProcess::NginxProcess(const std::vector<int>& upstreamPorts, const std::string& certificate,
                           const std::string& key, const std::string& upstreamCaCert) {
    std::string pattern = (std::filesystem::temp_directory_path() / "bilheteria-nginx.XXXXXX");
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_dir = pattern;
    m_port = freeLoopbackPort();
    {
        std::ofstream site(m_dir + "/site.conf");
        site << adaptSite(shippedNginxSite(), m_port, upstreamPorts, certificate, key,
                          upstreamCaCert, m_dir + "/cache");
    }
    start();
}

std::unique_ptr<NginxProcess> NginxProcess::withSite(const std::string& site) {
    std::unique_ptr<NginxProcess> nginx(new NginxProcess());
    std::string pattern = (std::filesystem::temp_directory_path() / "bilheteria-nginx.XXXXXX");
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    nginx->m_dir = pattern;
    nginx->m_port = freeLoopbackPort();
    nginx->writeSite(site);
    nginx->start();
    return nginx;
}

void NginxProcess::writeSite(const std::string& site) const {
    std::string text = site;
    for (const auto& [placeholder, value] :
         {std::pair<std::string, std::string>{"@PORT@", std::to_string(m_port)}, {"@DIR@", m_dir}})
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    std::ofstream out(m_dir + "/site.conf");
    out << text;
}

void NginxProcess::reload(const std::string& site) {
    writeSite(site);
    const std::string config = m_dir + "/nginx.conf";
    const std::string check = "/usr/sbin/nginx -q -t -p '" + m_dir + "' -c '" + config + "'";
    if (std::system(check.c_str()) != 0)
        throw std::runtime_error("nginx refuses the new site:\n" + errorLog());
    if (::kill(m_pid, SIGHUP) != 0) throw std::runtime_error("nginx is gone");
}

void NginxProcess::writeMainConfig() const {
    // What /etc/nginx/nginx.conf gives a site on Debian, in the test's own folder.
    std::ofstream main(m_dir + "/nginx.conf");
    if (::geteuid() == 0) main << "user root;\n"; // workers write the temp folders below
    main << "worker_processes 2;\n"
         << "pid " << m_dir << "/nginx.pid;\n"
         << "error_log " << m_dir << "/error.log warn;\n"
         << "events { worker_connections 4096; }\n"
         << "http {\n"
         << "    access_log off;\n"
         // The test's clients all connect from 127.0.0.1 and name the buyer's address in
         // X-Forwarded-For, as a load balancer in front of nginx would: nginx takes it as
         // the client's, so that the site's per-address limits count each buyer apart.
         << "    set_real_ip_from 127.0.0.1;\n"
         << "    real_ip_header X-Forwarded-For;\n"
         << "    client_body_temp_path " << m_dir << "/body;\n"
         << "    proxy_temp_path " << m_dir << "/proxy;\n"
         << "    fastcgi_temp_path " << m_dir << "/fastcgi;\n"
         << "    uwsgi_temp_path " << m_dir << "/uwsgi;\n"
         << "    scgi_temp_path " << m_dir << "/scgi;\n"
         << "    include " << m_dir << "/site.conf;\n"
         << "}\n";
}

void NginxProcess::start() {
    writeMainConfig();
    const std::string config = m_dir + "/nginx.conf";
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        ::execl("/usr/sbin/nginx", "nginx", "-p", m_dir.c_str(), "-c", config.c_str(), "-g",
                "daemon off;", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{15};
    while (!acceptsOnLoopback(m_port)) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("nginx exited at start:\n" + errorLog());
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("nginx did not accept connections:\n" + errorLog());
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
}

NginxProcess::~NginxProcess() {
    // SIGQUIT is graceful: open streams are closed, workers exit.
    if (m_pid > 0) stopChild(m_pid, SIGQUIT, std::chrono::seconds{10});
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

std::string NginxProcess::errorLog() const {
    try {
        return readFile(m_dir + "/error.log");
    } catch (const std::exception&) {
        return "(no error log)";
    }
}

} // namespace bilheteria::testing
