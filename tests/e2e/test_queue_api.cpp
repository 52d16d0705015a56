// The waiting room through the HTTP contract, black-box: the real server binary over HTTPS on
// both stores, paced by its own housekeeping and the wall clock (the server has no test clock),
// so the scenarios use rates that settle within seconds and poll with a deadline (the opening's
// draw: an opening a few seconds ahead).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <thread>

#include "server/core/proofofwork.h"
#include "shared/timeformat.h"
#include "tests/support/apitest.h"
#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const std::string& kPassword = kTestPassword;

std::string eventPath(const json& eventId, const std::string& suffix = "") {
    return "/api/v1/events/" + std::to_string(eventId.get<Id>()) + suffix;
}

// Each scenario starts the server itself (startServer), some more than once.
class QueueApiTest : public ApiTest {
protected:
    void SetUp() override { createDatabase({kOrganizer, kAna, kBia, kClerk}); }

    static void expectError(const HttpReply& reply, int status, const std::string& code) {
        EXPECT_EQ(reply.status, status) << reply.raw;
        ASSERT_TRUE(reply.body.is_object() && reply.body.contains("error")) << reply.raw;
        EXPECT_EQ(reply.body["error"].value("code", ""), code) << reply.raw;
        EXPECT_TRUE(reply.body["error"]["message"].is_string()) << reply.raw;
    }

    // A demo event (on sale now, 4 tickets a customer) with its waiting room on.
    json createQueuedEvent(const std::string& name, int perMinute, int powBits = 0) {
        json body = demoEventBody(name);
        body["queue"] = {{"enabled", true}, {"admit_per_minute", perMinute}};
        if (powBits > 0) body["queue"]["pow_bits"] = powBits;
        auto created = client().post("/api/v1/events", body, m_organizer);
        EXPECT_EQ(created.status, 201) << created.raw;
        return created.body["event"];
    }

    HttpReply join(const std::string& token, const json& eventId,
                   const std::map<std::string, std::string>& headers = {}) {
        return client().post(eventPath(eventId, "/queue"), json::object(), token, headers);
    }
    HttpReply status(const std::string& token, const json& eventId) {
        return client().get(eventPath(eventId, "/queue"), token);
    }
    HttpReply holdOne(const std::string& token, const json& event) {
        return client().post(eventPath(event["id"], "/holds"),
                             {{"section_id", event["sections"][1]["id"]}, {"quantity", 1}}, token);
    }

    // Polls the caller's status until admitted; fails the test after `deadline`.
    json waitForAdmission(const std::string& token, const json& eventId,
                          std::chrono::seconds deadline = 20s) {
        const auto until = std::chrono::steady_clock::now() + deadline;
        json last;
        while (std::chrono::steady_clock::now() < until) {
            auto reply = status(token, eventId);
            EXPECT_EQ(reply.status, 200) << reply.raw;
            last = reply.body;
            if (last.value("admitted", false)) return last;
            std::this_thread::sleep_for(100ms);
        }
        ADD_FAILURE() << "not admitted within " << deadline.count() << " s: " << last.dump();
        return last;
    }
};

TEST_P(QueueApiTest, JoiningGivesAFixedPlaceInJoinOrder) {
    startServer();
    // One a minute: nobody is let in while this test runs.
    const json event = createQueuedEvent("Slow", 1);
    const json eventId = event["id"];
    EXPECT_EQ(event["queue"], json({{"enabled", true}, {"admit_per_minute", 1}, {"pow_bits", 0}}));

    auto first = join(m_ana, eventId);
    ASSERT_EQ(first.status, 200) << first.raw;
    EXPECT_EQ(first.header("content-type"), "application/json");
    EXPECT_EQ(first.body, json::parse(R"({"position": 1, "ahead": 0, "admitted": false,
                                          "lapsed": false, "estimated_wait_seconds": 0})"));
    auto second = join(m_bia, eventId);
    ASSERT_EQ(second.status, 200) << second.raw;
    EXPECT_EQ(second.body["position"], 2);
    EXPECT_EQ(second.body["ahead"], 1);
    EXPECT_EQ(second.body["estimated_wait_seconds"], 60);
    EXPECT_FALSE(second.body.contains("admitted_until"));

    // Joining again, or asking, answers the same place.
    auto again = join(m_ana, eventId);
    ASSERT_EQ(again.status, 200) << again.raw;
    EXPECT_EQ(again.body["position"], 1);
    auto asked = status(m_bia, eventId);
    ASSERT_EQ(asked.status, 200) << asked.raw;
    EXPECT_EQ(asked.body["position"], 2);

    expectError(status(m_clerk, eventId), 404, "not_found"); // has not joined
    expectError(status("", eventId), 401, "unauthenticated");
    expectError(join("", eventId), 401, "unauthenticated");
    expectError(join(m_ana, 987654), 404, "not_found");
    auto plain = client().post("/api/v1/events", demoEventBody("No queue"), m_organizer);
    ASSERT_EQ(plain.status, 201) << plain.raw;
    expectError(join(m_ana, plain.body["event"]["id"]), 404, "not_found");
}

