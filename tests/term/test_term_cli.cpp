// bilheteria-term's command line as a script uses it: the real binary against the real server
// on both stores, its JSON output checked field by field and its exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;

struct TermRun {
    int status = -1;
    std::string out;
    std::string err;
    json parsed() const { return json::parse(out, nullptr, false); }
};

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

class TermCliTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        addUser(m_database->url(), "organizer@example.com", "Olga", "organizer", kTestPassword);
        addUser(m_database->url(), "clerk@example.com", "Caio", "clerk", kTestPassword);
        m_server = std::make_unique<ServerProcess>(m_database->url(),
                                                   std::vector<std::string>{"--no-rate-limits"});
        m_dir = std::filesystem::temp_directory_path() /
                ("bilheteria-term-cli-" + std::to_string(::getpid()) + "-" +
                 std::to_string(++s_counter));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override {
        std::filesystem::remove_all(m_dir);
        EXPECT_EQ(m_server->stop(), 0);
    }

    // Runs bilheteria-term with `args`, `input` on standard input, its config in a folder of
    // this test's own, against this test's server.
    TermRun term(const std::vector<std::string>& args, const std::string& input = {}) {
        { std::ofstream(m_dir / "in") << input; }
        std::string command =
            "env XDG_CONFIG_HOME=" + quoted((m_dir / "config").string()) +
            " BILHETERIA_SERVER=https://127.0.0.1:" + std::to_string(m_server->port()) +
            " LANG=C " + quoted(BILHETERIA_TERM_BINARY);
        for (const auto& arg : args)
            command += " " + quoted(arg);
        command += " < " + quoted((m_dir / "in").string()) + " > " +
                   quoted((m_dir / "out").string()) + " 2> " + quoted((m_dir / "err").string());
        const int raw = std::system(command.c_str());
        TermRun run;
        run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        run.out = slurp(m_dir / "out");
        run.err = slurp(m_dir / "err");
        return run;
    }

    void trustAndLogIn(const std::string& email) {
        const TermRun trusted = term({"trust", "--fingerprint", m_server->printedFingerprint()});
        ASSERT_EQ(trusted.status, 0) << trusted.err;
        const TermRun login = term({"login", "--email", email, "-o", "json"}, kTestPassword + "\n");
        ASSERT_EQ(login.status, 0) << login.err;
        EXPECT_EQ(login.parsed()["user"]["email"], email);
    }

    Id createEvent() {
        HttpsClient http(*m_server);
        const auto reply = http.post("/api/v1/events", demoEventBody(),
                                     http.login("organizer@example.com", kTestPassword));
        EXPECT_EQ(reply.status, 201) << reply.raw;
        return reply.body["event"]["id"].get<Id>();
    }

    static inline int s_counter = 0;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::filesystem::path m_dir;
};

TEST_P(TermCliTest, AnUntrustedServerIsRefusedWithItsOwnExitCode) {
    const TermRun refused = term({"events", "list"});
    EXPECT_EQ(refused.status, 4) << refused.err;
    EXPECT_NE(refused.err.find("trust"), std::string::npos);
    const TermRun wrong = term({"trust", "--fingerprint", "00:11:22"});
    EXPECT_EQ(wrong.status, 4);
    EXPECT_NE(wrong.out.find(m_server->printedFingerprint()),
              std::string::npos);                  // shown to compare
    EXPECT_EQ(term({"events", "list"}).status, 4); // nothing was pinned
}

TEST_P(TermCliTest, BadUsageAndMissingSessionHaveTheirExitCodes) {
    EXPECT_EQ(term({"hold"}).status, 2);
    EXPECT_EQ(term({"events", "list", "-o", "yaml"}).status, 2);
    ASSERT_EQ(term({"trust", "--fingerprint", m_server->printedFingerprint()}).status, 0);
    const TermRun notSignedIn = term({"whoami"});
    EXPECT_EQ(notSignedIn.status, 5) << notSignedIn.err;
    EXPECT_EQ(term({"login", "--email", "clerk@example.com"}, "wrong-password\n").status, 5);
    EXPECT_EQ(term({"events", "show", "999"}).status, 7);
}

