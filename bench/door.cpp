// The door's figures against a running server (bench/door-bench starts one per store): online
// check-ins per second with N gates (threads, one keep-alive HTTPS connection each) scanning
// distinct tickets, next to a baseline in the same run (GET /healthz at the same concurrency),
// and offline token verifications per second on one core (no server: the scanner's own work).
//
// It sets the event up itself: the organizer creates an event with one general-admission
// section of --tickets places, the clerk sells them all at the counter (cash, 1,000 a hold),
// and the door account scans them.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "client-term/net/httpsconnection.h"
#include "shared/ticketqr.h"

namespace {

using namespace bilheteria;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string url;
    std::string caCert;
    std::string password;
    std::string organizer, clerk, door;
    int tickets = 20'000;
    int gates = 32;
    double verifySeconds = 3;
};

std::unique_ptr<term::HttpsConnection> connect(const Options& o) {
    return std::make_unique<term::HttpsConnection>(
        *term::parseServerUrl(o.url), term::TlsTrust{.caFile = o.caCert, .pinnedPem = {}});
}

[[noreturn]] void die(const std::string& what, const term::Reply& reply) {
    std::fprintf(stderr, "error: %s: %d %s\n", what.c_str(), reply.status,
                 reply.body.substr(0, 500).c_str());
    std::exit(1);
}

std::string logIn(term::HttpsConnection& api, const std::string& email, const std::string& pass) {
    const auto reply =
        api.post("/api/v1/auth/login", json{{"email", email}, {"password", pass}}.dump());
    if (reply.status != 200) die("login " + email, reply);
    return reply.parsed()["token"];
}

term::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