TEST_P(QueueApiTest, HoldsWaitForAnAdmissionCounterStaffDoNot) {
    startServer();
    const json slow = createQueuedEvent("Slow", 1);
    ASSERT_EQ(join(m_ana, slow["id"]).status, 200);
    ASSERT_EQ(join(m_bia, slow["id"]).status, 200);
    auto waiting = holdOne(m_bia, slow);
    expectError(waiting, 409, "queue_required");
    const json details = waiting.body["error"]["details"];
    EXPECT_EQ(details["queue"], eventPath(slow["id"], "/queue")) << waiting.raw;
    EXPECT_EQ(details["position"], 2) << waiting.raw;
    EXPECT_EQ(details["ahead"], 1) << waiting.raw;
    auto outside = holdOne(m_organizer, slow);
    expectError(outside, 409, "queue_required");
    EXPECT_FALSE(outside.body["error"]["details"].contains("position")) << outside.raw;
    auto counter = holdOne(m_clerk, slow);
    EXPECT_EQ(counter.status, 201) << counter.raw;

    // Ten a second: ana is let in at the next pacing step or so.
    const json fast = createQueuedEvent("Fast", 600);
    ASSERT_EQ(join(m_ana, fast["id"]).status, 200);
    const json admitted = waitForAdmission(m_ana, fast["id"]);
    ASSERT_TRUE(admitted.value("admitted", false));
    EXPECT_EQ(admitted["position"], 1);
    EXPECT_EQ(admitted["ahead"], 0);
    EXPECT_FALSE(admitted.contains("estimated_wait_seconds"));
    const auto until = parseRfc3339(admitted.value("admitted_until", ""));
    ASSERT_TRUE(until) << admitted.dump();
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    EXPECT_LE(*until - now, 600s) << admitted.dump(); // hold_seconds of the demo event
    EXPECT_GE(*until - now, 590s) << admitted.dump();

    auto held = holdOne(m_ana, fast);
    ASSERT_EQ(held.status, 201) << held.raw;
    auto bought = client().post("/api/v1/holds/" +
                                    std::to_string(held.body["hold"]["id"].get<Id>()) + "/purchase",
                                cardPurchaseBody("4111111111111111", "Ana Buyer"), m_ana,
                                {{"Idempotency-Key", "queue-e2e-1"}});
    EXPECT_EQ(bought.status, 201) << bought.raw;

    auto metrics = client().get("/metrics");
    // Per event: two joined the slow queue, one the fast, and the fast one let Ana in.
    const auto ofEvent = [](const json& event) {
        return "event=\"" + std::to_string(event["id"].get<Id>()) + "\"";
    };
    EXPECT_NE(metrics.raw.find("# TYPE bilheteria_queue_joins_total counter\n"), std::string::npos)
        << metrics.raw;
    EXPECT_EQ(metricSum(metrics.raw, "bilheteria_queue_joins_total", ofEvent(slow)), 2)
        << metrics.raw;
    EXPECT_EQ(metricSum(metrics.raw, "bilheteria_queue_joins_total", ofEvent(fast)), 1)
        << metrics.raw;
    EXPECT_GE(metricSum(metrics.raw, "bilheteria_queue_admissions_total", ofEvent(fast)), 1)
        << metrics.raw;
}

