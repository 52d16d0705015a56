// The SQLite store's changes part (changes.h): writing to the outbox (outbox.h, called inside
// the other parts' transactions), its reader for the live hub (SqliteChangeSource), the
// sections' availability and the outbox's pruning.
#include "server/store/sqlite/changes.h"

#include "server/store/door.h"
#include "server/store/sql/door.h"

#include "server/store/changesignal.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/outbox.h"

namespace bilheteria {

using sqlite::Connection;
using sqlite::idList;
using sqlite::Statement;

void insertChanges(Connection& db, const std::vector<NewChange>& changes, TimePoint at) {
    // One statement for up to two rows (a sale writes its seats and its order): on the sale's
    // hot path, under the write lock.
    std::size_t i = 0;
    for (; i + 1 < changes.size(); i += 2) {
        auto insert = db.prepare("INSERT INTO event_changes (event_id, kind, payload, created_at) "
                                 "VALUES (?1, ?2, ?3, ?7), (?4, ?5, ?6, ?7)");
        insert.bind(1, changes[i].eventId)
            .bind(2, std::string(changeKindName(changes[i].kind)))
            .bind(3, changes[i].payload)
            .bind(4, changes[i + 1].eventId)
            .bind(5, std::string(changeKindName(changes[i + 1].kind)))
            .bind(6, changes[i + 1].payload)
            .bind(7, at);
        insert.run();
    }
    if (i < changes.size()) {
        auto insert = db.prepare("INSERT INTO event_changes (event_id, kind, payload, created_at) "
                                 "VALUES (?, ?, ?, ?)");
        insert.bind(1, changes[i].eventId)
            .bind(2, std::string(changeKindName(changes[i].kind)))
            .bind(3, changes[i].payload)
            .bind(4, at);
        insert.run();
    }
}

namespace {

Change readChange(const Statement& row) {
    // Columns: id, event_id, kind, payload
    return Change{row.integer(0), row.integer(1),
                  changeKindFromName(row.text(2)).value_or(ChangeKind::Seats), row.text(3)};
}

const std::string kChangeColumns = "SELECT id, event_id, kind, payload FROM event_changes ";

// The outbox reader for the live hub. SQLite has one writer at a time and an id taken by a
// transaction that rolls back is taken again by the next one, so ids commit in order: no gaps
// to wait for.
class SqliteChangeSource : public ChangeSource {
public:
    SqliteChangeSource(SqliteDatabase& db, std::shared_ptr<ChangeSignal> signal)
        : m_db(db)
        , m_signal(std::move(signal)) {}

    Result<Id> latestChangeId() override {
        return m_db.transaction<Id>(false, [](Connection& db) -> Result<Id> {
            // Pruning keeps the newest row, so this is the largest id ever used.
            auto row =
                db.prepare("SELECT max(coalesce((SELECT max(id) FROM event_changes), 0), (SELECT "
                           "pruned_through FROM event_changes_pruned))");
            row.step();
            return row.integer(0);
        });
    }

    Result<std::vector<Change>> changesAfter(Id after, int limit) override {
        return m_db.transaction<std::vector<Change>>(
            false, [&](Connection& db) -> Result<std::vector<Change>> {
                auto rows = db.prepare(kChangeColumns + "WHERE id > ? ORDER BY id LIMIT ?");
                rows.bind(1, after).bind(2, std::int64_t{limit});
                std::vector<Change> out;
                while (rows.step())
                    out.push_back(readChange(rows));
                return out;
            });
    }

    Result<std::vector<Change>> changesBetween(Id from, Id to) override {
        return m_db.transaction<std::vector<Change>>(
            false, [&](Connection& db) -> Result<std::vector<Change>> {
                auto rows = db.prepare(kChangeColumns + "WHERE id BETWEEN ? AND ? ORDER BY id");
                rows.bind(1, from).bind(2, to);
                std::vector<Change> out;
                while (rows.step())
                    out.push_back(readChange(rows));
                return out;
            });
    }