TEST_P(TermCliTest, EventsAndSeatsAsJson) {
    const Id eventId = createEvent();
    trustAndLogIn("clerk@example.com");
    const TermRun list = term({"events", "list", "-o", "json"});
    ASSERT_EQ(list.status, 0) << list.err;
    const json events = list.parsed()["events"];
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["id"], eventId);
    EXPECT_EQ(events[0]["name"], "Rock Night");
    EXPECT_EQ(events[0]["venue"], "Arena");
    EXPECT_EQ(events[0]["capacity"], 542);
    EXPECT_EQ(events[0]["available"], 542);
    EXPECT_EQ(events[0]["min_price_cents"], 15000);
    EXPECT_EQ(events[0]["currency"], "BRL");
    EXPECT_EQ(term({"events", "list", "--search", "nothing like it", "-o", "json"})
                  .parsed()["events"]
                  .size(),
              0u);

    const TermRun seats = term({"seats", std::to_string(eventId), "--free", "-o", "json"});
    ASSERT_EQ(seats.status, 0);
    const json list2 = seats.parsed()["seats"];
    ASSERT_EQ(list2.size(), 42u);
    EXPECT_EQ(list2[0]["row"], "A");
    EXPECT_EQ(list2[0]["number"], 1);
    EXPECT_EQ(list2[0]["state"], "free");
}

TEST_P(TermCliTest, AClerksCashSaleFromHoldToTicketsAsJson) {
    const Id eventId = createEvent();
    trustAndLogIn("clerk@example.com");
    const TermRun hold = term({"hold", std::to_string(eventId), "--best", "2", "-o", "json"});
    ASSERT_EQ(hold.status, 0) << hold.err;
    const json held = hold.parsed()["hold"];
    EXPECT_EQ(held["status"], "active");
    EXPECT_EQ(held["total_cents"], 50000);
    ASSERT_EQ(held["seats"].size(), 2u);
    EXPECT_EQ(held["seats"][0]["row"], "A");
    EXPECT_GT(hold.parsed()["seconds_left"].get<int>(), 590);

    // The same seats again: taken (409), exit code 8.
    const TermRun again = term({"hold", std::to_string(eventId), "--seats",
                                std::to_string(held["seats"][0]["id"].get<Id>()), "-o", "json"});
    EXPECT_EQ(again.status, 8) << again.err;
    EXPECT_NE(again.err.find("seats_unavailable"), std::string::npos);

    const std::string holdId = std::to_string(held["id"].get<Id>());
    const TermRun bought = term({"buy", holdId, "--cash", "600,00", "-o", "json"});
    ASSERT_EQ(bought.status, 0) << bought.err;
    const json order = bought.parsed()["order"];
    EXPECT_EQ(order["status"], "paid");
    EXPECT_EQ(order["total_cents"], 50000);
    EXPECT_EQ(order["payment"]["method"], "cash");
    EXPECT_EQ(order["payment"]["change_cents"], 10000);
    EXPECT_EQ(bought.parsed()["tendered_cents"], 60000);
    ASSERT_EQ(order["tickets"].size(), 2u);
    EXPECT_GE(order["tickets"][0]["code"].get<std::string>().size(), 22u);

    const TermRun shown =
        term({"orders", "show", std::to_string(order["id"].get<Id>()), "-o", "json"});
    ASSERT_EQ(shown.status, 0);
    EXPECT_EQ(shown.parsed()["order"]["tickets"], order["tickets"]);
    const TermRun shift = term({"shift", "-o", "json"});
    ASSERT_EQ(shift.status, 0) << shift.err;
    EXPECT_EQ(shift.parsed()["shift"]["orders"], 1);
    EXPECT_EQ(shift.parsed()["shift"]["tickets"], 2);
    // Paying twice for one hold: it is no longer active.
    EXPECT_EQ(term({"buy", holdId, "--cash", "600"}).status, 8);
}

