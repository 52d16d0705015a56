// The door's statements that both dialects run unchanged (docs/storage.md): PostgreSQL prepares
// them as they are, SQLite through sqlite::numbered(). The rest (reading booleans, the check-in
// log's insert that reports whether it inserted) is in each store's door.cpp.
#pragma once

namespace bilheteria::sql {

// A ticket's status as the contract spells it, from its row (alias t).
#define BILHETERIA_TICKET_STATUS                                                                   \
    "CASE WHEN t.void_reason = 'exchanged' THEN 'exchanged' "                                      \
    "WHEN t.voided_at IS NOT NULL THEN 'refunded' "                                                \
    "WHEN t.checked_in_at IS NOT NULL THEN 'checked_in' ELSE 'valid' END"
inline constexpr char kTicketStatus[] = BILHETERIA_TICKET_STATUS;

// Columns: key_id, event_id, generation, public_key, private_key, created_at. $1 event.
inline constexpr char kEventKeys[] =
    "SELECT key_id, event_id, generation, public_key, private_key, created_at FROM event_keys "
    "WHERE event_id = $1 ORDER BY generation";
// The event's first key, unless it has one: $1 key id, $2 event, $3 public key, $4 private key
// (base64url), $5 created at. Two at once: the unique (event_id, generation) keeps one. The
// casts: PostgreSQL does not type a SELECT list's parameters from the INSERT's columns.
inline constexpr char kInsertFirstKey[] =
    "INSERT INTO event_keys (key_id, event_id, generation, algorithm, public_key, private_key, "
    "created_at) SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), 1, 'Ed25519', CAST($3 AS TEXT), "
    "CAST($4 AS TEXT), CAST($5 AS BIGINT) WHERE NOT EXISTS "
    "(SELECT 1 FROM event_keys WHERE event_id = $2) ON CONFLICT DO NOTHING";

// A ticket as an order shows it: id, code, section_id, section name, seat_id, row, number,
// order_id, status; from tickets t with their section (c) and seat (s). Read by each store's
// ticketFromRow.
#define BILHETERIA_TICKET_COLUMNS                                                                  \
    "t.id, t.code, t.section_id, c.name, t.seat_id, s.row_label, s.number, "                       \
    "t.order_id, " BILHETERIA_TICKET_STATUS
#define BILHETERIA_TICKET_JOINS                                                                    \
    " FROM tickets t JOIN sections c ON c.id = t.section_id JOIN seats s ON s.id = t.seat_id"
inline constexpr char kTicketColumns[] = BILHETERIA_TICKET_COLUMNS BILHETERIA_TICKET_JOINS;

// A ticket as the door sees it: the columns above, then event_id, the order's created_at,
// checked_in_at, checked_in_gate, voided_at, void_reason.
#define BILHETERIA_DOOR_TICKET                                                                     \
    "SELECT " BILHETERIA_TICKET_COLUMNS ", t.event_id, o.created_at, t.checked_in_at, "            \
    "t.checked_in_gate, t.voided_at, t.void_reason" BILHETERIA_TICKET_JOINS                        \
    " JOIN orders o ON o.id = t.order_id "
inline constexpr char kDoorTicket[] = BILHETERIA_DOOR_TICKET;
// $1 code.
inline constexpr char kDoorTicketByCode[] = BILHETERIA_DOOR_TICKET "WHERE t.code = $1";
// $1 ticket id.
inline constexpr char kDoorTicketById[] = BILHETERIA_DOOR_TICKET "WHERE t.id = $1";
#undef BILHETERIA_DOOR_TICKET

// THE check-in: one conditional update of the ticket's row. $1 ticket, $2 at, $3 gate.
inline constexpr char kCheckIn[] = "UPDATE tickets SET checked_in_at = $2, checked_in_gate = $3 "
                                   "WHERE id = $1 AND checked_in_at IS NULL AND voided_at IS NULL";
// An offline scan earlier than the ticket's check-in (or the first one) takes its place.
// $1 ticket, $2 scanned at, $3 gate.
inline constexpr char kEarlierEntry[] =
    "UPDATE tickets SET checked_in_at = $2, checked_in_gate = $3 "
    "WHERE id = $1 AND voided_at IS NULL AND (checked_in_at IS NULL OR checked_in_at > $2)";
// An exit: the ticket may enter again. $1 ticket.
inline constexpr char kCheckOut[] =
    "UPDATE tickets SET checked_in_at = NULL, checked_in_gate = NULL "
    "WHERE id = $1 AND checked_in_at IS NOT NULL";
// The scan log. $1 event, $2 ticket, $3 direction, $4 gate, $5 scanned at, $6 scanner (NULL
// online), $7 actor, $8 recorded at. An offline scan already logged inserts nothing.
inline constexpr char kLogScan[] =
    "INSERT INTO checkins (event_id, ticket_id, direction, gate, scanned_at, scanner_id, "
    "actor_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";

// Columns: section_id, admitted; the event's sections with anyone inside. $1 event.
inline constexpr char kSectionAdmitted[] =
    "SELECT section_id, count(*) FROM tickets WHERE event_id = $1 AND checked_in_at IS NOT NULL "
    "GROUP BY section_id ORDER BY section_id";
// Void tickets voided at or after $2 (all: 0). Columns: id. $1 event.
inline constexpr char kRevokedTickets[] =
    "SELECT id FROM tickets WHERE event_id = $1 AND voided_at IS NOT NULL AND voided_at >= $2 "
    "ORDER BY id";
// Columns: id, code, section_id, row, number, status. $1 event.
inline constexpr char kBundleTickets[] =
    "SELECT t.id, t.code, t.section_id, s.row_label, s.number, " BILHETERIA_TICKET_STATUS
    " FROM tickets t JOIN seats s ON s.id = t.seat_id WHERE t.event_id = $1 ORDER BY t.id";

} // namespace bilheteria::sql
