// HoldStore over both backends, through HoldService with a fake clock: seated holds all or
// nothing, prices across sections, invalid seats and requests, general admission and sold out,
// the per-customer quota and counter staff's exemption, the sale window, the waiting room's
// admission as what a hold needs, expiry with and without the sweeper, release, and races
// between real threads (64 buyers for 4 seats, 3,000 buyers for 1,000 places, one customer
// firing parallel holds).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/core/queue.h"
#include "tests/support/builders.h"
#include "tests/support/salesfixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

std::vector<Id> sortedIds(const nlohmann::json& ids) {
    std::vector<Id> out;
    if (ids.is_array())
        for (const auto& id : ids)
            out.push_back(id.get<Id>());
    std::sort(out.begin(), out.end());
    return out;
}

class HoldStoreTest : public SalesTest {};

// --- holds ------------------------------------------------------------------------------------

TEST_P(HoldStoreTest, SeatedHoldIsAllOrNothing) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}, {"B", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    ASSERT_EQ(seats.size(), 20u);
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");

    auto first = holdSeats(ana, eventId, {seats[2], seats[5]});
    ASSERT_TRUE(first) << why(first);
    EXPECT_GT(first->id, 0);
    EXPECT_EQ(first->eventId, eventId);
    EXPECT_EQ(first->customerId, ana.id);
    EXPECT_EQ(first->status, HoldStatus::Active);
    EXPECT_EQ(first->expiresAt, kNow + 600s);
    EXPECT_EQ(first->totalCents, 20'000);
    EXPECT_EQ(first->currency, "BRL");
    EXPECT_TRUE(first->general.empty());
    ASSERT_EQ(first->seats.size(), 2u);
    EXPECT_EQ(first->seats[0].id, seats[2]);
    EXPECT_EQ(first->seats[0].row, "A");
    EXPECT_EQ(first->seats[0].number, 3);
    EXPECT_EQ(first->seats[0].priceCents, 10'000);
    EXPECT_EQ(first->seats[1].number, 6);
    EXPECT_EQ(first->ticketCount(), 2);
    expectAvailability(eventId, {18});

    // Two of four seats taken: the answer names exactly those two, and nothing is held.
    auto clash = holdSeats(bia, eventId, {seats[1], seats[2], seats[5], seats[6]});
    ASSERT_TRUE(failsWith(clash, ErrorCode::SeatsUnavailable));
    EXPECT_EQ(sortedIds(clash.error().details["seat_ids"]), (std::vector<Id>{seats[2], seats[5]}))
        << clash.error().details.dump();
    auto states = seatStates(eventId);
    EXPECT_EQ(states[seats[1]], SeatState::Free);
    EXPECT_EQ(states[seats[6]], SeatState::Free);
    EXPECT_EQ(states[seats[2]], SeatState::Held);
    expectAvailability(eventId, {18});

    // The failed attempt counted nothing against bia's limit or the seats.
    auto rest = holdSeats(bia, eventId, {seats[1], seats[6], seats[10], seats[11]});
    ASSERT_TRUE(rest) << why(rest);
    expectAvailability(eventId, {14});

    // A sold seat is as taken as a held one.
    auto bought = buyByCard(ana, first->id, "all-or-nothing");
    ASSERT_TRUE(bought) << why(bought);
    auto sold = holdSeats(caio, eventId, {seats[5], seats[7]});
    ASSERT_TRUE(failsWith(sold, ErrorCode::SeatsUnavailable));
    EXPECT_EQ(sortedIds(sold.error().details["seat_ids"]), (std::vector<Id>{seats[5]}));
    EXPECT_EQ(seatStates(eventId)[seats[7]], SeatState::Free);
    expectAvailability(eventId, {14});
}

TEST_P(HoldStoreTest, HoldAcrossSectionsAddsUpTheirPrices) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 5}}), seated("Balcao", 7'000, {{"C", 5}})});
    const Id eventId = event.summary.id;
    const auto plateia = seatIds(eventId, event.sections[0].id);
    const auto balcao = seatIds(eventId, event.sections[1].id);
    const User ana = buyer("ana");

    auto hold = holdSeats(ana, eventId, {balcao[1], plateia[0], balcao[0]});
    ASSERT_TRUE(hold) << why(hold);
    EXPECT_EQ(hold->totalCents, 24'000);
    ASSERT_EQ(hold->seats.size(), 3u);
    std::map<Id, Cents> prices;
    for (const HeldSeat& seat : hold->seats)
        prices[seat.id] = seat.priceCents;
    EXPECT_EQ(prices,
              (std::map<Id, Cents>{{plateia[0], 10'000}, {balcao[0], 7'000}, {balcao[1], 7'000}}));
    expectAvailability(eventId, {4, 3});

    auto bought = buyByCard(ana, hold->id, "two-sections");
    ASSERT_TRUE(bought) << why(bought);
    EXPECT_EQ(bought->order.totalCents, 24'000);
    std::multiset<std::string> sections;
    for (const Ticket& ticket : bought->order.tickets)
        sections.insert(ticket.section);
    EXPECT_EQ(sections, (std::multiset<std::string>{"Balcao", "Balcao", "Plateia"}));
    EXPECT_EQ(raw().count("SELECT amount_cents FROM payments"), 24'000);
    expectAvailability(eventId, {4, 3});
}

TEST_P(HoldStoreTest, SeatsOfAnotherEventOrGeneralPlacesAreInvalid) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 10)});
    const Event other = createEvent({seated("Balcao", 8'000, {{"C", 4}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const auto otherSeats = seatIds(other.summary.id);
    const Id pista = event.sections[1].id;
    // General-admission places live beside the seats but are no seats to pick.
    const auto places = raw().query(
        "SELECT id FROM seats WHERE section_id = " + std::to_string(pista) + " ORDER BY id");
    ASSERT_EQ(places.size(), 10u);
    const Id place = std::stoll(places[3][0]);
    const User ana = buyer("ana");

    const std::vector<std::vector<Id>> bad{
        {otherSeats[0]}, {seats[0], otherSeats[1]}, {place}, {seats[1], place}, {999'999'999}};
    for (const auto& ids : bad) {
        SCOPED_TRACE(nlohmann::json(ids).dump());
        auto hold = holdSeats(ana, eventId, ids);
        ASSERT_TRUE(failsWith(hold, ErrorCode::InvalidRequest));
        EXPECT_EQ(fieldOf(hold.error()), "seat_ids");
    }
    expectAvailability(eventId, {4, 10});
    expectAvailability(other.summary.id, {4});

    // A general hold must name a general section of this very event.
    for (Id section : {event.sections[0].id, other.sections[0].id}) {
        auto hold = holdGeneral(ana, eventId, section, 1);
        ASSERT_TRUE(failsWith(hold, ErrorCode::InvalidRequest));
        EXPECT_EQ(fieldOf(hold.error()), "section_id");
    }
    auto wrongEvent = holdGeneral(ana, other.summary.id, pista, 1);
    ASSERT_TRUE(failsWith(wrongEvent, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(wrongEvent.error()), "section_id");

    EXPECT_TRUE(failsWith(holdSeats(ana, 987'654, {seats[0]}), ErrorCode::NotFound));
    expectAvailability(eventId, {4, 10});
    // None of it counted against ana's limit.
    EXPECT_TRUE(holdGeneral(ana, eventId, pista, 6));
}

TEST_P(HoldStoreTest, DuplicateAndEmptyRequestsAreInvalid) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 6}}), general("GA", 1, 5)});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    auto twice = holdSeats(ana, eventId, {seats[0], seats[1], seats[0]});
    ASSERT_TRUE(failsWith(twice, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(twice.error()), "seat_ids");
    expectAvailability(eventId, {6, 5});

    // Nothing asked for, or a quantity that is no quantity: refused, nothing held.
    EXPECT_FALSE(holds().create(ana, eventId, HoldRequest{}));
    EXPECT_FALSE(holdGeneral(ana, eventId, event.sections[1].id, 0));
    EXPECT_FALSE(holdGeneral(ana, eventId, event.sections[1].id, -1));
    expectAvailability(eventId, {6, 5});

    EXPECT_TRUE(holdSeats(ana, eventId, {seats[0], seats[1]}));
    expectAvailability(eventId, {4, 5});
}

TEST_P(HoldStoreTest, GeneralAdmissionQuantityAndSoldOut) {
    const Event event = createEvent({general("Pista", 5'000, 10)});
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");

    auto six = holdGeneral(ana, eventId, pista, 6);
    ASSERT_TRUE(six) << why(six);
    EXPECT_TRUE(six->seats.empty());
    ASSERT_EQ(six->general.size(), 1u);
    EXPECT_EQ(six->general[0].sectionId, pista);
    EXPECT_EQ(six->general[0].quantity, 6);
    EXPECT_EQ(six->general[0].priceCents, 5'000);
    EXPECT_EQ(six->totalCents, 30'000);
    EXPECT_EQ(six->ticketCount(), 6);
    expectAvailability(eventId, {4});

    EXPECT_TRUE(failsWith(holdGeneral(bia, eventId, pista, 5), ErrorCode::SoldOut));
    expectAvailability(eventId, {4});
    auto four = holdGeneral(bia, eventId, pista, 4);
    ASSERT_TRUE(four) << why(four);
    expectAvailability(eventId, {0});
    EXPECT_TRUE(failsWith(holdGeneral(caio, eventId, pista, 1), ErrorCode::SoldOut));

    ASSERT_TRUE(holds().release(ana, six->id));
    expectAvailability(eventId, {6});
    ASSERT_TRUE(holdGeneral(caio, eventId, pista, 1));
    expectAvailability(eventId, {5});
    auto bought = buyByCard(bia, four->id, "ga-four");
    ASSERT_TRUE(bought) << why(bought);
    EXPECT_EQ(bought->order.tickets.size(), 4u);
    expectAvailability(eventId, {5});
}

// --- the quota and the sale window ------------------------------------------------------------

TEST_P(HoldStoreTest, QuotaCountsHeldAndBoughtTickets) {
    EventOptions options;
    options.maxTickets = 4;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 10}}), general("Pista", 5'000, 20)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[1].id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");

    auto pair = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(pair) << why(pair);
    ASSERT_TRUE(buyByCard(ana, pair->id, "quota-1"));
    ASSERT_TRUE(holdGeneral(ana, eventId, pista, 1)); // 2 bought + 1 held

    auto overSeats = holdSeats(ana, eventId, {seats[2], seats[3]});
    ASSERT_TRUE(failsWith(overSeats, ErrorCode::QuotaExceeded));
    EXPECT_EQ(overSeats.error().details.value("limit", -1), 4);
    EXPECT_EQ(overSeats.error().details.value("current", -1), 3);
    auto overGeneral = holdGeneral(ana, eventId, pista, 2);
    ASSERT_TRUE(failsWith(overGeneral, ErrorCode::QuotaExceeded));
    EXPECT_EQ(overGeneral.error().details.value("current", -1), 3);
    expectAvailability(eventId, {8, 19});

    auto last = holdSeats(ana, eventId, {seats[2]});
    ASSERT_TRUE(last) << why(last); // exactly at the limit
    auto full = holdGeneral(ana, eventId, pista, 1);
    ASSERT_TRUE(failsWith(full, ErrorCode::QuotaExceeded));
    EXPECT_EQ(full.error().details.value("limit", -1), 4);
    EXPECT_EQ(full.error().details.value("current", -1), 4);

    // A released hold no longer counts.
    ASSERT_TRUE(holds().release(ana, last->id));
    ASSERT_TRUE(holdGeneral(ana, eventId, pista, 1));
    // Another customer has a limit of her own.
    ASSERT_TRUE(holdGeneral(bia, eventId, pista, 4));
    expectAvailability(eventId, {8, 14});

    // Nor does an expired one, swept or not: only the 2 bought tickets remain.
    m_clock.advance(600s);
    EXPECT_TRUE(failsWith(holdGeneral(ana, eventId, pista, 3), ErrorCode::QuotaExceeded));
    auto again = holdGeneral(ana, eventId, pista, 2);
    ASSERT_TRUE(again) << why(again);
    expectAvailability(eventId, {8, 18});
}

TEST_P(HoldStoreTest, CounterStaffAreExemptFromTheLimit) {
    EventOptions options;
    options.maxTickets = 2;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 10}}), general("Pista", 5'000, 30)}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    const User admin = addUser("admin@example.com", Role::Admin);
    const User ana = buyer("ana");

    auto five = holdSeats(clerk, eventId, {seats[0], seats[1], seats[2], seats[3], seats[4]});
    ASSERT_TRUE(five) << why(five);
    ASSERT_TRUE(holdGeneral(clerk, eventId, event.sections[1].id, 10));
    ASSERT_TRUE(holdGeneral(admin, eventId, event.sections[1].id, 3));
    auto paid = buyByCash(clerk, five->id, "counter-1", 50'000);
    ASSERT_TRUE(paid) << why(paid);
    ASSERT_TRUE(holdSeats(clerk, eventId, {seats[5], seats[6], seats[7]}));

    auto buyerOver = holdGeneral(ana, eventId, event.sections[1].id, 3);
    ASSERT_TRUE(failsWith(buyerOver, ErrorCode::QuotaExceeded));
    EXPECT_EQ(buyerOver.error().details.value("limit", -1), 2);
    EXPECT_EQ(buyerOver.error().details.value("current", -1), 0);
    expectAvailability(eventId, {2, 17});
}

TEST_P(HoldStoreTest, NotOnSaleOutsideTheWindow) {
    EventOptions options;
    options.saleStarts = kNow + 1h;
    options.saleEnds = kNow + 2h;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 5)}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[0]}), ErrorCode::NotOnSale));
    EXPECT_TRUE(
        failsWith(holdGeneral(ana, eventId, event.sections[1].id, 1), ErrorCode::NotOnSale));
    m_clock.set(kNow + 1h - 1s);
    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[0]}), ErrorCode::NotOnSale));
    expectAvailability(eventId, {4, 5});

    m_clock.set(kNow + 1h);
    EXPECT_TRUE(holdSeats(ana, eventId, {seats[0]}));
    expectAvailability(eventId, {3, 5});
    m_clock.set(kNow + 2h - 1s); // the seat's hold has expired by now
    EXPECT_TRUE(holdGeneral(ana, eventId, event.sections[1].id, 1));
    expectAvailability(eventId, {4, 4});

    m_clock.set(kNow + 2h);
    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[1]}), ErrorCode::NotOnSale));
    EXPECT_TRUE(
        failsWith(holdGeneral(ana, eventId, event.sections[1].id, 1), ErrorCode::NotOnSale));
}

