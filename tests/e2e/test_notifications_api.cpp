// Notifications end to end, black-box: the real server binary on both stores, an SMTP sink
// (aiosmtpd) and an HTTPS webhook receiver started by the test. A sale mails the buyer their
// tickets as a PDF (pdftotext finds the event in it) and posts a webhook whose signature
// verifies; a sale the store rolls back (over the card limit) is never notified; a declined
// card, a refund and a cancellation (every buyer) are mailed; a receiver failing twice gets
// the same id on the third attempt, and the metrics count it; a sale committed by a server
// killed before it sent anything is delivered by the next one (in Portuguese); two servers on one
// PostgreSQL database send each notification once; a relay asking for STARTTLS and a login gets
// both. With nothing configured the server sends nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "shared/crypto/crypto.h"
#include "tests/support/apitest.h"
#include "tests/support/builders.h"
#include "tests/support/notificationsinks.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;

const std::string kSecret = "whsec-test-0123456789";

class NotificationsApiTest : public ApiTest {
protected:
    void SetUp() override {
        // Named as the mails greet them.
        createDatabase({kOrganizer,
                        {"ana@example.com", "Ana Souza", "buyer", &NotificationsApiTest::m_ana},
                        {"bia@example.com", "Bia Lima", "buyer", &NotificationsApiTest::m_bia}});
        m_secretFile = std::filesystem::temp_directory_path() /
                       ("bilheteria-whsec-" + std::to_string(::getpid()));
        std::ofstream(m_secretFile) << kSecret << "\n";
    }
    void TearDown() override {
        ApiTest::TearDown();
        std::filesystem::remove(m_secretFile);
    }

    std::vector<std::string> notifyArgs() const {
        return {"--smtp-url",
                m_smtp.url(),
                "--smtp-from",
                "Bilheteria <tickets@example.com>",
                "--webhook-url",
                m_hooks.url(),
                "--webhook-secret-file",
                m_secretFile.string(),
                "--notify-ca-file",
                m_hooks.caFile(),
                "--notify-retry-seconds",
                "1"};
    }

    void start(std::vector<std::string> args) {
        args.push_back("--no-rate-limits");
        startServer(std::move(args));
    }

    json createEvent(const std::string& name) {
        json body = demoEventBody(name);
        body["max_tickets_per_card"] = 3;
        auto created = m_client->post("/api/v1/events", body, m_organizer);
        EXPECT_EQ(created.status, 201) << created.raw;
        return created.body["event"];
    }
    json hold(const json& event, int count, const std::string& token) {
        auto seats = m_client->get(path("/api/v1/events/", event["id"], "/seats"));
        json ids = json::array();
        for (const auto& seat : seats.body["seats"]) {
            if (seat["state"] != "free") continue;
            ids.push_back(seat["id"]);
            if (static_cast<int>(ids.size()) == count) break;
        }
        auto held = m_client->post(path("/api/v1/events/", event["id"], "/holds"),
                                   {{"seat_ids", ids}}, token);
        EXPECT_EQ(held.status, 201) << held.raw;
        return held.body["hold"];
    }
    HttpReply pay(const json& held, const std::string& token,
                  const std::string& card = "4111111111111111") {
        return m_client->post(path("/api/v1/holds/", held["id"], "/purchase"),
                              cardPurchaseBody(card), token,
                              {{"Idempotency-Key", "sale-" + std::to_string(++m_sales)}});
    }
    json buy(const json& event, int count, const std::string& token) {
        auto paid = pay(hold(event, count, token), token);
        EXPECT_EQ(paid.status, 201) << paid.raw;
        return paid.body["order"];
    }

    // The mails whose subject contains `words`.
    static std::vector<MailParts> withSubject(const std::vector<std::string>& messages,
                                              const std::string& words) {
        std::vector<MailParts> out;
        for (const auto& message : messages) {
            MailParts parts = parseMail(message);
            if (parts.headers["subject"].find(words) != std::string::npos)
                out.push_back(std::move(parts));
        }
        return out;
    }

    // The receiver's check, as docs/operations.md tells it.
    static void expectSigned(const WebhookRequest& request) {
        EXPECT_EQ(request.signature,
                  "sha256=" + crypto::hexEncode(crypto::hmacSha256(
                                  kSecret, request.timestamp + "." + request.body)));
        const json body = json::parse(request.body);
        EXPECT_EQ(body["id"], request.id);
    }

    double metric(const std::string& name) {
        auto reply = m_client->get("/metrics");
        std::istringstream lines(reply.raw);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
        ADD_FAILURE() << name << " not in /metrics:\n" << reply.raw;
        return -1;
    }

