// The SQLite store's ChangeStore (core/store/changestore.h): the outbox's reader for the live
// hub, the sections' availability and the outbox's pruning.
#pragma once

#include "server/core/store/changestore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteChangeStore final : public ChangeStore {
public:
    explicit SqliteChangeStore(SqliteDatabase& db);

    Result<std::unique_ptr<ChangeSource>> openChangeSource() override;
    Result<std::vector<SectionAvailability>>
    sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) override;
    Result<std::vector<SectionAdmitted>>
    sectionAdmitted(Id eventId, const std::vector<Id>& sectionIds) override;
    Result<std::int64_t> pruneChanges(TimePoint before) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
