// Opening a big seat map, old against new (bench/seatmap-fetch-bench starts the server): N
// buyers at once (64 by default), each on a new HTTPS connection, fetch a 100,000-seat map —
// the seat-by-seat JSON of GET /seats (the baseline), and the compact map of issue 15: the
// layout plus the packed states (gzip), on a first visit and on a return visit that revalidates
// the layout it kept (304). Prints, side by side: body bytes per client, the wall time until all
// N are done, and p50 / p99 of one client's time, over --rounds rounds. Every answer is checked
// (status, and the compact map decodes to as many seats as the list holds).
//
// It sets the event up itself: the organizer creates --sections × --rows × --seats seats, and
// --buyers buyers (registered here) hold 100 seats each at random, so that the states are not
// all alike.
#include <zlib.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "shared/seatmapformat.h"

namespace {

using namespace bilheteria;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string caCert;
    std::string password;
    std::string organizer;
    int sections = 4, rows = 250, seats = 100;
    int buyers = 20;
    int clients = 64;
    int rounds = 3;
};

std::unique_ptr<httplib::SSLClient> connect(const Options& o) {
    auto client = std::make_unique<httplib::SSLClient>(o.host, o.port);
    client->set_ca_cert_path(o.caCert.c_str());
    client->enable_server_certificate_verification(true);
    client->set_decompress(false); // bodies as sent: their bytes are what we count
    client->set_read_timeout(120, 0);
    client->set_keep_alive(true);
    return client;
}

[[noreturn]] void die(const std::string& what, const httplib::Result& result) {
    if (result)
        std::fprintf(stderr, "error: %s: %d %s\n", what.c_str(), result->status,
                     result->body.substr(0, 500).c_str());
    else
        std::fprintf(stderr, "error: %s: %s\n", what.c_str(),
                     httplib::to_string(result.error()).c_str());
    std::exit(1);
}

httplib::Result post(httplib::SSLClient& api, const std::string& path, const json& body,
                     const std::string& token = {}) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return api.Post(path, headers, body.dump(), "application/json");
}

std::string logIn(httplib::SSLClient& api, const std::string& email, const std::string& pass) {
    auto reply = post(api, "/api/v1/auth/login", {{"email", email}, {"password", pass}});
    if (!reply || reply->status != 200) die("login " + email, reply);
    return json::parse(reply->body)["token"];
}

std::string gunzip(const std::string& data) {
    z_stream stream{};
    inflateInit2(&stream, 31);
    std::string out;
    std::vector<char> buffer(1 << 20);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - stream.avail_out);
    }
    inflateEnd(&stream);
    return out;
}

std::string body(const httplib::Result& reply) {
    return reply->get_header_value("Content-Encoding") == "gzip" ? gunzip(reply->body)
                                                                 : reply->body;
}

// Creates the event and spreads the buyers' holds over it; its id.
std::int64_t setUp(const Options& o) {
    auto api = connect(o);
    const std::string organizer = logIn(*api, o.organizer, o.password);
    json sections = json::array();
    for (int s = 0; s < o.sections; ++s) {
        json rows = json::array();
        for (int r = 0; r < o.rows; ++r)
            rows.push_back({{"label", "R" + std::to_string(r + 1)}, {"seats", o.seats}});
        sections.push_back({{"name", "Sector " + std::to_string(s + 1)},
                            {"price_cents", 10'000 + 1'000 * s},
                            {"rows", rows}});
    }
    json event = {{"name", "Seat map bench"},
                  {"venue", "Stadium"},
                  {"starts_at", "2030-12-31T22:00:00Z"},
                  {"currency", "BRL"},
                  {"max_tickets_per_customer", 100},
                  {"hold_seconds", 1800},
                  {"queue", {{"enabled", false}, {"admit_per_minute", 600}}},
                  {"sections", sections}};
    auto created = post(*api, "/api/v1/events", event, organizer);
    if (!created || created->status != 201) die("create the event", created);
    const std::int64_t eventId = json::parse(created->body)["event"]["id"];

    auto listed = api->Get("/api/v1/events/" + std::to_string(eventId) + "/seats");
    if (!listed || listed->status != 200) die("list the seats", listed);
    std::vector<std::int64_t> ids;
    const json list = json::parse(listed->body);
    for (const auto& seat : list["seats"])
        ids.push_back(seat["id"]);
    std::mt19937 random(15);
    std::shuffle(ids.begin(), ids.end(), random);
    for (int b = 0; b < o.buyers && (b + 1) * 100 <= static_cast<int>(ids.size()); ++b) {
        const std::string email = "buyer" + std::to_string(b) + "@seatmap.bench";
        auto registered = post(*api, "/api/v1/auth/register",
                               {{"email", email}, {"password", o.password}, {"name", "Buyer"}});
        if (!registered || registered->status != 201) die("register " + email, registered);
        const std::string token = logIn(*api, email, o.password);
        std::vector<std::int64_t> mine(ids.begin() + b * 100, ids.begin() + (b + 1) * 100);
        auto held = post(*api, "/api/v1/events/" + std::to_string(eventId) + "/holds",
                         {{"seat_ids", mine}}, token);
        if (!held || held->status != 201) die("hold seats", held);
    }
    return eventId;
}

struct Sample {
    double seconds = 0;
    std::size_t bytes = 0;
};

enum class Mode { OldJson, OldJsonGzipAsked, CompactFirstVisit, CompactReturnVisit };

const char* modeName(Mode mode) {
    switch (mode) {
    case Mode::OldJson:
        return "old GET /seats (JSON)";
    case Mode::OldJsonGzipAsked:
        return "old GET /seats, Accept-Encoding: gzip";
    case Mode::CompactFirstVisit:
        return "compact: layout + states (gzip)";
    case Mode::CompactReturnVisit:
        return "compact: layout 304 + states (gzip)";
    }
    return "";
}