    // The metric once it reads `value`, or what it reads after 30 s.
    double metricOnceAt(const std::string& name, double value) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{30};
        double read = metric(name);
        while (read != value && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds{50});
            read = metric(name);
        }
        return read;
    }

    SmtpSink m_smtp;
    WebhookReceiver m_hooks;
    std::filesystem::path m_secretFile;
    int m_sales = 0;
};

TEST_P(NotificationsApiTest, ASaleMailsThePdfAndPostsASignedWebhook) {
    start(notifyArgs());
    const json event = createEvent("Noite do Rock");
    const json order = buy(event, 2, m_ana);

    const auto mails = m_smtp.waitFor(1);
    ASSERT_EQ(mails.size(), 1u);
    MailParts mail = parseMail(mails[0]);
    EXPECT_NE(mail.headers["x-envelope-to"].find("ana@example.com"), std::string::npos);
    EXPECT_EQ(mail.headers["subject"], "Your tickets for Noite do Rock");
    EXPECT_NE(mail.text.find("Ana Souza"), std::string::npos) << mail.text;
    const std::string attachment = "tickets-" + order["id"].dump() + ".pdf";
    ASSERT_TRUE(mail.attachments.contains(attachment)) << mails[0].substr(0, 2000);
    const std::string& pdf = mail.attachments[attachment];
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    const std::string text = pdfText(pdf);
    EXPECT_NE(text.find("Noite do Rock"), std::string::npos) << text;
    EXPECT_NE(text.find(order["tickets"][1]["code"].get<std::string>()), std::string::npos);

    const auto hooks = m_hooks.waitFor(1);
    ASSERT_EQ(hooks.size(), 1u);
    expectSigned(hooks[0]);
    const json body = json::parse(hooks[0].body);
    EXPECT_EQ(body["type"], "purchase.confirmed");
    EXPECT_EQ(body["data"]["order"]["id"], order["id"]);
    EXPECT_EQ(body["data"]["event"]["name"], "Noite do Rock");
    EXPECT_EQ(body["data"]["customer"]["email"], "ana@example.com");
    EXPECT_EQ(body["data"]["order"]["tickets"].size(), 2u);

    // Over the card's limit (3 for this event, 2 bought): the store rolls the sale back, and
    // nothing of it is notified. The next sale's mail comes after it, and alone.
    EXPECT_EQ(pay(hold(event, 2, m_bia), m_bia).status, 409);
    buy(event, 1, m_bia);
    const auto after = m_smtp.waitFor(2);
    ASSERT_EQ(after.size(), 2u);
    EXPECT_NE(parseMail(after[1]).headers["x-envelope-to"].find("bia@example.com"),
              std::string::npos);
    EXPECT_EQ(m_hooks.waitFor(2).size(), 2u);
}

TEST_P(NotificationsApiTest, RefusalRefundAndCancellationAreMailed) {
    start(notifyArgs());
    const json event = createEvent("Festival de Inverno");
    EXPECT_EQ(pay(hold(event, 1, m_ana), m_ana, "4000000000000002").status, 402);
    auto mails = m_smtp.waitFor(1);
    ASSERT_EQ(withSubject(mails, "not completed").size(), 1u);
    EXPECT_NE(withSubject(mails, "not completed")[0].text.find("declined"), std::string::npos);

    const json order = buy(event, 2, m_ana);
    buy(event, 1, m_bia);
    auto refunded = m_client->post(path("/api/v1/orders/", order["id"], "/refunds"),
                                   {{"ticket_ids", {order["tickets"][0]["id"]}}}, m_organizer,
                                   {{"Idempotency-Key", "refund-1"}});
    ASSERT_EQ(refunded.status, 201) << refunded.raw;
    mails = m_smtp.waitFor(4);
    ASSERT_EQ(withSubject(mails, "Refund for Festival de Inverno").size(), 1u);

    auto cancelled = m_client->post(path("/api/v1/events/", event["id"], "/cancel"),
                                    {{"reason", "storm"}}, m_organizer);
    ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
    // Both buyers hear of it, and of their orders' refunds (Ana's second one).
    mails = m_smtp.waitFor(8);
    std::multiset<std::string> cancelledTo;
    for (const auto& mail : withSubject(mails, "Event cancelled: Festival de Inverno"))
        cancelledTo.insert(mail.headers.at("x-envelope-to"));
    EXPECT_EQ(cancelledTo, (std::multiset<std::string>{"ana@example.com", "bia@example.com"}));
    EXPECT_EQ(withSubject(mails, "Refund for").size(), 3u);
    EXPECT_EQ(m_hooks.waitFor(8).size(), 8u);
    expectCheckAndAuditPass(m_database->url());
}