TEST_P(QueueApiTest, AdmissionsFollowJoinOrder) {
    startServer();
    const json event = createQueuedEvent("Steady", 60); // one a second
    const std::vector<std::string> tokens{m_ana, m_bia, m_organizer};
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        auto joined = join(tokens[i], event["id"]);
        ASSERT_EQ(joined.status, 200) << joined.raw;
        EXPECT_EQ(joined.body["position"], static_cast<int>(i + 1));
    }
    // Read back to front: a later place is never admitted before an earlier one.
    const auto until = std::chrono::steady_clock::now() + 30s;
    bool all = false;
    while (!all && std::chrono::steady_clock::now() < until) {
        std::vector<bool> admitted;
        for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
            auto reply = status(*it, event["id"]);
            ASSERT_EQ(reply.status, 200) << reply.raw;
            admitted.insert(admitted.begin(), reply.body.value("admitted", false));
        }
        for (std::size_t i = 1; i < admitted.size(); ++i)
            if (admitted[i]) {
                EXPECT_TRUE(admitted[i - 1]) << "place " << i + 1 << " went first";
            }
        all = std::all_of(admitted.begin(), admitted.end(), [](bool a) { return a; });
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(all) << "not everyone was admitted within 30 s";
}

TEST_P(QueueApiTest, JoinersBeforeTheOpeningAreDrawnAtItAndLaterOnesFollow) {
    startServer();
    // Twenty customers, signed in before the event exists, so that their joins fit well
    // within the seconds left before its opening however slow the machine.
    std::vector<std::string> early;
    for (int i = 0; i < 20; ++i) {
        const std::string email = "early" + std::to_string(i) + "@example.com";
        auto registered =
            client().post("/api/v1/auth/register",
                          {{"email", email}, {"password", kPassword}, {"name", "Early Bird"}});
        ASSERT_EQ(registered.status, 201) << registered.raw;
        early.push_back(client().login(email, kPassword));
        ASSERT_FALSE(early.back().empty());
    }
    const auto opening =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) + 12s;
    json body = demoEventBody("Opening draw");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 1}}; // nobody let in meanwhile
    body["sale_starts_at"] = formatRfc3339(opening);
    auto created = client().post("/api/v1/events", body, m_organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const json eventId = created.body["event"]["id"];

    for (std::size_t i = 0; i < early.size(); ++i) {
        auto joined = join(early[i], eventId);
        ASSERT_EQ(joined.status, 200) << joined.raw;
        // Provisional until the draw: the join order's place, and the draw's time and size.
        EXPECT_EQ(joined.body["position"], static_cast<int>(i + 1));
        ASSERT_EQ(joined.body.value("draw_at", ""), formatRfc3339(opening))
            << "joined after the opening: " << joined.raw;
        EXPECT_EQ(joined.body["draw_entrants"], static_cast<int>(i + 1));
        EXPECT_GE(joined.body["estimated_wait_max_seconds"].get<std::int64_t>(),
                  joined.body["estimated_wait_min_seconds"].get<std::int64_t>());
    }

    // After the opening the housekeeper draws (within a second or so).
    std::this_thread::sleep_until(opening);
    const auto until = std::chrono::steady_clock::now() + 30s;
    json last;
    while (std::chrono::steady_clock::now() < until) {
        last = status(early[0], eventId).body;
        if (!last.contains("draw_at")) break;
        std::this_thread::sleep_for(100ms);
    }
    ASSERT_FALSE(last.contains("draw_at")) << "no draw within 30 s: " << last.dump();

    std::vector<int> positions;
    for (const std::string& token : early) {
        auto reply = status(token, eventId);
        ASSERT_EQ(reply.status, 200) << reply.raw;
        EXPECT_FALSE(reply.body.contains("draw_at")) << reply.raw;
        positions.push_back(reply.body["position"].get<int>());
    }
    std::vector<int> joinOrder(early.size());
    std::iota(joinOrder.begin(), joinOrder.end(), 1);
    std::vector<int> sorted = positions;
    std::ranges::sort(sorted);
    EXPECT_EQ(sorted, joinOrder);    // a permutation of 1..20
    EXPECT_NE(positions, joinOrder); // one chance in 20! of being the join order
    // A later joiner comes after all of them, first come first served.
    auto late = join(m_ana, eventId);
    ASSERT_EQ(late.status, 200) << late.raw;
    EXPECT_EQ(late.body["position"], 21);
    EXPECT_FALSE(late.body.contains("draw_at"));
    auto later = join(m_bia, eventId);
    ASSERT_EQ(later.status, 200) << later.raw;
    EXPECT_EQ(later.body["position"], 22);
}

