// The SQLite store's audit part (audit.h): appending to the audit chains (auditlog.h, called
// inside the other parts' transactions), their verification and the integrity checks.
#include "server/store/sqlite/audit.h"

#include "server/store/auditchain.h"
#include "server/store/integrity.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"

namespace bilheteria {

using sqlite::Connection;
using sqlite::SqliteError;

void appendAudit(Connection& db, int chain, TimePoint at, Id actorId, const std::string& action,
                 const std::string& subject, const std::string& details) {
    AuditEntry entry;
    entry.chain = chain;
    {
        auto head = db.prepare("SELECT seq, hash FROM audit_heads WHERE chain = ?");
        head.bind(1, std::int64_t{chain});
        if (!head.step()) throw SqliteError::corrupt("audit chain head missing");
        entry.seq = head.integer(0) + 1;
        entry.prevHash = head.text(1);
    }
    entry.at = at.time_since_epoch().count();
    entry.actorId = actorId;
    entry.action = action;
    entry.subject = subject;
    entry.details = details;
    const auto hash = auditEntryHash(entry);
    auto insert = db.prepare("INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, "
                             "details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, std::int64_t{chain})
        .bind(2, entry.seq)
        .bind(3, entry.at)
        .bind(4, actorId)
        .bind(5, action)
        .bind(6, subject)
        .bind(7, details)
        .bind(8, entry.prevHash)
        .bind(9, hash);
    insert.run();
    auto update = db.prepare("UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?");
    update.bind(1, entry.seq).bind(2, hash).bind(3, std::int64_t{chain});
    update.run();
}

namespace {

// Checks every audit chain against its hashes and its head; adds a problem per broken chain,
// naming its first broken entry.
void verifyAuditChains(Connection& db, IntegrityReport& report) {
    for (int chain = 0; chain < kAuditChains; ++chain) {
        std::string prevHash;
        std::int64_t expectedSeq = 1;
        bool broken = false;
        auto row = db.prepare("SELECT id, seq, at, actor_id, action, subject, details, prev_hash, "
                              "hash FROM audit_log WHERE chain = ? ORDER BY seq");
        row.bind(1, std::int64_t{chain});
        while (!broken && row.step()) {
            ++report.checkedItems;
            AuditEntry entry{chain,       row.integer(1), row.integer(2), row.integer(3),
                             row.text(4), row.text(5),    row.text(6),    row.text(7)};
            const std::string where = "audit chain " + std::to_string(chain) + ": entry " +
                                      std::to_string(entry.seq) + " (id " +
                                      std::to_string(row.integer(0)) + ")";
            if (entry.seq != expectedSeq) {
                report.problems.push_back(where + " follows entry " +
                                          std::to_string(expectedSeq - 1) +
                                          ": an entry is missing");
                broken = true;
            } else if (entry.prevHash != prevHash) {
                report.problems.push_back(where + " does not link to the entry before it");
                broken = true;
            } else if (auditEntryHash(entry) != row.text(8)) {
                report.problems.push_back(where + " does not match its hash: it was altered");
                broken = true;
            }
            prevHash = row.text(8);
            ++expectedSeq;
        }
        if (broken) continue;
        auto head = db.prepare("SELECT seq, hash FROM audit_heads WHERE chain = ?");
        head.bind(1, std::int64_t{chain});
        if (!head.step() || head.integer(0) != expectedSeq - 1 || head.text(1) != prevHash)
            report.problems.push_back("audit chain " + std::to_string(chain) +
                                      ": its newest entries were removed (the head expects " +
                                      "entry " + std::to_string(head.integer(0)) + ")");
    }
}

} // namespace

SqliteAuditStore::SqliteAuditStore(SqliteDatabase& db)
    : m_db(db) {}

Result<IntegrityReport> SqliteAuditStore::verifyAudit() {
    return m_db.transaction<IntegrityReport>(false, [&](Connection& db) -> Result<IntegrityReport> {
        IntegrityReport report;
        verifyAuditChains(db, report);
        return report;
    });
}

Result<IntegrityReport> SqliteAuditStore::checkInvariants(TimePoint now) {
    return m_db.transaction<IntegrityReport>(false, [&](Connection& db) -> Result<IntegrityReport> {
        IntegrityReport report;
        {
            auto count = db.prepare("SELECT count(*) FROM seats");
            count.step();
            report.checkedItems = count.integer(0);
        }
        for (const auto& sql : integrityQueries(now.time_since_epoch().count())) {
            auto row = db.prepare(sql);
            while (row.step())
                report.problems.push_back(row.text(0));
        }
        verifyAuditChains(db, report);
        return report;
    });
}

} // namespace bilheteria