TEST_P(NotificationsApiTest, AFailingReceiverGetsTheSameIdOnTheThirdAttempt) {
    m_hooks.failNext(2);
    start(notifyArgs());
    buy(createEvent("Retry Night"), 1, m_ana);
    const auto hooks = m_hooks.waitFor(3);
    ASSERT_EQ(hooks.size(), 3u);
    for (const auto& request : hooks) {
        EXPECT_EQ(request.id, hooks[0].id);
        expectSigned(request);
    }
    // The e-mail went out on the first attempt and is not sent again.
    EXPECT_EQ(m_smtp.waitFor(1).size(), 1u);
    // The delivery is recorded just after the receiver answers: wait for it.
    EXPECT_EQ(metricOnceAt("bilheteria_notifications_sent_total", 1), 1);
    EXPECT_EQ(metric("bilheteria_notification_failures_total"), 2);
    EXPECT_EQ(metric("bilheteria_notifications_pending"), 0);
    EXPECT_EQ(m_smtp.messages().size(), 1u);
}

TEST_P(NotificationsApiTest, ASaleCommittedBeforeACrashIsDeliveredAfterTheRestart) {
    // Nothing configured: this server sends nothing (the demo stays quiet), and is killed.
    start({});
    const json order = buy(createEvent("Crash Night"), 1, m_ana);
    m_client.reset();
    m_server->kill();
    m_server.reset();
    EXPECT_TRUE(m_smtp.messages().empty());
    EXPECT_TRUE(m_hooks.requests().empty());

    // Back in Portuguese.
    std::vector<std::string> args = notifyArgs();
    args.insert(args.end(), {"--mail-language", "pt_BR"});
    start(args);
    const auto mails = m_smtp.waitFor(1);
    ASSERT_EQ(mails.size(), 1u);
    const MailParts mail = parseMail(mails[0]);
    EXPECT_EQ(mail.headers.at("subject"), "Seus ingressos para Crash Night");
    EXPECT_NE(mail.text.find("Sua compra está confirmada"), std::string::npos) << mail.text;
    const auto hooks = m_hooks.waitFor(1);
    ASSERT_EQ(hooks.size(), 1u);
    EXPECT_EQ(json::parse(hooks[0].body)["data"]["order"]["id"], order["id"]);
}

TEST_P(NotificationsApiTest, TheRelayMayAskForStartTlsAndALogin) {
    SmtpSink relay(SmtpLogin{"bilheteria", "s3cret pass"});
    const auto passwordFile = m_secretFile.string() + "-smtp";
    std::ofstream(passwordFile) << "s3cret pass\n";
    start({"--smtp-url", relay.url(), "--smtp-starttls", "--smtp-user", "bilheteria",
           "--smtp-password-file", passwordFile, "--notify-ca-file", relay.caFile()});
    buy(createEvent("Secure Night"), 1, m_ana);
    const auto mails = relay.waitFor(1);
    std::filesystem::remove(passwordFile);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(parseMail(mails[0]).headers.at("subject"), "Your tickets for Secure Night");
    EXPECT_TRUE(m_smtp.messages().empty());
}

// Several servers on one PostgreSQL database dispatch at once (SQLite serves one process).
using TwoServersTest = NotificationsApiTest;

TEST_P(TwoServersTest, SendEachNotificationOnce) {
    start(notifyArgs());
    std::vector<std::string> args = notifyArgs();
    args.push_back("--no-rate-limits");
    ServerProcess other(m_database->url(), args);
    for (const char* name : {"One", "Two", "Three"}) {
        const json event = createEvent(std::string("Night ") + name);
        buy(event, 1, m_ana);
        buy(event, 1, m_bia);
    }
    EXPECT_EQ(m_hooks.waitFor(6).size(), 6u);
    EXPECT_EQ(m_smtp.waitFor(6).size(), 6u);
    EXPECT_EQ(metricOnceAt("bilheteria_notifications_pending", 0), 0);
    std::set<std::string> ids;
    for (const auto& request : m_hooks.requests()) {
        expectSigned(request);
        ids.insert(request.id);
    }
    EXPECT_EQ(ids.size(), 6u);
    EXPECT_EQ(m_hooks.requests().size(), 6u);
    EXPECT_EQ(m_smtp.messages().size(), 6u);
    EXPECT_EQ(other.stop(), 0) << other.output();
}

INSTANTIATE_TEST_SUITE_P(Postgres, TwoServersTest, ::testing::Values(Backend::Postgres),
                         BackendParamName{});

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
