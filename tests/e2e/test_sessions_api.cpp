// Long-lived sessions through the real server on both stores: a token used in the second half
// of its lifetime is renewed (GET /api/v1/me shows until when), outlives the expiry its sign-in
// gave it, is never brought back after a logout, and ends at --session-max-days after the
// sign-in. The server's clock is the system's: a test moves a session through time by moving
// its stored times back, as if that long had passed since its sign-in.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shared/crypto/crypto.h"
#include "shared/timeformat.h"
#include "tests/support/apitest.h"
#include "tests/support/builders.h"
#include "tests/support/rawdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kLifetime = 60min;
constexpr auto kMaxAge = std::chrono::days{1};

class SessionsApiTest : public ApiTest {
protected:
    void SetUp() override {
        createDatabase({kAna});
        m_raw = std::make_unique<RawDatabase>(GetParam(), url());
    }

    // Tokens last an hour and are renewed for at most a day.
    void start(std::vector<std::string> args = {"--session-max-days", "1"}) {
        args.insert(args.begin(), {"--no-rate-limits", "--token-lifetime-minutes", "60"});
        startServer(args);
    }

    std::string signIn() { return client().login(kAna.email, kTestPassword); }

    static std::string key(const std::string& token) { return crypto::sha256Hex(token); }

    // Moves the session's sign-in and expiry `by` back: for the server, `by` has passed.
    void age(const std::string& token, std::chrono::seconds by) {
        ageSignIn(token, by);
        ageExpiry(token, by);
    }
    void ageSignIn(const std::string& token, std::chrono::seconds by) {
        m_raw->exec("UPDATE sessions SET created_at = created_at - " + std::to_string(by.count()) +
                    " WHERE token_hash = '" + key(token) + "'");
    }
    void ageExpiry(const std::string& token, std::chrono::seconds by) {
        m_raw->exec("UPDATE sessions SET expires_at = expires_at - " + std::to_string(by.count()) +
                    " WHERE token_hash = '" + key(token) + "'");
    }

    TimePoint stored(const std::string& token, const std::string& column) {
        return TimePoint{std::chrono::seconds{m_raw->count(
            "SELECT " + column + " FROM sessions WHERE token_hash = '" + key(token) + "'")}};
    }
    std::int64_t sessionRows(const std::string& token) {
        return m_raw->count("SELECT count(*) FROM sessions WHERE token_hash = '" + key(token) +
                            "'");
    }

    // GET /api/v1/me answers 200 with the session's expiry.
    TimePoint sessionExpiry(const std::string& token) {
        auto me = client().get("/api/v1/me", token);
        EXPECT_EQ(me.status, 200) << me.raw;
        EXPECT_EQ(me.body["user"]["email"], kAna.email) << me.raw;
        const auto expiry = parseRfc3339(me.body.value("session_expires_at", ""));
        EXPECT_TRUE(expiry) << me.raw;
        return expiry.value_or(TimePoint{});
    }

    std::unique_ptr<RawDatabase> m_raw;
};

TEST_P(SessionsApiTest, ATokenUsedPastHalfItsLifetimeOutlivesItsFirstExpiry) {
    start();
    const std::string token = signIn();
    // Early in its lifetime a request changes nothing.
    const TimePoint first = stored(token, "expires_at");
    EXPECT_EQ(sessionExpiry(token), first);
    EXPECT_EQ(stored(token, "expires_at"), first);

    // 40 minutes later it is renewed to a full hour from now: 40 minutes on, less a second of
    // the request's own time.
    age(token, 40min);
    const TimePoint aged = stored(token, "expires_at");
    const TimePoint renewed = sessionExpiry(token);
    EXPECT_GE(renewed - aged, 40min - 2s);
    EXPECT_LE(renewed - aged, 40min + 2s);
    EXPECT_EQ(stored(token, "expires_at"), renewed) << "what /me shows is what is stored";

    // 50 minutes more: without the renewal the token would have expired 30 minutes ago.
    age(token, 50min);
    EXPECT_LT(aged - 50min,
              std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - 29min);
    auto orders = client().get("/api/v1/orders", token); // any request renews, not only /me
    EXPECT_EQ(orders.status, 200) << orders.raw;
    EXPECT_GE(stored(token, "expires_at") - (renewed - 50min), 50min);
    EXPECT_EQ(client().get("/api/v1/me", token).status, 200);

    // Unused for a whole lifetime, it ends.
    age(token, kLifetime);
    auto expired = client().get("/api/v1/me", token);
    expectApiError(expired, 401, "unauthenticated");
}

TEST_P(SessionsApiTest, ALoggedOutTokenIsNotRevived) {
    start();
    const std::string token = signIn();
    age(token, 40min); // due for a renewal
    auto logout = client().post("/api/v1/auth/logout", json::object(), token);
    EXPECT_EQ(logout.status, 204) << logout.raw;
    expectApiError(client().get("/api/v1/me", token), 401, "unauthenticated");
    EXPECT_EQ(sessionRows(token), 0);
}

TEST_P(SessionsApiTest, TheMaximumAgeEndsATokenInUse) {
    start();
    const std::string token = signIn();
    // Signed in 23 h 50 min ago and due for a renewal (five minutes left): renewed only up to
    // a day after its sign-in, ten minutes from now, not to a full hour.
    ageSignIn(token, kMaxAge - 10min);
    ageExpiry(token, 55min);
    const TimePoint limit = stored(token, "created_at") + kMaxAge;
    EXPECT_EQ(sessionExpiry(token), limit);
    EXPECT_EQ(stored(token, "expires_at"), limit);

    // Ten minutes later the token is done, however much it is used.
    age(token, 10min);
    expectApiError(client().get("/api/v1/me", token), 401, "unauthenticated");

    // A new sign-in works.
    EXPECT_EQ(client().get("/api/v1/me", signIn()).status, 200);
}

TEST_P(SessionsApiTest, NoRenewalWithAMaximumAgeOfZero) {
    start({"--session-max-days", "0"});
    const std::string token = signIn();
    const TimePoint first = stored(token, "expires_at");
    age(token, 50min);
    EXPECT_EQ(sessionExpiry(token), first - 50min);
    EXPECT_EQ(stored(token, "expires_at"), first - 50min);
    age(token, 10min);
    expectApiError(client().get("/api/v1/me", token), 401, "unauthenticated");
}

TEST_P(SessionsApiTest, AMaximumAgeShorterThanOneLifetimeIsRefusedAtStart) {
    std::string output;
    const int status =
        runServerCommand({"serve", "--listen", "127.0.0.1:0", "--database", url(), "--data-dir",
                          "/tmp/bilheteria-never-created", "--token-lifetime-minutes", "2880",
                          "--session-max-days", "1"},
                         "", &output);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("--session-max-days 1 is shorter than one token lifetime"),
              std::string::npos)
        << output;
    EXPECT_NE(output.find("at least 2 days"), std::string::npos) << output;
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionsApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