// N threads, each on its own connection, each doing `work(connection, thread)` until it returns
// false; returns the seconds the whole took.
template <typename Work> double inParallel(const Options& o, int threads, Work&& work) {
    std::vector<std::unique_ptr<term::HttpsConnection>> connections;
    for (int i = 0; i < threads; ++i) {
        connections.push_back(connect(o));
        connections.back()->get("/healthz"); // TLS handshake before the clock starts
    }
    std::atomic<bool> go{false};
    std::vector<std::thread> running;
    for (int i = 0; i < threads; ++i)
        running.emplace_back([&, i] {
            while (!go.load())
                std::this_thread::yield();
            while (work(*connections[i], i)) {
            }
        });
    const auto start = Clock::now();
    go = true;
    for (auto& thread : running)
        thread.join();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{
        "The door's figures: online check-ins/s against a baseline, offline verifications/s"};
    app.add_option("--url", o.url, "https://HOST:PORT")->required();
    app.add_option("--ca-cert", o.caCert, "the server's certificate (PEM)")->required();
    app.add_option("--password", o.password, "the three accounts' password")->required();
    app.add_option("--organizer", o.organizer, "an organizer's email")->required();
    app.add_option("--clerk", o.clerk, "a clerk's email")->required();
    app.add_option("--door", o.door, "a door account's email")->required();
    app.add_option("--tickets", o.tickets, "tickets sold and then checked in")->default_val(20'000);
    app.add_option("--gates", o.gates, "gates scanning at once")->default_val(32);
    app.add_option("--verify-seconds", o.verifySeconds, "how long to verify tokens")
        ->default_val(3);
    CLI11_PARSE(app, argc, argv);

    auto connection = connect(o);
    term::HttpsConnection& api = *connection;
    const auto organizer = logIn(api, o.organizer, o.password);
    const auto clerk = logIn(api, o.clerk, o.password);
    const auto door = logIn(api, o.door, o.password);

    json event{{"name", "Door Bench"},
               {"venue", "Arena"},
               {"starts_at", "2031-06-01T22:00:00Z"},
               {"currency", "BRL"},
               {"max_tickets_per_customer", 8},
               {"hold_seconds", 600},
               {"sections", {{{"name", "Pista"}, {"price_cents", 1000}, {"capacity", o.tickets}}}}};
    auto created = api.post("/api/v1/events", event.dump(), bearer(organizer));
    if (created.status != 201) die("create the event", created);
    const json made = created.parsed()["event"];
    const std::string eventPath = "/api/v1/events/" + std::to_string(made["id"].get<Id>());

    std::vector<std::string> codes, tokens;
    for (int sold = 0, n = 0; sold < o.tickets; ++n) {
        const int quantity = std::min(1'000, o.tickets - sold);
        auto hold =
            api.post(eventPath + "/holds",
                     json{{"section_id", made["sections"][0]["id"]}, {"quantity", quantity}}.dump(),
                     bearer(clerk));
        if (hold.status != 201) die("hold", hold);
        auto headers = bearer(clerk);
        headers.push_back({"Idempotency-Key", "door-bench-" + std::to_string(n)});
        auto paid = api.post(
            "/api/v1/holds/" + std::to_string(hold.parsed()["hold"]["id"].get<Id>()) + "/purchase",
            json{{"payment", {{"method", "cash"}, {"tendered_cents", 1000 * quantity}}}}.dump(),
            headers);
        if (paid.status != 201) die("purchase", paid);
        const json order = paid.parsed()["order"];
        for (const auto& ticket : order["tickets"]) {
            codes.push_back(ticket["code"]);
            tokens.push_back(ticket["qr"]);
        }
        sold += quantity;
    }
    std::printf("event %s: %zu tickets sold\n", eventPath.c_str(), codes.size());

    // Baseline: as many GET /healthz as there are check-ins, at the same concurrency.
    std::atomic<int> next{0};
    std::atomic<int> healthy{0};
    const double baseline = inParallel(o, o.gates, [&](term::HttpsConnection& c, int) {
        if (next.fetch_add(1) >= o.tickets) return false;
        if (c.get("/healthz").status == 200) ++healthy;
        return true;
    });

    // Check-ins: each ticket once, by code, the gates taking the next ticket in turn.
    next = 0;
    std::atomic<int> admitted{0}, refused{0};
    const double checkins = inParallel(o, o.gates, [&](term::HttpsConnection& c, int gate) {
        const int i = next.fetch_add(1);
        if (i >= o.tickets) return false;
        const auto reply = c.post("/api/v1/checkins",
                                  json{{"code", codes[static_cast<std::size_t>(i)]},
                                       {"gate", "gate-" + std::to_string(gate)}}
                                      .dump(),
                                  bearer(door));
        ++(reply.status == 200 ? admitted : refused);
        return true;
    });

    // Offline verification on one core: the scanner holds the published keys only.
    auto keysReply = api.get(eventPath + "/keys");
    if (keysReply.status != 200) die("keys", keysReply);
    std::vector<PublicKeyInfo> keys;
    const json published = keysReply.parsed()["keys"];
    for (const auto& key : published)
        keys.push_back({key["key_id"], key["algorithm"], key["public_key"]});
    std::size_t verified = 0, failed = 0;
    const auto start = Clock::now();
    double verifySeconds = 0;
    while (verifySeconds < o.verifySeconds) {
        for (int k = 0; k < 256; ++k)
            ++(verifyTicketToken(tokens[(verified + failed) % tokens.size()], keys) ? verified
                                                                                    : failed);
        verifySeconds = std::chrono::duration<double>(Clock::now() - start).count();
    }

    std::printf("gates (threads): %d, tickets: %d\n", o.gates, o.tickets);
    std::printf("baseline GET /healthz:   %8.0f req/s   (%d ok in %.2f s)\n", o.tickets / baseline,
                healthy.load(), baseline);
    std::printf("online check-ins:        %8.0f /s      (%d admitted, %d refused in %.2f s)\n",
                o.tickets / checkins, admitted.load(), refused.load(), checkins);
    std::printf("offline verifications:   %8.0f /s      on one core (%zu ok, %zu refused)\n",
                static_cast<double>(verified + failed) / verifySeconds, verified, failed);
    return admitted.load() == o.tickets && failed == 0 ? 0 : 2;
}