// One client's open of the map on a connection of its own; its bytes and time.
Sample open(const Options& o, Mode mode, const std::string& base, const std::string& etag,
            std::int64_t seatCount) {
    const auto started = Clock::now();
    auto api = connect(o);
    Sample sample;
    const bool gzip = mode != Mode::OldJson;
    httplib::Headers headers{{"Accept-Encoding", gzip ? "gzip" : "identity"}};
    if (mode == Mode::OldJson || mode == Mode::OldJsonGzipAsked) {
        auto reply = api->Get(base + "/seats", headers);
        if (!reply || reply->status != 200) die("GET /seats", reply);
        sample.bytes = reply->body.size();
        if (json::parse(body(reply))["seats"].size() != static_cast<std::size_t>(seatCount))
            die("GET /seats: not every seat", reply);
    } else {
        auto layoutHeaders = headers;
        if (mode == Mode::CompactReturnVisit) layoutHeaders.emplace("If-None-Match", etag);
        auto layout = api->Get(base + "/layout", layoutHeaders);
        const int expected = mode == Mode::CompactReturnVisit ? 304 : 200;
        if (!layout || layout->status != expected) die("GET /layout", layout);
        auto states = api->Get(base + "/seat-states", headers);
        if (!states || states->status != 200) die("GET /seat-states", states);
        sample.bytes = layout->body.size() + states->body.size();
        auto packed = parsePackedSeatStates(json::parse(body(states)));
        if (!packed || packed->seatCount != seatCount) die("GET /seat-states: not decoded", states);
        if (mode == Mode::CompactFirstVisit) {
            auto parsed = parseSeatLayout(json::parse(body(layout)));
            if (!parsed || parsed->seatCount != seatCount) die("GET /layout: not decoded", layout);
        }
    }
    sample.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return sample;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"Opening a big seat map: the seat list against the compact map"};
    app.add_option("--port", o.port, "the server's HTTPS port on --host")->required();
    app.add_option("--host", o.host);
    app.add_option("--ca-cert", o.caCert, "the server's certificate")->required();
    app.add_option("--password", o.password)->required();
    app.add_option("--organizer", o.organizer, "an organizer's email")->required();
    app.add_option("--sections", o.sections);
    app.add_option("--rows", o.rows, "rows per section");
    app.add_option("--seats", o.seats, "seats per row");
    app.add_option("--buyers", o.buyers, "buyers holding 100 random seats each");
    app.add_option("--clients", o.clients, "buyers opening the map at once");
    app.add_option("--rounds", o.rounds);
    CLI11_PARSE(app, argc, argv);

    const std::int64_t eventId = setUp(o);
    const std::int64_t seatCount = static_cast<std::int64_t>(o.sections) * o.rows * o.seats;
    const std::string base = "/api/v1/events/" + std::to_string(eventId);
    std::string etag;
    {
        auto api = connect(o);
        auto layout = api->Get(base + "/layout");
        if (!layout || layout->status != 200) die("GET /layout", layout);
        etag = layout->get_header_value("ETag");
    }
    {
        // What the states hold (the buyers' holds): gzip's figures depend on it.
        auto api = connect(o);
        auto states = api->Get(base + "/seat-states");
        if (!states || states->status != 200) die("GET /seat-states", states);
        auto packed = parsePackedSeatStates(json::parse(body(states)));
        if (!packed) die("GET /seat-states: not decoded", states);
        std::int64_t held = 0;
        for (std::int64_t i = 0; i < packed->seatCount; ++i)
            held += packedSeatState(packed->packed, static_cast<std::size_t>(i)) == SeatState::Held;
        std::printf("%lld seats held at random; states %zu bytes packed, %zu as sent (base64)\n",
                    static_cast<long long>(held), packed->packed.size(), states->body.size());
    }
    std::printf("%lld seats, %d clients at once, %d rounds, each client on a new connection\n\n",
                static_cast<long long>(seatCount), o.clients, o.rounds);
    std::printf("%-40s %14s %12s %10s %10s\n", "", "bytes/client", "all done s", "p50 ms",
                "p99 ms");
    for (const Mode mode : {Mode::OldJson, Mode::OldJsonGzipAsked, Mode::CompactFirstVisit,
                            Mode::CompactReturnVisit}) {
        std::vector<double> latencies, totals;
        std::size_t bytes = 0;
        for (int round = 0; round < o.rounds; ++round) {
            std::vector<Sample> samples(static_cast<std::size_t>(o.clients));
            std::barrier start(o.clients + 1);
            std::vector<std::thread> threads;
            for (int c = 0; c < o.clients; ++c)
                threads.emplace_back([&, c] {
                    start.arrive_and_wait();
                    samples[static_cast<std::size_t>(c)] = open(o, mode, base, etag, seatCount);
                });
            start.arrive_and_wait();
            const auto started = Clock::now();
            for (auto& t : threads)
                t.join();
            totals.push_back(std::chrono::duration<double>(Clock::now() - started).count());
            for (const Sample& s : samples) {
                latencies.push_back(s.seconds * 1000);
                bytes = s.bytes;
            }
        }
        std::printf("%-40s %14zu %12.2f %10.0f %10.0f\n", modeName(mode), bytes,
                    percentile(totals, 0.5), percentile(latencies, 0.5),
                    percentile(latencies, 0.99));
        std::fflush(stdout);
    }
    std::printf("\n(all done: the median round's wall time until every client had its map; "
                "p50/p99 over every client of every round)\n");
    return 0;
}
