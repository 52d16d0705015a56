// Appending to the audit log from inside another part's transaction (accounts, events, holds and
// sales each append their entry); defined in audit.cpp beside the chains' verification.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "shared/protocol.h"

namespace bilheteria::postgres {

// Appends one entry to an audit chain inside the caller's transaction, and the transaction's
// `changes` for the live feed (core/changefeed.h) with it. The head row stays locked until the
// transaction ends, so call this last, after the transaction's other locks. A store method
// that writes changes notifies the database's change signal once it has committed.
void appendAudit(pqxx::transaction_base& tx, int chain, TimePoint at, Id actorId,
                 const std::string& action, const std::string& subject, const std::string& details,
                 const std::vector<NewChange>& changes = {});

} // namespace bilheteria::postgres
