// The PostgreSQL store's ChangeStore (core/store/changestore.h): the change outbox's reader
// (LISTENing for the other servers), section availability and pruning; insertChanges (outbox.h) for
// the parts that write changes.
#pragma once

#include "server/core/store/changestore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresChangeStore final : public ChangeStore {
public:
    explicit PostgresChangeStore(PostgresDatabase& db);

    Result<std::unique_ptr<ChangeSource>> openChangeSource() override;
    Result<std::vector<SectionAvailability>>
    sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) override;
    Result<std::vector<SectionAdmitted>>
    sectionAdmitted(Id eventId, const std::vector<Id>& sectionIds) override;
    Result<std::int64_t> pruneChanges(TimePoint before) override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