// --- the waiting room's admission ---------------------------------------------------------------

TEST_P(HoldStoreTest, QueueEnabledEventNeedsTheWaitingRoom) {
    EventOptions options;
    options.queue = true;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 4}})}, options);
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    auto outside = holdSeats(ana, event.summary.id, {seats[0]});
    ASSERT_TRUE(failsWith(outside, ErrorCode::QueueRequired));
    EXPECT_EQ(outside.error().details.value("queue", ""),
              "/api/v1/events/" + std::to_string(event.summary.id) + "/queue");
    EXPECT_FALSE(outside.error().details.contains("position"));
    expectAvailability(event.summary.id, {4});
}

TEST_P(HoldStoreTest, AdmittedBuyersHoldUntilTheirAdmissionLapses) {
    EventOptions options;
    options.queue = true;
    options.admitPerMinute = 60;
    options.holdSeconds = 120;
    options.maxTickets = 10;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User organizer = m_organizer; // organizers buy as customers do
    ProofOfWork proofOfWork("test key", m_clock);
    WaitingRoomService room(storage().waitingRoom(), m_clock, proofOfWork);
    ASSERT_TRUE(room.join(ana, eventId, "", ""));
    ASSERT_TRUE(room.join(bia, eventId, "", ""));
    ASSERT_TRUE(room.join(organizer, eventId, "", ""));

    auto waiting = holdSeats(bia, eventId, {seats[0]});
    ASSERT_TRUE(failsWith(waiting, ErrorCode::QueueRequired));
    EXPECT_EQ(waiting.error().details.value("position", 0), 2);
    EXPECT_EQ(waiting.error().details.value("ahead", 0), 1);

    m_clock.advance(1s);
    ASSERT_EQ(*room.advance(), 1); // ana
    auto anas = holdSeats(ana, eventId, {seats[0]});
    ASSERT_TRUE(anas) << why(anas);
    EXPECT_TRUE(failsWith(holdSeats(bia, eventId, {seats[1]}), ErrorCode::QueueRequired));
    EXPECT_TRUE(failsWith(holdSeats(organizer, eventId, {seats[1]}), ErrorCode::QueueRequired));

    m_clock.advance(119s); // the last second of ana's admission
    ASSERT_EQ(*room.advance(), 2);
    EXPECT_TRUE(holdSeats(ana, eventId, {seats[1]}));
    EXPECT_TRUE(holdSeats(organizer, eventId, {seats[2]}));
    m_clock.advance(1s);
    auto lapsed = holdSeats(ana, eventId, {seats[3]});
    ASSERT_TRUE(failsWith(lapsed, ErrorCode::QueueRequired));
    EXPECT_EQ(lapsed.error().details.value("lapsed", false), true);
    // Joining again keeps the place, and the lapse.
    auto again = room.join(ana, eventId, "", "");
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(again->position, 1);
    EXPECT_TRUE(again->lapsed);
    EXPECT_TRUE(holdSeats(bia, eventId, {seats[3]}));
    // Held: seats 1, 2 and 3; ana's first hold ran out with her admission's 120 s.
    expectAvailability(eventId, {7});
}

