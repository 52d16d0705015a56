// The full-screen bilheteria-term as people use it: the real binary in a real terminal (tmux),
// keys sent and the screen read back, against the real server. A clerk's whole cash sale, a
// buyer's card sale with a declined card and then a good one, a hold that runs out on screen,
// a resize, and the waiting room.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "shared/timeformat.h"
#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"
#include "tests/support/tmuxsession.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class TermScreensTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(Backend::Sqlite);
        addUser(m_database->url(), "organizer@example.com", "Olga", "organizer", kTestPassword);
        addUser(m_database->url(), "clerk@example.com", "Caio Caixa", "clerk", kTestPassword);
        addUser(m_database->url(), "bia@example.com", "Beatriz Lúcia", "buyer", kTestPassword);
        m_server = std::make_unique<ServerProcess>(m_database->url(),
                                                   std::vector<std::string>{"--no-rate-limits"});
        m_dir = std::filesystem::temp_directory_path() /
                ("bilheteria-term-screens-" + std::to_string(::getpid()) + "-" +
                 std::to_string(++s_counter));
        std::filesystem::create_directories(m_dir);
        m_http = std::make_unique<HttpsClient>(*m_server);
        m_organizer = m_http->login("organizer@example.com", kTestPassword);
    }
    void TearDown() override {
        m_term.reset();
        // Our kept-alive connection closed first: the server's shutdown waits for open ones.
        m_http.reset();
        std::filesystem::remove_all(m_dir);
        EXPECT_EQ(m_server->stop(), 0);
    }

    std::string serverUrl() const {
        return "https://127.0.0.1:" + std::to_string(m_server->port());
    }

    json createEvent(json body) {
        const auto reply = m_http->post("/api/v1/events", body, m_organizer);
        EXPECT_EQ(reply.status, 201) << reply.raw;
        return reply.body["event"];
    }

    // Pins the server's certificate the way a script would (the trust screen has its own test).
    void pinServer() {
        const std::string command =
            "env XDG_CONFIG_HOME=" + shellQuoted((m_dir / "config").string()) + " " +
            shellQuoted(BILHETERIA_TERM_BINARY) + " --server " + serverUrl() +
            " trust --fingerprint " + m_server->printedFingerprint() + " >/dev/null 2>&1";
        const int status = std::system(command.c_str());
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }

    // The full-screen app in a terminal of its own, in the test's folder.
    TmuxSession& start(std::map<std::string, std::string> environment = {}) {
        environment["XDG_CONFIG_HOME"] = (m_dir / "config").string();
        environment["TERM"] = "xterm-256color";
        m_term = std::make_unique<TmuxSession>(
            std::vector<std::string>{"sh", "-c",
                                     "cd " + shellQuoted(m_dir.string()) + " && exec " +
                                         shellQuoted(BILHETERIA_TERM_BINARY) + " --server " +
                                         serverUrl()},
            environment);
        return *m_term;
    }

    // Expects the screen to show `text` soon; says what it showed instead.
    void expectScreen(const std::string& text, std::chrono::milliseconds timeout = 15s) {
        ASSERT_TRUE(m_term->waitFor(text, timeout))
            << "waited for \"" << text << "\"; the screen shows:\n"
            << m_term->screen();
    }

    void signIn(const std::string& email) {
        expectScreen("Sign in to sell or buy tickets.");
        m_term->type(email);
        m_term->keys({"Tab"});
        m_term->type(kTestPassword);
        m_term->snapshot("02-sign-in");
        m_term->keys({"Enter"});
        expectScreen("Events");
        m_term->snapshot("03-events");
    }

    // The event list's focus starts on the first event; Enter opens it.
    void openFirstEvent(const std::string& name) {
        expectScreen(name);
        m_term->keys({"Enter"});
        expectScreen("● live");
    }

    // A clerk's cash sale over the API: the order, with its tickets' codes and tokens.
    json sell(Id eventId, const std::vector<Id>& seatIds) {
        const std::string clerk = m_http->login("clerk@example.com", kTestPassword);
        const auto hold = m_http->post("/api/v1/events/" + std::to_string(eventId) + "/holds",
                                       {{"seat_ids", seatIds}}, clerk);
        EXPECT_EQ(hold.status, 201) << hold.raw;
        const auto paid = m_http->post(
            "/api/v1/holds/" + std::to_string(hold.body["hold"]["id"].get<Id>()) + "/purchase",
            {{"payment", {{"method", "cash"}, {"tendered_cents", 1000000}}}}, clerk,
            {{"Idempotency-Key", "screens-" + std::to_string(seatIds.front())}});
        EXPECT_EQ(paid.status, 201) << paid.raw;
        return paid.body["order"];
    }

    json seatsOf(Id eventId) {
        return m_http->get("/api/v1/events/" + std::to_string(eventId) + "/seats").body["seats"];
    }

    static inline int s_counter = 0;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_http;
    std::unique_ptr<TmuxSession> m_term;
    std::string m_organizer;
    std::filesystem::path m_dir;
};

