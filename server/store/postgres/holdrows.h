// Reading a hold back inside a transaction, shared by holds.cpp and sales.cpp (a sale closes the
// hold it pays for).
#pragma once

#include <optional>

#include <pqxx/pqxx>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria::postgres {

// The rows of hold_with_places as of `now`: an active hold past its expiry reads as expired.
Hold holdFromRows(const pqxx::result& rows, TimePoint now);
// The hold with what it took, as of `now`; nullopt when there is no such hold.
std::optional<Hold> readHold(pqxx::transaction_base& tx, Id holdId, TimePoint now);
Error holdNotFound();
// Why a hold that a conditional update expected to be active was not: missing, expired
// (whether or not the sweeper has marked it) or closed.
Error inactiveHold(pqxx::transaction_base& tx, Id holdId, TimePoint now);

} // namespace bilheteria::postgres
