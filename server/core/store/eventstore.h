// Events and their seats: an event's settings, its sections with live availability, and its
// numbered seats. Used by EventService (core/events.h), holds and sales (the settings) and the
// live hub (the sections' availability at subscription).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// A validated event, defaults applied (see core/eventrules.h).
struct NewSection {
    std::string name;
    SectionKind kind = SectionKind::Seated;
    Cents priceCents = 0;
    std::vector<RowDraft> rows; // seated
    std::int64_t capacity = 0;  // general admission; for seated, the sum of the rows
};

struct NewEvent {
    std::string name;
    std::string venue;
    TimePoint startsAt{};
    TimePoint saleStartsAt{};
    TimePoint saleEndsAt{};
    std::string currency = "BRL";
    int maxTicketsPerCustomer = 6;
    int maxTicketsPerCard = 6;
    int holdSeconds = 600;
    bool queueEnabled = false;
    int admitPerMinute = 600;
    int queuePowBits = 0;
    bool allowReentry = false;
    std::optional<TimePoint> refundsUntil;
    std::vector<NewSection> sections;
    Id createdBy = 0;
    TimePoint createdAt{};
};

// The states of an event's numbered seats in seat-id order, read in one snapshot with the live
// feed's position they are as of (core/changefeed.h): every change with an id up to `position`
// is in them; later ones may be too.
struct SeatStateSnapshot {
    Id position = 0;
    std::vector<SeatState> states;
};

// Every method is one transaction (see core/store/storage.h).
class EventStore {
public:
    virtual ~EventStore() = default;

    // Writes the event, its sections and every seat in one transaction with its audit entry
    // (bulk insert: 200,000 seats in a few seconds).
    virtual Result<Event> createEvent(const NewEvent& event) = 0;
    virtual Result<std::vector<EventSummary>> listEvents(TimePoint now) = 0;
    virtual Result<Event> getEvent(Id eventId, TimePoint now) = 0;
    // The event's own settings (sale window, limits, hold time, queue) from its one row: no
    // sections, so `sections` is empty and the summary's capacity, available and min price are
    // 0. What a hold or a sale checks, without getEvent's availability count.
    virtual Result<Event> getEventSettings(Id eventId) = 0;
    // Cancels the event in one transaction: the sale closes (cancelled_at, by whom, why: the
    // first cancellation's stay, and a second call changes nothing), its active holds end and
    // their places are free, with the audit entry event.cancelled and the live feed's changes.
    // Returns the event's settings afterwards. not_found for an unknown event.
    virtual Result<Event> cancelEvent(Id eventId, Id actorId,
                                      const std::optional<std::string>& reason, TimePoint now) = 0;
    // Calls `visit` for each seat of the event in creation order (sections, rows and numbers
    // as the organizer gave them: seat ids ascend), reading rows as they come instead of
    // materialising the whole list. not_found for an unknown event.
    virtual Result<void> forEachSeat(Id eventId, TimePoint now,
                                     const std::function<void(const Seat&)>& visit) = 0;
    // The states forEachSeat would visit (a seat held by a lapsed hold is free), in its order,
    // with their position in the change feed. not_found for an unknown event.
    virtual Result<SeatStateSnapshot> seatStates(Id eventId, TimePoint now) = 0;
};

} // namespace bilheteria
