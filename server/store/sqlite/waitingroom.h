// The SQLite store's WaitingRoomStore (core/store/waitingroomstore.h): the events' queues.
#pragma once

#include "server/core/store/waitingroomstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteWaitingRoomStore final : public WaitingRoomStore {
public:
    explicit SqliteWaitingRoomStore(SqliteDatabase& db);

    Result<QueuePlace> findQueuePlace(Id eventId, Id customerId) override;
    Result<QueuePlace> joinQueue(Id eventId, Id customerId, TimePoint now) override;
    Result<std::int64_t> advanceQueues(TimePoint now, const QueuePacer& pace) override;
    Result<std::vector<QueueLength>> queueLengths(TimePoint now) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