TEST_F(TermScreensTest, AClerksWholeCashSaleFromTrustToTheShiftSummary) {
    const json event = createEvent(demoEventBody("Noite de Rock"));
    TmuxSession& term = start();
    // First use: the fingerprint shown is the one the server printed; trust it.
    expectScreen("Trust this server?");
    const std::string fingerprint = m_server->printedFingerprint();
    expectScreen(fingerprint.substr(0, 23));
    term.snapshot("01-trust");
    term.keys({"y"});
    signIn("clerk@example.com");
    openFirstEvent("Noite de Rock");
    expectScreen("Plateia · R$250.00 · 42 of 42 free");
    term.snapshot("04-seat-map");

    // The best two seats together, held, paid in cash with R$ 600.
    term.keys({"b"});
    expectScreen("How many seats together?");
    term.snapshot("05-best-available");
    term.keys({"2", "Enter"});
    expectScreen("Selected: 2 seats · R$500.00");
    term.keys({"Enter"});
    expectScreen("Held for");
    expectScreen("Total R$500.00");
    term.type("600");
    expectScreen("Change");
    term.snapshot("06-checkout-cash");
    term.keys({"Enter"});
    expectScreen("Paid ✓  order");
    expectScreen("cash, R$600.00 tendered");
    const std::string paid = term.screen();
    term.snapshot("07-confirmation");
    EXPECT_NE(paid.find("\u2580"), std::string::npos) << "no QR drawn:\n" << paid;

    // The server agrees: one cash order of two tickets with R$ 100 change.
    const std::string clerk = m_http->login("clerk@example.com", kTestPassword);
    const auto orders = m_http->get("/api/v1/orders", clerk);
    ASSERT_EQ(orders.status, 200) << orders.raw;
    ASSERT_EQ(orders.body["orders"].size(), 1u);
    const json order = orders.body["orders"][0];
    EXPECT_EQ(order["payment"]["method"], "cash");
    EXPECT_EQ(order["payment"]["change_cents"], 10000);
    ASSERT_EQ(order["tickets"].size(), 2u);
    const std::string code = order["tickets"][0]["code"];
    EXPECT_NE(paid.find(code), std::string::npos) << paid;

    // The tickets to a PDF and to a text file, each with the ticket codes.
    term.keys({"F2"});
    expectScreen("Save to file:");
    term.keys({"Enter"});
    expectScreen("Tickets saved to");
    const auto pdf = m_dir / ("bilheteria-order-" + std::to_string(order["id"].get<Id>()) + ".pdf");
    ASSERT_TRUE(std::filesystem::exists(pdf));
    EXPECT_EQ(slurp(pdf).substr(0, 5), "%PDF-");
    const int pdfText = std::system(
        ("pdftotext " + shellQuoted(pdf.string()) + " " + shellQuoted((m_dir / "pdf.txt").string()))
            .c_str());
    ASSERT_EQ(pdfText, 0);
    const std::string pdfWords = slurp(m_dir / "pdf.txt");
    EXPECT_NE(pdfWords.find(code), std::string::npos) << pdfWords;
    EXPECT_NE(pdfWords.find("Noite de Rock"), std::string::npos) << pdfWords;
    term.keys({"F3"});
    expectScreen(".txt");
    term.keys({"Enter"});
    expectScreen("Tickets saved to");
    const std::string text =
        slurp(m_dir / ("bilheteria-order-" + std::to_string(order["id"].get<Id>()) + ".txt"));
    EXPECT_NE(text.find(code), std::string::npos) << text;
    EXPECT_NE(text.find("Row A · Seat"), std::string::npos) << text;

    // Back on the map for the next sale: the two seats now show as sold ('#').
    term.keys({"Enter"});
    expectScreen("Plateia · R$250.00 · 40 of 42 free");
    expectScreen("# #");
    term.keys({"Escape"});
    expectScreen("Search:");
    term.keys({"F2"});
    expectScreen("Shift summary");
    expectScreen("1 order · 2 tickets");
    expectScreen("Cash R$500.00 in 1 order (change given R$100.00)");
    term.snapshot("09-shift-summary");
    term.keys({"F10"});
    EXPECT_EQ(term.waitForExit(), 0);
}

