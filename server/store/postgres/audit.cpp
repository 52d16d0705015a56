// The PostgreSQL store's AuditStore (core/store/auditstore.h): appending to the audit chains
// (auditlog.h), verifying them, and checking the stock and limit invariants.
#include "server/store/postgres/audit.h"

#include <array>
#include <map>

#include <pqxx/pqxx>

#include "server/store/auditchain.h"
#include "server/store/integrity.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/rows.h"

namespace bilheteria {

using namespace postgres;

namespace {

// Recomputes every audit chain in the transaction's snapshot and checks it against its head;
// adds one problem per broken chain, naming its first broken entry. The same checks and words
// as the SQLite store.
void verifyAuditChains(pqxx::transaction_base& tx, IntegrityReport& report) {
    struct ChainState {
        std::string prevHash;
        std::int64_t expectedSeq = 1;
        bool broken = false;
    };
    std::array<ChainState, kAuditChains> chains{};
    {
        // A server-side cursor: the log is read in blocks, however long it has grown.
        pqxx::icursorstream cursor{tx,
                                   "SELECT id, chain, seq, at, actor_id, action, subject, "
                                   "details, prev_hash, hash FROM audit_log ORDER BY chain, seq",
                                   "audit", kSeatBlockRows};
        pqxx::result block;
        while (cursor >> block) {
            for (const auto& row : block) {
                const int chain = row[1].as<int>();
                if (chain < 0 || chain >= kAuditChains) continue; // the schema forbids it
                ChainState& state = chains[static_cast<std::size_t>(chain)];
                if (state.broken) continue;
                ++report.checkedItems;
                AuditEntry entry;
                entry.chain = chain;
                entry.seq = row[2].as<std::int64_t>();
                entry.at = row[3].as<std::int64_t>();
                entry.actorId = row[4].as<Id>();
                entry.action = row[5].as<std::string>();
                entry.subject = row[6].as<std::string>();
                entry.details = row[7].as<std::string>();
                entry.prevHash = row[8].as<std::string>();
                const std::string hash = row[9].as<std::string>();
                const std::string where = "audit chain " + std::to_string(chain) + ": entry " +
                                          std::to_string(entry.seq) + " (id " +
                                          std::to_string(row[0].as<Id>()) + ")";
                if (entry.seq != state.expectedSeq) {
                    report.problems.push_back(where + " follows entry " +
                                              std::to_string(state.expectedSeq - 1) +
                                              ": an entry is missing");
                    state.broken = true;
                } else if (entry.prevHash != state.prevHash) {
                    report.problems.push_back(where + " does not link to the entry before it");
                    state.broken = true;
                } else if (auditEntryHash(entry) != hash) {
                    report.problems.push_back(where + " does not match its hash: it was altered");
                    state.broken = true;
                }
                state.prevHash = hash;
                ++state.expectedSeq;
            }
        }
    } // the cursor closes before the next statement
    std::map<int, std::pair<std::int64_t, std::string>> heads;
    for (const auto& row : tx.exec_prepared("audit_heads"))
        heads[row[0].as<int>()] = {row[1].as<std::int64_t>(), row[2].as<std::string>()};
    for (int chain = 0; chain < kAuditChains; ++chain) {
        const ChainState& state = chains[static_cast<std::size_t>(chain)];
        if (state.broken) continue;
        const auto head = heads.find(chain);
        if (head == heads.end() || head->second.first != state.expectedSeq - 1 ||
            head->second.second != state.prevHash)
            report.problems.push_back("audit chain " + std::to_string(chain) +
                                      ": its newest entries were removed (the head expects entry " +
                                      std::to_string(head == heads.end() ? 0 : head->second.first) +
                                      ")");
    }
}

} // namespace

namespace postgres {

void appendAudit(pqxx::transaction_base& tx, int chain, TimePoint at, Id actorId,
                 const std::string& action, const std::string& subject, const std::string& details,
                 const std::vector<NewChange>& changes) {
    const pqxx::row head = tx.exec_prepared1("audit_head", chain);
    AuditEntry entry;
    entry.chain = chain;
    entry.seq = head[0].as<std::int64_t>() + 1;
    entry.at = unixSeconds(at);
    entry.actorId = actorId;
    entry.action = action;
    entry.subject = subject;
    entry.details = details;
    entry.prevHash = head[1].as<std::string>();
    const std::string hash = auditEntryHash(entry);
    if (changes.empty()) {
        tx.exec_prepared0("audit_append", chain, entry.seq, entry.at, entry.actorId, entry.action,
                          entry.subject, entry.details, entry.prevHash, hash);
        return;
    }
    const ChangeArrays arrays = changeArrays(changes);
    tx.exec_prepared0("audit_append_changes", chain, entry.seq, entry.at, entry.actorId,
                      entry.action, entry.subject, entry.details, entry.prevHash, hash,
                      arrays.events, arrays.kinds, arrays.payloads);
}

const std::vector<Statement>& auditStatements() {
    static const std::vector<Statement> all{
        // The audit log. The head row is locked until commit: entries of one chain are appended
        // one transaction at a time, in commit order.
        {"audit_head", "SELECT seq, hash FROM audit_heads WHERE chain = $1 FOR UPDATE"},
        {"audit_append",
         "WITH entry AS (INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, "
         "details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)) "
         "UPDATE audit_heads SET seq = $2, hash = $9 WHERE chain = $1"},
        // The same, plus the transaction's changes for the live feed (core/changefeed.h):
        // arrays of event ids ($10), kinds ($11) and payloads ($12). One statement, the
        // transaction's last: the outbox id is taken just before the commit, which keeps the
        // window in which another server's feed sees a later id first (a gap) short, and costs
        // no extra round trip.
        {"audit_append_changes",
         "WITH entry AS (INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, "
         "details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)), "
         "change AS (INSERT INTO event_changes (event_id, kind, payload, created_at) "
         "SELECT c.event_id, c.kind, c.payload, $3 FROM unnest($10::bigint[], $11::text[], "
         "$12::text[]) WITH ORDINALITY AS c (event_id, kind, payload, ord) ORDER BY c.ord) "
         "UPDATE audit_heads SET seq = $2, hash = $9 WHERE chain = $1"},
        {"audit_heads", "SELECT chain, seq, hash FROM audit_heads ORDER BY chain"},
        {"count_places", "SELECT count(*) FROM seats"},
    };
    return all;
}

} // namespace postgres

PostgresAuditStore::PostgresAuditStore(PostgresDatabase& db)
    : m_db(db) {}

Result<IntegrityReport> PostgresAuditStore::verifyAudit() {
    return run(m_db.pool(), "verifyAudit",
               [&](pqxx::connection& connection) -> Result<IntegrityReport> {
                   SnapshotTransaction tx{connection};
                   IntegrityReport report;
                   verifyAuditChains(tx, report);
                   tx.commit();
                   return report;
               });
}

Result<IntegrityReport> PostgresAuditStore::checkInvariants(TimePoint now) {
    return run(m_db.pool(), "checkInvariants",
               [&](pqxx::connection& connection) -> Result<IntegrityReport> {
                   // One snapshot for every check: a sale committing meanwhile is seen whole
                   // or not at all.
                   SnapshotTransaction tx{connection};
                   IntegrityReport report;
                   report.checkedItems = tx.exec_prepared1("count_places")[0].as<std::int64_t>();
                   for (const std::string& query : integrityQueries(unixSeconds(now)))
                       for (const auto& row : tx.exec(query))
                           report.problems.push_back(row[0].as<std::string>());
                   verifyAuditChains(tx, report);
                   tx.commit();
                   return report;
               });
}

} // namespace bilheteria