TEST_P(HoldStoreTest, AHoldTakenWhileAdmittedCanBePaidAfterTheAdmission) {
    EventOptions options;
    options.queue = true;
    options.holdSeconds = 600;
    const Event event = createEvent({general("Pista", 5'000, 10)}, options);
    const Id eventId = event.summary.id;
    const User ana = buyer("ana");
    ProofOfWork proofOfWork("test key", m_clock);
    WaitingRoomService room(storage().waitingRoom(), m_clock, proofOfWork);
    ASSERT_TRUE(room.join(ana, eventId, "", ""));
    m_clock.advance(1s);
    ASSERT_EQ(*room.advance(), 1);
    m_clock.advance(500s);
    auto held = holdGeneral(ana, eventId, event.sections[0].id, 2);
    ASSERT_TRUE(held) << why(held);
    m_clock.advance(200s); // the admission ended 99 s ago; the hold runs for 400 s more
    EXPECT_TRUE(room.status(ana, eventId)->lapsed);
    auto paid = buyByCard(ana, held->id, "after-admission");
    ASSERT_TRUE(paid) << why(paid);
    expectAvailability(eventId, {8});
}

TEST_P(HoldStoreTest, CounterStaffSkipTheWaitingRoom) {
    EventOptions options;
    options.queue = true;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 4}})}, options);
    const auto seats = seatIds(event.summary.id);
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    const User admin = addUser("admin@example.com", Role::Admin);
    auto clerks = holdSeats(clerk, event.summary.id, {seats[0], seats[1]});
    ASSERT_TRUE(clerks) << why(clerks);
    ASSERT_TRUE(holdSeats(admin, event.summary.id, {seats[2]}));
    ASSERT_TRUE(buyByCash(clerk, clerks->id, "counter-queue", 20'000));
    expectAvailability(event.summary.id, {1});
}

// --- expiry and release -------------------------------------------------------------------------

TEST_P(HoldStoreTest, ExpiredHoldFreesItsSeatsWithoutTheSweeper) {
    EventOptions options;
    options.holdSeconds = 60;
    options.maxTickets = 10;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 6}}), general("Pista", 5'000, 5)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[1].id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");

    auto anaSeats = holdSeats(ana, eventId, {seats[0], seats[1]});
    auto anaPlaces = holdGeneral(ana, eventId, pista, 2);
    ASSERT_TRUE(anaSeats && anaPlaces);
    EXPECT_EQ(anaSeats->expiresAt, kNow + 60s);
    expectAvailability(eventId, {4, 3});

    m_clock.advance(59s);
    EXPECT_EQ(statusOf(anaSeats->id), HoldStatus::Active);
    EXPECT_TRUE(failsWith(holdSeats(bia, eventId, {seats[0]}), ErrorCode::SeatsUnavailable));
    EXPECT_TRUE(failsWith(holdGeneral(bia, eventId, pista, 4), ErrorCode::SoldOut));
    expectAvailability(eventId, {4, 3});

    // At expires_at the hold is over, though no sweeper has run.
    m_clock.advance(1s);
    EXPECT_EQ(storedStatus(anaSeats->id), "active");
    EXPECT_EQ(statusOf(anaSeats->id), HoldStatus::Expired);
    auto seen = holds().get(ana, anaPlaces->id);
    ASSERT_TRUE(seen) << why(seen);
    EXPECT_EQ(seen->status, HoldStatus::Expired);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Free);
    expectAvailability(eventId, {6, 5});

    auto biaSeats = holdSeats(bia, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(biaSeats) << why(biaSeats);
    auto biaPlaces = holdGeneral(bia, eventId, pista, 5);
    ASSERT_TRUE(biaPlaces) << why(biaPlaces);
    expectAvailability(eventId, {4, 0});

    // The old hold can be neither bought nor released, and its owner is not charged.
    EXPECT_TRUE(failsWith(buyByCard(ana, anaSeats->id, "too-late"), ErrorCode::HoldExpired));
    EXPECT_TRUE(failsWith(holds().release(ana, anaPlaces->id), ErrorCode::HoldExpired));
    EXPECT_EQ(statusOf(anaSeats->id), HoldStatus::Expired);
    EXPECT_EQ(m_card.capturedCount(), 0u);

    // The sweeper marks ana's holds without touching the seats bia holds now.
    auto swept = holds().expireDue();
    ASSERT_TRUE(swept) << why(swept);
    EXPECT_EQ(*swept, 2);
    EXPECT_EQ(storedStatus(anaSeats->id), "expired");
    EXPECT_EQ(statusOf(biaSeats->id), HoldStatus::Active);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Held);
    expectAvailability(eventId, {4, 0});
    ASSERT_TRUE(buyByCard(bia, biaSeats->id, "bia-seats"));
    ASSERT_TRUE(buyByCard(bia, biaPlaces->id, "bia-places"));
    expectAvailability(eventId, {4, 0});
}