TEST_F(TermScreensTest, ABuyersDeclinedCardKeepsTheHoldAndAGoodOnePays) {
    const json event = createEvent(demoEventBody("Festa"));
    pinServer();
    TmuxSession& term = start();
    signIn("bia@example.com");
    expectScreen("Beatriz Lúcia (buyer)");
    openFirstEvent("Festa");
    // Down through the seat rows to the general admission section, then three places.
    term.keys({"Tab"});
    expectScreen("quantity: < 0 >");
    term.keys({"+", "+", "+"});
    expectScreen("quantity: < 3 >");
    term.keys({"Enter"});
    expectScreen("Pay by card");
    expectScreen("3 × Pista · R$450.00");
    term.type("4000000000000002");
    term.keys({"Tab"});
    term.type("12/30");
    term.keys({"Tab"});
    term.type("123");
    term.keys({"Tab"});
    term.type("Beatriz Lúcia");
    term.keys({"Enter"});
    expectScreen("Card declined");
    expectScreen("The seats stay held");
    expectScreen("Held for");
    term.snapshot("08-card-declined");
    // The number and CVC were wiped; the expiry and name stay.
    term.type("4111111111111111");
    term.keys({"Tab", "Tab"});
    term.type("123");
    term.keys({"Enter"});
    expectScreen("Paid ✓  order");
    expectScreen("Visa •••• 1111");
    const auto shown = m_http->get("/api/v1/events/" + std::to_string(event["id"].get<Id>()));
    EXPECT_EQ(shown.body["event"]["sections"][1]["available"], 497);
}

TEST_F(TermScreensTest, AHoldRunsOutOnScreenAndItsSeatsGoBackOnSale) {
    json body = demoEventBody("Curta");
    body["hold_seconds"] = 60; // the shortest the contract allows
    const json event = createEvent(body);
    pinServer();
    TmuxSession& term = start();
    signIn("clerk@example.com");
    openFirstEvent("Curta");
    term.keys({"Space", "Enter"});
    expectScreen("Held for");
    EXPECT_EQ(seatsOf(event["id"])[0]["state"], "held");
    expectScreen("The hold expired: the seats are back on sale.", 80s);
    term.snapshot("14-hold-expired");
    expectScreen("Back to the seats");
    EXPECT_EQ(seatsOf(event["id"])[0]["state"], "free");
    term.keys({"Enter"});
    expectScreen("42 of 42 free");
}

TEST_F(TermScreensTest, AResizeRedrawsTheScreenForItsNewSize) {
    createEvent(demoEventBody("Largo"));
    pinServer();
    TmuxSession& term = start();
    signIn("clerk@example.com");
    openFirstEvent("Largo");
    term.resize(70, 20);
    // The status line is on the new last row, and the map is still there.
    ASSERT_TRUE(term.waitFor("F10 Quit")) << term.screen();
    std::string screen = term.screen();
    auto lines = std::count(screen.begin(), screen.end(), '\n');
    EXPECT_LE(lines, 20) << screen;
    EXPECT_NE(screen.find("Plateia"), std::string::npos) << screen;
    // Too small to work in: it says so instead of drawing a broken screen.
    term.resize(40, 10);
    // Said in words that wrap to the small screen.
    expectScreen("Make the terminal at least 60×16");
    expectScreen("40×10)");
    term.snapshot("12-too-small");
    term.resize(120, 36);
    expectScreen("Plateia · R$250.00 · 42 of 42 free");
    expectScreen("Enter Hold");
}

