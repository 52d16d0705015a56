// The rules an event draft must follow (server/core/eventrules.h): the contract's defaults,
// derived capacities, limits, and the field path of every rejection, as a table of mutations.
#include "server/core/eventrules.h"
#include "tests/support/errorfield.h"

#include <functional>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace bilheteria {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const TimePoint kNow{seconds{1'800'000'000}};
const TimePoint kStart = kNow + days{60};

// A valid draft with one seated section (rows A: 20, B: 22) and one general section (500).
EventDraft baseDraft() {
    EventDraft draft;
    draft.name = "Rock Night";
    draft.venue = "Arena";
    draft.startsAt = kStart;
    draft.sections.push_back({"Plateia", 25'000, {{"A", 20}, {"B", 22}}, std::nullopt});
    draft.sections.push_back({"Pista", 15'000, {}, 500});
    return draft;
}

using testing::failedField;

TEST(ValidateEvent, AppliesTheContractDefaults) {
    const auto event = validateEvent(baseDraft(), kNow);
    ASSERT_TRUE(event) << event.error().message;
    EXPECT_EQ(event->name, "Rock Night");
    EXPECT_EQ(event->venue, "Arena");
    EXPECT_EQ(event->startsAt, kStart);
    EXPECT_EQ(event->saleStartsAt, kNow);
    EXPECT_EQ(event->saleEndsAt, kStart);
    EXPECT_EQ(event->currency, "BRL");
    EXPECT_EQ(event->maxTicketsPerCustomer, 6);
    EXPECT_EQ(event->maxTicketsPerCard, 6);
    EXPECT_EQ(event->holdSeconds, 600);
    EXPECT_FALSE(event->queueEnabled);
    EXPECT_EQ(event->admitPerMinute, 600);
    EXPECT_EQ(event->queuePowBits, 0);
}

// One card buys by default what one customer may, whatever that limit is.
TEST(ValidateEvent, TheCardLimitDefaultsToTheCustomerLimit) {
    EventDraft draft = baseDraft();
    draft.maxTicketsPerCustomer = 4;
    const auto event = validateEvent(draft, kNow);
    ASSERT_TRUE(event) << event.error().message;
    EXPECT_EQ(event->maxTicketsPerCard, 4);
}

TEST(ValidateEvent, TheDefaultSaleWindowFollowsNow) {
    const auto later = validateEvent(baseDraft(), kNow + 1h);
    ASSERT_TRUE(later) << later.error().message;
    EXPECT_EQ(later->saleStartsAt, kNow + 1h);
}

TEST(ValidateEvent, KeepsGivenValues) {
    EventDraft draft = baseDraft();
    draft.saleStartsAt = kNow + days{1};
    draft.saleEndsAt = kStart - 1h;
    draft.currency = "USD";
    draft.maxTicketsPerCustomer = 4;
    draft.maxTicketsPerCard = 12;
    draft.holdSeconds = 900;
    draft.queueEnabled = true;
    draft.admitPerMinute = 1'200;
    draft.queuePowBits = 18;
    const auto event = validateEvent(draft, kNow);
    ASSERT_TRUE(event) << event.error().message;
    EXPECT_EQ(event->saleStartsAt, kNow + days{1});
    EXPECT_EQ(event->saleEndsAt, kStart - 1h);
    EXPECT_EQ(event->currency, "USD");
    EXPECT_EQ(event->maxTicketsPerCustomer, 4);
    EXPECT_EQ(event->maxTicketsPerCard, 12);
    EXPECT_EQ(event->holdSeconds, 900);
    EXPECT_TRUE(event->queueEnabled);
    EXPECT_EQ(event->admitPerMinute, 1'200);
    EXPECT_EQ(event->queuePowBits, 18);
}

TEST(ValidateEvent, ASaleStartInThePastIsAllowed) {
    // An organizer may open the sale retroactively; only the end must follow the start.
    EventDraft draft = baseDraft();
    draft.saleStartsAt = kNow - days{3};
    const auto event = validateEvent(draft, kNow);
    ASSERT_TRUE(event) << event.error().message;
    EXPECT_EQ(event->saleStartsAt, kNow - days{3});
}

TEST(ValidateEvent, SeatedCapacityIsTheSumOfItsRows) {
    const auto event = validateEvent(baseDraft(), kNow);
    ASSERT_TRUE(event) << event.error().message;
    ASSERT_EQ(event->sections.size(), 2u);

    const auto& plateia = event->sections[0];
    EXPECT_EQ(plateia.name, "Plateia");
    EXPECT_EQ(plateia.kind, SectionKind::Seated);
    EXPECT_EQ(plateia.priceCents, 25'000);
    EXPECT_EQ(plateia.capacity, 42);
    ASSERT_EQ(plateia.rows.size(), 2u);
    EXPECT_EQ(plateia.rows[0].label, "A");
    EXPECT_EQ(plateia.rows[0].seats, 20);
    EXPECT_EQ(plateia.rows[1].label, "B");
    EXPECT_EQ(plateia.rows[1].seats, 22);

    const auto& pista = event->sections[1];
    EXPECT_EQ(pista.name, "Pista");
    EXPECT_EQ(pista.kind, SectionKind::General);
    EXPECT_EQ(pista.priceCents, 15'000);
    EXPECT_EQ(pista.capacity, 500);
    EXPECT_TRUE(pista.rows.empty());
}

TEST(ValidateEvent, KeepsSectionOrder) {
    EventDraft draft = baseDraft();
    draft.sections.push_back({"Camarote", 90'000, {{"C1", 4}, {"C2", 4}, {"C3", 5}}, {}});
    draft.sections.push_back({"Arquibancada", 5'000, {}, 10});
    const auto event = validateEvent(draft, kNow);
    ASSERT_TRUE(event) << event.error().message;
    ASSERT_EQ(event->sections.size(), 4u);
    EXPECT_EQ(event->sections[2].name, "Camarote");
    EXPECT_EQ(event->sections[2].capacity, 13);
    EXPECT_EQ(event->sections[3].name, "Arquibancada");
    EXPECT_EQ(event->sections[3].capacity, 10);
}

TEST(ValidateEvent, RowLabelsMayRepeatAcrossSections) {
    EventDraft draft = baseDraft();
    draft.sections.push_back({"Balcão", 10'000, {{"A", 5}, {"B", 5}}, {}});
    EXPECT_TRUE(validateEvent(draft, kNow));
}

// One rejected draft: what changes in baseDraft() and the field the error must name.
struct RuleCase {
    const char* label;
    std::function<void(EventDraft&)> mutate;
    const char* field;
};

void PrintTo(const RuleCase& c, std::ostream* out) {
    *out << c.label;
}

class ValidateEventRejection : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ValidateEventRejection, NamesTheField) {
    EventDraft draft = baseDraft();
    GetParam().mutate(draft);
    const auto event = validateEvent(draft, kNow);
    ASSERT_FALSE(event) << "accepted";
    EXPECT_EQ(event.error().code, ErrorCode::InvalidRequest);
    EXPECT_EQ(failedField(event), GetParam().field) << event.error().message;
    EXPECT_FALSE(event.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Names, ValidateEventRejection,
    ::testing::Values(RuleCase{"empty name", [](EventDraft& d) { d.name = ""; }, "name"},
                      RuleCase{"blank name", [](EventDraft& d) { d.name = " \t\n"; }, "name"},
                      RuleCase{"empty venue", [](EventDraft& d) { d.venue = ""; }, "venue"},
                      RuleCase{"blank venue", [](EventDraft& d) { d.venue = "   "; }, "venue"}));

INSTANTIATE_TEST_SUITE_P(
    SaleWindow, ValidateEventRejection,
    ::testing::Values(RuleCase{"sale ends after the event starts",
                               [](EventDraft& d) { d.saleEndsAt = kStart + 1s; }, "sale_ends_at"},
                      RuleCase{"sale ends before it starts",
                               [](EventDraft& d) {
                                   d.saleStartsAt = kNow + days{2};
                                   d.saleEndsAt = kNow + days{1};
                               },
                               "sale_ends_at"},
                      RuleCase{"sale ends when it starts",
                               [](EventDraft& d) {
                                   d.saleStartsAt = kNow + days{2};
                                   d.saleEndsAt = kNow + days{2};
                               },
                               "sale_ends_at"},
                      RuleCase{"sale ends before the default start (now)",
                               [](EventDraft& d) { d.saleEndsAt = kNow - 1s; }, "sale_ends_at"},
                      RuleCase{"sale starts after the event, default end",
                               [](EventDraft& d) { d.saleStartsAt = kStart + 1h; },
                               "sale_starts_at"},
                      RuleCase{"sale starts at the event, default end",
                               [](EventDraft& d) { d.saleStartsAt = kStart; }, "sale_starts_at"},
                      RuleCase{"event starts now, default window empty",
                               [](EventDraft& d) { d.startsAt = kNow; }, "starts_at"},
                      RuleCase{"event in the past, default window",
                               [](EventDraft& d) { d.startsAt = kNow - days{1}; }, "starts_at"}));

INSTANTIATE_TEST_SUITE_P(
    Settings, ValidateEventRejection,
    ::testing::Values(
        RuleCase{"lower-case currency", [](EventDraft& d) { d.currency = "brl"; }, "currency"},
        RuleCase{"short currency", [](EventDraft& d) { d.currency = "BR"; }, "currency"},
        RuleCase{"long currency", [](EventDraft& d) { d.currency = "BRLL"; }, "currency"},
        RuleCase{"empty currency", [](EventDraft& d) { d.currency = ""; }, "currency"},
        RuleCase{"digit in currency", [](EventDraft& d) { d.currency = "B1L"; }, "currency"},
        RuleCase{"0 tickets", [](EventDraft& d) { d.maxTicketsPerCustomer = 0; },
                 "max_tickets_per_customer"},
        RuleCase{"negative tickets", [](EventDraft& d) { d.maxTicketsPerCustomer = -1; },
                 "max_tickets_per_customer"},
        RuleCase{"101 tickets", [](EventDraft& d) { d.maxTicketsPerCustomer = 101; },
                 "max_tickets_per_customer"},
        RuleCase{"tickets that wrap to 6 as int",
                 [](EventDraft& d) { d.maxTicketsPerCustomer = (std::int64_t{1} << 32) + 6; },
                 "max_tickets_per_customer"},
        RuleCase{"0 tickets per card", [](EventDraft& d) { d.maxTicketsPerCard = 0; },
                 "max_tickets_per_card"},
        RuleCase{"negative tickets per card", [](EventDraft& d) { d.maxTicketsPerCard = -3; },
                 "max_tickets_per_card"},
        RuleCase{"1001 tickets per card", [](EventDraft& d) { d.maxTicketsPerCard = 1'001; },
                 "max_tickets_per_card"},
        RuleCase{"tickets per card that wrap to 6 as int",
                 [](EventDraft& d) { d.maxTicketsPerCard = (std::int64_t{1} << 32) + 6; },
                 "max_tickets_per_card"},
        RuleCase{"hold 59 s", [](EventDraft& d) { d.holdSeconds = 59; }, "hold_seconds"},
        RuleCase{"hold 1801 s", [](EventDraft& d) { d.holdSeconds = 1'801; }, "hold_seconds"},
        RuleCase{"hold 0 s", [](EventDraft& d) { d.holdSeconds = 0; }, "hold_seconds"},
        RuleCase{"hold that wraps to 600 as int",
                 [](EventDraft& d) { d.holdSeconds = (std::int64_t{1} << 32) + 600; },
                 "hold_seconds"},
        RuleCase{"admit 0 per minute", [](EventDraft& d) { d.admitPerMinute = 0; },
                 "queue.admit_per_minute"},
        RuleCase{"admit -600 per minute", [](EventDraft& d) { d.admitPerMinute = -600; },
                 "queue.admit_per_minute"},
        RuleCase{"admit 1000001 per minute", [](EventDraft& d) { d.admitPerMinute = 1'000'001; },
                 "queue.admit_per_minute"},
        RuleCase{"admit limit with the queue on",
                 [](EventDraft& d) {
                     d.queueEnabled = true;
                     d.admitPerMinute = 0;
                 },
                 "queue.admit_per_minute"},
        RuleCase{"pow_bits -1", [](EventDraft& d) { d.queuePowBits = -1; }, "queue.pow_bits"},
        RuleCase{"pow_bits 29", [](EventDraft& d) { d.queuePowBits = 29; }, "queue.pow_bits"},
        RuleCase{"pow_bits that wraps to 20 as int",
                 [](EventDraft& d) { d.queuePowBits = (std::int64_t{1} << 32) + 20; },
                 "queue.pow_bits"}));

INSTANTIATE_TEST_SUITE_P(
    Sections, ValidateEventRejection,
    ::testing::Values(
        RuleCase{"no sections", [](EventDraft& d) { d.sections.clear(); }, "sections"},
        RuleCase{"empty section name", [](EventDraft& d) { d.sections[0].name = ""; },
                 "sections[0].name"},
        RuleCase{"blank section name", [](EventDraft& d) { d.sections[1].name = "  "; },
                 "sections[1].name"},
        RuleCase{"duplicate section name", [](EventDraft& d) { d.sections[1].name = "Plateia"; },
                 "sections[1].name"},
        RuleCase{"duplicate section name further on",
                 [](EventDraft& d) {
                     d.sections.push_back({"Pista", 1, {}, 5});
                 },
                 "sections[2].name"},
        RuleCase{"negative price", [](EventDraft& d) { d.sections[0].priceCents = -1; },
                 "sections[0].price_cents"},
        RuleCase{"price above 1,000,000.00",
                 [](EventDraft& d) { d.sections[1].priceCents = 100'000'001; },
                 "sections[1].price_cents"},
        RuleCase{"zero capacity", [](EventDraft& d) { d.sections[1].capacity = 0; },
                 "sections[1].capacity"},
        RuleCase{"negative capacity", [](EventDraft& d) { d.sections[1].capacity = -5; },
                 "sections[1].capacity"},
        RuleCase{"capacity above the default limit",
                 [](EventDraft& d) { d.sections[1].capacity = 500'001; }, "sections[1].capacity"},
        RuleCase{"seated without rows", [](EventDraft& d) { d.sections[0].rows.clear(); },
                 "sections[0].rows"},
        RuleCase{"empty row label", [](EventDraft& d) { d.sections[0].rows[0].label = ""; },
                 "sections[0].rows[0].label"},
        RuleCase{"blank row label", [](EventDraft& d) { d.sections[0].rows[1].label = " "; },
                 "sections[0].rows[1].label"},
        RuleCase{"duplicate row label", [](EventDraft& d) { d.sections[0].rows[1].label = "A"; },
                 "sections[0].rows[1].label"},
        RuleCase{"duplicate row label after others",
                 [](EventDraft& d) {
                     d.sections[0].rows.push_back({"B", 3});
                 },
                 "sections[0].rows[2].label"},
        RuleCase{"zero seats", [](EventDraft& d) { d.sections[0].rows[1].seats = 0; },
                 "sections[0].rows[1].seats"},
        RuleCase{"negative seats", [](EventDraft& d) { d.sections[0].rows[0].seats = -20; },
                 "sections[0].rows[0].seats"},
        RuleCase{"seats above the default row limit",
                 [](EventDraft& d) { d.sections[0].rows[0].seats = 10'001; },
                 "sections[0].rows[0].seats"},
        RuleCase{"a later section is checked too",
                 [](EventDraft& d) {
                     d.sections.push_back({"Camarote", 1, {{"C", 2}, {"D", 0}}, {}});
                 },
                 "sections[2].rows[1].seats"}));

// Values on the edge of each range must pass: the rejections above are not off by one.
struct BoundaryCase {
    const char* label;
    std::function<void(EventDraft&)> mutate;
};

void PrintTo(const BoundaryCase& c, std::ostream* out) {
    *out << c.label;
}

class ValidateEventBoundary : public ::testing::TestWithParam<BoundaryCase> {};

TEST_P(ValidateEventBoundary, IsAccepted) {
    EventDraft draft = baseDraft();
    GetParam().mutate(draft);
    const auto event = validateEvent(draft, kNow);
    EXPECT_TRUE(event) << failedField(event) << ": " << event.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Edges, ValidateEventBoundary,
    ::testing::Values(
        BoundaryCase{"sale ends exactly at the event start",
                     [](EventDraft& d) { d.saleEndsAt = kStart; }},
        BoundaryCase{"one-second sale",
                     [](EventDraft& d) {
                         d.saleStartsAt = kStart - 1s;
                         d.saleEndsAt = kStart;
                     }},
        BoundaryCase{"event one second from now", [](EventDraft& d) { d.startsAt = kNow + 1s; }},
        BoundaryCase{"1 ticket", [](EventDraft& d) { d.maxTicketsPerCustomer = 1; }},
        BoundaryCase{"100 tickets", [](EventDraft& d) { d.maxTicketsPerCustomer = 100; }},
        BoundaryCase{"1 ticket per card", [](EventDraft& d) { d.maxTicketsPerCard = 1; }},
        BoundaryCase{"1000 tickets per card", [](EventDraft& d) { d.maxTicketsPerCard = 1'000; }},
        BoundaryCase{"fewer per card than per customer",
                     [](EventDraft& d) {
                         d.maxTicketsPerCustomer = 10;
                         d.maxTicketsPerCard = 2;
                     }},
        BoundaryCase{"hold 60 s", [](EventDraft& d) { d.holdSeconds = 60; }},
        BoundaryCase{"hold 1800 s", [](EventDraft& d) { d.holdSeconds = 1'800; }},
        BoundaryCase{"admit 1 per minute", [](EventDraft& d) { d.admitPerMinute = 1; }},
        BoundaryCase{"admit 1000000 per minute",
                     [](EventDraft& d) { d.admitPerMinute = 1'000'000; }},
        BoundaryCase{"pow_bits 0", [](EventDraft& d) { d.queuePowBits = 0; }},
        BoundaryCase{"pow_bits 28", [](EventDraft& d) { d.queuePowBits = 28; }},
        BoundaryCase{"free section", [](EventDraft& d) { d.sections[0].priceCents = 0; }},
        BoundaryCase{"price 1,000,000.00",
                     [](EventDraft& d) { d.sections[0].priceCents = 100'000'000; }},
        BoundaryCase{"capacity 1", [](EventDraft& d) { d.sections[1].capacity = 1; }},
        BoundaryCase{"capacity at the default limit",
                     [](EventDraft& d) { d.sections[1].capacity = 500'000; }},
        BoundaryCase{"1 seat in a row", [](EventDraft& d) { d.sections[0].rows[0].seats = 1; }},
        BoundaryCase{"10000 seats in a row",
                     [](EventDraft& d) { d.sections[0].rows[0].seats = 10'000; }},
        BoundaryCase{"other currency", [](EventDraft& d) { d.currency = "EUR"; }}));

TEST(ValidateEvent, HoldSecondsBoundsAreInclusive) {
    for (std::int64_t hold : {60, 61, 600, 1'799, 1'800}) {
        EventDraft draft = baseDraft();
        draft.holdSeconds = hold;
        const auto event = validateEvent(draft, kNow);
        ASSERT_TRUE(event) << hold << ": " << event.error().message;
        EXPECT_EQ(event->holdSeconds, hold);
    }
    for (std::int64_t hold :
         {std::int64_t{59}, std::int64_t{1'801}, std::numeric_limits<std::int64_t>::min(),
          std::numeric_limits<std::int64_t>::max()}) {
        EventDraft draft = baseDraft();
        draft.holdSeconds = hold;
        EXPECT_EQ(failedField(validateEvent(draft, kNow)), "hold_seconds") << hold;
    }
}

TEST(ValidateEvent, SaleEndAfterEventStartIsRejected) {
    EventDraft draft = baseDraft();
    draft.saleStartsAt = kNow + days{1};
    draft.saleEndsAt = kStart + days{1};
    EXPECT_EQ(failedField(validateEvent(draft, kNow)), "sale_ends_at");
}

TEST(ValidateEvent, SaleEndBeforeSaleStartIsRejected) {
    EventDraft draft = baseDraft();
    draft.saleStartsAt = kStart - days{1};
    draft.saleEndsAt = kStart - days{2};
    EXPECT_EQ(failedField(validateEvent(draft, kNow)), "sale_ends_at");
}

TEST(ValidateEvent, RefundsCloseByTheEventsStartAndAreOffByDefault) {
    EventDraft draft = baseDraft();
    auto event = validateEvent(draft, kNow);
    ASSERT_TRUE(event);
    EXPECT_FALSE(event->refundsUntil);
    draft.refundsUntil = kStart; // up to the start itself
    event = validateEvent(draft, kNow);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->refundsUntil, kStart);
    draft.refundsUntil = kStart + 1s;
    EXPECT_EQ(failedField(validateEvent(draft, kNow)), "refunds_until");
}

// ---- Limits -----------------------------------------------------------------------------------

TEST(ValidateEventLimits, SeatsPerEventCountNumberedSeatsAcrossSections) {
    EventLimits limits;
    limits.maxSeatsPerEvent = 50;
    EventDraft draft = baseDraft(); // 42 seats in Plateia, 500 general places in Pista
    draft.sections.push_back({"Camarote", 90'000, {{"C1", 4}, {"C2", 4}}, {}});
    const auto exactly = validateEvent(draft, kNow, limits);
    ASSERT_TRUE(exactly) << exactly.error().message;
    EXPECT_EQ(exactly->sections[2].capacity, 8);

    draft.sections[2].rows[1].seats = 5; // 51 numbered seats
    EXPECT_EQ(failedField(validateEvent(draft, kNow, limits)), "sections[2].rows");
}

TEST(ValidateEventLimits, SeatsPerEventWithinOneSection) {
    EventLimits limits;
    limits.maxSeatsPerEvent = 41;
    EXPECT_EQ(failedField(validateEvent(baseDraft(), kNow, limits)), "sections[0].rows");
    limits.maxSeatsPerEvent = 42;
    EXPECT_TRUE(validateEvent(baseDraft(), kNow, limits));
}

TEST(ValidateEventLimits, GeneralAdmissionIsNotNumberedSeats) {
    EventLimits limits;
    limits.maxSeatsPerEvent = 42;
    EventDraft draft = baseDraft();
    draft.sections[1].capacity = 100'000;
    EXPECT_TRUE(validateEvent(draft, kNow, limits));
}

TEST(ValidateEventLimits, PlacesPerEventCountSeatedAndGeneralTogether) {
    EventLimits limits;
    limits.maxPlacesPerEvent = 541; // 42 seats + 500 general places is one too many
    EXPECT_EQ(failedField(validateEvent(baseDraft(), kNow, limits)), "sections[1]");
    limits.maxPlacesPerEvent = 542;
    EXPECT_TRUE(validateEvent(baseDraft(), kNow, limits));
}

TEST(ValidateEventLimits, SeatsPerRow) {
    EventLimits limits;
    limits.maxSeatsPerRow = 21;
    EXPECT_EQ(failedField(validateEvent(baseDraft(), kNow, limits)), "sections[0].rows[1].seats");
    limits.maxSeatsPerRow = 22;
    EXPECT_TRUE(validateEvent(baseDraft(), kNow, limits));
}

TEST(ValidateEventLimits, Sections) {
    EventLimits limits;
    limits.maxSections = 2;
    EXPECT_TRUE(validateEvent(baseDraft(), kNow, limits));
    EventDraft draft = baseDraft();
    draft.sections.push_back({"Camarote", 90'000, {}, 10});
    EXPECT_EQ(failedField(validateEvent(draft, kNow, limits)), "sections");
    limits.maxSections = 3;
    EXPECT_TRUE(validateEvent(draft, kNow, limits));
}

TEST(ValidateEventLimits, RowsPerSection) {
    EventLimits limits;
    limits.maxRowsPerSection = 1;
    EXPECT_EQ(failedField(validateEvent(baseDraft(), kNow, limits)), "sections[0].rows");
    limits.maxRowsPerSection = 2;
    EXPECT_TRUE(validateEvent(baseDraft(), kNow, limits));
}

TEST(ValidateEventLimits, SectionCapacity) {
    EventLimits limits;
    limits.maxSectionCapacity = 499;
    EXPECT_EQ(failedField(validateEvent(baseDraft(), kNow, limits)), "sections[1].capacity");
    limits.maxSectionCapacity = 500;
    EXPECT_TRUE(validateEvent(baseDraft(), kNow, limits));
}

TEST(ValidateEventLimits, TheDefaultsAllowALargeStadium) {
    // 200 rows of 1,000 seats: the 200,000-seat event the store is built for.
    EventDraft draft = baseDraft();
    draft.sections.resize(1);
    draft.sections[0].rows.clear();
    for (int i = 0; i < 200; ++i)
        draft.sections[0].rows.push_back({"R" + std::to_string(i), 1'000});
    const auto event = validateEvent(draft, kNow);
    ASSERT_TRUE(event) << event.error().message;
    EXPECT_EQ(event->sections[0].capacity, 200'000);
}

} // namespace
} // namespace bilheteria