TEST_P(TermCliTest, ACardSaleReadsTheCardFromStandardInput) {
    const Id eventId = createEvent();
    trustAndLogIn("clerk@example.com");
    const TermRun hold =
        term({"hold", std::to_string(eventId), "--section", "2", "--quantity", "3", "-o", "json"});
    ASSERT_EQ(hold.status, 0) << hold.err;
    const std::string holdId = std::to_string(hold.parsed()["hold"]["id"].get<Id>());
    const TermRun declined =
        term({"buy", holdId, "--card", "--expiry", "12/2035", "--holder", "Ana"},
             "4000000000000002\n123\n");
    EXPECT_EQ(declined.status, 9) << declined.err;
    const TermRun paid =
        term({"buy", holdId, "--card", "--expiry", "12/2035", "--holder", "Ana", "-o", "json"},
             "4111 1111 1111 1111\n123\n");
    ASSERT_EQ(paid.status, 0) << paid.err;
    const json order = paid.parsed()["order"];
    EXPECT_EQ(order["payment"]["last4"], "1111");
    EXPECT_EQ(order["tickets"].size(), 3u);
    EXPECT_EQ(paid.out.find("4111111111111111"), std::string::npos);
}

TEST_P(TermCliTest, TheDoorAndRefundsForScriptsWithTheirExitCodes) {
    const Id eventId = createEvent();
    trustAndLogIn("clerk@example.com");
    const TermRun hold = term({"hold", std::to_string(eventId), "--seats", "1,2", "-o", "json"});
    ASSERT_EQ(hold.status, 0) << hold.err;
    const TermRun bought = term({"buy", std::to_string(hold.parsed()["hold"]["id"].get<Id>()),
                                 "--cash", "500", "-o", "json"});
    ASSERT_EQ(bought.status, 0) << bought.err;
    const json order = bought.parsed()["order"];
    const std::string token = order["tickets"][0]["qr"];
    const std::string code = order["tickets"][1]["code"];
    const std::string orderId = std::to_string(order["id"].get<Id>());

    // Admitted by its signed token: JSON, exit 0.
    const TermRun admitted = term({"checkin", token, "--gate", "North"});
    ASSERT_EQ(admitted.status, 0) << admitted.err;
    EXPECT_EQ(admitted.parsed()["result"], "admitted");
    EXPECT_EQ(admitted.parsed()["gate"], "North");
    EXPECT_EQ(admitted.parsed()["ticket"]["id"], order["tickets"][0]["id"]);
    // Again: refused with the first entry's gate and time, exit 8.
    const TermRun again = term({"checkin", token, "--gate", "South"});
    EXPECT_EQ(again.status, 8) << again.err;
    EXPECT_EQ(again.parsed()["result"], "already_checked_in");
    EXPECT_EQ(again.parsed()["gate"], "North");
    EXPECT_EQ(again.parsed()["checked_in_at"], admitted.parsed()["checked_in_at"]);
    // Unknown: exit 7.
    const TermRun unknown = term({"checkin", "AAAAAAAAAAAAAAAAAAAAAA", "--gate", "North"});
    EXPECT_EQ(unknown.status, 7) << unknown.err;
    EXPECT_EQ(unknown.parsed()["result"], "not_found");

    // The order found by the other ticket's code, that ticket refunded: cash handed back.
    // A code may begin with '-' (base64url): after `--` it is never read as an option.
    const TermRun found = term({"orders", "find", "-o", "json", "--", code});
    ASSERT_EQ(found.status, 0) << found.err;
    EXPECT_EQ(found.parsed()["order"]["id"], order["id"]);
    const TermRun checkedIn =
        term({"refund", orderId, "--tickets", std::to_string(order["tickets"][0]["id"].get<Id>())});
    EXPECT_EQ(checkedIn.status, 8) << checkedIn.err;
    EXPECT_NE(checkedIn.err.find("already_checked_in"), std::string::npos);
    const TermRun refunded =
        term({"refund", orderId, "--tickets", std::to_string(order["tickets"][1]["id"].get<Id>()),
              "--reason", "changed plans", "-o", "json"});
    ASSERT_EQ(refunded.status, 0) << refunded.err;
    EXPECT_EQ(refunded.parsed()["refund"]["amount_cents"], 25000);
    EXPECT_EQ(refunded.parsed()["refund"]["method"], "cash");
    EXPECT_EQ(refunded.parsed()["order"]["status"], "partially_refunded");
    const TermRun table = term({"orders", "show", orderId});
    EXPECT_NE(table.out.find("partially_refunded"), std::string::npos) << table.out;
    // The refunded ticket at the door: void, exit 8.
    const TermRun voided = term({"checkin", "--gate", "North", "--", code});
    EXPECT_EQ(voided.status, 8);
    EXPECT_EQ(voided.parsed()["result"], "ticket_void");
    EXPECT_EQ(voided.parsed()["reason"], "refunded");
}