TEST_P(HoldStoreTest, ExpireHoldsMarksThemAndFreesTheirSeats) {
    EventOptions options;
    options.holdSeconds = 60;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");

    auto early = holdSeats(ana, eventId, {seats[0]});
    m_clock.advance(30s);
    auto later = holdSeats(bia, eventId, {seats[1]});
    ASSERT_TRUE(early && later);
    EXPECT_EQ(*holds().expireDue(), 0);
    expectAvailability(eventId, {8});

    m_clock.advance(31s);
    auto swept = holds().expireDue();
    ASSERT_TRUE(swept) << why(swept);
    EXPECT_EQ(*swept, 1);
    EXPECT_EQ(storedStatus(early->id), "expired");
    EXPECT_EQ(storedStatus(later->id), "active");
    EXPECT_EQ(raw().query("SELECT state FROM seats WHERE id = " + std::to_string(seats[0]))[0][0],
              "free");
    EXPECT_EQ(*holds().expireDue(), 0); // nothing twice
    expectAvailability(eventId, {9});

    m_clock.advance(30s);
    EXPECT_EQ(*holds().expireDue(), 1);
    EXPECT_EQ(storedStatus(later->id), "expired");
    expectAvailability(eventId, {10});

    // The batch limit: three due, two per call.
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(holdSeats(caio, eventId, {seats[static_cast<std::size_t>(2 + i)]}));
    expectAvailability(eventId, {7});
    m_clock.advance(60s);
    EXPECT_EQ(*holds().expireDue(2), 2);
    EXPECT_EQ(*holds().expireDue(2), 1);
    EXPECT_EQ(*holds().expireDue(2), 0);
    expectAvailability(eventId, {10});
    EXPECT_EQ(raw().count("SELECT count(*) FROM seats WHERE event_id = " + std::to_string(eventId) +
                          " AND state <> 'free'"),
              0);
}

