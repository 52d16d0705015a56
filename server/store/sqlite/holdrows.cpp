// Reading a hold back, an order with its tickets and a ticket as the door sees it (holdrows.h),
// for the holds, sales, door and refunds parts.
#include "server/store/sqlite/holdrows.h"

#include <algorithm>
#include <string>

#include "server/store/refunds.h"
#include "server/store/sql/door.h"
#include "server/store/sqlite/connection.h"

namespace bilheteria {

using sqlite::Connection;

std::optional<Hold> readHold(Connection& db, Id holdId, TimePoint now) {
    Hold hold;
    {
        auto row = db.prepare("SELECT id, event_id, customer_id, status, expires_at, total_cents, "
                              "currency FROM holds WHERE id = ?");
        row.bind(1, holdId);
        if (!row.step()) return std::nullopt;
        hold.id = row.integer(0);
        hold.eventId = row.integer(1);
        hold.customerId = row.integer(2);
        hold.status = holdStatusFromName(row.text(3)).value_or(HoldStatus::Active);
        hold.expiresAt = row.time(4);
        hold.totalCents = row.integer(5);
        hold.currency = row.text(6);
    }
    if (hold.status == HoldStatus::Active && hold.expiresAt <= now)
        hold.status = HoldStatus::Expired;
    auto places = db.prepare("SELECT p.seat_id, p.section_id, s.row_label, s.number, p.price_cents "
                             "FROM hold_places p JOIN seats s ON s.id = p.seat_id "
                             "WHERE p.hold_id = ? ORDER BY p.seat_id");
    places.bind(1, holdId);
    while (places.step()) {
        if (places.isNull(2)) {
            const Id sectionId = places.integer(1);
            auto it = std::find_if(hold.general.begin(), hold.general.end(),
                                   [&](const HeldGeneral& g) { return g.sectionId == sectionId; });
            if (it == hold.general.end())
                hold.general.push_back({sectionId, 1, places.integer(4)});
            else
                ++it->quantity;
        } else {
            hold.seats.push_back({places.integer(0), places.integer(1), places.text(2),
                                  static_cast<int>(places.integer(3)), places.integer(4)});
        }
    }
    return hold;
}

Error holdNotFound() {
    return Error::notFound("no such hold");
}

Error inactiveHold(Connection& db, Id holdId, TimePoint now) {
    auto hold = readHold(db, holdId, now);
    if (!hold) return holdNotFound();
    if (hold->status == HoldStatus::Expired)
        return {ErrorCode::HoldExpired, "the hold has expired; its seats were freed"};
    return {ErrorCode::HoldNotActive, "the hold is " + std::string(holdStatusName(hold->status))};
}

Ticket ticketFromRow(const sqlite::Statement& row) {
    Ticket ticket;
    ticket.id = row.integer(0);
    ticket.code = row.text(1);
    ticket.sectionId = row.integer(2);
    ticket.section = row.text(3);
    if (!row.isNull(5)) { // a numbered seat (general admission's places have no row)
        ticket.seatId = row.integer(4);
        ticket.row = row.text(5);
        ticket.number = static_cast<int>(row.integer(6));
    }
    ticket.status = row.text(8);
    return ticket;
}

std::optional<Order> readOrder(Connection& db, Id orderId) {
    Order order;
    {
        auto row = db.prepare(
            "SELECT o.id, o.event_id, o.customer_id, o.status, o.total_cents, o.currency, "
            "o.created_at, p.method, p.brand, p.last4, p.change_cents FROM orders o "
            "JOIN payments p ON p.order_id = o.id WHERE o.id = ?");
        row.bind(1, orderId);
        if (!row.step()) return std::nullopt;
        order.id = row.integer(0);
        order.eventId = row.integer(1);
        order.customerId = row.integer(2);
        order.status = row.text(3);
        order.totalCents = row.integer(4);
        order.currency = row.text(5);
        order.createdAt = row.time(6);
        order.payment.method = row.text(7);
        order.payment.brand = row.optionalText(8);
        order.payment.last4 = row.optionalText(9);
        order.payment.changeCents = row.optionalInteger(10);
    }
    static const std::string ticketsSql =
        std::string("SELECT ") + sql::kTicketColumns + " WHERE t.order_id = ? ORDER BY t.id";
    auto tickets = db.prepare(ticketsSql);
    tickets.bind(1, orderId);
    while (tickets.step())
        order.tickets.push_back(ticketFromRow(tickets));
    order.status = orderStatus(order.tickets);
    return order;
}

namespace {

std::optional<DoorTicket> readTicket(Connection& db, const char* sql, auto key) {
    auto row = db.prepare(sql);
    row.bind(1, key);
    if (!row.step()) return std::nullopt;
    DoorTicket out;
    out.ticket = ticketFromRow(row);
    out.orderId = row.integer(7);
    out.eventId = row.integer(9);
    out.issuedAt = row.time(10);
    if (!row.isNull(11)) out.checkedInAt = row.time(11);
    out.checkedInGate = row.optionalText(12);
    if (!row.isNull(13)) out.voidedAt = row.time(13);
    out.voidReason = row.optionalText(14);
    return out;
}

} // namespace

std::optional<DoorTicket> doorTicketByCode(Connection& db, const std::string& code) {
    return readTicket(db, sql::kDoorTicketByCode, code);
}

std::optional<DoorTicket> doorTicketById(Connection& db, Id ticketId) {
    return readTicket(db, sql::kDoorTicketById, ticketId);
}

} // namespace bilheteria
