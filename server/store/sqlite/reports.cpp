// The SQLite store's reports part (reports.h): the shared report SQL (server/store/reports.h)
// run in one snapshot each and folded into the protocol's answers.
#include "server/store/sqlite/reports.h"

#include "server/store/reports.h"
#include "server/store/sqlite/database.h"

namespace bilheteria {

using sqlite::Connection;

SqliteReportStore::SqliteReportStore(SqliteDatabase& db)
    : m_db(db) {}

Result<SalesReport> SqliteReportStore::salesReport(Id eventId, TimePoint now, int bucketSeconds) {
    return m_db.transaction<SalesReport>(false, [&](Connection& db) -> Result<SalesReport> {
        SalesReport report;
        report.eventId = eventId;
        report.generatedAt = now;
        report.bucketSeconds = bucketSeconds;
        {
            auto row = db.prepare("SELECT currency FROM events WHERE id = ?");
            row.bind(1, eventId);
            if (!row.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
            report.currency = row.text(0);
        }
        {
            static const std::string sql = sqliteParameters(kReportSectionsSql);
            auto row = db.prepare(sql);
            row.bind(1, eventId).bind(2, now);
            while (row.step())
                report.sections.push_back(
                    SalesSection{row.integer(0), row.text(1),
                                 sectionKindFromName(row.text(2)).value_or(SectionKind::Seated),
                                 row.integer(3), row.integer(4), row.integer(5), row.integer(6), 0,
                                 row.integer(7), row.integer(8)});
        }
        std::vector<SalesBucketRow> buckets;
        {
            static const std::string sql = sqliteParameters(kReportBucketsSql);
            auto row = db.prepare(sql);
            row.bind(1, eventId).bind(2, std::int64_t{bucketSeconds});
            while (row.step())
                buckets.push_back(SalesBucketRow{row.integer(0), row.text(1), row.integer(2),
                                                 row.integer(3), row.integer(4)});
        }
        foldSalesReport(report, buckets);
        return report;
    });
}

Result<ShiftSummary> SqliteReportStore::shiftSummary(Id actorId, TimePoint since, TimePoint until) {
    return m_db.transaction<ShiftSummary>(false, [&](Connection& db) -> Result<ShiftSummary> {
        static const std::string sql = sqliteParameters(kShiftSql);
        auto row = db.prepare(sql);
        row.bind(1, actorId).bind(2, since).bind(3, until);
        std::vector<ShiftRow> rows;
        while (row.step())
            rows.push_back(ShiftRow{row.integer(0), row.text(1), row.text(2), row.text(3),
                                    row.integer(4), row.integer(5), row.integer(6),
                                    row.integer(7)});
        static const std::string refundsSql = sqliteParameters(kShiftRefundsSql);
        auto refund = db.prepare(refundsSql);
        refund.bind(1, actorId).bind(2, since).bind(3, until);
        std::vector<ShiftRefundRow> refunds;
        while (refund.step())
            refunds.push_back(ShiftRefundRow{refund.text(0), refund.text(1), refund.integer(2),
                                             refund.integer(3)});
        static const std::string exchangesSql = sqliteParameters(kShiftExchangesSql);
        auto exchange = db.prepare(exchangesSql);
        exchange.bind(1, actorId).bind(2, since).bind(3, until);
        std::vector<ShiftRefundRow> exchanges;
        while (exchange.step())
            exchanges.push_back(ShiftRefundRow{exchange.text(0), exchange.text(1),
                                               exchange.integer(2), exchange.integer(3)});
        ShiftSummary shift;
        shift.since = since;
        shift.until = until;
        foldShift(shift, rows, refunds, exchanges);
        return shift;
    });
}

} // namespace bilheteria
