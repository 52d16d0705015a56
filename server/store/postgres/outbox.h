// Writing to the change outbox from inside another part's transaction where no audit entry
// carries the changes (the waiting room's); defined in changes.cpp beside the outbox's reader.
#pragma once

#include <vector>

#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "shared/protocol.h"

namespace bilheteria::postgres {

void insertChanges(pqxx::transaction_base& tx, const std::vector<NewChange>& changes, TimePoint at);

} // namespace bilheteria::postgres
