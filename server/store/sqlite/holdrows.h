// Reading a hold back inside a transaction, shared by holds.cpp and sales.cpp (a sale closes the
// hold it pays for); and a ticket's row as an order shows it (sales.cpp, door.cpp).
#pragma once

#include <optional>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

namespace sqlite {
class Connection;
class Statement;
} // namespace sqlite

// The hold with what it took, as of `now`; nullopt when there is no such hold.
std::optional<Hold> readHold(sqlite::Connection& db, Id holdId, TimePoint now);
Error holdNotFound();
// Why a hold that an update expected to be active was not: not found, expired, or closed.
Error inactiveHold(sqlite::Connection& db, Id holdId, TimePoint now);

// The ticket in the current row of a statement that selects sql::kTicketColumns first.
Ticket ticketFromRow(const sqlite::Statement& row);

} // namespace bilheteria
