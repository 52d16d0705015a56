// The HTTP contract, black-box: the real server binary over HTTPS, on both stores.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "server/core/proofofwork.h"
#include "shared/crypto/crypto.h"
#include "shared/protocol.h"
#include "shared/timeformat.h"
#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;

const std::string& kPassword = kTestPassword;

json demoEvent(const std::string& name = "Rock Night") {
    return demoEventBody(name);
}

class HttpApiTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        addUser(m_database->url(), "organizer@example.com", "Olga Organizer", "organizer",
                kPassword);
        addUser(m_database->url(), "buyer@example.com", "Bruno Buyer", "buyer", kPassword);
        m_server = std::make_unique<ServerProcess>(m_database->url());
        m_client = std::make_unique<HttpsClient>(*m_server);
    }
    void TearDown() override {
        m_client.reset();
        if (m_server) {
            EXPECT_EQ(m_server->stop(), 0) << m_server->output();
        }
    }

    static void expectError(const HttpReply& reply, int status, const std::string& code) {
        EXPECT_EQ(reply.status, status) << reply.raw;
        ASSERT_TRUE(reply.body.is_object()) << reply.raw;
        ASSERT_TRUE(reply.body.contains("error")) << reply.raw;
        EXPECT_EQ(reply.body["error"]["code"], code) << reply.raw;
        EXPECT_TRUE(reply.body["error"]["message"].is_string()) << reply.raw;
        EXPECT_EQ(reply.header("content-type"), "application/json");
    }

    HttpsClient& client() { return *m_client; }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_client;
};

TEST_P(HttpApiTest, HealthAndMetrics) {
    auto health = client().get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, json({{"status", "ok"}}));

    auto metrics = client().get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.raw.find("bilheteria_http_requests_total{method=\"GET\",route=\"/healthz\","
                               "status=\"200\"} 1"),
              std::string::npos)
        << metrics.raw;
    EXPECT_NE(metrics.raw.find("bilheteria_database_up 1"), std::string::npos) << metrics.raw;
}

TEST_P(HttpApiTest, RegisterLoginMeLogout) {
    auto registered =
        client().post("/api/v1/auth/register", {{"email", "  New.Person@Example.com "},
                                                {"password", "longenough"},
                                                {"name", "New Person"}});
    ASSERT_EQ(registered.status, 201) << registered.raw;
    EXPECT_EQ(registered.body["user"]["email"], "new.person@example.com");
    EXPECT_EQ(registered.body["user"]["role"], "buyer");
    EXPECT_TRUE(registered.body["user"]["id"].is_number_integer());

    expectError(client().post("/api/v1/auth/register", {{"email", "NEW.PERSON@example.com"},
                                                        {"password", "longenough"},
                                                        {"name", "Again"}}),
                409, "email_taken");

    auto login = client().post("/api/v1/auth/login",
                               {{"email", "new.person@example.com"}, {"password", "longenough"}});
    ASSERT_EQ(login.status, 200) << login.raw;
    const std::string token = login.body["token"];
    EXPECT_GE(token.size(), 22u); // at least 128 bits in base64url
    EXPECT_TRUE(parseRfc3339(login.body["expires_at"].get<std::string>()).has_value());
    EXPECT_EQ(login.body["user"]["email"], "new.person@example.com");

    auto me = client().get("/api/v1/me", token);
    ASSERT_EQ(me.status, 200) << me.raw;
    EXPECT_EQ(me.body["user"]["name"], "New Person");

    auto logout = client().post("/api/v1/auth/logout", json::object(), token);
    EXPECT_EQ(logout.status, 204) << logout.raw;
    expectError(client().get("/api/v1/me", token), 401, "unauthenticated");
    expectError(client().get("/api/v1/me"), 401, "unauthenticated");
    expectError(client().get("/api/v1/me", "not-a-real-token"), 401, "unauthenticated");
}

