#include "server/app/commandline.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "server/app/housekeeper.h"
#include "server/app/systemclock.h"
#include "server/core/accounts.h"
#include "server/core/events.h"
#include "server/core/holds.h"
#include "server/core/livehub.h"
#include "server/core/queue.h"
#include "server/core/sales.h"
#include "server/http/httpserver.h"
#include "server/http/tlscertificate.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"
#include "server/store/storagefactory.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

namespace {

// "RATE:BURST" (tokens per second, bucket size) or "off".
struct LimitOption {
    std::string text;
    RateLimit* target;
};

bool parseLimit(const std::string& text, RateLimit& limit) {
    if (text == "off" || text == "0") {
        limit = RateLimit{0, 0};
        return true;
    }
    const auto colon = text.find(':');
    if (colon == std::string::npos) return false;
    try {
        std::size_t used = 0;
        const double rate = std::stod(text.substr(0, colon), &used);
        if (used != colon) return false;
        const std::string burstText = text.substr(colon + 1);
        const double burst = std::stod(burstText, &used);
        if (used != burstText.size() || rate <= 0 || burst < 1) return false;
        limit = RateLimit{rate, burst};
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

struct ServeOptions {
    std::string listen = "127.0.0.1:8443";
    std::string database;
    std::string dataDir = "bilheteria-data";
    std::string tlsCert;
    std::string tlsKey;
    std::string accessLog = "-";
    int databasePool = 16;
    int tokenLifetimeMinutes = 12 * 60;
    HttpSettings http;
    RateLimitSettings limits;
    std::deque<LimitOption> limitOptions; // a deque: add_option keeps pointers to its texts
    bool noRateLimits = false;
    AntiBotSettings antiBot;
    LiveStreamSettings liveStreams;
    int streamBatchMs = 250;
    int streamWritesPerSecond = 5000;
    int changeRetentionMinutes = 60;
};

struct UserAddOptions {
    std::string database;
    std::string dataDir = "bilheteria-data";
    std::string email;
    std::string name;
    std::string role = "buyer";
};

std::string defaultDatabase(const std::string& dataDir) {
    return "sqlite:" + (std::filesystem::path(dataDir) / "bilheteria.sqlite3").string();
}

// "HOST:PORT" or "[IPv6]:PORT".
bool parseListen(const std::string& text, std::string& host, int& port) {
    std::string portText;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return false;
        host = text.substr(1, close - 1);
        portText = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0) return false;
        host = text.substr(0, colon);
        portText = text.substr(colon + 1);
    }
    try {
        std::size_t used = 0;
        port = std::stoi(portText, &used);
        return used == portText.size() && port >= 0 && port <= 65535;
    } catch (const std::exception&) {
        return false;
    }
}

Result<std::unique_ptr<Storage>> openDatabase(const std::string& url, int poolSize) {
    StorageOptions options;
    options.url = url;
    options.poolSize = poolSize;
    return openStorage(options);
}

bool ensureDirectory(const std::string& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
        std::cerr << "error: cannot create the data directory " << dir << ": " << error.message()
                  << "\n";
        return false;
    }
    return true;
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

int serve(ServeOptions& options) {
    HttpSettings http = options.http;
    if (!parseListen(options.listen, http.host, http.port)) {
        std::cerr << "error: --listen must be HOST:PORT, e.g. 127.0.0.1:8443\n";
        return 2;
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

    const auto url = options.database.empty() ? defaultDatabase(options.dataDir) : options.database;
    auto storage = openDatabase(url, options.databasePool);
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
    accountSettings.tokenLifetime = std::chrono::minutes{options.tokenLifetimeMinutes};
    AccountService accounts(**storage, clock, accountSettings);
    EventService events(**storage, clock);
    HoldService holds(**storage, clock);
    SandboxCardGateway cardGateway;
    CashGateway cashGateway;
    PaymentGateways gateways;
    gateways.add(cardGateway);
    gateways.add(cashGateway);
    auto requestHashKey = (*storage)->serverSecret("purchase-request-hash");
    if (!requestHashKey) {
        std::cerr << "error: " << requestHashKey.error().message << "\n";
        return 1;
    }
    auto cardKey = (*storage)->serverSecret("card-fingerprint");
    if (!cardKey) {
        std::cerr << "error: " << cardKey.error().message << "\n";
        return 1;
    }
    SalesService sales(**storage, clock, gateways, *requestHashKey, *cardKey);
    Storage& store = **storage;
    auto powKey = store.serverSecret("proof-of-work");
    if (!powKey) {
        std::cerr << "error: " << powKey.error().message << "\n";
        return 1;
    }
    ProofOfWork proofOfWork(*powKey, clock);
    WaitingRoomService waitingRoom(store, clock, proofOfWork);
    Metrics metrics;
    metrics.addGauge("bilheteria_database_up", "1 when the database answers, else 0.",
                     [&store] { return store.ping() ? 1.0 : 0.0; });
    metrics.addCounter("bilheteria_queue_joins_total",
                       "Places taken in waiting rooms through this server.",
                       [&waitingRoom] { return static_cast<double>(waitingRoom.joinsCounted()); });
    metrics.addCounter(
        "bilheteria_queue_admissions_total",
        "Customers let in from waiting rooms by this server's pacing.",
        [&waitingRoom] { return static_cast<double>(waitingRoom.admissionsCounted()); });

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
        {"store maintenance", std::chrono::seconds{1}, [&store] { (void)store.maintain(); }},
        {"expired sessions", std::chrono::minutes{10},
         [&store, &clock] { (void)store.deleteExpiredSessions(clock.now()); }},
        // The live feed's outbox keeps the retention; a stream resuming from before it gets a
        // reset (reload) instead of a replay.
        {"change outbox pruning", std::chrono::minutes{1},
         [&store, &clock, retention = std::chrono::minutes{options.changeRetentionMinutes}] {
             (void)store.pruneChanges(clock.now() - retention);
         }},
    });

