// The PostgreSQL store's WaitingRoomStore (core/store/waitingroomstore.h): joining an event's
// queue, a place in it, and pacing admissions, with their SQL.
#pragma once

#include "server/core/store/waitingroomstore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresWaitingRoomStore final : public WaitingRoomStore {
public:
    explicit PostgresWaitingRoomStore(PostgresDatabase& db);

    Result<QueuePlace> findQueuePlace(Id eventId, Id customerId) override;
    Result<QueuePlace> joinQueue(Id eventId, Id customerId, TimePoint now) override;
    Result<std::int64_t> advanceQueues(TimePoint now, const QueuePacer& pace) override;
    Result<std::vector<QueueLength>> queueLengths(TimePoint now) override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
