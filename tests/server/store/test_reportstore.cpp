// ReportStore over both backends: an event's sales report (sections, orders, payments and a
// timeline in buckets aligned to the epoch, the same figures as the event's availability), who
// may see it, and a clerk's shift summary over a window.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/events.h"
#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

// Sales in two minutes, a hold that lapsed and one still held: Plateia (A1, A2 by card at +10 s;
// B1 cash at +70 s; A3 held), Balcao (C1 by card at +70 s), Pista (3 cash at +10 s; 2 held).
struct ReportScenario {
    Event event;
    User clerk;
};

class ReportStoreTest : public SalesTest {
protected:
    ReportScenario sellInTwoMinutes() {
        const Event event =
            createEvent({seated("Plateia", 10'000, {{"A", 10}, {"B", 10}}),
                         seated("Balcao", 6'000, {{"C", 5}}), general("Pista", 5'000, 20)});
        const Id eventId = event.summary.id;
        const Id pista = event.sections[2].id;
        const auto plateia = seatIds(eventId, event.sections[0].id);
        const auto balcao = seatIds(eventId, event.sections[1].id);
        const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio"), dan = buyer("dan");
        const User clerk = addUser("clerk@example.com", Role::Clerk);

        EXPECT_TRUE(holdSeats(dan, eventId, {plateia[3]})); // lapses at +600 s
        m_clock.advance(10s);
        auto pair = holdSeats(ana, eventId, {plateia[0], plateia[1]});
        EXPECT_TRUE(pair && buyByCard(ana, pair->id, "report-1")) << why(pair);
        auto walkUp = holdGeneral(clerk, eventId, pista, 3);
        EXPECT_TRUE(walkUp && buyByCash(clerk, walkUp->id, "report-2", 20'000)) << why(walkUp);
        m_clock.advance(60s);
        auto balcony = holdSeats(bia, eventId, {balcao[0]});
        EXPECT_TRUE(balcony && buyByCard(bia, balcony->id, "report-3", card(kMastercard)))
            << why(balcony);
        auto counter = holdSeats(clerk, eventId, {plateia[10]});
        EXPECT_TRUE(counter && buyByCash(clerk, counter->id, "report-4", 10'000)) << why(counter);
        m_clock.set(kNow + 610s);
        EXPECT_TRUE(holdSeats(caio, eventId, {plateia[2]}));
        EXPECT_TRUE(holdGeneral(caio, eventId, pista, 2));
        return {event, clerk};
    }

    SalesReport report(Id eventId, int bucketSeconds = 60) {
        auto report = storage().reports().salesReport(eventId, m_clock.now(), bucketSeconds);
        EXPECT_TRUE(report) << why(report);
        return report.value_or(SalesReport{});
    }
};

// --- the sales report ---------------------------------------------------------------------------

TEST_P(ReportStoreTest, AddsUpSectionsOrdersAndPaymentsAsTheEventCountsThem) {
    const Event event = sellInTwoMinutes().event;
    const Id eventId = event.summary.id;
    const SalesReport sales = report(eventId);

    EXPECT_EQ(sales.eventId, eventId);
    EXPECT_EQ(sales.currency, "BRL");
    EXPECT_EQ(sales.generatedAt, kNow + 610s);
    EXPECT_EQ(sales.bucketSeconds, 60);
    const std::vector<SalesSection> sections{
        {event.sections[0].id, "Plateia", SectionKind::Seated, 10'000, 20, 3, 1, 16, 30'000},
        {event.sections[1].id, "Balcao", SectionKind::Seated, 6'000, 5, 1, 0, 4, 6'000},
        {event.sections[2].id, "Pista", SectionKind::General, 5'000, 20, 3, 2, 15, 15'000}};
    EXPECT_EQ(sales.sections, sections);
    EXPECT_EQ(sales.capacity, 45);
    EXPECT_EQ(sales.sold, 7);
    EXPECT_EQ(sales.held, 3);
    EXPECT_EQ(sales.available, 35);
    EXPECT_EQ(sales.orders, 4);
    EXPECT_EQ(sales.revenueCents, 51'000);
    EXPECT_EQ(sales.byPayment, (PaymentSplit{26'000, 25'000, 2, 2}));

    // The same figures as the event's availability, which the live stream and the seat map use.
    auto live = storage().events().getEvent(eventId, m_clock.now());
    ASSERT_TRUE(live) << why(live);
    ASSERT_EQ(live->sections.size(), sales.sections.size());
    for (std::size_t i = 0; i < sales.sections.size(); ++i)
        EXPECT_EQ(sales.sections[i].available, live->sections[i].available) << i;
    EXPECT_EQ(sales.available, live->summary.available);

    // Once the hold lapses its places count as available, swept or not.
    m_clock.advance(600s);
    const SalesReport later = report(eventId);
    EXPECT_EQ(later.held, 0);
    EXPECT_EQ(later.available, 38);
    EXPECT_EQ(later.sold, 7);
}

TEST_P(ReportStoreTest, TimelineBucketsOrdersByCreationAlignedToTheEpoch) {
    const Id eventId = sellInTwoMinutes().event.summary.id;
    // kNow is a whole hour: the sales fall in its first and second minutes.
    EXPECT_EQ(report(eventId, 60).timeline,
              (std::vector<SalesBucket>{{kNow, 5, 2, 35'000}, {kNow + 60s, 2, 2, 16'000}}));
    EXPECT_EQ(report(eventId, 3'600).timeline, (std::vector<SalesBucket>{{kNow, 7, 4, 51'000}}));
    // Days start at midnight UTC, 8 hours before kNow.
    const SalesReport daily = report(eventId, 86'400);
    EXPECT_EQ(daily.timeline, (std::vector<SalesBucket>{{kNow - 8h, 7, 4, 51'000}}));
    EXPECT_EQ(daily.bucketSeconds, 86'400);
    // 70 s buckets (kNow is 50 s past a multiple of 70): +10 s falls in the one from kNow - 50 s,
    // +70 s in the next.
    EXPECT_EQ(report(eventId, 70).timeline,
              (std::vector<SalesBucket>{{kNow - 50s, 5, 2, 35'000}, {kNow + 20s, 2, 2, 16'000}}));
}

TEST_P(ReportStoreTest, AnEventWithoutSalesHasItsSectionsAndNoTimeline) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 6)});
    const SalesReport sales = report(event.summary.id);
    ASSERT_EQ(sales.sections.size(), 2u);
    EXPECT_EQ(sales.sections[1].name, "Pista");
    EXPECT_EQ(sales.sections[1].available, 6);
    EXPECT_EQ(sales.capacity, 10);
    EXPECT_EQ(sales.available, 10);
    EXPECT_EQ(sales.orders, 0);
    EXPECT_EQ(sales.revenueCents, 0);
    EXPECT_EQ(sales.byPayment, PaymentSplit{});
    EXPECT_TRUE(sales.timeline.empty());
    EXPECT_TRUE(failsWith(storage().reports().salesReport(987'654, m_clock.now(), 60),
                          ErrorCode::NotFound));
}

TEST_P(ReportStoreTest, OnlyTheEventsOrganizerAndAdminsSeeIt) {
    const Id eventId = sellInTwoMinutes().event.summary.id;
    EventService events(storage().events(), storage().reports(), m_clock);
    const User admin = addUser("admin@example.com", Role::Admin);
    const User rival = addUser("rival@example.com", Role::Organizer);
    const User clerk = addUser("clerk2@example.com", Role::Clerk);
    const User ana = buyer("ana2");

    auto own = events.salesReport(m_organizer, eventId, 60);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->sold, 7);
    auto admins = events.salesReport(admin, eventId, 86'400);
    ASSERT_TRUE(admins) << why(admins);
    EXPECT_EQ(admins->timeline.size(), 1u);
    for (const User& other : {rival, clerk, ana})
        EXPECT_TRUE(failsWith(events.salesReport(other, eventId, 60), ErrorCode::Forbidden))
            << other.email;
    EXPECT_TRUE(failsWith(events.salesReport(admin, 987'654, 60), ErrorCode::NotFound));
    for (std::int64_t bad : {0, 59, 86'401, -60}) {
        auto rejected = events.salesReport(m_organizer, eventId, bad);
        ASSERT_TRUE(failsWith(rejected, ErrorCode::InvalidRequest)) << bad;
        EXPECT_EQ(fieldOf(rejected.error()), "bucket_seconds");
    }
}

// --- the shift summary --------------------------------------------------------------------------

TEST_P(ReportStoreTest, AShiftCountsTheCallersSalesInItsWindow) {
    EventOptions dollars;
    dollars.currency = "USD";
    const Event show = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Event fair = createEvent({general("Pista", 5'000, 50)}, dollars);
    const auto seats = seatIds(show.summary.id);
    const Id pista = fair.sections[0].id;
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    const User other = addUser("other@example.com", Role::Clerk);
    const User ana = buyer("ana");
    auto sell = [&](const User& seller, const Result<Hold>& hold, const std::string& key,
                    std::optional<Cents> cash) {
        ASSERT_TRUE(hold) << why(hold);
        auto paid =
            cash ? buyByCash(seller, hold->id, key, *cash) : buyByCard(seller, hold->id, key);
        ASSERT_TRUE(paid) << why(paid);
    };

    m_clock.set(kNow + 10s); // the window's first second: in
    sell(clerk, holdSeats(clerk, show.summary.id, {seats[0], seats[1]}), "shift-1", 25'000);
    m_clock.set(kNow + 20s); // the clerk pays for a customer's hold by card: the clerk's sale
    sell(clerk, holdSeats(ana, show.summary.id, {seats[2]}), "shift-2", std::nullopt);
    sell(other, holdSeats(other, show.summary.id, {seats[3]}), "shift-3", 10'000);
    sell(ana, holdSeats(ana, show.summary.id, {seats[4]}), "shift-4", std::nullopt);
    m_clock.set(kNow + 30s);
    sell(clerk, holdGeneral(clerk, fair.summary.id, pista, 3), "shift-5", 16'000);
    m_clock.set(kNow + 100s); // the window's end: out
    sell(clerk, holdGeneral(clerk, fair.summary.id, pista, 1), "shift-6", 5'000);

    auto shift = storage().reports().shiftSummary(clerk.id, kNow + 10s, kNow + 100s);
    ASSERT_TRUE(shift) << why(shift);
    ShiftSummary expected;
    expected.since = kNow + 10s;
    expected.until = kNow + 100s;
    expected.orders = 3;
    expected.tickets = 6;
    expected.totals = {{"BRL", 2, 3, 30'000, PaymentSplit{10'000, 20'000, 1, 1}, 5'000},
                       {"USD", 1, 3, 15'000, PaymentSplit{0, 15'000, 0, 1}, 1'000}};
    expected.byEvent = {{show.summary.id, show.summary.name, 2, 3, 30'000, "BRL"},
                        {fair.summary.id, fair.summary.name, 1, 3, 15'000, "USD"}};
    EXPECT_EQ(*shift, expected);

    // Until defaults to the end of the current second: the sale made just now joins. Someone
    // else's shift is their own.
    auto untilNow = sales().shift(clerk, kNow + 10s, std::nullopt);
    ASSERT_TRUE(untilNow) << why(untilNow);
    EXPECT_EQ(untilNow->until, kNow + 101s);
    EXPECT_EQ(untilNow->orders, 4);
    EXPECT_EQ(sales().shift(clerk, kNow, kNow + 100s)->orders, 3);
    EXPECT_EQ(sales().shift(other, kNow, std::nullopt)->tickets, 1);
    auto own = sales().shift(ana, kNow, std::nullopt);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->orders, 1);
    EXPECT_EQ(own->totals.at(0).payments, (PaymentSplit{10'000, 0, 1, 0}));

    auto empty = sales().shift(clerk, kNow + 1h, kNow + 2h);
    ASSERT_TRUE(empty) << why(empty);
    EXPECT_EQ(empty->orders, 0);
    EXPECT_TRUE(empty->totals.empty());
    EXPECT_TRUE(empty->byEvent.empty());
    EXPECT_TRUE(sales().shift(clerk, kNow, kNow)); // an empty window is no error
    auto backwards = sales().shift(clerk, kNow + 1s, kNow);
    ASSERT_TRUE(failsWith(backwards, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(backwards.error()), "until");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
