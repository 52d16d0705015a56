#include "server/app/commandline.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>

#include "server/app/backupcommands.h"
#include "server/app/datadir.h"
#include "server/app/keyscommand.h"
#include "server/app/serve.h"
#include "server/app/systemclock.h"
#include "server/core/accounts.h"
#include "shared/jsonmapping.h"

namespace bilheteria {

namespace {

struct UserAddOptions {
    std::string database;
    std::string dataDir = "bilheteria-data";
    std::string keysFile;
    std::string email;
    std::string name;
    std::string role = "buyer";
};

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
        std::cerr << "error: --role must be buyer, clerk, organizer, admin or door\n";
        return 2;
    }
    if (options.database.empty() && !ensureDirectory(options.dataDir)) return 1;
    const auto url = options.database.empty() ? defaultDatabase(options.dataDir) : options.database;
    // Like serve, the first account of a new demo database may make its keys file.
    auto storage = openDatabase(url, 2, keysFilePath(options.keysFile, options.dataDir), true);
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }
    SystemClock clock;
    AccountService accounts((*storage)->accounts(), clock);
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

int checkDatabase(const DatabaseOptions& options) {
    auto storage = openDatabase(options.database, 2, options.keysFilePath());
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }
    SystemClock clock;
    return printReport((*storage)->audit().checkInvariants(clock.now()), "invariant check");
}

int verifyAudit(const DatabaseOptions& options) {
    auto storage = openDatabase(options.database, 2, options.keysFilePath());
    if (!storage) {
        std::cerr << "error: cannot open the database: " << storage.error().message << "\n";
        return 1;
    }
    return printReport((*storage)->audit().verifyAudit(), "audit chain");
}

} // namespace

