// The SQLite store's HoldStore (core/store/holdstore.h): taking, reading, releasing and expiring
// holds.
#pragma once

#include "server/core/store/holdstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteHoldStore final : public HoldStore {
public:
    explicit SqliteHoldStore(SqliteDatabase& db);

    Result<Hold> createHold(const NewHold& hold) override;
    Result<Hold> findHold(Id holdId, TimePoint now) override;
    Result<Hold> releaseHold(Id holdId, Id actorId, TimePoint now) override;
    Result<Hold> shortenHold(Id holdId, TimePoint expiresAt, const std::string& reason,
                             TimePoint now) override;
    Result<std::int64_t> expireHolds(TimePoint now, int limit) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