TEST_F(TermScreensTest, TheWaitingRoomShowsThePlaceAndLetsTheBuyerIn) {
    json body = demoEventBody("Com fila");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 20}};
    const json event = createEvent(body);
    const std::string eventPath = "/api/v1/events/" + std::to_string(event["id"].get<Id>());
    // Two people in line first.
    for (const char* email : {"one@example.com", "two@example.com"}) {
        addUser(m_database->url(), email, "Fila", "buyer", kTestPassword);
        const auto joined =
            m_http->post(eventPath + "/queue", json::object(), m_http->login(email, kTestPassword));
        ASSERT_EQ(joined.status, 200) << joined.raw;
    }
    pinServer();
    TmuxSession& term = start();
    signIn("bia@example.com");
    openFirstEvent("Com fila");
    term.keys({"Space", "Enter"});
    expectScreen("Your place in the line");
    expectScreen("people ahead of you");
    term.snapshot("10-waiting-room");
    // Let in at the room's pace, back on the seats with the admission's end shown.
    expectScreen("You are in: hold your seats before", 40s);
    term.snapshot("11-waiting-room-admitted");
    term.keys({"Space", "Enter"});
    expectScreen("Held for");
}

TEST_F(TermScreensTest, AnEarlyBuyerIsToldOfTheOpeningDrawThenLetIn) {
    // The sale opens in 25 s: time to sign in and join before it, so the place is provisional.
    const auto opening =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) + 25s;
    json body = demoEventBody("Pré-venda");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 60}};
    body["sale_starts_at"] = formatRfc3339(opening);
    const json event = createEvent(body);
    const std::string eventPath = "/api/v1/events/" + std::to_string(event["id"].get<Id>());
    for (const char* email : {"early1@example.com", "early2@example.com"}) {
        addUser(m_database->url(), email, "Cedo", "buyer", kTestPassword);
        const auto joined =
            m_http->post(eventPath + "/queue", json::object(), m_http->login(email, kTestPassword));
        ASSERT_EQ(joined.status, 200) << joined.raw;
        ASSERT_TRUE(joined.body.contains("draw_at")) << joined.raw;
    }
    pinServer();
    TmuxSession& term = start();
    signIn("bia@example.com");
    openFirstEvent("Pré-venda");
    term.keys({"w"});
    expectScreen("You are in the opening draw");
    expectScreen("3 people in the draw so far");
    expectScreen("when the sale opens, everyone who joined before then is put in");
    term.snapshot("13-waiting-room-draw");
    ASSERT_LT(std::chrono::system_clock::now(), opening) << "signed in after the opening";
    // Drawn at the opening among three, let in at one a second.
    expectScreen("You are in: hold your seats before", 60s);
}

TEST_F(TermScreensTest, AnOrganizerWatchesTheSalesFiguresChangeLive) {
    const json event = createEvent(demoEventBody("Ao vivo"));
    const Id eventId = event["id"];
    pinServer();
    TmuxSession& term = start();
    signIn("organizer@example.com");
    expectScreen("Ao vivo");
    term.keys({"F3"});
    expectScreen("Sales · Ao vivo");
    expectScreen("Sold 0 of 542 · held 0 · available 542");
    // A buyer elsewhere buys two seats: the figures follow without a key pressed.
    const std::string buyer = m_http->login("bia@example.com", kTestPassword);
    const json seats = seatsOf(eventId);
    const auto hold = m_http->post("/api/v1/events/" + std::to_string(eventId) + "/holds",
                                   {{"seat_ids", {seats[0]["id"], seats[1]["id"]}}}, buyer);
    ASSERT_EQ(hold.status, 201) << hold.raw;
    expectScreen("Sold 0 of 542 · held 2 · available 540");
    const auto paid = m_http->post(
        "/api/v1/holds/" + std::to_string(hold.body["hold"]["id"].get<Id>()) + "/purchase",
        cardPurchaseBody(), buyer, {{"Idempotency-Key", "live-sales-1"}});
    ASSERT_EQ(paid.status, 201) << paid.raw;
    expectScreen("Sold 2 of 542 · held 0 · available 540");
    expectScreen("Revenue R$500.00 in 1 order (card R$500.00, cash R$0.00)");
    expectScreen("At the door: admitted 0 of 2 sold");
    // A gate lets one of them in: the door's figures follow too.
    const auto admitted = m_http->post(
        "/api/v1/checkins", {{"code", paid.body["order"]["tickets"][0]["code"]}, {"gate", "A"}},
        m_organizer);
    ASSERT_EQ(admitted.status, 200) << admitted.raw;
    expectScreen("At the door: admitted 1 of 2 sold");
    term.snapshot("15-organizer-sales");
    term.keys({"Escape"});
    expectScreen("Search:");
}