int runCommandLine(int argc, char** argv) {
    CLI::App app{"Bilheteria box-office server"};
    app.require_subcommand(1);
    app.set_config("--config", "", "Read options from a TOML/INI file ([serve] section)");

    ServeOptions serveOptions;
    auto* serveCommand = app.add_subcommand("serve", "Serve the HTTPS API");
    // `serve --config FILE` reads the file as `--config FILE serve` does.
    serveCommand->fallthrough();
    auto& so = serveOptions;
    serveCommand->add_option("--listen", so.listen, "HOST:PORT to listen on")
        ->capture_default_str();
    serveCommand->add_option("--database", so.database,
                             "sqlite:PATH or postgresql://... (default: sqlite in the data dir)");
    serveCommand->add_option("--data-dir", so.dataDir, "Folder for the SQLite file and TLS files")
        ->capture_default_str();
    addKeysFileOption(*serveCommand, so.keysFile);
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
        ->add_option("--stream-session-check-seconds", so.streamSessionCheckSeconds,
                     "How often the sessions of the streams opened with a token are looked up "
                     "again (a logout on another instance ends their streams within this)")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
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
    serveCommand
        ->add_option("--shutdown-grace-seconds", so.http.shutdownGraceSeconds,
                     "On SIGTERM, seconds the requests being answered get to finish before every "
                     "connection still open is cut")
        ->capture_default_str()
        ->check(CLI::Range(0, 3600));
    serveCommand->add_option("--database-pool", so.databasePool, "Database connections kept open")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    serveCommand
        ->add_option("--token-lifetime-minutes", so.tokenLifetimeMinutes,
                     "How long a login token lasts; a token used in the second half of its "
                     "lifetime is renewed to a full one (see --session-max-days)")
        ->capture_default_str()
        ->check(CLI::Range(1, 60 * 24 * 90));
    serveCommand
        ->add_option("--session-max-days", so.sessionMaxDays,
                     "Renewals never keep a session past this many days after its sign-in; then "
                     "the buyer signs in again. 0: no renewal, a token ends one lifetime after "
                     "its sign-in (default: 30)")
        ->check(CLI::Range(0, 366));
    serveCommand
        ->add_option("--login-threads", so.loginLane.threads,
                     "Threads of the login lane, where sign-ins and registrations hash passwords "
                     "apart from the sale's workers (default: half the cores, at least 1; 0: on "
                     "the HTTP workers)")
        ->capture_default_str()
        ->check(CLI::Range(0, 256));
    serveCommand
        ->add_option("--login-queue", so.loginLane.queue,
                     "Sign-ins waiting for the login lane at most; one more answers 503 with "
                     "Retry-After")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    serveCommand
        ->add_option("--login-nice", so.loginLane.nice,
                     "Nice value added to the login lane's threads, so the kernel runs the "
                     "sale's first (0: the same priority)")
        ->capture_default_str()
        ->check(CLI::Range(0, 19));
    serveCommand
        ->add_option("--card-refusal-hold-seconds", so.cardRefusalHoldSeconds,
                     "After a purchase is refused with card_limit_exceeded, its hold lasts at "
                     "most this many seconds more (another card may pay meanwhile)")
        ->capture_default_str()
        ->check(CLI::Range(1, 24 * 3600));
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

    auto& notify = so.notify;
    serveCommand->add_option("--smtp-url", notify.smtpUrl,
                             "SMTP relay for the buyers' e-mails: smtp://HOST:PORT or "
                             "smtps://HOST:PORT (none: no e-mail)");
    serveCommand->add_option("--smtp-from", notify.smtpFrom, "The e-mails' From address")
        ->capture_default_str();
    serveCommand->add_option("--smtp-user", notify.smtpUser, "SMTP login (none: no login)");
    serveCommand->add_option("--smtp-password-file", notify.smtpPasswordFile,
                             "File holding the SMTP password (its first line)");
    serveCommand->add_flag("--smtp-starttls", notify.smtpStartTls,
                           "Require TLS on smtp:// (STARTTLS); smtps:// is TLS from the start");
    serveCommand->add_option("--mail-language", notify.mailLanguage, "The e-mails' language")
        ->capture_default_str()
        ->check(CLI::IsMember({"en", "pt_BR"}));
    serveCommand->add_option("--webhook-url", notify.webhookUrls,
                             "Organizer system to POST signed notifications to (https://...); "
                             "repeat for several");
    serveCommand->add_option("--webhook-secret-file", notify.webhookSecretFile,
                             "File holding the webhooks' HMAC-SHA256 key (its first line)");
    serveCommand->add_option("--notify-ca-file", notify.caFile,
                             "PEM CA certificates trusted for the relay's and webhooks' TLS "
                             "(default: the system's)");
    serveCommand
        ->add_option("--hold-warning-seconds", notify.holdWarningSeconds,
                     "Warn a buyer by e-mail when their hold expires within this (0: never)")
        ->capture_default_str()
        ->check(CLI::Range(0, 86400));
    serveCommand
        ->add_option("--notify-max-attempts", notify.maxAttempts,
                     "Attempts to deliver a notification before giving it up")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    serveCommand
        ->add_option("--notify-retry-seconds", notify.retrySeconds,
                     "Wait before a failed notification's second attempt; doubled after each "
                     "failure, up to an hour")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));

    UserAddOptions userOptions;
    auto* userCommand = app.add_subcommand("user", "Manage accounts");
    userCommand->require_subcommand(1);
    auto* addCommand =
        userCommand->add_subcommand("add", "Create an account; the password is read from stdin");
    addCommand->add_option("--database", userOptions.database, "sqlite:PATH or postgresql://...");
    addCommand->add_option("--data-dir", userOptions.dataDir, "Data dir (for the default database)")
        ->capture_default_str();
    addKeysFileOption(*addCommand, userOptions.keysFile);
    addCommand->add_option("--email", userOptions.email, "Email address")->required();
    addCommand->add_option("--name", userOptions.name, "Display name")->required();
    addCommand->add_option("--role", userOptions.role, "buyer, clerk, organizer, admin or door")
        ->capture_default_str()
        ->check(CLI::IsMember({"buyer", "clerk", "organizer", "admin", "door"}));

    DatabaseOptions checkOptions;
    auto* checkCommand = app.add_subcommand(
        "check", "Check the database's invariants: places, tickets, payments, limits, audit");
    addDatabaseOptions(*checkCommand, checkOptions);

    DatabaseOptions auditOptions;
    auto* auditCommand = app.add_subcommand("audit", "The tamper-evident audit log");
    auditCommand->require_subcommand(1);
    auto* verifyCommand =
        auditCommand->add_subcommand("verify", "Verify every audit chain; name the first break");
    addDatabaseOptions(*verifyCommand, auditOptions);

    KeysCommands keysCommands(app);
    BackupCommands backupCommands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    if (serveCommand->parsed()) return serve(serveOptions);
    if (addCommand->parsed()) return addUser(userOptions);
    if (checkCommand->parsed()) return checkDatabase(checkOptions);
    if (verifyCommand->parsed()) return verifyAudit(auditOptions);
    if (keysCommands.parsed()) return keysCommands.run();
    if (backupCommands.parsed()) return backupCommands.run();
    return 2;
}

} // namespace bilheteria