TEST_P(HttpApiTest, BadRegistrationsNameTheField) {
    auto shortPassword =
        client().post("/api/v1/auth/register",
                      {{"email", "a@example.com"}, {"password", "short"}, {"name", "A"}});
    expectError(shortPassword, 400, "invalid_request");
    EXPECT_EQ(shortPassword.body["error"]["details"]["field"], "password");

    auto badEmail =
        client().post("/api/v1/auth/register",
                      {{"email", "not-an-email"}, {"password", "longenough"}, {"name", "A"}});
    expectError(badEmail, 400, "invalid_request");
    EXPECT_EQ(badEmail.body["error"]["details"]["field"], "email");

    auto missingName = client().post("/api/v1/auth/register",
                                     {{"email", "b@example.com"}, {"password", "longenough"}});
    expectError(missingName, 400, "invalid_request");
    EXPECT_EQ(missingName.body["error"]["details"]["field"], "name");

    auto wrongType = client().post("/api/v1/auth/register",
                                   {{"email", 42}, {"password", "longenough"}, {"name", "A"}});
    expectError(wrongType, 400, "invalid_request");
    EXPECT_EQ(wrongType.body["error"]["details"]["field"], "email");

    auto notJson = client().postRaw("/api/v1/auth/register", "{not json", "application/json");
    expectError(notJson, 400, "invalid_request");
    EXPECT_EQ(notJson.body["error"]["details"]["field"], "body");

    auto array = client().postRaw("/api/v1/auth/register", "[1,2]", "application/json");
    expectError(array, 400, "invalid_request");
}

TEST_P(HttpApiTest, WrongPasswordAndUnknownEmailLookTheSame) {
    auto wrongPassword = client().post(
        "/api/v1/auth/login", {{"email", "buyer@example.com"}, {"password", "wrong-password"}});
    auto unknownEmail = client().post(
        "/api/v1/auth/login", {{"email", "nobody@example.com"}, {"password", "wrong-password"}});
    expectError(wrongPassword, 401, "invalid_credentials");
    expectError(unknownEmail, 401, "invalid_credentials");
    EXPECT_EQ(wrongPassword.body["error"]["message"], unknownEmail.body["error"]["message"]);
}

TEST_P(HttpApiTest, TotpEnrollmentAndLogin) {
    const std::string token = client().login("buyer@example.com", kPassword);
    auto enrollment = client().post("/api/v1/me/totp", json::object(), token);
    ASSERT_EQ(enrollment.status, 200) << enrollment.raw;
    const std::string secret = enrollment.body["secret"];
    EXPECT_EQ(enrollment.body["otpauth_uri"].get<std::string>().rfind("otpauth://totp/", 0), 0u);

    // Until confirmed, login needs no code.
    ASSERT_FALSE(client().login("buyer@example.com", kPassword).empty());

    const auto raw = crypto::base32Decode(secret);
    ASSERT_TRUE(raw.has_value());
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto step = crypto::totpStep(now);

    expectError(client().post("/api/v1/me/totp/confirm", {{"code", "000000x"}}, token), 401,
                "totp_invalid");
    auto confirmed =
        client().post("/api/v1/me/totp/confirm", {{"code", crypto::totpCode(*raw, step)}}, token);
    ASSERT_EQ(confirmed.status, 204) << confirmed.raw;

    const json credentials{{"email", "buyer@example.com"}, {"password", kPassword}};
    expectError(client().post("/api/v1/auth/login", credentials), 401, "totp_required");

    auto wrong = credentials;
    const auto goodCode = crypto::totpCode(*raw, step + 1); // the confirm used `step` already
    wrong["totp_code"] = goodCode == "123456" ? "654321" : "123456";
    expectError(client().post("/api/v1/auth/login", wrong), 401, "totp_invalid");

    auto good = credentials;
    good["totp_code"] = goodCode;
    EXPECT_EQ(client().post("/api/v1/auth/login", good).status, 200);
    // A code works once.
    expectError(client().post("/api/v1/auth/login", good), 401, "totp_invalid");
}

