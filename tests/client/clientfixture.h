// What the client suites share: a real bilheteria-server on a fresh SQLite database with one
// account per role and the demo event, an ApiClient that trusts it, and a way to wait for an
// asynchronous call's answer.
#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client-qt/net/apiclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {

// The clients' outcome-unknown retries, shortened for tests: 3 s in all, from 200 ms up to 1 s.
inline constexpr OutcomeRetryPolicy kTestOutcomeRetry{std::chrono::milliseconds{3'000},
                                                      std::chrono::milliseconds{200},
                                                      std::chrono::milliseconds{1'000}};

class LiveServer {
public:
    // Accounts (password kTestPassword): one per role.
    static constexpr const char* kClerk = "clerk@bilheteria.test";
    static constexpr const char* kOrganizer = "organizer@bilheteria.test";
    static constexpr const char* kBuyer = "buyer@bilheteria.test";
    static constexpr const char* kAdmin = "admin@bilheteria.test";

    explicit LiveServer(std::vector<std::string> extraArgs = {"--no-rate-limits"});
    ~LiveServer();

    QString url() const;
    QString caCertPath() const;
    ServerProcess& process() { return *m_server; }
    HttpsClient& http() { return *m_http; }
    const std::string& databaseUrl() const { return m_database->url(); }
    const std::string& organizerToken() const { return m_organizerToken; }
    // The contract's example event (demoEventBody): 42 seats and 500 general places, on sale.
    Id demoEventId() const { return m_demoEventId; }
    // Creates an event as the organizer; returns its id.
    Id createEvent(const nlohmann::json& body);

    // An ApiClient on this server that trusts its certificate (through a CA file, as a venue
    // would hand it out), signed in as `email` when given.
    std::unique_ptr<client::ApiClient> client(const char* email = nullptr);

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_http;
    std::string m_organizerToken;
    Id m_demoEventId = 0;
};

// A counter sale through the client, as a clerk makes it: hold `request`, then pay.
client::ApiResult<Order> sellAtCounter(client::ApiClient& api, Id eventId,
                                       const HoldRequest& request, const PaymentRequest& payment);
// A counter sale in cash of `count` seats of `eventId` free right now (read from the server).
client::ApiResult<Order> sellFreeSeats(client::ApiClient& api, Id eventId, int count);
// A card the sandbox gateway approves.
CardPayment approvedCard();
// An https URL on this machine where nothing listens: a server that stopped answering.
QUrl unreachableUrl();

// With BILHETERIA_SCREENSHOT_DIR set, saves what `widget` shows as DIR/NAME.png (after the
// pending layout work, so the shot is current); otherwise does nothing.
void saveScreenshot(QWidget* widget, const QString& name);

// Runs the event loop until the call made by `start(context, callback)` answers, or 20 s pass
// (then a Network error saying so).
template <typename T, typename Start>
client::ApiResult<T> await(Start start, int timeoutMs = 20'000) {
    std::optional<client::ApiResult<T>> out;
    QObject context;
    start(&context, [&out](client::ApiResult<T> result) { out = std::move(result); });
    const QDeadlineTimer deadline(timeoutMs);
    while (!out && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    if (!out) {
        client::ApiError error;
        error.error = Error{ErrorCode::Unavailable, "the test gave up waiting for the answer"};
        return std::unexpected(error);
    }
    return std::move(*out);
}

} // namespace bilheteria::testing
