// The server's --config file: CLI11's TOML/INI reader (what `bilheteria-server --config FILE`
// runs) into a `serve` command with options of every kind serve has — text, bounded integers
// and sizes, a list, a flag, a choice — then the texts serve reads itself (--listen, the rate
// limits). The option list is a sample of serve's (server/app/commandline.cpp), not a copy:
// that one needs the whole server linked. The input is also read as a --listen and a limit.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "server/app/optiontext.h"

namespace {

using namespace bilheteria;

void checkListen(const std::string& text) {
    std::string host;
    int port = -1;
    if (parseListen(text, host, port) && (port < 0 || port > 65535)) std::abort();
}

void checkLimit(const std::string& text) {
    RateLimit limit;
    if (!parseLimit(text, limit)) return;
    const bool off = limit.ratePerSecond == 0 && limit.burst == 0;
    const bool bucket = std::isfinite(limit.ratePerSecond) && std::isfinite(limit.burst) &&
                        limit.ratePerSecond > 0 && limit.burst >= 1;
    if (!off && !bucket) std::abort();
}

struct Sample {
    std::string listen = "127.0.0.1:8443";
    std::string database;
    int threads = 64;
    int heartbeatSeconds = 15;
    std::size_t maxBodyBytes = 1 << 20;
    int keepAliveMaxRequests = 0;
    std::vector<std::string> trustedProxies;
    std::vector<std::string> webhookUrls;
    bool noRateLimits = false;
    bool smtpStartTls = false;
    std::string mailLanguage = "en";
    std::string limitLogin;
    std::string limitHolds;
};

void read(std::string_view text) {
    CLI::App app{"fuzz"};
    app.require_subcommand(1);
    app.set_config("--config", "", "config");
    Sample s;
    auto* serve = app.add_subcommand("serve", "serve");
    serve->fallthrough();
    serve->add_option("--listen", s.listen);
    serve->add_option("--database", s.database);
    serve->add_option("--threads", s.threads)->check(CLI::Range(1, 100000));
    serve->add_option("--stream-heartbeat-seconds", s.heartbeatSeconds)->check(CLI::Range(1, 3600));
    serve->add_option("--max-body-bytes", s.maxBodyBytes)
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
    serve->add_option("--keep-alive-max-requests", s.keepAliveMaxRequests);
    serve->add_option("--trusted-proxy", s.trustedProxies);
    serve->add_option("--webhook-url", s.webhookUrls);
    serve->add_flag("--no-rate-limits", s.noRateLimits);
    serve->add_flag("--smtp-starttls", s.smtpStartTls);
    serve->add_option("--mail-language", s.mailLanguage)->check(CLI::IsMember({"en", "pt_BR"}));
    serve->add_option("--limit-login-address", s.limitLogin);
    serve->add_option("--limit-holds-account", s.limitHolds);

    std::istringstream in{std::string(text)};
    try {
        app.parse_from_stream(in);
    } catch (const CLI::Error&) {
        // What the server prints and exits 2 on.
        return;
    }
    checkListen(s.listen);
    checkLimit(s.limitLogin);
    checkLimit(s.limitHolds);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    read(text);
    checkListen(text);
    checkLimit(text);
    return 0;
}