TEST_P(HttpApiTest, EventsCreateListDetailSeats) {
    const std::string organizer = client().login("organizer@example.com", kPassword);
    const std::string buyer = client().login("buyer@example.com", kPassword);

    expectError(client().post("/api/v1/events", demoEvent()), 401, "unauthenticated");
    expectError(client().post("/api/v1/events", demoEvent(), buyer), 403, "forbidden");

    auto created = client().post("/api/v1/events", demoEvent(), organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const auto& event = created.body["event"];
    const Id eventId = event["id"];
    EXPECT_EQ(event["name"], "Rock Night");
    EXPECT_EQ(event["capacity"], 42 + 500);
    EXPECT_EQ(event["available"], 42 + 500);
    EXPECT_EQ(event["min_price_cents"], 15000);
    EXPECT_EQ(event["max_tickets_per_customer"], 4);
    EXPECT_EQ(event["hold_seconds"], 600);
    EXPECT_EQ(event["queue_enabled"], false);
    EXPECT_EQ(event["sale_ends_at"], "2030-12-31T22:00:00Z"); // defaults to starts_at
    ASSERT_EQ(event["sections"].size(), 2u);
    EXPECT_EQ(event["sections"][0]["kind"], "seated");
    EXPECT_EQ(event["sections"][0]["capacity"], 42);
    EXPECT_EQ(event["sections"][1]["kind"], "general");
    EXPECT_EQ(event["sections"][1]["available"], 500);

    auto list = client().get("/api/v1/events");
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.body["events"].size(), 1u);
    EXPECT_EQ(list.body["events"][0]["id"], eventId);
    EXPECT_EQ(list.body["events"][0]["available"], 542);
    EXPECT_FALSE(list.body["events"][0].contains("sections"));

    auto detail = client().get("/api/v1/events/" + std::to_string(eventId));
    ASSERT_EQ(detail.status, 200);
    EXPECT_EQ(detail.body["event"], event);

    auto seats = client().get("/api/v1/events/" + std::to_string(eventId) + "/seats");
    ASSERT_EQ(seats.status, 200);
    ASSERT_EQ(seats.body["seats"].size(), 42u);
    const auto& first = seats.body["seats"][0];
    EXPECT_EQ(first["section_id"], event["sections"][0]["id"]);
    EXPECT_EQ(first["row"], "A");
    EXPECT_EQ(first["number"], 1);
    EXPECT_EQ(first["state"], "free");
    EXPECT_EQ(seats.body["seats"][41]["row"], "B");
    EXPECT_EQ(seats.body["seats"][41]["number"], 22);

    expectError(client().get("/api/v1/events/999999"), 404, "not_found");
    expectError(client().get("/api/v1/events/999999/seats"), 404, "not_found");
    expectError(client().get("/api/v1/events/99999999999999999999999"), 404, "not_found");
}

TEST_P(HttpApiTest, InvalidEventsNameTheField) {
    const std::string organizer = client().login("organizer@example.com", kPassword);
    struct Case {
        json patch;
        std::string field;
    };
    const std::vector<Case> cases{
        {{{"hold_seconds", 5}}, "hold_seconds"},
        {{{"max_tickets_per_customer", 0}}, "max_tickets_per_customer"},
        {{{"starts_at", "tomorrow"}}, "starts_at"},
        {{{"currency", "reais"}}, "currency"},
        {{{"name", ""}}, "name"},
        {{{"sections", json::array()}}, "sections"},
        {{{"sale_starts_at", "2031-01-01T00:00:00Z"}}, "sale_starts_at"},
        {{{"sale_starts_at", "2030-01-01T00:00:00Z"}, {"sale_ends_at", "2029-01-01T00:00:00Z"}},
         "sale_ends_at"},
        {{{"sections", {{{"name", "X"}, {"price_cents", -1}, {"capacity", 10}}}}},
         "sections[0].price_cents"},
        {{{"sections", {{{"name", "X"}, {"price_cents", 100}}}}}, "sections[0]"},
        {{{"sections",
           {{{"name", "X"}, {"price_cents", 100}, {"rows", {{{"label", "A"}, {"seats", 0}}}}}}}},
         "sections[0].rows[0].seats"},
        {{{"queue", {{"enabled", "yes"}}}}, "queue.enabled"},
    };
    for (const auto& c : cases) {
        auto body = demoEvent();
        body.update(c.patch);
        auto reply = client().post("/api/v1/events", body, organizer);
        expectError(reply, 400, "invalid_request");
        EXPECT_EQ(reply.body["error"]["details"]["field"], c.field) << c.patch.dump();
    }
    // Nothing was half-written.
    EXPECT_EQ(client().get("/api/v1/events").body["events"].size(), 0u);
}