    // Live notifications: this instance's one reader of the change outbox.
    auto changeSource = store.openChangeSource();
    if (!changeSource) {
        std::cerr << "error: " << changeSource.error().message << "\n";
        return 1;
    }
    LiveSettings liveSettings;
    liveSettings.batchInterval = std::chrono::milliseconds{options.streamBatchMs};
    liveSettings.writesPerSecond = options.streamWritesPerSecond;
    LiveHub live(**changeSource, store, clock, liveSettings);
    live.setErrorHandler([](const Error& error) {
        std::cerr << "live notifications: " << error.message << std::endl;
    });
    if (auto started = live.start(); !started) {
        std::cerr << "error: cannot read the change outbox: " << started.error().message << "\n";
        return 1;
    }
    RateLimiter rateLimiter;
    HttpServer server({accounts, events, holds, sales, waitingRoom,
                       [&store] { return store.ping(); }, metrics, rateLimiter, options.limits,
                       proofOfWork, options.antiBot, live, options.liveStreams},
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

std::string readPassword() {
    if (isatty(STDIN_FILENO)) std::cerr << "password: " << std::flush;
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

int addUser(const UserAddOptions& options) {
    const auto role = roleFromName(options.role);
    if (!role) {
        std::cerr << "error: --role must be buyer, clerk, organizer or admin\n";
        return 2;
    }
    if (options.database.empty() && !ensureDirectory(options.dataDir)) return 1;
    const auto url = options.database.empty() ? defaultDatabase(options.dataDir) : options.database;
    auto storage = openDatabase(url, 2);
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }
    SystemClock clock;
    AccountService accounts(**storage, clock);
    auto user = accounts.addUser(options.email, readPassword(), options.name, *role);
    if (!user) {
        std::cerr << "error: " << user.error().message << "\n";
        return 1;
    }
    std::cout << toJson(*user).dump() << std::endl;
    return 0;
}

// Prints an integrity report; exit status 0 when it found nothing wrong.
int printReport(const Result<IntegrityReport>& report, const std::string& what) {
    if (!report) {
        std::cerr << "error: " << report.error().message << "\n";
        return 1;
    }
    for (const auto& problem : report->problems)
        std::cout << "PROBLEM: " << problem << "\n";
    std::cout << what << ": " << report->checkedItems << " checked, " << report->problems.size()
              << " problem(s)" << (report->ok() ? " — all good" : "") << std::endl;
    return report->ok() ? 0 : 3;
}

int checkDatabase(const std::string& url) {
    auto storage = openDatabase(url, 2);
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }
    SystemClock clock;
    return printReport((*storage)->checkInvariants(clock.now()), "invariant check");
}

int verifyAudit(const std::string& url) {
    auto storage = openDatabase(url, 2);
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }
    return printReport((*storage)->verifyAudit(), "audit chain");
}

} // namespace

