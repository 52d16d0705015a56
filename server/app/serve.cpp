#include "server/app/serve.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <thread>

#include "server/app/datadir.h"
#include "server/app/housekeeper.h"
#include "server/app/salesfigures.h"
#include "server/app/systemclock.h"
#include "server/core/accounts.h"
#include "server/core/door.h"
#include "server/core/events.h"
#include "server/core/holds.h"
#include "server/core/livehub.h"
#include "server/core/queue.h"
#include "server/core/refunds.h"
#include "server/core/sales.h"
#include "server/http/tlscertificate.h"
#include "server/notify/curlsender.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"

namespace bilheteria {

namespace {

// The first line of a secret's file (a password, a key), without its line ending.
std::optional<std::string> readSecretFile(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// The sender the options describe; nullopt after printing why when they do not hold together.
std::optional<std::unique_ptr<CurlNotificationSender>> notificationSender(const NotifyOptions& o,
                                                                          const Clock& clock) {
    MailSettings mail{o.smtpUrl, o.smtpFrom, o.smtpUser, "", o.smtpStartTls};
    if (!o.smtpPasswordFile.empty()) {
        auto password = readSecretFile(o.smtpPasswordFile);
        if (!password) {
            std::cerr << "error: cannot read --smtp-password-file " << o.smtpPasswordFile << "\n";
            return std::nullopt;
        }
        mail.password = *password;
    }
    WebhookSettings webhooks{o.webhookUrls, ""};
    if (!webhooks.urls.empty()) {
        auto secret =
            o.webhookSecretFile.empty() ? std::nullopt : readSecretFile(o.webhookSecretFile);
        if (!secret || secret->empty()) {
            std::cerr << "error: --webhook-url needs --webhook-secret-file with the signing key\n";
            return std::nullopt;
        }
        webhooks.secret = *secret;
    }
    return std::make_unique<CurlNotificationSender>(std::move(mail), std::move(webhooks),
                                                    TransferSettings{o.caFile, 30}, clock);
}

// Blocks SIGINT and SIGTERM in every thread started after it, and turns them into a call of
// `onSignal` from one dedicated thread (a signal handler may not call into the server).
class SignalWatcher {
public:
    explicit SignalWatcher(std::function<void()> onSignal) {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
        m_thread = std::thread([this, onSignal = std::move(onSignal)] {
            const timespec tick{0, 200'000'000};
            while (!m_done) {
                if (sigtimedwait(&m_signals, nullptr, &tick) > 0) {
                    onSignal();
                    return;
                }
            }
        });
    }
    ~SignalWatcher() {
        m_done = true;
        m_thread.join();
    }

private:
    sigset_t m_signals;
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

} // namespace

int serve(ServeOptions& options) {
    HttpSettings http = options.http;
    if (!parseListen(options.listen, http.host, http.port)) {
        std::cerr << "error: --listen must be HOST:PORT, e.g. 127.0.0.1:8443\n";
        return 2;
    }
    const std::chrono::minutes tokenLifetime{options.tokenLifetimeMinutes};
    std::chrono::seconds sessionMaxAge = std::chrono::days{30};
    if (options.sessionMaxDays) {
        sessionMaxAge = std::chrono::days{*options.sessionMaxDays};
        if (*options.sessionMaxDays > 0 && sessionMaxAge < tokenLifetime) {
            std::cerr << "error: --session-max-days " << *options.sessionMaxDays
                      << " is shorter than one token lifetime (--token-lifetime-minutes "
                      << options.tokenLifetimeMinutes << "): give at least "
                      << std::chrono::ceil<std::chrono::days>(tokenLifetime).count()
                      << " days, or 0 for no renewal\n";
            return 2;
        }
    } else if (sessionMaxAge < tokenLifetime) {
        // A lifetime longer than the default maximum age was set before renewal existed: keep
        // its fixed behaviour rather than refuse to start after an upgrade.
        sessionMaxAge = std::chrono::seconds::zero();
        std::cerr << "note: --token-lifetime-minutes is longer than 30 days, so sessions are "
                     "not renewed; give --session-max-days to renew them\n";
    }
    if (!ensureDirectory(options.dataDir)) return 1;
    // A client that hangs up while TLS writes to it must cost an error, not the process.
    std::signal(SIGPIPE, SIG_IGN);
    for (const auto& option : options.limitOptions)
        if (!option.text.empty() && !parseLimit(option.text, *option.target)) {
            std::cerr << "error: a rate limit is RATE:BURST (e.g. 2:30) or off, not '"
                      << option.text << "'\n";
            return 2;
        }
    if (options.noRateLimits)
        for (auto* limit :
             {&options.limits.loginPerAddress, &options.limits.loginPerEmail,
              &options.limits.registerPerAddress, &options.limits.holdsPerAccount,
              &options.limits.holdsPerAddress, &options.limits.purchasesPerAccount,
              &options.limits.purchasesPerAddress, &options.limits.queueJoinsPerAccount,
              &options.limits.queueJoinsPerAddress})
            *limit = RateLimit{0, 0};

    // Signals are blocked before any thread starts, so only the watcher receives them.
    std::function<void()> stopServer = [] {};
    std::mutex stopMutex;
    bool stopRequested = false; // a signal that came before the server was listening
    SignalWatcher watcher([&] {
        std::lock_guard lock(stopMutex);
        std::cerr << "stopping: finishing requests in flight\n";
        stopRequested = true;
        stopServer();
    });

    // First, so that it outlives everything that reports to it (the store, the services).
    Metrics metrics;
    const auto url = options.database.empty() ? defaultDatabase(options.dataDir) : options.database;
    auto storage = openDatabase(url, options.databasePool,
                                keysFilePath(options.keysFile, options.dataDir), true, &metrics);
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }

    if (options.tlsCert.empty() != options.tlsKey.empty()) {
        std::cerr << "error: give both --tls-cert and --tls-key, or neither\n";
        return 2;
    }
    http.certPath = options.tlsCert;
    http.keyPath = options.tlsKey;
    if (http.certPath.empty()) {
        auto files = ensureSelfSignedCertificate(options.dataDir, http.host);
        if (!files) {
            std::cerr << "error: " << files.error().message << "\n";
            return 1;
        }
        http.certPath = files->certPath;
        http.keyPath = files->keyPath;
        std::cout << (files->created ? "created" : "using") << " self-signed certificate "
                  << files->certPath
                  << "\nTLS certificate SHA-256 fingerprint: " << files->sha256Fingerprint
                  << std::endl;
    } else if (auto fingerprint = certificateFingerprint(http.certPath)) {
        std::cout << "TLS certificate SHA-256 fingerprint: " << *fingerprint << std::endl;
    }

    SystemClock clock;
    AccountSettings accountSettings;
    accountSettings.tokenLifetime = tokenLifetime;
    accountSettings.sessionMaxAge = sessionMaxAge;
    Storage& store = **storage;
    // Before the accounts and the HTTP server, so it outlives every request that waits on it.
    LoginLane loginLane(options.loginLane);
    AccountService accounts(store.accounts(), clock, accountSettings, &loginLane);
    EventService events(store.events(), store.reports(), clock);
    HoldService holds(store.holds(), store.events(), store.waitingRoom(), clock, &metrics);
    SandboxCardGateway cardGateway;
    CashGateway cashGateway;
    PaymentGateways gateways;
    gateways.add(cardGateway);
    gateways.add(cashGateway);
    auto requestHashKey = store.serverSecret("purchase-request-hash");
    if (!requestHashKey) {
        std::cerr << "error: " << requestHashKey.error().message << "\n";
        return 1;
    }
    auto cardKey = store.serverSecret("card-fingerprint");
    if (!cardKey) {
        std::cerr << "error: " << cardKey.error().message << "\n";
        return 1;
    }
    SalesService sales(
        {store.sales(), store.holds(), store.events(), store.reports(), store.notifications()},
        clock, gateways, *requestHashKey, *cardKey, &metrics,
        std::chrono::seconds{options.cardRefusalHoldSeconds});
    auto powKey = store.serverSecret("proof-of-work");
    if (!powKey) {
        std::cerr << "error: " << powKey.error().message << "\n";
        return 1;
    }
    ProofOfWork proofOfWork(*powKey, clock);
    WaitingRoomService waitingRoom(store.waitingRoom(), clock, proofOfWork, &metrics);
    DoorService door(store.door(), clock, &metrics);
    auto refundHashKey = store.serverSecret("refund-request-hash");
    if (!refundHashKey) {
        std::cerr << "error: " << refundHashKey.error().message << "\n";
        return 1;
    }
    RefundService refunds({store.refunds(), store.sales(), store.events()}, clock, gateways,
                          *refundHashKey, &metrics);

    // Notifications: sent only when a relay or a webhook is configured (the outbox fills
    // either way, so turning them on later sends what is still pending and due).
    auto sender = notificationSender(options.notify, clock);
    if (!sender) return 2;
    NotificationSettings notifySettings;
    notifySettings.language =
        options.notify.mailLanguage == "pt_BR" ? Language::Portuguese : Language::English;
    notifySettings.maxAttempts = options.notify.maxAttempts;
    notifySettings.firstRetry = std::chrono::seconds{options.notify.retrySeconds};
    notifySettings.holdWarning = std::chrono::seconds{options.notify.holdWarningSeconds};
    NotificationService notifications({store.notifications(), store.accounts(), store.events(),
                                       store.sales(), store.holds(), store.refunds()},
                                      clock, **sender, door, notifySettings);
    const bool notifying = (*sender)->sendsEmail() || (*sender)->sendsWebhooks();

    metrics.addGauge("bilheteria_login_lane_waiting",
                     "Sign-ins and registrations waiting for the login lane's threads.",
                     [&loginLane] { return static_cast<double>(loginLane.waiting()); });
    metrics.addGauge("bilheteria_login_lane_running",
                     "Password hashes the login lane is computing now.",
                     [&loginLane] { return static_cast<double>(loginLane.running()); });
    metrics.addGauge("bilheteria_login_lane_threads",
                     "The login lane's threads (0: hashes run on the HTTP workers).",
                     [&loginLane] { return static_cast<double>(loginLane.threads()); });
    metrics.addCounter("bilheteria_login_lane_refused_total",
                       "Sign-ins and registrations refused with 503 because the login lane's "
                       "queue was full.",
                       [&loginLane] { return static_cast<double>(loginLane.refused()); });
    metrics.addCounter(
        "bilheteria_login_lane_completed_total",
        "Password hashes the login lane computed (or the HTTP workers, without one).",
        [&loginLane] { return static_cast<double>(loginLane.completed()); });
    metrics.addCounter(
        "bilheteria_notifications_sent_total",
        "Notifications this server delivered (every channel accepted them).",
        [&notifications] { return static_cast<double>(notifications.deliveredCount()); });
    metrics.addCounter(
        "bilheteria_notification_failures_total",
        "Notification attempts of this server that failed (retried or given up).",
        [&notifications] { return static_cast<double>(notifications.failedAttemptCount()); });
    // The outbox's counts are every server's: the same figure from each instance.
    const auto outboxCount = [&store](std::int64_t NotificationCounts::*field) {
        return [&store, field] {
            auto counts = store.notifications().countNotifications();
            return counts ? static_cast<double>((*counts).*field) : 0.0;
        };
    };
    metrics.addGauge("bilheteria_notifications_pending",
                     "Notifications in the outbox not yet delivered (every server's).",
                     outboxCount(&NotificationCounts::pending));
    metrics.addGauge("bilheteria_notifications_failed",
                     "Notifications given up after their last attempt, kept for the operator.",
                     outboxCount(&NotificationCounts::failed));
    metrics.addGauge("bilheteria_database_up", "1 when the database answers, else 0.",
                     [&store] { return store.ping() ? 1.0 : 0.0; });
    // The database's figures, so every server shows the same (dashboards take the max).
    const auto queueGauge = [&waitingRoom](double (*value)(const QueueLength&)) {
        return [&waitingRoom, value] {
            Metrics::LabelledValues values;
            if (auto lengths = waitingRoom.lengths())
                for (const QueueLength& length : *lengths)
                    values.emplace_back(std::to_string(length.eventId), value(length));
            return values;
        };
    };
    metrics.addGauges("bilheteria_queue_waiting",
                      "Customers waiting in an event's queue (joined, not yet admitted), by "
                      "event; queues whose sale has ended are not shown.",
                      "event", queueGauge([](const QueueLength& length) {
                          return static_cast<double>(length.waiting);
                      }));
    metrics.addGauges(
        "bilheteria_queue_sale_open",
        "1 when the sale of a queued event has opened, 0 while its queue fills "
        "before the opening, by event (as bilheteria_queue_waiting).",
        "event", queueGauge([](const QueueLength& length) { return length.saleOpen ? 1.0 : 0.0; }));
    SalesFigures salesFigures(store.events(), store.reports(), clock);
    addSalesFigures(metrics, salesFigures);

    std::FILE* logFile = nullptr;
    if (options.accessLog != "-" && options.accessLog != "off") {
        logFile = std::fopen(options.accessLog.c_str(), "a");
        if (!logFile) {
            std::cerr << "error: cannot open the access log " << options.accessLog << "\n";
            return 1;
        }
    }
    std::mutex logMutex;
    std::function<void(const std::string&)> accessLog;
    if (options.accessLog != "off") {
        std::FILE* out = logFile ? logFile : stdout;
        accessLog = [out, &logMutex](const std::string& line) {
            std::lock_guard lock(logMutex);
            std::fputs(line.c_str(), out);
            std::fputc('\n', out);
            std::fflush(out);
        };
    }

    // Correctness never waits for these: an expired hold blocks nobody before the sweeper
    // marks it, and a sale is whole before its capture. They tidy up and finish the money.
    Housekeeper housekeeper({
        {"hold sweeper", std::chrono::seconds{1},
         [&holds] {
             // Whole batches while there is a backlog, then wait for the next tick.
             for (int round = 0; round < 20; ++round) {
                 auto expired = holds.expireDue(500);
                 if (!expired || *expired < 500) break;
             }
         }},
        // Every server paces every queue: the state is in the database, and each step starts
        // from the last one committed, whichever server made it.
        {"waiting room", std::chrono::seconds{1}, [&waitingRoom] { (void)waitingRoom.advance(); }},
        {"payment capture recovery", std::chrono::seconds{30},
         [&sales] { (void)sales.captureUncaptured(); }},
        // A refund is whole before the gateway pays it back: this finishes one a crash cut.
        {"refund settlement recovery", std::chrono::seconds{30},
         [&refunds] { (void)refunds.settleUnsettled(); }},
        // A cancellation refunds its event's orders after closing the sale: this finishes one
        // that a crash cut short (a running one is not paid twice: each ticket voids once).
        {"cancellation recovery", std::chrono::seconds{30},
         [&refunds] { (void)refunds.finishCancellations(); }},
        {"store maintenance", std::chrono::seconds{1}, [&store] { (void)store.maintain(); }},
        {"expired sessions", std::chrono::minutes{10},
         [&store, &clock] { (void)store.accounts().deleteExpiredSessions(clock.now()); }},
        // The live feed's outbox keeps the retention; a stream resuming from before it gets a
        // reset (reload) instead of a replay.
        {"change outbox pruning", std::chrono::minutes{1},
         [&store, &clock, retention = std::chrono::minutes{options.changeRetentionMinutes}] {
             (void)store.changes().pruneChanges(clock.now() - retention);
         }},
    });

    // Its own thread: a slow relay or webhook must not hold up the hold sweeper. Every server
    // dispatches; the store's claim keeps them from sending one row twice at once.
    std::optional<Housekeeper> dispatcher;
    if (notifying) {
        std::cout << "notifications: " << ((*sender)->sendsEmail() ? "e-mail" : "")
                  << ((*sender)->sendsEmail() && (*sender)->sendsWebhooks() ? " and " : "")
                  << ((*sender)->sendsWebhooks() ? "webhooks" : "") << std::endl;
        dispatcher.emplace(std::vector<Housekeeper::Task>{
            {"hold expiry warnings", std::chrono::seconds{1},
             [&notifications] { (void)notifications.warnExpiringHolds(); }},
            {"notification dispatch", std::chrono::milliseconds{500},
             [&notifications] {
                 // Whole batches while there is a backlog, then wait for the next tick.
                 for (int round = 0; round < 50; ++round) {
                     auto handled = notifications.dispatchDue();
                     if (!handled || *handled == 0) break;
                 }
             }},
        });
    }

    // Live notifications: this instance's one reader of the change outbox.
    auto changeSource = store.changes().openChangeSource();
    if (!changeSource) {
        std::cerr << "error: " << changeSource.error().message << "\n";
        return 1;
    }
    LiveSettings liveSettings;
    liveSettings.batchInterval = std::chrono::milliseconds{options.streamBatchMs};
    liveSettings.writesPerSecond = options.streamWritesPerSecond;
    liveSettings.sessionCheckInterval = std::chrono::seconds{options.streamSessionCheckSeconds};
    LiveHub live(**changeSource, store.events(), store.changes(), store.accounts(), clock,
                 liveSettings);
    live.setErrorHandler([](const Error& error) {
        std::cerr << "live notifications: " << error.message << std::endl;
    });
    if (auto started = live.start(); !started) {
        std::cerr << "error: cannot read the change outbox: " << started.error().message << "\n";
        return 1;
    }
    RateLimiter rateLimiter;
    SeatMapService seatMaps(
        store.events(), **changeSource, [&live] { return live.cursor(); }, clock);
    HttpServer server({accounts, events, holds, sales, waitingRoom, door, refunds,
                       [&store] { return store.ping(); }, metrics, rateLimiter, options.limits,
                       proofOfWork, options.antiBot, live, options.liveStreams, seatMaps},
                      http, accessLog);
    auto port = server.bind();
    if (!port) {
        std::cerr << "error: " << port.error().message << "\n";
        return 1;
    }
    {
        std::lock_guard lock(stopMutex);
        if (stopRequested) return 0;
        stopServer = [&server] { server.stop(); };
    }
    const bool v6 = http.host.find(':') != std::string::npos;
    std::cout << "bilheteria-server " << store.backendName() << " database, " << http.threads
              << " workers, up to " << http.maxStreams << " live streams; listening on https://"
              << (v6 ? "[" : "") << http.host << (v6 ? "]" : "") << ":" << *port << std::endl;
    server.run();
    {
        std::lock_guard lock(stopMutex);
        stopServer = [] {};
    }
    if (logFile) std::fclose(logFile);
    std::cout << "stopped cleanly" << std::endl;
    return 0;
}

} // namespace bilheteria
