// bilheteria-loadgen's pieces that its scenarios share (loadgen.cpp: the flash sale, the
// account phases, the report and main; rush.cpp: the waiting-room rush): options, the settings
// of their HTTPS connections (client-term/net/httpsconnection.h), the figures and the requests
// every buyer makes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client-term/net/httpsconnection.h"

namespace bilheteria::loadgen {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using Id = std::int64_t;

struct Options {
    std::string scenario = "flash-sale";
    std::string url;
    std::string caCert;
    Id event = 0;
    int buyers = 100;
    int firstBuyer = 1;
    int connections = 16;
    std::string mode = "seated";
    Id section = 0;
    int minSeats = 1;
    int maxSeats = 4;
    int holdRetries = 3;
    std::string password = "load-pass-123";
    std::string emailPattern = "buyer{}@load.test";
    bool createBuyers = false;
    bool loginOnly = false;
    std::string checkDatabase;
    std::string serverBinary;
    std::string jsonOut;
    std::string sessions;
    std::string acceptEncoding;
    bool forwardedFor = false;
    bool sameCard = false;
    int timeoutSeconds = 120;
    // Open loop: buyers start at this many per second, paced, however slow the answers (0:
    // closed loop, each connection starts its next buyer as soon as the last one is done).
    double rate = 0;
    std::uint64_t seed = 0;
    bool quiet = false;
    // --scenario rush
    int bots = 10;
    int botAccounts = 5;
    int firstBot = 1;
    std::string botEmailPattern = "bot{}@load.test";
    int botConnections = 16;
    double arrivalSeconds = 5;
    double pollSeconds = 1;
    int botPollMs = 50;
    int botRetries = 20;
    int rushSeconds = 300;
    // --scenario login-storm (the storm's accounts: --bot-email-pattern from --first-bot)
    int stormLogins = 2000;
    int stormAccounts = 200;
    int stormConnections = 64;
    double quietSeconds = 15;
    int saleIntervalMs = 500;
};

std::string buyerEmail(const std::string& pattern, int index);
double msSince(Clock::time_point start);
double seconds(Clock::time_point from, Clock::time_point to);
double perSecond(std::int64_t count, double secs);

// ---------------------------------------------------------------------------------------------
// Figures, kept per worker and merged at the end (no locks on the hot path).

struct Stats {
    std::map<std::string, std::vector<double>> latencyMs; // step -> one sample per request
    std::map<std::string, std::int64_t> conflicts;        // "step code" -> 409 answers
    std::map<std::string, std::int64_t> rateLimited;      // step -> 429 answers
    std::map<std::string, std::int64_t> errors;           // "step status code" -> other failures
    std::int64_t loggedIn = 0;
    std::int64_t registered = 0;
    std::int64_t alreadyRegistered = 0;
    std::int64_t holdAttempts = 0;
    std::int64_t holds = 0;
    std::int64_t sales = 0;
    std::int64_t tickets = 0;
    std::int64_t buyersWithoutHold = 0;
    std::int64_t heldTickets = 0;
    std::int64_t freeSeatsSeen = 0;

    void merge(const Stats& other);
};

struct Percentiles {
    std::size_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles of the recorded samples.
Percentiles percentiles(std::vector<double> samples);

json latencyJson(const Stats& stats);
// One row per step of `order` that has samples, under an optional title line.
void printLatency(const Stats& stats, const std::vector<std::string>& order,
                  const std::string& title = {});
void printCounts(const char* title, const std::map<std::string, std::int64_t>& counts);

// ---------------------------------------------------------------------------------------------
// HTTP

// A keep-alive connection (TCP_NODELAY) verifying the server against --ca-cert: 10 s to
// connect, --timeout seconds to read and write, --accept-encoding sent with every request.
term::HttpsConnection openConnection(const term::ServerAddress& address, const Options& options);

// 10.x.y.z from a buyer's number: with --trusted-proxy 127.0.0.1 the server takes an
// X-Forwarded-For hop as the client's address, so per-address limits count per buyer.
std::string buyerAddress(int index);
term::Headers forwardedFor(const std::string& address);
// X-Forwarded-For: the buyer's address with --forwarded-for, else nothing.
term::Headers buyerHeaders(const Options& o, int index);
term::Headers withBearer(term::Headers headers, const std::string& token);

// Records a failed request under "step status code" (status 0: the transport's error; 409s in
// conflicts, 429s in rateLimited).
void recordFailure(Stats& stats, const std::string& step, const term::Reply& reply);

// ---------------------------------------------------------------------------------------------
// The buyer's requests

// POST /api/v1/auth/login; the token, or nothing (the failure recorded). A 429 is retried after
// its Retry-After, up to `retries429` times.
std::optional<std::string> logIn(term::HttpsConnection& api, const std::string& email,
                                 const std::string& password, const term::Headers& headers,
                                 Stats& stats, int retries429 = 0);

// GET /api/v1/events/{id}/seats: the free numbered seats (of `section`, or all), recorded as
// the step "seat map".
std::vector<Id> readFreeSeats(term::HttpsConnection& api, Id event, Id section, Stats& stats);
// Picks `count` random seats from `pool` and removes them from it.
std::vector<Id> pickSeats(std::vector<Id>& pool, int count, std::mt19937_64& random);
// The seats of a 409 seats_unavailable answer (all of `picked` when it does not list them).
std::vector<Id> takenSeats(const term::Reply& reply, const std::vector<Id>& picked);

// A Luhn-valid sandbox card number from a number ("4" + 14 digits + the check digit); never
// the sandbox's declined 4000000000000002.
std::string buyerCard(int index);
std::string randomHex(std::mt19937_64& random, int bytes);
// The purchase body: the sandbox card `card`, expiring in December of `expYear`.
json cardPayment(const std::string& card, int expYear, const std::string& holder);
// The hold of a 201 answer (nothing when it has none).
std::optional<json> holdOf(const term::Reply& reply);
std::int64_t ticketsHeld(const json& hold);
// POST /api/v1/holds/{id}/purchase with this Idempotency-Key; records the "purchase" latency.
term::Reply purchase(term::HttpsConnection& api, Id hold, const json& payment,
                     const std::string& idempotencyKey, term::Headers headers, Stats& stats);
// The tickets of a purchase answer's order.
std::int64_t ticketsBought(const term::Reply& reply);

// GET /api/v1/events/{id}: the event, or nothing when the server does not answer 200.
std::optional<json> fetchEvent(const term::ServerAddress& address, const Options& options);
// The event's first general-admission section (0: none).
Id firstGeneralSection(const json& event);

// --scenario rush (rush.cpp). Returns 0, or 1 when it cannot run.
int runRush(const Options& o, const term::ServerAddress& address, int expYear, json& report);
// --scenario login-storm (loginstorm.cpp). Returns 0, or 1 when it cannot run.
int runLoginStorm(const Options& o, const term::ServerAddress& address, int expYear, json& report);

} // namespace bilheteria::loadgen
