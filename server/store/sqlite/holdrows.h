// Reading a hold back inside a transaction, shared by holds.cpp and sales.cpp (a sale closes the
// hold it pays for); a ticket's row as an order shows it, an order with its tickets (sales.cpp,
// refunds.cpp) and a ticket as the door sees it (door.cpp, refunds.cpp).
#pragma once

#include <optional>

#include "server/core/store/doorstore.h"
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
// The order with its payment's summary and tickets, its status read from them; nullopt when
// there is no such order.
std::optional<Order> readOrder(sqlite::Connection& db, Id orderId);
// A ticket as the door sees it (sql::kDoorTicket), by code or id; nullopt when unknown.
std::optional<DoorTicket> doorTicketByCode(sqlite::Connection& db, const std::string& code);
std::optional<DoorTicket> doorTicketById(sqlite::Connection& db, Id ticketId);

} // namespace bilheteria
