// The SQLite store's ReportStore (core/store/reportstore.h): an event's sales report and a
// clerk's shift summary, over the SQL of server/store/reports.h.
#pragma once

#include "server/core/store/reportstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteReportStore final : public ReportStore {
public:
    explicit SqliteReportStore(SqliteDatabase& db);

    Result<SalesReport> salesReport(Id eventId, TimePoint now, int bucketSeconds) override;
    Result<ShiftSummary> shiftSummary(Id actorId, TimePoint since, TimePoint until) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
