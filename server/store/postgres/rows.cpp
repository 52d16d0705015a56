// The PostgreSQL store's small helpers (rows.h).
#include "server/store/postgres/rows.h"

#include <iostream>

#include "server/core/changefeed.h"
#include "server/store/refunds.h"

namespace bilheteria::postgres {

std::int64_t unixSeconds(TimePoint time) {
    return time.time_since_epoch().count();
}

TimePoint fromUnixSeconds(std::int64_t seconds) {
    return TimePoint{std::chrono::seconds{seconds}};
}

std::string_view firstLine(std::string_view text) {
    const auto end = text.find('\n');
    return end == std::string_view::npos ? text : text.substr(0, end);
}

void logFailure(std::string_view operation, const std::exception& error) {
    std::cerr << "bilheteria: postgresql " << operation << ": " << firstLine(error.what()) << '\n';
    if (const auto* sqlError = dynamic_cast<const pqxx::sql_error*>(&error);
        sqlError && !sqlError->query().empty())
        std::cerr << "bilheteria: postgresql query: " << sqlError->query() << '\n';
}

std::optional<std::string> optionalText(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

// A PostgreSQL array literal of ids, for `$n::bigint[]` parameters.
std::string idArray(const std::vector<Id>& ids) {
    std::string text = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) text += ',';
        text += std::to_string(ids[i]);
    }
    return text + "}";
}

// A PostgreSQL array literal of strings, each quoted, for `$n::text[]` parameters.
std::string textArray(const std::vector<std::string>& values) {
    std::string text = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) text += ',';
        text += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') text += '\\';
            text += c;
        }
        text += '"';
    }
    return text + "}";
}

std::optional<std::string> optionalSeconds(std::optional<TimePoint> time) {
    if (!time) return std::nullopt;
    return std::to_string(unixSeconds(*time));
}

// A parameter that is NULL when absent (libpqxx sends a null const char* as NULL).
const char* nullable(const std::optional<std::string>& value) {
    return value ? value->c_str() : nullptr;
}

std::optional<std::int64_t> optionalInteger(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::int64_t>();
}

// A section's sellable stock: its capacity less what the sold counters say and less the places
// under an unexpired hold (the partial index seats_held keeps that count to the holds in
// flight). Free seats are never counted, so a 200,000-seat event reads as fast as a small one.
// `now` is the statement's parameter of that number.
std::string sectionStock(const std::string& now) {
    return R"sql(
    SELECT s.id, s.event_id, s.position, s.name, s.kind, s.price_cents, s.capacity,
           (s.capacity
            - (SELECT COALESCE(sum(ss.sold), 0) FROM section_sales ss WHERE ss.section_id = s.id)
            - (SELECT count(*) FROM seats t
               WHERE t.section_id = s.id AND t.state = 'held' AND t.hold_expires_at > )sql" +
           now + R"sql()
           )::bigint AS available
    FROM sections s)sql";
}

ChangeArrays changeArrays(const std::vector<NewChange>& changes) {
    std::vector<Id> events;
    std::vector<std::string> kinds, payloads;
    for (const NewChange& change : changes) {
        events.push_back(change.eventId);
        kinds.emplace_back(changeKindName(change.kind));
        payloads.push_back(change.payload);
    }
    return {idArray(events), textArray(kinds), textArray(payloads)};
}

Ticket ticketFromRow(const pqxx::row& row) {
    Ticket ticket;
    ticket.id = row[0].as<Id>();
    ticket.code = row[1].as<std::string>();
    ticket.sectionId = row[2].as<Id>();
    ticket.section = row[3].as<std::string>();
    if (!row[5].is_null()) { // a numbered seat (general admission's places have no row)
        ticket.seatId = row[4].as<Id>();
        ticket.row = row[5].as<std::string>();
        ticket.number = row[6].as<int>();
    }
    ticket.status = row[8].as<std::string>();
    return ticket;
}

// Columns of order_by_id and orders_of_customer.
Order orderFromRow(const pqxx::row& row) {
    Order order;
    order.id = row[0].as<Id>();
    order.eventId = row[1].as<Id>();
    order.customerId = row[2].as<Id>();
    order.status = row[3].as<std::string>();
    order.totalCents = row[4].as<Cents>();
    order.currency = row[5].as<std::string>();
    order.createdAt = fromUnixSeconds(row[6].as<std::int64_t>());
    order.payment.method = row[7].as<std::string>();
    order.payment.brand = optionalText(row[8]);
    order.payment.last4 = optionalText(row[9]);
    order.payment.changeCents = optionalInteger(row[10]);
    return order;
}

std::optional<Order> readOrder(pqxx::transaction_base& tx, Id orderId) {
    const auto rows = tx.exec_prepared("order_by_id", orderId);
    if (rows.empty()) return std::nullopt;
    Order order = orderFromRow(rows[0]);
    for (const auto& row : tx.exec_prepared("tickets_of_order", orderId))
        order.tickets.push_back(ticketFromRow(row));
    order.status = orderStatus(order.tickets);
    return order;
}

// The columns of sql::kDoorTicket.
DoorTicket doorTicketFromRow(const pqxx::row& row) {
    DoorTicket out;
    out.ticket = ticketFromRow(row);
    out.orderId = row[7].as<Id>();
    out.eventId = row[9].as<Id>();
    out.issuedAt = fromUnixSeconds(row[10].as<std::int64_t>());
    if (!row[11].is_null()) out.checkedInAt = fromUnixSeconds(row[11].as<std::int64_t>());
    out.checkedInGate = optionalText(row[12]);
    if (!row[13].is_null()) out.voidedAt = fromUnixSeconds(row[13].as<std::int64_t>());
    out.voidReason = optionalText(row[14]);
    return out;
}

} // namespace bilheteria::postgres
