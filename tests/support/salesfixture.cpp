#include "tests/support/salesfixture.h"

#include <algorithm>
#include <atomic>

#include "tests/support/builders.h"
#include "tests/support/testkeys.h"

namespace bilheteria::testing {

using namespace std::chrono_literals;

const std::string kVisa = "4111111111111111";
const std::string kMastercard = "5555555555554444";
const std::string kDeclinedCard = "4000000000000002";

CardPayment card(const std::string& number, const std::string& holder) {
    return CardPayment{number, 12, 2030, "123", holder};
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += "\n  " + line;
    return out;
}

void SalesTest::SetUp() {
    m_database = std::make_unique<TestDatabase>(GetParam());
    m_raw = std::make_unique<RawDatabase>(GetParam(), m_database->url());
    StorageOptions options;
    options.url = m_database->url();
    options.poolSize = 16;
    options.cipher = testCipher();
    auto opened = openStorage(options);
    ASSERT_TRUE(opened) << why(opened);
    m_storage = std::move(*opened);
    auto key = m_storage->serverSecret("purchase-request-hash");
    ASSERT_TRUE(key) << why(key);
    m_gateways.add(m_card);
    m_gateways.add(m_cash);
    m_holds = std::make_unique<HoldService>(m_storage->holds(), m_storage->events(),
                                            m_storage->waitingRoom(), m_clock);
    // Wired as the app does: a card key of its own beside the request-hash key.
    auto cardKey = m_storage->serverSecret("card-fingerprint");
    ASSERT_TRUE(cardKey) << why(cardKey);
    m_cardKey = *cardKey;
    m_sales = std::make_unique<SalesService>(salesStores(*m_storage), m_clock, m_gateways, *key,
                                             *cardKey);
    m_organizer = addUser("organizer@example.com", Role::Organizer);
}

void SalesTest::TearDown() {
    if (m_storage && m_expectIntactAtEnd) expectIntact();
    m_sales.reset();
    m_holds.reset();
    m_storage.reset();
    m_database.reset();
}

void SalesTest::expectIntact() {
    auto invariants = storage().audit().checkInvariants(m_clock.now());
    ASSERT_TRUE(invariants) << why(invariants);
    EXPECT_TRUE(invariants->ok()) << joined(invariants->problems);
    auto audit = storage().audit().verifyAudit();
    ASSERT_TRUE(audit) << why(audit);
    EXPECT_TRUE(audit->ok()) << joined(audit->problems);
}

User SalesTest::addUser(const std::string& email, Role role) {
    auto user = storage().accounts().createUser(NewUser{email, "Test User", role, kPasswordHash});
    EXPECT_TRUE(user) << email << ": " << why(user);
    return user.value_or(User{});
}

Event SalesTest::createEvent(std::vector<NewSection> sections, EventOptions options) {
    static std::atomic<int> serial{0};
    NewEvent event;
    event.name = "Event " + std::to_string(++serial);
    event.venue = "Arena";
    event.startsAt = kNow + 24h * 60;
    event.saleStartsAt = options.saleStarts;
    event.saleEndsAt = options.saleEnds;
    event.maxTicketsPerCustomer = options.maxTickets;
    event.maxTicketsPerCard = options.maxTicketsPerCard;
    event.holdSeconds = options.holdSeconds;
    event.queueEnabled = options.queue;
    event.admitPerMinute = options.admitPerMinute;
    event.currency = options.currency;
    event.allowReentry = options.allowReentry;
    event.refundsUntil = options.refundsUntil;
    event.sections = std::move(sections);
    event.createdBy = m_organizer.id;
    event.createdAt = kNow;
    auto created = storage().events().createEvent(event);
    EXPECT_TRUE(created) << why(created);
    return created.value_or(Event{});
}

std::vector<Id> SalesTest::seatIds(Id eventId, std::optional<Id> sectionId) {
    std::vector<Id> ids;
    auto visited = storage().events().forEachSeat(eventId, m_clock.now(), [&](const Seat& seat) {
        if (!sectionId || seat.sectionId == *sectionId) ids.push_back(seat.id);
    });
    EXPECT_TRUE(visited) << why(visited);
    return ids;
}

std::map<Id, SeatState> SalesTest::seatStates(Id eventId) {
    std::map<Id, SeatState> states;
    auto visited = storage().events().forEachSeat(
        eventId, m_clock.now(), [&](const Seat& seat) { states[seat.id] = seat.state; });
    EXPECT_TRUE(visited) << why(visited);
    return states;
}

void SalesTest::expectAvailability(Id eventId, const std::vector<std::int64_t>& perSection) {
    auto event = storage().events().getEvent(eventId, m_clock.now());
    ASSERT_TRUE(event) << why(event);
    ASSERT_EQ(event->sections.size(), perSection.size());
    std::int64_t total = 0;
    std::map<Id, std::int64_t> freeSeats;
    auto visited = storage().events().forEachSeat(eventId, m_clock.now(), [&](const Seat& seat) {
        if (seat.state == SeatState::Free) ++freeSeats[seat.sectionId];
    });
    ASSERT_TRUE(visited) << why(visited);
    for (std::size_t i = 0; i < perSection.size(); ++i) {
        const SectionInfo& section = event->sections[i];
        EXPECT_EQ(section.available, perSection[i]) << "section " << section.name;
        if (section.kind == SectionKind::Seated) {
            EXPECT_EQ(freeSeats[section.id], perSection[i])
                << "free seats of section " << section.name;
        }
        total += perSection[i];
    }
    EXPECT_EQ(event->summary.available, total);
    auto listed = storage().events().listEvents(m_clock.now());
    ASSERT_TRUE(listed) << why(listed);
    const auto it = std::find_if(listed->begin(), listed->end(),
                                 [&](const EventSummary& s) { return s.id == eventId; });
    ASSERT_NE(it, listed->end());
    EXPECT_EQ(it->available, total);
}

Result<Hold> SalesTest::holdSeats(const User& who, Id eventId, std::vector<Id> seats) {
    HoldRequest request;
    request.seatIds = std::move(seats);
    return holds().create(who, eventId, request);
}

Result<Hold> SalesTest::holdGeneral(const User& who, Id eventId, Id sectionId,
                                    std::int64_t quantity) {
    HoldRequest request;
    request.sectionId = sectionId;
    request.quantity = quantity;
    return holds().create(who, eventId, request);
}

Result<PurchaseResult> SalesTest::buyByCard(const User& who, Id holdId, const std::string& key,
                                            const CardPayment& payment) {
    return sales().purchase(who, holdId, key, PaymentRequest{payment});
}

Result<PurchaseResult> SalesTest::buyByCash(const User& who, Id holdId, const std::string& key,
                                            Cents tendered) {
    return sales().purchase(who, holdId, key, PaymentRequest{CashPayment{tendered}});
}

Result<RefundOutcome> SalesTest::refundTickets(Id orderId, std::vector<Id> tickets) {
    static std::atomic<int> serial{0};
    NewRefund in;
    in.orderId = orderId;
    in.actorId = m_organizer.id;
    in.ticketIds = std::move(tickets);
    in.idempotencyKey = "fixture-refund-" + std::to_string(++serial);
    in.requestHash = std::string(64, '0');
    in.reference = "rf_fixture_" + std::to_string(serial.load());
    in.now = m_clock.now();
    return storage().refunds().refund(in);
}

HoldStatus SalesTest::statusOf(Id holdId) {
    auto hold = storage().holds().findHold(holdId, m_clock.now());
    EXPECT_TRUE(hold) << why(hold);
    return hold ? hold->status : HoldStatus::Active;
}

std::string SalesTest::storedStatus(Id holdId) {
    const auto rows = raw().query("SELECT status FROM holds WHERE id = " + std::to_string(holdId));
    return rows.empty() ? "" : rows.front().front();
}

} // namespace bilheteria::testing
