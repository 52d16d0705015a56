// The SQLite store's AuditStore (core/store/auditstore.h): the audit chains' verification and
// the integrity checks. Appending to the log is auditlog.h.
#pragma once

#include "server/core/store/auditstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteAuditStore final : public AuditStore {
public:
    explicit SqliteAuditStore(SqliteDatabase& db);

    Result<IntegrityReport> verifyAudit() override;
    Result<IntegrityReport> checkInvariants(TimePoint now) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
