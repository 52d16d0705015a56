// Writing to the change outbox from inside another part's transaction (holds, sales and the
// waiting room); defined in changes.cpp beside the outbox's reader.
#pragma once

#include <vector>

#include "server/core/changefeed.h"
#include "shared/protocol.h"

namespace bilheteria {

namespace sqlite {
class Connection;
}

// Writes changes to the outbox inside the caller's transaction (core/changefeed.h). A store
// method that writes any notifies the database's change signal once it has committed. The
// waiting room writes its queue changes (queueChange()) the same way.
void insertChanges(sqlite::Connection& db, const std::vector<NewChange>& changes, TimePoint at);

} // namespace bilheteria