TEST_P(HttpApiTest, OversizedBodiesAndUnknownRoutesGetTheErrorShape) {
    const std::string big(2 * 1024 * 1024, 'x');
    auto tooLarge = client().postRaw("/api/v1/auth/register", big, "application/json");
    expectError(tooLarge, 413, "payload_too_large");
    expectError(client().get("/api/v1/nothing-here"), 404, "not_found");
}

TEST_P(HttpApiTest, AccessLogHasOneJsonLinePerRequestWithoutSecrets) {
    client().post("/api/v1/auth/login", {{"email", "buyer@example.com"}, {"password", kPassword}});
    // The server writes the line just after the response: give its pipe a moment.
    std::string output;
    for (int i = 0; i < 50; ++i) {
        output = m_server->output();
        if (output.find("/api/v1/auth/login") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_NE(output.find("\"path\":\"/api/v1/auth/login\""), std::string::npos) << output;
    EXPECT_NE(output.find("\"status\":200"), std::string::npos) << output;
    EXPECT_EQ(output.find(kPassword), std::string::npos) << output;
}

INSTANTIATE_TEST_SUITE_P(Stores, HttpApiTest, ::testing::ValuesIn(allBackends()),
                         [](const auto& info) { return backendName(info.param); });

} // namespace
} // namespace bilheteria::testing