int runCommandLine(int argc, char** argv) {
    CLI::App app{"Bilheteria box-office server"};
    app.require_subcommand(1);
    app.set_config("--config", "", "Read options from a TOML/INI file ([serve] section)");

    ServeOptions serveOptions;
    auto* serveCommand = app.add_subcommand("serve", "Serve the HTTPS API");
    auto& so = serveOptions;
    serveCommand->add_option("--listen", so.listen, "HOST:PORT to listen on")
        ->capture_default_str();
    serveCommand->add_option("--database", so.database,
                             "sqlite:PATH or postgresql://... (default: sqlite in the data dir)");
    serveCommand->add_option("--data-dir", so.dataDir, "Folder for the SQLite file and TLS files")
        ->capture_default_str();
    serveCommand->add_option("--tls-cert", so.tlsCert, "PEM certificate (chain) file");
    serveCommand->add_option("--tls-key", so.tlsKey, "PEM private key file");
    serveCommand
        ->add_option("--threads", so.http.threads,
                     "Worker threads (each open keep-alive connection holds one)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    serveCommand
        ->add_option("--max-streams", so.http.maxStreams,
                     "Live event streams open at once (each holds a thread beside the workers)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    serveCommand
        ->add_option("--stream-heartbeat-seconds", so.liveStreams.heartbeatSeconds,
                     "Seconds of silence after which a live stream sends a ': ping' comment")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    serveCommand
        ->add_option("--stream-batch-ms", so.streamBatchMs,
                     "Live streams get at most one batch of changes per event this often")
        ->capture_default_str()
        ->check(CLI::Range(0, 10000));
    serveCommand
        ->add_option("--stream-writes-per-second", so.streamWritesPerSecond,
                     "An event with many streams gets its batches less often, to stay near this "
                     "many stream writes per second (0: no bound)")
        ->capture_default_str()
        ->check(CLI::Range(0, 10000000));
    serveCommand
        ->add_option("--change-retention-minutes", so.changeRetentionMinutes,
                     "How long the change outbox keeps changes for reconnecting streams")
        ->capture_default_str()
        ->check(CLI::Range(1, 60 * 24 * 30));
    serveCommand->add_option("--listen-backlog", so.http.listenBacklog, "TCP listen backlog")
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    serveCommand->add_option("--max-body-bytes", so.http.maxBodyBytes, "Largest request body (413)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
    serveCommand
        ->add_option("--keep-alive-timeout", so.http.keepAliveTimeoutSeconds,
                     "Seconds an idle keep-alive connection stays open")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    serveCommand
        ->add_option("--keep-alive-max-requests", so.http.keepAliveMaxRequests,
                     "Requests per keep-alive connection")
        ->capture_default_str();
    serveCommand
        ->add_option("--read-timeout", so.http.readTimeoutSeconds,
                     "Seconds to wait for a request's bytes")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    serveCommand
        ->add_option("--write-timeout", so.http.writeTimeoutSeconds,
                     "Seconds to wait for a client to read a response")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    serveCommand->add_option("--database-pool", so.databasePool, "Database connections kept open")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    serveCommand
        ->add_option("--token-lifetime-minutes", so.tokenLifetimeMinutes,
                     "How long a login token lasts")
        ->capture_default_str()
        ->check(CLI::Range(1, 60 * 24 * 90));
    serveCommand
        ->add_option("--access-log", so.accessLog,
                     "Where JSON access-log lines go: -, a file, or off")
        ->capture_default_str();

    auto& limits = so.limits;
    auto limitFlag = [&](const std::string& name, RateLimit& limit, const std::string& what) {
        so.limitOptions.push_back({"", &limit});
        char shown[64];
        std::snprintf(shown, sizeof shown, "%g:%g", limit.ratePerSecond, limit.burst);
        serveCommand->add_option(name, so.limitOptions.back().text,
                                 what + " (RATE:BURST per second, or off; default " +
                                     std::string(shown) + ")");
    };
    limitFlag("--limit-login-address", limits.loginPerAddress, "Logins per client address");
    limitFlag("--limit-login-email", limits.loginPerEmail, "Logins per account email");
    limitFlag("--limit-register-address", limits.registerPerAddress,
              "Registrations per client address");
    limitFlag("--limit-holds-account", limits.holdsPerAccount, "Holds per account");
    limitFlag("--limit-holds-address", limits.holdsPerAddress, "Holds per client address");
    limitFlag("--limit-purchases-account", limits.purchasesPerAccount, "Purchases per account");
    limitFlag("--limit-purchases-address", limits.purchasesPerAddress,
              "Purchases per client address");
    limitFlag("--limit-queue-account", limits.queueJoinsPerAccount,
              "Waiting-room joins per account");
    limitFlag("--limit-queue-address", limits.queueJoinsPerAddress,
              "Waiting-room joins per client address");
    serveCommand->add_flag("--no-rate-limits", so.noRateLimits,
                           "Turn every rate limit off (load tests from one address only)");
    serveCommand
        ->add_option("--register-pow-bits", so.antiBot.registerPowBits,
                     "Proof of work asked to register, in leading zero bits of SHA-256 "
                     "(0: off; 20 costs a client about a second)")
        ->capture_default_str()
        ->check(CLI::Range(0, 28));
    serveCommand->add_option("--trusted-proxy", limits.trustedProxies,
                             "Address of a proxy (nginx) whose X-Forwarded-For is believed; "
                             "repeat for several");

    UserAddOptions userOptions;
    auto* userCommand = app.add_subcommand("user", "Manage accounts");
    userCommand->require_subcommand(1);
    auto* addCommand =
        userCommand->add_subcommand("add", "Create an account; the password is read from stdin");
    addCommand->add_option("--database", userOptions.database, "sqlite:PATH or postgresql://...");
    addCommand->add_option("--data-dir", userOptions.dataDir, "Data dir (for the default database)")
        ->capture_default_str();
    addCommand->add_option("--email", userOptions.email, "Email address")->required();
    addCommand->add_option("--name", userOptions.name, "Display name")->required();
    addCommand->add_option("--role", userOptions.role, "buyer, clerk, organizer or admin")
        ->capture_default_str()
        ->check(CLI::IsMember({"buyer", "clerk", "organizer", "admin"}));

    std::string checkUrl;
    auto* checkCommand = app.add_subcommand(
        "check", "Check the database's invariants: places, tickets, payments, limits, audit");
    checkCommand->add_option("--database", checkUrl, "sqlite:PATH or postgresql://...")->required();

    std::string auditUrl;
    auto* auditCommand = app.add_subcommand("audit", "The tamper-evident audit log");
    auditCommand->require_subcommand(1);
    auto* verifyCommand =
        auditCommand->add_subcommand("verify", "Verify every audit chain; name the first break");
    verifyCommand->add_option("--database", auditUrl, "sqlite:PATH or postgresql://...")
        ->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    if (serveCommand->parsed()) return serve(serveOptions);
    if (addCommand->parsed()) return addUser(userOptions);
    if (checkCommand->parsed()) return checkDatabase(checkUrl);
    if (verifyCommand->parsed()) return verifyAudit(auditUrl);
    return 2;
}

} // namespace bilheteria
