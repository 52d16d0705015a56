// The PostgreSQL store's EventStore (core/store/eventstore.h): events with their sections and seats
// (written in one COPY), read back and streamed, with their SQL.
#pragma once

#include "server/core/store/eventstore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresEventStore final : public EventStore {
public:
    explicit PostgresEventStore(PostgresDatabase& db);

    Result<Event> createEvent(const NewEvent& event) override;
    Result<std::vector<EventSummary>> listEvents(TimePoint now) override;
    Result<Event> getEvent(Id eventId, TimePoint now) override;
    Result<Event> getEventSettings(Id eventId) override;
    Result<Event> cancelEvent(Id eventId, Id actorId, const std::optional<std::string>& reason,
                              TimePoint now) override;
    Result<void> forEachSeat(Id eventId, TimePoint now,
                             const std::function<void(const Seat&)>& visit) override;
    Result<SeatStateSnapshot> seatStates(Id eventId, TimePoint now) override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
