// The PostgreSQL store's ReportStore (core/store/reportstore.h): an event's sales report and a
// clerk's shift, over the SQL both stores share (store/reports.h).
#include "server/store/postgres/reports.h"

#include <pqxx/pqxx>

#include "server/store/postgres/database.h"
#include "server/store/postgres/rows.h"
#include "server/store/reports.h"

namespace bilheteria {

using namespace postgres;

namespace postgres {

const std::vector<Statement>& reportStatements() {
    static const std::vector<Statement> all{
        {"event_currency", "SELECT currency FROM events WHERE id = $1"},
        {"report_sections", kReportSectionsSql},
        {"report_buckets", kReportBucketsSql},
        {"shift", kShiftSql},
        {"shift_refunds", kShiftRefundsSql},
        {"shift_exchanges", kShiftExchangesSql},
    };
    return all;
}

} // namespace postgres

PostgresReportStore::PostgresReportStore(PostgresDatabase& db)
    : m_db(db) {}

Result<SalesReport> PostgresReportStore::salesReport(Id eventId, TimePoint now, int bucketSeconds) {
    return run(
        m_db.pool(), "salesReport", [&](pqxx::connection& connection) -> Result<SalesReport> {
            SnapshotTransaction tx{connection};
            const auto event = tx.exec_prepared("event_currency", eventId);
            if (event.empty()) return fail(Error::notFound("no event with this id"));
            const auto sections = tx.exec_prepared("report_sections", eventId, unixSeconds(now));
            const auto buckets = tx.exec_prepared("report_buckets", eventId, bucketSeconds);
            tx.commit();

            SalesReport report;
            report.eventId = eventId;
            report.currency = event[0][0].as<std::string>();
            report.generatedAt = now;
            report.bucketSeconds = bucketSeconds;
            for (const auto& row : sections)
                report.sections.push_back(SalesSection{
                    row[0].as<Id>(), row[1].as<std::string>(),
                    sectionKindFromName(row[2].c_str()).value_or(SectionKind::Seated),
                    row[3].as<Cents>(), row[4].as<std::int64_t>(), row[5].as<std::int64_t>(),
                    row[6].as<std::int64_t>(), 0, row[7].as<Cents>(), row[8].as<std::int64_t>()});
            std::vector<SalesBucketRow> rows;
            rows.reserve(buckets.size());
            for (const auto& row : buckets)
                rows.push_back(SalesBucketRow{row[0].as<std::int64_t>(), row[1].as<std::string>(),
                                              row[2].as<std::int64_t>(), row[3].as<std::int64_t>(),
                                              row[4].as<Cents>()});
            foldSalesReport(report, rows);
            return report;
        });
}

Result<ShiftSummary> PostgresReportStore::shiftSummary(Id actorId, TimePoint since,
                                                       TimePoint until) {
    return run(
        m_db.pool(), "shiftSummary", [&](pqxx::connection& connection) -> Result<ShiftSummary> {
            SnapshotTransaction tx{connection}; // orders, refunds, exchanges: one snapshot
            std::vector<ShiftRow> rows;
            for (const auto& row :
                 tx.exec_prepared("shift", actorId, unixSeconds(since), unixSeconds(until)))
                rows.push_back(ShiftRow{row[0].as<Id>(), row[1].as<std::string>(),
                                        row[2].as<std::string>(), row[3].as<std::string>(),
                                        row[4].as<std::int64_t>(), row[5].as<std::int64_t>(),
                                        row[6].as<Cents>(), row[7].as<Cents>()});
            std::vector<ShiftRefundRow> refunds;
            for (const auto& row :
                 tx.exec_prepared("shift_refunds", actorId, unixSeconds(since), unixSeconds(until)))
                refunds.push_back(ShiftRefundRow{row[0].as<std::string>(), row[1].as<std::string>(),
                                                 row[2].as<std::int64_t>(), row[3].as<Cents>()});
            std::vector<ShiftRefundRow> exchanges;
            for (const auto& row : tx.exec_prepared("shift_exchanges", actorId, unixSeconds(since),
                                                    unixSeconds(until)))
                exchanges.push_back(ShiftRefundRow{row[0].as<std::string>(),
                                                   row[1].as<std::string>(),
                                                   row[2].as<std::int64_t>(), row[3].as<Cents>()});
            tx.commit();
            ShiftSummary shift;
            shift.since = since;
            shift.until = until;
            foldShift(shift, rows, refunds, exchanges);
            return shift;
        });
}

} // namespace bilheteria
