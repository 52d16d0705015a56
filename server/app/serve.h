// `bilheteria-server serve`: its options and the wiring of one server process — the store, the
// core's services over the store's parts, the housekeeper, the live hub and the HTTPS server.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "server/app/optiontext.h"
#include "server/core/ratelimiter.h"
#include "server/http/httpserver.h"
#include "server/http/loginlane.h"

namespace bilheteria {

// "RATE:BURST" (tokens per second, bucket size) or "off".
struct LimitOption {
    std::string text;
    RateLimit* target;
};

// Notifications (docs/operations.md): off while neither an SMTP relay nor a
// webhook URL is given.
struct NotifyOptions {
    std::string smtpUrl;
    std::string smtpFrom = "Bilheteria <bilheteria@localhost>";
    std::string smtpUser;
    std::string smtpPasswordFile;
    bool smtpStartTls = false;
    std::string mailLanguage = "en";
    std::vector<std::string> webhookUrls;
    std::string webhookSecretFile;
    std::string caFile;
    int holdWarningSeconds = 120;
    int maxAttempts = 10;
    int retrySeconds = 30;
};

struct ServeOptions {
    std::string listen = "127.0.0.1:8443";
    std::string database;
    std::string dataDir = "bilheteria-data";
    std::string keysFile; // empty: <data-dir>/keys
    std::string tlsCert;
    std::string tlsKey;
    std::string accessLog = "-";
    int databasePool = 16;
    int tokenLifetimeMinutes = 12 * 60;
    // Unset: 30 days, or no renewal when the token lifetime alone is longer (as before the
    // option existed). 0: no renewal.
    std::optional<int> sessionMaxDays;
    int cardRefusalHoldSeconds = 30; // kDefaultHoldAfterCardRefusal
    HttpSettings http;
    LoginLaneSettings loginLane{.threads = defaultLoginThreads()};
    RateLimitSettings limits;
    std::deque<LimitOption> limitOptions; // a deque: add_option keeps pointers to its texts
    bool noRateLimits = false;
    AntiBotSettings antiBot;
    LiveStreamSettings liveStreams;
    int streamBatchMs = 250;
    int streamWritesPerSecond = 5000;
    int streamSessionCheckSeconds = 2;
    int changeRetentionMinutes = 60;
    NotifyOptions notify;
};

// Runs the server until SIGTERM or SIGINT; returns the process's exit status.
int serve(ServeOptions& options);

} // namespace bilheteria
