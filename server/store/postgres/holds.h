// The PostgreSQL store's HoldStore (core/store/holdstore.h): taking seats or general-admission
// places under the per-customer limit, releasing and expiring holds, with their SQL.
#pragma once

#include "server/core/store/holdstore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresHoldStore final : public HoldStore {
public:
    explicit PostgresHoldStore(PostgresDatabase& db);

    Result<Hold> createHold(const NewHold& hold) override;
    Result<Hold> findHold(Id holdId, TimePoint now) override;
    Result<Hold> releaseHold(Id holdId, Id actorId, TimePoint now) override;
    Result<Hold> shortenHold(Id holdId, TimePoint expiresAt, const std::string& reason,
                             TimePoint now) override;
    Result<std::int64_t> expireHolds(TimePoint now, int limit) override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
