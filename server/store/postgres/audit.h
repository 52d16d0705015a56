// The PostgreSQL store's AuditStore (core/store/auditstore.h): appending to the audit chains
// (auditlog.h), verifying them, and checking the stock and limit invariants.
#pragma once

#include "server/core/store/auditstore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresAuditStore final : public AuditStore {
public:
    explicit PostgresAuditStore(PostgresDatabase& db);

    Result<IntegrityReport> verifyAudit() override;
    Result<IntegrityReport> checkInvariants(TimePoint now) override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