TEST_F(TermScreensTest, TheDoorAdmitsRefusesAGoodByAndSyncsWhatItCheckedOffline) {
    const json event = createEvent(demoEventBody("Portaria"));
    const Id eventId = event["id"];
    const json order = sell(eventId, {1, 2, 3});
    const json refunded = sell(eventId, {4});
    const std::string clerk = m_http->login("clerk@example.com", kTestPassword);
    const auto refund =
        m_http->post("/api/v1/orders/" + std::to_string(refunded["id"].get<Id>()) + "/refunds",
                     json::object(), clerk, {{"Idempotency-Key", "screens-refund"}});
    ASSERT_EQ(refund.status, 201) << refund.raw;
    addUser(m_database->url(), "door@example.com", "Davi Porteiro", "door", kTestPassword);
    pinServer();
    TmuxSession& term = start({{"XDG_DATA_HOME", (m_dir / "data").string()}});
    signIn("door@example.com");
    // Door staff: the event opens the door; the gate first, then the scans.
    expectScreen("Enter Door");
    term.keys({"Enter"});
    expectScreen("Gate:");
    expectScreen("admitted 0 of 3 sold");
    term.type("North");
    term.keys({"Enter"});

    // A scanner types the signed token and Enter.
    const std::string token = order["tickets"][0]["qr"];
    term.type(token);
    term.keys({"Enter"});
    expectScreen("Ticket " + std::to_string(order["tickets"][0]["id"].get<Id>()) +
                 " checked in at gate North");
    expectScreen("Plateia · Row A · Seat 1");
    expectScreen("admitted 1 of 3 sold"); // the stream's count
    EXPECT_NE(term.screen().find("\u2588\u2588\u2588"), std::string::npos) << term.screen();
    term.snapshot("16-door-admitted");

    // The same ticket again: refused, with when and where it went in.
    term.type(token);
    term.keys({"Enter"});
    expectScreen("Already checked in at");
    expectScreen(", gate North");
    EXPECT_NE(term.screen().find("\u2592\u2592\u2592"), std::string::npos) << term.screen();
    EXPECT_NE(term.screen().find("\u2717"), std::string::npos) << term.screen();
    term.snapshot("17-door-repeat-refused");
    // A refunded ticket and a forged one.
    term.type(refunded["tickets"][0]["qr"].get<std::string>());
    term.keys({"Enter"});
    expectScreen("Void ticket: refunded");
    std::string forged = order["tickets"][1]["qr"];
    char& changed = forged[forged.size() - 10]; // inside the signature, still well formed
    changed = changed == 'A' ? 'B' : 'A';
    term.type(forged);
    term.keys({"Enter"});
    expectScreen("Forged or altered ticket (bad_signature)");

    // Offline by F6: a typed code is verified here and kept to sync.
    term.keys({"F6"});
    expectScreen("○ OFFLINE");
    term.type(order["tickets"][1]["code"].get<std::string>());
    term.keys({"Enter"});
    expectScreen("Checked offline: the server confirms it at the next sync.");
    expectScreen("1 scan to sync");
    term.snapshot("18-door-offline");
    // The server has not heard of it yet.
    const std::string ticketPath = "/api/v1/orders/" + std::to_string(order["id"].get<Id>());
    EXPECT_EQ(m_http->get(ticketPath, clerk).body["order"]["tickets"][1]["status"], "valid");

    // The terminal closes under it (the scan was on disk before it was answered); a new run
    // finds the scan, and being online syncs it and shows the server's verdict.
    start({{"XDG_DATA_HOME", (m_dir / "data").string()}});
    expectScreen("Enter Door");
    m_term->keys({"Enter"});
    expectScreen("Gate: North"); // the gate this scanner stood at
    expectScreen("admitted 2 of 3 sold");
    expectScreen("Synced: 1 admitted, 0 refused by the server.");
    expectScreen("● online");
    expectScreen("admitted at");
    m_term->snapshot("19-door-synced");
    EXPECT_EQ(m_http->get(ticketPath, clerk).body["order"]["tickets"][1]["status"], "checked_in");
}

