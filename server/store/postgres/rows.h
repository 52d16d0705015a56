// Small helpers every part of the PostgreSQL store uses: times as Unix seconds, nullable
// fields and parameters, array literals, the section-stock SQL two parts share, and logging.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "server/core/store/doorstore.h"
#include "shared/protocol.h"

namespace bilheteria {
struct NewChange;
}

namespace bilheteria::postgres {

// Several statements per read must see one snapshot (an event and its sections, say).
using SnapshotTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::int64_t unixSeconds(TimePoint time);
TimePoint fromUnixSeconds(std::int64_t seconds);

std::string_view firstLine(std::string_view text);
// Logs a failed operation (and its query) to stderr; never returned to callers.
void logFailure(std::string_view operation, const std::exception& error);

std::optional<std::string> optionalText(const pqxx::field& field);
// The ticket in a row that starts with sql::kTicketColumns (sales, the door).
Ticket ticketFromRow(const pqxx::row& row);
// The columns of the sales part's order_by_id and orders_of_customer: an order and its
// payment's summary, without tickets.
Order orderFromRow(const pqxx::row& row);
// The order with its tickets (statements order_by_id, tickets_of_order), its status read from
// them; nullopt when there is no such order.
std::optional<Order> readOrder(pqxx::transaction_base& tx, Id orderId);
// The columns of sql::kDoorTicket.
DoorTicket doorTicketFromRow(const pqxx::row& row);
std::optional<std::int64_t> optionalInteger(const pqxx::field& field);
// A parameter that is NULL when absent (libpqxx sends a null const char* as NULL).
const char* nullable(const std::optional<std::string>& value);
// Unix seconds as text for a nullable BIGINT parameter (with nullable()).
std::optional<std::string> optionalSeconds(std::optional<TimePoint> time);

// A PostgreSQL array literal of ids, for `$n::bigint[]` parameters.
std::string idArray(const std::vector<Id>& ids);
// A PostgreSQL array literal of strings, each quoted, for `$n::text[]` parameters.
std::string textArray(const std::vector<std::string>& values);

// A section's sellable stock: its capacity less what the sold counters say and less the places
// under an unexpired hold (the partial index seats_held keeps that count to the holds in
// flight). Free seats are never counted, so a 200,000-seat event reads as fast as a small one.
// `now` is the statement's parameter of that number. The events and changes parts read it.
std::string sectionStock(const std::string& now);

// Changes as the array parameters of audit_append_changes and insert_changes: event ids, kinds
// and payloads, in the changes' order.
struct ChangeArrays {
    std::string events, kinds, payloads;
};
ChangeArrays changeArrays(const std::vector<NewChange>& changes);

} // namespace bilheteria::postgres