TEST_P(QueueApiTest, AnAdmissionSurvivesARestart) {
    startServer();
    const json event = createQueuedEvent("Restart", 600);
    ASSERT_EQ(join(m_ana, event["id"]).status, 200);
    const json before = waitForAdmission(m_ana, event["id"]);
    ASSERT_TRUE(before.value("admitted", false));
    stopServer();

    startServer();
    auto after = status(m_ana, event["id"]);
    ASSERT_EQ(after.status, 200) << after.raw;
    EXPECT_EQ(after.body, before);
    EXPECT_EQ(holdOne(m_ana, event).status, 201);
}

TEST_P(QueueApiTest, JoiningCanAskForAProofOfWorkBoundToTheEvent) {
    startServer();
    const json event = createQueuedEvent("Guarded", 600, 10);
    const json other = createQueuedEvent("Other", 600, 10);
    EXPECT_EQ(event["queue"]["pow_bits"], 10);
    const std::string challenges =
        "/api/v1/challenges?purpose=queue&event_id=" + std::to_string(event["id"].get<Id>());

    auto without = join(m_ana, event["id"]);
    expectError(without, 400, "challenge_required");
    EXPECT_EQ(without.body["error"]["details"]["challenges"], challenges) << without.raw;
    EXPECT_EQ(without.body["error"]["details"]["difficulty_bits"], 10) << without.raw;

    auto foreign = client().get("/api/v1/challenges?purpose=queue&event_id=" +
                                std::to_string(other["id"].get<Id>()));
    ASSERT_EQ(foreign.status, 200) << foreign.raw;
    const std::string foreignChallenge = foreign.body["challenge"];
    expectError(join(m_ana, event["id"],
                     {{"X-Pow-Challenge", foreignChallenge},
                      {"X-Pow-Solution", ProofOfWork::solve(foreignChallenge, 10)}}),
                400, "challenge_invalid");

    auto issued = client().get(challenges);
    ASSERT_EQ(issued.status, 200) << issued.raw;
    EXPECT_EQ(issued.body["difficulty_bits"], 10);
    EXPECT_EQ(issued.body["required"], true);
    const std::string challenge = issued.body["challenge"];
    auto solved = join(
        m_ana, event["id"],
        {{"X-Pow-Challenge", challenge}, {"X-Pow-Solution", ProofOfWork::solve(challenge, 10)}});
    ASSERT_EQ(solved.status, 200) << solved.raw;
    EXPECT_EQ(solved.body["position"], 1);
    // One's own place again needs no new proof.
    auto again = join(m_ana, event["id"]);
    ASSERT_EQ(again.status, 200) << again.raw;
    EXPECT_EQ(again.body["position"], 1);

    auto noEvent = client().get("/api/v1/challenges?purpose=queue");
    expectError(noEvent, 400, "invalid_request");
    EXPECT_EQ(noEvent.body["error"]["details"]["field"], "event_id") << noEvent.raw;
    expectError(client().get("/api/v1/challenges?purpose=queue&event_id=987654"), 404, "not_found");

    json tooHard = demoEventBody("Too hard");
    tooHard["queue"] = {{"enabled", true}, {"pow_bits", 29}};
    auto refused = client().post("/api/v1/events", tooHard, m_organizer);
    expectError(refused, 400, "invalid_request");
    EXPECT_EQ(refused.body["error"]["details"]["field"], "queue.pow_bits") << refused.raw;
}

TEST_P(QueueApiTest, JoinsAreRateLimitedPerAccount) {
    startServer({"--limit-queue-account", "0.1:2", "--limit-queue-address", "off"});
    const json event = createQueuedEvent("Limited", 1);
    EXPECT_EQ(join(m_ana, event["id"]).status, 200);
    EXPECT_EQ(join(m_ana, event["id"]).status, 200);
    auto limited = join(m_ana, event["id"]);
    expectError(limited, 429, "rate_limited");
    EXPECT_EQ(limited.header("retry-after"), "10");
    EXPECT_EQ(join(m_bia, event["id"]).status, 200); // another account has its own bucket
    // Reading one's place is not a join.
    EXPECT_EQ(status(m_ana, event["id"]).status, 200);
    auto metrics = client().get("/metrics");
    EXPECT_NE(metrics.raw.find("bilheteria_rate_limited_total{rule=\"queue.account\"} 1"),
              std::string::npos)
        << metrics.raw;
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