TEST_P(HoldStoreTest, ReleaseFreesTheSeatsAtOnce) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);
    expectAvailability(eventId, {8});
    // Someone else's hold is not even visible.
    EXPECT_TRUE(failsWith(holds().release(bia, hold->id), ErrorCode::NotFound));
    EXPECT_TRUE(failsWith(holds().get(bia, hold->id), ErrorCode::NotFound));
    expectAvailability(eventId, {8});

    ASSERT_TRUE(holds().release(ana, hold->id));
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Released);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Free);
    expectAvailability(eventId, {10});
    EXPECT_TRUE(failsWith(holds().release(ana, hold->id), ErrorCode::HoldNotActive));
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "after-release"), ErrorCode::HoldNotActive));

    auto bias = holdSeats(bia, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(bias) << why(bias);
    expectAvailability(eventId, {8});
    // Counter staff may release a customer's hold.
    ASSERT_TRUE(holds().release(clerk, bias->id));
    expectAvailability(eventId, {10});
    EXPECT_TRUE(failsWith(holds().release(ana, 987'654), ErrorCode::NotFound));
}

// --- races between real threads ----------------------------------------------------------------

TEST_P(HoldStoreTest, SixtyFourBuyersRaceForTheSameFourSeats) {
    EventOptions options;
    options.maxTickets = 100;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 20}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    constexpr int kBuyers = 64;
    std::vector<User> buyers;
    for (int i = 0; i < kBuyers; ++i)
        buyers.push_back(buyer("racer" + std::to_string(i)));

    for (std::size_t round = 0; round < 3; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const std::vector<Id> wanted(seats.begin() + static_cast<long>(round * 4),
                                     seats.begin() + static_cast<long>(round * 4 + 4));
        std::latch start{kBuyers};
        std::atomic<int> won{0}, unavailable{0};
        std::mutex mutex;
        std::vector<std::string> unexpected;
        std::vector<std::thread> threads;
        for (int i = 0; i < kBuyers; ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                auto hold = holdSeats(buyers[static_cast<std::size_t>(i)], eventId, wanted);
                if (hold) {
                    ++won;
                    if (hold->seats.size() != 4) {
                        std::lock_guard lock(mutex);
                        unexpected.push_back("the winner holds " +
                                             std::to_string(hold->seats.size()) + " seats");
                    }
                } else if (hold.error().code == ErrorCode::SeatsUnavailable &&
                           !sortedIds(hold.error().details["seat_ids"]).empty()) {
                    ++unavailable;
                } else {
                    std::lock_guard lock(mutex);
                    unexpected.push_back(why(hold));
                }
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(won.load(), 1);
        EXPECT_EQ(unavailable.load(), kBuyers - 1);
        EXPECT_EQ(unexpected, std::vector<std::string>{});
        expectAvailability(eventId, {20 - 4 * static_cast<std::int64_t>(round + 1)});
        expectIntact();
    }
}

TEST_P(HoldStoreTest, ThreeThousandBuyersForAThousandPlaces) {
    const Event event = createEvent({general("Pista", 5'000, 1'000)});
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    constexpr int kThreads = 32;
    constexpr int kPerThread = 94; // 3,008 buyers
    std::vector<std::vector<User>> buyers(kThreads);
    {
        // Accounts made in parallel too, so the setup stays quick on either store.
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    auto user = storage().accounts().createUser(NewUser{
                        "crowd" + std::to_string(t) + "-" + std::to_string(i) + "@example.com",
                        "Crowd", Role::Buyer, kPasswordHash});
                    if (user) buyers[static_cast<std::size_t>(t)].push_back(*user);
                }
            });
        for (auto& thread : threads)
            thread.join();
        for (const auto& list : buyers)
            ASSERT_EQ(list.size(), static_cast<std::size_t>(kPerThread));
    }

    struct Won {
        User buyer;
        Id holdId;
    };
    std::mutex mutex;
    std::vector<Won> winners;
    std::vector<std::string> unexpected;
    std::atomic<int> soldOut{0};
    {
        std::latch start{kThreads};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                for (const User& who : buyers[static_cast<std::size_t>(t)]) {
                    auto hold = holdGeneral(who, eventId, pista, 1);
                    std::lock_guard lock(mutex);
                    if (hold)
                        winners.push_back({who, hold->id});
                    else if (hold.error().code == ErrorCode::SoldOut)
                        ++soldOut;
                    else
                        unexpected.push_back(why(hold));
                }
            });
        for (auto& thread : threads)
            thread.join();
    }
    EXPECT_EQ(winners.size(), 1'000u);
    EXPECT_EQ(soldOut.load(), kThreads * kPerThread - 1'000);
    ASSERT_EQ(unexpected.size(), 0u) << unexpected.front();
    expectAvailability(eventId, {0});
    EXPECT_TRUE(failsWith(holdGeneral(buyer("late"), eventId, pista, 1), ErrorCode::SoldOut));
    expectIntact();

    // Every winner pays, in parallel.
    std::vector<std::string> codes;
    {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&] {
                for (std::size_t i = next++; i < winners.size(); i = next++) {
                    auto bought = buyByCard(winners[i].buyer, winners[i].holdId,
                                            "crowd-" + std::to_string(i));
                    std::lock_guard lock(mutex);
                    if (bought)
                        for (const Ticket& ticket : bought->order.tickets)
                            codes.push_back(ticket.code);
                    else
                        unexpected.push_back(why(bought));
                }
            });
        for (auto& thread : threads)
            thread.join();
    }
    ASSERT_EQ(unexpected.size(), 0u) << unexpected.front();
    EXPECT_EQ(codes.size(), 1'000u);
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
    for (const auto& code : codes)
        if (code.size() < 22) ADD_FAILURE() << "short ticket code " << code;
    EXPECT_EQ(m_card.capturedCount(), 1'000u);
    EXPECT_EQ(raw().count("SELECT count(*) FROM seats WHERE section_id = " + std::to_string(pista) +
                          " AND state = 'sold'"),
              1'000);
    EXPECT_EQ(
        raw().count("SELECT count(*) FROM tickets WHERE event_id = " + std::to_string(eventId)),
        1'000);
    expectAvailability(eventId, {0});
    expectIntact();
}

TEST_P(HoldStoreTest, OneCustomerFiringParallelHoldsGetsOnlyTheLimit) {
    EventOptions options;
    options.maxTickets = 4;
    const Event event = createEvent(
        {seated("Plateia", 10'000, {{"A", 40}}), general("Pista", 5'000, 100)}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    constexpr int kThreads = 32;

    auto race = [&](const User& who, bool seated) {
        std::latch start{kThreads};
        std::atomic<int> won{0}, quota{0};
        std::mutex mutex;
        std::vector<std::string> unexpected;
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                auto hold = seated ? holdSeats(who, eventId, {seats[static_cast<std::size_t>(i)]})
                                   : holdGeneral(who, eventId, event.sections[1].id, 1);
                if (hold)
                    ++won;
                else if (hold.error().code == ErrorCode::QuotaExceeded)
                    ++quota;
                else {
                    std::lock_guard lock(mutex);
                    unexpected.push_back(why(hold));
                }
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(won.load(), 4);
        EXPECT_EQ(quota.load(), kThreads - 4);
        EXPECT_EQ(unexpected, std::vector<std::string>{});
    };
    {
        SCOPED_TRACE("general admission");
        race(buyer("greedy"), false);
    }
    expectAvailability(eventId, {40, 96});
    expectIntact();
    {
        SCOPED_TRACE("seated");
        race(buyer("greedier"), true);
    }
    expectAvailability(eventId, {36, 96});
    expectIntact();
}

INSTANTIATE_TEST_SUITE_P(Backends, HoldStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
