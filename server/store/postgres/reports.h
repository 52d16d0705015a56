// The PostgreSQL store's ReportStore (core/store/reportstore.h): an event's sales report and a
// clerk's shift, over the SQL both stores share (store/reports.h).
#pragma once

#include "server/core/store/reportstore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresReportStore final : public ReportStore {
public:
    explicit PostgresReportStore(PostgresDatabase& db);

    Result<SalesReport> salesReport(Id eventId, TimePoint now, int bucketSeconds) override;
    Result<ShiftSummary> shiftSummary(Id actorId, TimePoint since, TimePoint until) override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
