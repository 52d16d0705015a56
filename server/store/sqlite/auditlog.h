// Appending to the audit log from inside another part's transaction (accounts, events, holds and
// sales each append their entry); defined in audit.cpp beside the chains' verification.
#pragma once

#include <string>

#include "shared/protocol.h"

namespace bilheteria {

namespace sqlite {
class Connection;
}

// Appends one entry to an audit chain inside the caller's transaction.
void appendAudit(sqlite::Connection& db, int chain, TimePoint at, Id actorId,
                 const std::string& action, const std::string& subject, const std::string& details);

} // namespace bilheteria