    Result<ChangeReplay> replay(Id eventId, Id after, Id upTo, int limit) override {
        return m_db.transaction<ChangeReplay>(false, [&](Connection& db) -> Result<ChangeReplay> {
            ChangeReplay out;
            {
                auto horizon = db.prepare("SELECT pruned_through FROM event_changes_pruned");
                if (horizon.step()) out.prunedThrough = horizon.integer(0);
            }
            // The key's range, filtered by event: the hub bounds the range it asks for.
            auto rows =
                db.prepare(kChangeColumns + "WHERE id > ? AND id <= ? AND event_id = ? ORDER BY id "
                                            "LIMIT ?");
            rows.bind(1, after).bind(2, upTo).bind(3, eventId).bind(4, std::int64_t{limit});
            while (rows.step())
                out.changes.push_back(readChange(rows));
            return out;
        });
    }

    void waitForChanges(std::chrono::milliseconds timeout) override { m_signal->wait(timeout); }
    void interrupt() override { m_signal->notify(); }

private:
    SqliteDatabase& m_db;
    std::shared_ptr<ChangeSignal> m_signal;
};

} // namespace

SqliteChangeStore::SqliteChangeStore(SqliteDatabase& db)
    : m_db(db) {}

Result<std::unique_ptr<ChangeSource>> SqliteChangeStore::openChangeSource() {
    return std::unique_ptr<ChangeSource>(new SqliteChangeSource(m_db, m_db.changeSignal()));
}

Result<std::vector<SectionAvailability>>
SqliteChangeStore::sectionAvailability(Id eventId, const std::vector<Id>& sectionIds,
                                       TimePoint now) {
    return m_db.transaction<std::vector<SectionAvailability>>(
        false, [&](Connection& db) -> Result<std::vector<SectionAvailability>> {
            auto rows = db.prepare(
                "SELECT s.id, s.capacity "
                "- (SELECT coalesce(sum(sold), 0) FROM section_sales WHERE section_id = s.id) "
                "- (SELECT count(*) FROM seats WHERE section_id = s.id AND state = 'held' AND "
                "hold_expires_at > ?1) "
                "FROM sections s WHERE s.event_id = ?2 AND s.id IN (SELECT value FROM "
                "json_each(?3)) ORDER BY s.position");
            rows.bind(1, now).bind(2, eventId).bind(3, idList(sectionIds));
            std::vector<SectionAvailability> out;
            while (rows.step())
                out.push_back(SectionAvailability{rows.integer(0), rows.integer(1)});
            return out;
        });
}

Result<std::vector<SectionAdmitted>>
SqliteChangeStore::sectionAdmitted(Id eventId, const std::vector<Id>& sectionIds) {
    return m_db.transaction<std::vector<SectionAdmitted>>(
        false, [&](Connection& db) -> Result<std::vector<SectionAdmitted>> {
            auto rows = db.prepare(sql::kSectionAdmitted);
            rows.bind(1, eventId);
            std::vector<SectionAdmitted> all;
            while (rows.step())
                all.push_back(SectionAdmitted{rows.integer(0), rows.integer(1)});
            return onlySections(std::move(all), sectionIds);
        });
}

Result<std::int64_t> SqliteChangeStore::pruneChanges(TimePoint before) {
    // Oldest first, a batch per write transaction, so that sales wait for one short batch at a
    // time; ids and times ascend together, so the oldest rows are the first ones by id.
    constexpr std::int64_t kBatch = 5000;
    std::int64_t total = 0;
    for (;;) {
        auto pruned =
            m_db.transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
                std::int64_t through = 0;
                {
                    // Never the newest row: SQLite would give its id to the next insert.
                    auto horizon = db.prepare(
                        "SELECT min((SELECT max(id) FROM (SELECT id, created_at FROM event_changes "
                        "ORDER BY id LIMIT ?) WHERE created_at < ?), (SELECT max(id) FROM "
                        "event_changes) - 1)");
                    horizon.bind(1, kBatch).bind(2, before);
                    if (!horizon.step() || horizon.isNull(0) || horizon.integer(0) < 1)
                        return std::int64_t{0};
                    through = horizon.integer(0);
                }
                auto remove = db.prepare("DELETE FROM event_changes WHERE id <= ?");
                remove.bind(1, through);
                remove.run();
                const std::int64_t removed = db.changes();
                auto update = db.prepare("UPDATE event_changes_pruned SET pruned_through = "
                                         "max(pruned_through, ?)");
                update.bind(1, through);
                update.run();
                return removed;
            });
        if (!pruned) return fail(pruned.error());
        total += *pruned;
        if (*pruned < kBatch) return total;
    }
}

} // namespace bilheteria