TEST_F(TermScreensTest, AClerkFindsAnOrderByItsTicketAndRefundsItInCash) {
    const json event = createEvent(demoEventBody("Reembolso"));
    const json order = sell(event["id"], {1, 2});
    pinServer();
    TmuxSession& term = start();
    signIn("clerk@example.com");
    expectScreen("F7 After the sale");
    term.keys({"F7"});
    expectScreen("Ticket code, QR or order id:");
    // The ticket scanned (its token): its order, that ticket chosen.
    term.type(order["tickets"][1]["qr"].get<std::string>());
    term.keys({"Enter"});
    expectScreen("Order " + std::to_string(order["id"].get<Id>()) + " found.");
    expectScreen("Chosen: 1 ticket · R$250.00");
    expectScreen("[x]");
    term.keys({"F8"});
    expectScreen("Refund 1 ticket, R$250.00 (cash)? Enter confirms, Esc goes back.");
    expectScreen("Cash: hand back R$250.00.");
    term.snapshot("20-refund-confirm");
    term.keys({"Enter"});
    expectScreen("Hand back in cash");
    expectScreen("Refunded R$250.00.");
    expectScreen("partially refunded");
    term.snapshot("21-refund-done");
    const std::string clerk = m_http->login("clerk@example.com", kTestPassword);
    const auto after =
        m_http->get("/api/v1/orders/" + std::to_string(order["id"].get<Id>()), clerk);
    EXPECT_EQ(after.body["order"]["status"], "partially_refunded");
    EXPECT_EQ(after.body["order"]["tickets"][1]["status"], "refunded");
    EXPECT_EQ(after.body["order"]["tickets"][0]["status"], "valid");
    // Its seat is on sale again.
    EXPECT_EQ(seatsOf(event["id"])[1]["state"], "free");
}

TEST_F(TermScreensTest, AClerkExchangesATicketToACheaperPlaceAndBackPayingTheDifference) {
    const json event = createEvent(demoEventBody("Troca"));
    const json order = sell(event["id"], {1});
    const Id orderId = order["id"];
    const Id oldTicket = order["tickets"][0]["id"];
    pinServer();
    TmuxSession& term = start();
    signIn("clerk@example.com");
    expectScreen("F7 After the sale");
    term.keys({"F7"});
    expectScreen("Ticket code, QR or order id:");
    term.type(order["tickets"][0]["qr"].get<std::string>());
    term.keys({"Enter"});
    expectScreen("Order " + std::to_string(orderId) + " found.");
    expectScreen("x Exchange");

    // Seat A1 (R$250) for a place in the Pista (R$150): the seat map chooses it.
    term.keys({"x"});
    expectScreen("Choose the new place");
    term.keys({"Tab"});
    expectScreen("Pista · R$150.00");
    term.keys({"Enter"});
    expectScreen("Exchange ticket " + std::to_string(oldTicket) + " of order " +
                 std::to_string(orderId));
    expectScreen("Plateia · Row A · Seat 1 · R$250.00");
    expectScreen("Pista · General admission · R$150.00");
    expectScreen("Cheaper: hand back R$100.00 in cash.");
    term.snapshot("22-exchange-cheaper");
    term.keys({"Enter"});
    expectScreen("Exchanged ✓ ticket " + std::to_string(oldTicket) + " → new ticket");
    expectScreen("Hand back in cash");
    expectScreen("exchanged");

    // The new Pista ticket (under the cursor now) back to seat A1, free again: the customer
    // pays R$100 and gets the change of R$200.
    term.keys({"x"});
    expectScreen("Choose the new place");
    expectScreen("Plateia · row A · seat 1 · free · R$250.00");
    term.keys({"Enter"});
    expectScreen("Dearer: the customer pays R$100.00.");
    expectScreen("Cash tendered:");
    term.type("200");
    expectScreen("Change");
    term.snapshot("23-exchange-dearer");
    term.keys({"Enter"});
    expectScreen("Exchanged ✓ ticket");
    expectScreen("t New ticket");
    const std::string clerk = m_http->login("clerk@example.com", kTestPassword);
    const json after = m_http->get("/api/v1/orders/" + std::to_string(orderId), clerk).body;
    ASSERT_EQ(after["order"]["tickets"].size(), 3u) << after.dump();
    EXPECT_EQ(after["order"]["tickets"][0]["status"], "exchanged");
    EXPECT_EQ(after["order"]["tickets"][1]["status"], "exchanged");
    EXPECT_EQ(after["order"]["tickets"][2]["status"], "valid");
    EXPECT_EQ(after["order"]["tickets"][2]["seat_id"], 1);
    EXPECT_EQ(after["order"]["total_cents"], 25000);

    // The new ticket alone, to print.
    term.keys({"t"});
    expectScreen("1 ticket");
    expectScreen("Plateia");
    term.snapshot("24-exchange-new-ticket");
}