namespace bilheteria::testing {
namespace {

// Rate limits and proof of work live in the HTTP layer, the same over either store: SQLite is
// enough here.
class AntiAbuseTest : public ::testing::Test {
protected:
    void start(std::vector<std::string> args) {
        m_database = std::make_unique<TestDatabase>(Backend::Sqlite);
        addUser(m_database->url(), "buyer@example.com", "Bruno Buyer", "buyer", kPassword);
        m_server = std::make_unique<ServerProcess>(m_database->url(), std::move(args));
        m_client = std::make_unique<HttpsClient>(*m_server);
    }
    HttpReply login(const std::map<std::string, std::string>& headers = {}) {
        return m_client->post("/api/v1/auth/login",
                              {{"email", "buyer@example.com"}, {"password", "wrong-password"}}, {},
                              headers);
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_client;
};

TEST_F(AntiAbuseTest, ABurstOfLoginsFromOneAddressGets429WithRetryAfter) {
    start({"--limit-login-address", "0.1:3", "--limit-login-email", "off"});
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(login().status, 401) << i;
    auto limited = login();
    EXPECT_EQ(limited.status, 429) << limited.raw;
    EXPECT_EQ(limited.body["error"]["code"], "rate_limited");
    EXPECT_EQ(limited.header("retry-after"), "10");
    EXPECT_EQ(limited.body["error"]["details"]["retry_after_seconds"], 10);

    auto metrics = m_client->get("/metrics");
    EXPECT_NE(metrics.raw.find("bilheteria_rate_limited_total{rule=\"login.address\"} 1"),
              std::string::npos)
        << metrics.raw;
}

TEST_F(AntiAbuseTest, LoginsPerAccountAreLimitedWhateverTheAddress) {
    start({"--limit-login-email", "0.1:2", "--limit-login-address", "off"});
    EXPECT_EQ(login().status, 401);
    EXPECT_EQ(login().status, 401);
    EXPECT_EQ(login().status, 429);
}

TEST_F(AntiAbuseTest, ForwardedForIsBelievedOnlyFromATrustedProxy) {
    start({"--limit-login-address", "0.1:1", "--limit-login-email", "off", "--trusted-proxy",
           "127.0.0.1"});
    // Behind the trusted proxy, two clients have two buckets.
    EXPECT_EQ(login({{"X-Forwarded-For", "203.0.113.7"}}).status, 401);
    EXPECT_EQ(login({{"X-Forwarded-For", "203.0.113.8"}}).status, 401);
    EXPECT_EQ(login({{"X-Forwarded-For", "203.0.113.7"}}).status, 429);
    // A client cannot pick its address by prepending to the header: the proxy appends the
    // real one, and that is the one counted.
    EXPECT_EQ(login({{"X-Forwarded-For", "198.51.100.1, 203.0.113.8"}}).status, 429);
}

TEST_F(AntiAbuseTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
    start({"--limit-login-address", "0.1:1", "--limit-login-email", "off"});
    EXPECT_EQ(login({{"X-Forwarded-For", "203.0.113.7"}}).status, 401);
    EXPECT_EQ(login({{"X-Forwarded-For", "203.0.113.8"}}).status, 429);
}

TEST_F(AntiAbuseTest, ABadLimitFlagIsRefusedAtStart) {
    std::string output;
    const int status =
        runServerCommand({"serve", "--listen", "127.0.0.1:0", "--data-dir",
                          "/tmp/bilheteria-never-created", "--limit-holds-account", "lots"},
                         "", &output);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("RATE:BURST"), std::string::npos) << output;
}

TEST_F(AntiAbuseTest, RegistrationCanAskForAProofOfWork) {
    start({"--register-pow-bits", "10"});
    const json body{{"email", "new@example.com"}, {"password", "longenough"}, {"name", "New"}};
    auto without = m_client->post("/api/v1/auth/register", body);
    EXPECT_EQ(without.status, 400) << without.raw;
    EXPECT_EQ(without.body["error"]["code"], "challenge_required");

    auto issued = m_client->get("/api/v1/challenges?purpose=register");
    ASSERT_EQ(issued.status, 200) << issued.raw;
    EXPECT_EQ(issued.body["difficulty_bits"], 10);
    EXPECT_EQ(issued.body["required"], true);
    const std::string challenge = issued.body["challenge"];
    const auto solution = ProofOfWork::solve(challenge, 10);

    auto wrong = m_client->post("/api/v1/auth/register", body, {},
                                {{"X-Pow-Challenge", challenge}, {"X-Pow-Solution", "-"}});
    if (!ProofOfWork::solves(challenge, "-", 10)) {
        EXPECT_EQ(wrong.status, 400) << wrong.raw;
        EXPECT_EQ(wrong.body["error"]["code"], "challenge_invalid");
    }
    const std::map<std::string, std::string> proof{{"X-Pow-Challenge", challenge},
                                                   {"X-Pow-Solution", solution}};
    auto solved = m_client->post("/api/v1/auth/register", body, {}, proof);
    EXPECT_EQ(solved.status, 201) << solved.raw;
    // One solution, one account.
    auto again = m_client->post(
        "/api/v1/auth/register",
        {{"email", "other@example.com"}, {"password", "longenough"}, {"name", "Other"}}, {}, proof);
    EXPECT_EQ(again.body["error"]["code"], "challenge_invalid") << again.raw;
    EXPECT_EQ(m_client->get("/api/v1/challenges?purpose=dance").status, 400);
}

TEST_F(AntiAbuseTest, WithoutProofOfWorkTheChallengeSaysSo) {
    start({});
    auto issued = m_client->get("/api/v1/challenges?purpose=register");
    ASSERT_EQ(issued.status, 200) << issued.raw;
    EXPECT_EQ(issued.body["required"], false);
    EXPECT_EQ(
        m_client
            ->post("/api/v1/auth/register",
                   {{"email", "new@example.com"}, {"password", "longenough"}, {"name", "New"}})
            .status,
        201);
}

} // namespace
} // namespace bilheteria::testing