TEST_P(TermCliTest, AnExchangeForScriptsPaysTheDifferenceAndAnOrganizerCancelsTheEvent) {
    const Id eventId = createEvent();
    trustAndLogIn("clerk@example.com");
    const TermRun hold = term({"hold", std::to_string(eventId), "--seats", "1", "-o", "json"});
    ASSERT_EQ(hold.status, 0) << hold.err;
    const TermRun bought = term({"buy", std::to_string(hold.parsed()["hold"]["id"].get<Id>()),
                                 "--cash", "250", "-o", "json"});
    ASSERT_EQ(bought.status, 0) << bought.err;
    const json order = bought.parsed()["order"];
    const std::string orderId = std::to_string(order["id"].get<Id>());
    const TermRun event = term({"events", "show", std::to_string(eventId), "-o", "json"});
    ASSERT_EQ(event.status, 0) << event.err;
    const std::string pista =
        std::to_string(event.parsed()["event"]["sections"][1]["id"].get<Id>());

    // Seat 1 (R$250) for the Pista (R$150): R$100 handed back.
    const TermRun cheaper =
        term({"exchange", orderId, "--ticket", std::to_string(order["tickets"][0]["id"].get<Id>()),
              "--section", pista});
    ASSERT_EQ(cheaper.status, 0) << cheaper.err;
    EXPECT_NE(cheaper.out.find("HAND BACK: R$100.00"), std::string::npos) << cheaper.out;
    const TermRun shown = term({"orders", "show", orderId, "-o", "json"});
    const json tickets = shown.parsed()["order"]["tickets"];
    ASSERT_EQ(tickets.size(), 2u) << shown.out;
    const std::string pistaTicket = std::to_string(tickets[1]["id"].get<Id>());
    // Back to a seat: the difference is owed; without a payment the server refuses (400).
    const TermRun unpaid = term({"exchange", orderId, "--ticket", pistaTicket, "--seat", "2"});
    EXPECT_EQ(unpaid.status, 11) << unpaid.err;
    EXPECT_NE(unpaid.err.find("payment"), std::string::npos) << unpaid.err;
    const TermRun neither = term({"exchange", orderId, "--ticket", pistaTicket});
    EXPECT_EQ(neither.status, 2) << neither.err;
    const TermRun dearer = term({"exchange", orderId, "--ticket", pistaTicket, "--seat", "2",
                                 "--cash", "150", "-o", "json"});
    ASSERT_EQ(dearer.status, 0) << dearer.err;
    EXPECT_EQ(dearer.parsed()["exchange"]["difference_cents"], 10000);
    EXPECT_EQ(dearer.parsed()["exchange"]["payment"]["change_cents"], 5000);
    EXPECT_EQ(dearer.parsed()["order"]["total_cents"], 25000);

    // A clerk may not cancel the event; its organizer does, and every order is refunded.
    const TermRun refused = term({"events", "cancel", std::to_string(eventId)});
    EXPECT_EQ(refused.status, 6) << refused.err;
    trustAndLogIn("organizer@example.com");
    const TermRun cancelled =
        term({"events", "cancel", std::to_string(eventId), "--reason", "storm", "-o", "json"});
    ASSERT_EQ(cancelled.status, 0) << cancelled.err;
    EXPECT_EQ(cancelled.parsed()["refunded_orders"], 1);
    EXPECT_EQ(cancelled.parsed()["refunded_cents"], 25000);
    EXPECT_TRUE(cancelled.parsed()["event"].contains("cancelled_at"));
}

TEST_P(TermCliTest, WatchPrintsTheStreamAsJsonLines) {
    const Id eventId = createEvent();
    trustAndLogIn("clerk@example.com");
    const TermRun watched = term({"watch", std::to_string(eventId), "--count", "2", "-o", "json"});
    ASSERT_EQ(watched.status, 0) << watched.err;
    std::istringstream lines(watched.out);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        const json event = json::parse(line);
        EXPECT_EQ(event["event"], "availability");
        EXPECT_TRUE(event["data"].contains("section_id"));
        ++count;
    }
    EXPECT_EQ(count, 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, TermCliTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