TEST_F(TermScreensTest, AnOrganizerCancelsTheEventFromItsSalesFigures) {
    const json event = createEvent(demoEventBody("Chuva"));
    const Id eventId = event["id"];
    const json order = sell(eventId, {1, 2});
    pinServer();
    TmuxSession& term = start();
    signIn("organizer@example.com");
    expectScreen("Chuva");
    term.keys({"F3"});
    expectScreen("Sales · Chuva");
    expectScreen("F8 Cancel the event");
    term.keys({"F8"});
    expectScreen("Cancel Chuva?");
    expectScreen("This cannot be undone.");
    // A wrong name cancels nothing.
    term.type("Chuv");
    term.keys({"Enter"});
    expectScreen("Type the event's name exactly to cancel it.");
    term.type("a");
    term.keys({"Tab"});
    term.type("storm");
    term.snapshot("25-cancel-event");
    term.keys({"Enter"});
    expectScreen("Event cancelled: 1 order refunded, R$500.00.");
    expectScreen("the sale is closed and its orders refunded.");
    expectScreen("F8 Finish the refunds");
    const std::string clerk = m_http->login("clerk@example.com", kTestPassword);
    const auto after =
        m_http->get("/api/v1/orders/" + std::to_string(order["id"].get<Id>()), clerk);
    EXPECT_EQ(after.body["order"]["status"], "refunded");
    const auto hold = m_http->post("/api/v1/events/" + std::to_string(eventId) + "/holds",
                                   {{"seat_ids", {3}}}, clerk);
    EXPECT_EQ(hold.status, 409) << hold.raw;
}

TEST_F(TermScreensTest, PortugueseWithoutColourStillMarksEveryLook) {
    createEvent(demoEventBody("Sem cor"));
    pinServer();
    TmuxSession& term = start({{"LANG", "pt_BR.UTF-8"}, {"LANGUAGE", "pt_BR"}, {"NO_COLOR", "1"}});
    expectScreen("Entre para vender ou comprar ingressos.");
    term.type("clerk@example.com");
    term.keys({"Tab"});
    term.type(kTestPassword);
    term.keys({"Enter"});
    expectScreen("Eventos");
    term.keys({"Enter"});
    expectScreen("Plateia · R$ 250,00 · 42 de 42 livres");
    term.keys({"Right", "Space", "Right", "Right", "Space"});
    expectScreen("Selecionados: 2 assentos · R$ 500,00");
    // Without colour, the map still reads: free '.', selected '*'.
    expectScreen(". * . *");
    expectScreen(". livre  x reservado  # vendido  @ seu  * selecionado");
    term.snapshot("13-pt-BR-no-colour");
}

} // namespace
} // namespace bilheteria::testing
