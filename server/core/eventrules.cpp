#include "server/core/eventrules.h"

#include "shared/text.h"
#include "shared/timeformat.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace bilheteria {

namespace {

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

// Empty, blank or longer than `maxLength` characters: not a usable name.
bool badName(const std::string& text, std::size_t maxLength) {
    return text.empty() || blank(text) || utf8Length(text) > maxLength;
}

std::string sectionPath(std::size_t index) {
    return "sections[" + std::to_string(index) + "]";
}

} // namespace

Result<NewEvent> validateEvent(const EventDraft& draft, TimePoint now, const EventLimits& limits) {
    NewEvent event;
    if (badName(draft.name, 200))
        return fail(Error::invalidField("name", "name must have 1 to 200 characters"));
    if (badName(draft.venue, 200))
        return fail(Error::invalidField("venue", "venue must have 1 to 200 characters"));
    event.name = draft.name;
    event.venue = draft.venue;
    event.startsAt = draft.startsAt;

    event.saleStartsAt = draft.saleStartsAt.value_or(now);
    event.saleEndsAt = draft.saleEndsAt.value_or(draft.startsAt);
    if (event.saleEndsAt <= event.saleStartsAt)
        // Name the field the organizer actually gave; the defaults fill in the others.
        return fail(Error::invalidField(draft.saleEndsAt     ? "sale_ends_at"
                                        : draft.saleStartsAt ? "sale_starts_at"
                                                             : "starts_at",
                                        "the sale must end after it starts"));
    if (event.saleEndsAt > event.startsAt)
        return fail(Error::invalidField("sale_ends_at", "the sale must end by the event's start"));

    event.currency = draft.currency.value_or("BRL");
    if (event.currency.size() != 3 || !std::all_of(event.currency.begin(), event.currency.end(),
                                                   [](unsigned char c) { return std::isupper(c); }))
        return fail(
            Error::invalidField("currency", "currency must be an ISO 4217 code such as BRL"));

    const auto maxTickets = draft.maxTicketsPerCustomer.value_or(6);
    if (maxTickets < 1 || maxTickets > 100)
        return fail(Error::invalidField("max_tickets_per_customer",
                                        "max_tickets_per_customer must be 1–100"));
    event.maxTicketsPerCustomer = static_cast<int>(maxTickets);

    // By default one card buys what one customer may: many accounts with one card gain nothing.
    const auto maxPerCard = draft.maxTicketsPerCard.value_or(maxTickets);
    if (maxPerCard < 1 || maxPerCard > 1000)
        return fail(
            Error::invalidField("max_tickets_per_card", "max_tickets_per_card must be 1–1000"));
    event.maxTicketsPerCard = static_cast<int>(maxPerCard);

    const auto holdSeconds = draft.holdSeconds.value_or(600);
    if (holdSeconds < 60 || holdSeconds > 1800)
        return fail(Error::invalidField("hold_seconds", "hold_seconds must be 60–1800"));
    event.holdSeconds = static_cast<int>(holdSeconds);

    event.queueEnabled = draft.queueEnabled.value_or(false);
    const auto admitPerMinute = draft.admitPerMinute.value_or(600);
    if (admitPerMinute < 1 || admitPerMinute > 1'000'000)
        return fail(
            Error::invalidField("queue.admit_per_minute", "admit_per_minute must be 1–1000000"));
    event.admitPerMinute = static_cast<int>(admitPerMinute);
    // 28 bits is about a minute of a phone's time: more would shut people out, not bots.
    const auto powBits = draft.queuePowBits.value_or(0);
    if (powBits < 0 || powBits > kMaxQueuePowBits)
        return fail(Error::invalidField("queue.pow_bits", "pow_bits must be 0–28"));
    event.queuePowBits = static_cast<int>(powBits);
    event.allowReentry = draft.allowReentry.value_or(false);
    // Buyers give tickets back before the show, not after it.
    if (draft.refundsUntil && *draft.refundsUntil > draft.startsAt)
        return fail(
            Error::invalidField("refunds_until", "refunds must close by the event's start"));
    event.refundsUntil = draft.refundsUntil;

    if (draft.sections.empty())
        return fail(Error::invalidField("sections", "an event needs at least one section"));
    if (draft.sections.size() > limits.maxSections)
        return fail(Error::invalidField("sections", "an event may have at most " +
                                                        std::to_string(limits.maxSections) +
                                                        " sections"));

    std::set<std::string> sectionNames;
    std::int64_t totalSeats = 0;
    std::int64_t totalPlaces = 0;
    for (std::size_t i = 0; i < draft.sections.size(); ++i) {
        const auto& in = draft.sections[i];
        const auto path = sectionPath(i);
        NewSection section;
        if (badName(in.name, 200))
            return fail(Error::invalidField(path + ".name",
                                            "a section needs a name of 1 to 200 characters"));
        if (!sectionNames.insert(in.name).second)
            return fail(Error::invalidField(path + ".name", "section names must be unique"));
        section.name = in.name;
        if (in.priceCents < 0 || in.priceCents > 100'000'000)
            return fail(
                Error::invalidField(path + ".price_cents", "price_cents must be 0–100000000"));
        section.priceCents = in.priceCents;

        if (in.capacity) {
            section.kind = SectionKind::General;
            if (*in.capacity < 1 || *in.capacity > limits.maxSectionCapacity)
                return fail(Error::invalidField(path + ".capacity",
                                                "capacity must be 1–" +
                                                    std::to_string(limits.maxSectionCapacity)));
            section.capacity = *in.capacity;
        } else {
            section.kind = SectionKind::Seated;
            if (in.rows.empty())
                return fail(Error::invalidField(path + ".rows", "a seated section needs rows"));
            if (in.rows.size() > limits.maxRowsPerSection)
                return fail(Error::invalidField(
                    path + ".rows", "a section may have at most " +
                                        std::to_string(limits.maxRowsPerSection) + " rows"));
            std::set<std::string> labels;
            for (std::size_t j = 0; j < in.rows.size(); ++j) {
                const auto& row = in.rows[j];
                const auto rowPath = path + ".rows[" + std::to_string(j) + "]";
                if (badName(row.label, 16))
                    return fail(Error::invalidField(rowPath + ".label",
                                                    "a row needs a label of 1 to 16 characters"));
                if (!labels.insert(row.label).second)
                    return fail(Error::invalidField(rowPath + ".label",
                                                    "row labels must be unique in a section"));
                if (row.seats < 1 || row.seats > limits.maxSeatsPerRow)
                    return fail(Error::invalidField(rowPath + ".seats",
                                                    "seats must be 1–" +
                                                        std::to_string(limits.maxSeatsPerRow)));
                section.capacity += row.seats;
            }
            section.rows = in.rows;
            totalSeats += section.capacity;
            if (totalSeats > limits.maxSeatsPerEvent)
                return fail(Error::invalidField(path + ".rows",
                                                "an event may have at most " +
                                                    std::to_string(limits.maxSeatsPerEvent) +
                                                    " numbered seats"));
        }
        totalPlaces += section.capacity;
        if (totalPlaces > limits.maxPlacesPerEvent)
            return fail(Error::invalidField(path, "an event may have at most " +
                                                      std::to_string(limits.maxPlacesPerEvent) +
                                                      " places, seated and general together"));
        event.sections.push_back(std::move(section));
    }
    return event;
}

Result<void> requireNotCancelled(const EventSummary& event) {
    if (!event.cancelledAt) return {};
    return fail(Error{ErrorCode::SaleClosed,
                      "this event was cancelled: nothing more is sold",
                      {{"cancelled_at", formatRfc3339(*event.cancelledAt)}}});
}

} // namespace bilheteria
