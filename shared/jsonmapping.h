// JSON mapping of the protocol types, one function per direction. Parsers name the first bad
// field ("sections[1].rows[0].seats") in an invalid_request error.
#pragma once

#include <nlohmann/json.hpp>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

nlohmann::json toJson(const User& user);
nlohmann::json toJson(const SectionInfo& section);
nlohmann::json toJson(const EventSummary& summary);
nlohmann::json toJson(const Event& event);
nlohmann::json toJson(const Seat& seat);
nlohmann::json toJson(const EventDraft& draft);
nlohmann::json toJson(const Hold& hold);
nlohmann::json toJson(const Ticket& ticket);
nlohmann::json toJson(const Order& order);
nlohmann::json toJson(const Refund& refund);
nlohmann::json toJson(const RefundRequest& request);
nlohmann::json toJson(const Exchange& exchange);
nlohmann::json toJson(const ExchangeRequest& request);
// {"position", "ahead", "admitted", "lapsed", "admitted_until"?, "estimated_wait_seconds"?,
//  and while the place awaits the opening's draw "draw_at", "draw_entrants",
//  "estimated_wait_min_seconds", "estimated_wait_max_seconds"}
nlohmann::json toJson(const QueueStatus& status);
// The objects under "sales" (GET /events/{id}/sales) and "shift" (GET /me/shift).
nlohmann::json toJson(const SalesReport& report);
nlohmann::json toJson(const ShiftSummary& shift);

// Request bodies as a client sends them; the parse* functions below read them back.
nlohmann::json toJson(const RegisterRequest& request);
nlohmann::json toJson(const LoginRequest& request);
nlohmann::json toJson(const HoldRequest& request);
// {"payment": {...}}: the purchase body.
nlohmann::json purchaseRequestJson(const PaymentRequest& payment);

Result<User> parseUser(const nlohmann::json& json);
Result<EventSummary> parseEventSummary(const nlohmann::json& json);
Result<Event> parseEvent(const nlohmann::json& json);
Result<Seat> parseSeat(const nlohmann::json& json);
Result<EventDraft> parseEventDraft(const nlohmann::json& json);
Result<RegisterRequest> parseRegisterRequest(const nlohmann::json& json);
Result<LoginRequest> parseLoginRequest(const nlohmann::json& json);
// {"seat_ids": [..]} or {"section_id", "quantity"}; names the bad field.
Result<HoldRequest> parseHoldRequest(const nlohmann::json& json);
// The purchase body {"payment": {...}}; names the bad field (payment.card_number, ...).
Result<PaymentRequest> parsePurchaseRequest(const nlohmann::json& json);
Result<Hold> parseHold(const nlohmann::json& json);
Result<Order> parseOrder(const nlohmann::json& json);
// {"ticket_ids"?: [..], "reason"?}; names the bad field.
Result<RefundRequest> parseRefundRequest(const nlohmann::json& json);
// {"ticket_id", "seat_id" | "section_id"}; names the bad field.
Result<ExchangeRequest> parseExchangeRequest(const nlohmann::json& json);
// {"reason"?}; names the bad field.
Result<CancelRequest> parseCancelRequest(const nlohmann::json& json);
Result<QueueStatus> parseQueueStatus(const nlohmann::json& json);
Result<SalesReport> parseSalesReport(const nlohmann::json& json);
Result<ShiftSummary> parseShiftSummary(const nlohmann::json& json);
// A required string field of a request body ({"code": "123456"}); names it when missing.
Result<std::string> requireStringField(const nlohmann::json& json, std::string_view key,
                                       std::size_t maxLength = 200);

// Appends one seat as compact JSON to `out` without building a JSON tree: the seat list of a
// 200,000-seat event is written straight into the response buffer.
void appendSeatJson(std::string& out, const Seat& seat);

// The door. Longest accepted signed ticket token and gate or scanner name.
constexpr std::size_t kMaxTicketTokenLength = 1024;
constexpr std::size_t kMaxGateLength = 64;
// POST /checkins: {"code" or "qr", "gate", "direction"?: "entry"|"exit"}; names the bad field.
Result<CheckinRequest> parseCheckinRequest(const nlohmann::json& json);
// POST /events/{id}/checkins/sync: {"scanner_id", "scans": [{"code" or "qr", "gate",
// "scanned_at"}]}; names the bad field (scans[3].scanned_at).
Result<SyncRequest> parseSyncRequest(const nlohmann::json& json);
nlohmann::json toJson(const PublicKeyInfo& key);
nlohmann::json toJson(const Checkin& checkin);
nlohmann::json toJson(const ScanResult& scan);
nlohmann::json toJson(const CheckinBundle& bundle);
// What a scanner sends and reads back (the terminal client's door).
nlohmann::json toJson(const CheckinRequest& request);
nlohmann::json toJson(const SyncRequest& request);
Result<PublicKeyInfo> parsePublicKeyInfo(const nlohmann::json& json);
// {"result", "ticket", "checked_in_at", "gate"}: POST /checkins's answer.
Result<Checkin> parseCheckin(const nlohmann::json& json);
// One of POST /events/{id}/checkins/sync's results.
Result<ScanResult> parseScanResult(const nlohmann::json& json);
Result<CheckinBundle> parseCheckinBundle(const nlohmann::json& json);
// The "refund" of POST /orders/{id}/refunds's answer.
Result<Refund> parseRefund(const nlohmann::json& json);
// POST /events/{id}/cancel's whole answer.
nlohmann::json toJson(const EventCancellation& cancellation);
Result<EventCancellation> parseEventCancellation(const nlohmann::json& json);
// The "exchange" of POST /orders/{id}/exchanges's answer.
Result<Exchange> parseExchange(const nlohmann::json& json);

// Parses a request body into a JSON object; invalid_request when it is not one.
Result<nlohmann::json> parseJsonObject(std::string_view body);

} // namespace bilheteria
