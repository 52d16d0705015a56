// The protocol's value types, as the HTTP contract (shared/API.md) names them. Plain structs:
// the server's core and the desktop client both build on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "shared/timeformat.h"

namespace bilheteria {

using Id = std::int64_t;
using Cents = std::int64_t;

enum class Role { Buyer, Clerk, Organizer, Admin, Door };
std::string_view roleName(Role role);
std::optional<Role> roleFromName(std::string_view name);

struct User {
    Id id = 0;
    std::string email;
    std::string name;
    Role role = Role::Buyer;
};

enum class SectionKind { Seated, General };
std::string_view sectionKindName(SectionKind kind);
std::optional<SectionKind> sectionKindFromName(std::string_view name);

enum class SeatState { Free, Held, Sold };
std::string_view seatStateName(SeatState state);
std::optional<SeatState> seatStateFromName(std::string_view name);

struct QueueSettings {
    bool enabled = false;
    int admitPerMinute = 600;
};

struct SectionInfo {
    Id id = 0;
    std::string name;
    SectionKind kind = SectionKind::Seated;
    Cents priceCents = 0;
    std::int64_t capacity = 0;
    std::int64_t available = 0;
};

struct EventSummary {
    Id id = 0;
    std::string name;
    std::string venue;
    TimePoint startsAt{};
    TimePoint saleStartsAt{};
    TimePoint saleEndsAt{};
    std::int64_t capacity = 0;
    std::int64_t available = 0;
    Cents minPriceCents = 0;
    std::string currency = "BRL";
    bool queueEnabled = false;
    // Set once the event is cancelled (POST /events/{id}/cancel): nothing more is sold.
    std::optional<TimePoint> cancelledAt;
};

struct Event {
    EventSummary summary;
    Id createdBy = 0; // the organizer who created it (not on the wire)
    int maxTicketsPerCustomer = 6;
    int maxTicketsPerCard = 6; // tickets bought with one payment card, whoever buys
    int holdSeconds = 600;
    int admitPerMinute = 600;
    int queuePowBits = 0; // proof of work to join the waiting room, in leading zero bits; 0: none
    bool allowReentry = false; // the door: an exit scan lets a ticket in again
    // Buyers may refund their own orders (not cash ones) before this; none: only staff refund.
    std::optional<TimePoint> refundsUntil;
    std::optional<Id> cancelledBy; // who cancelled it (not on the wire)
    std::vector<SectionInfo> sections;
};

struct Seat {
    Id id = 0;
    Id sectionId = 0;
    std::string row;
    int number = 0;
    SeatState state = SeatState::Free;
};

// What an organizer sends to create an event, before the server applies defaults and rules.
// Absent optional fields take the contract's defaults.
struct RowDraft {
    std::string label;
    std::int64_t seats = 0;
};

struct SectionDraft {
    std::string name;
    Cents priceCents = 0;
    std::vector<RowDraft> rows;           // seated when non-empty
    std::optional<std::int64_t> capacity; // general admission when set
};

struct EventDraft {
    std::string name;
    std::string venue;
    TimePoint startsAt{};
    std::optional<TimePoint> saleStartsAt;
    std::optional<TimePoint> saleEndsAt;
    std::optional<std::string> currency;
    std::optional<std::int64_t> maxTicketsPerCustomer;
    std::optional<std::int64_t> maxTicketsPerCard; // default: maxTicketsPerCustomer
    std::optional<std::int64_t> holdSeconds;
    std::optional<bool> queueEnabled;
    std::optional<std::int64_t> admitPerMinute;
    std::optional<std::int64_t> queuePowBits;
    std::optional<bool> allowReentry;
    std::optional<TimePoint> refundsUntil;
    std::vector<SectionDraft> sections;
};

// While a place awaits the waiting room's opening draw (the customer joined before the sale
// opened): when the draw is made, how many are in it so far, and the wait's honest range, from
// being drawn first to being drawn last among them (more may still join before the opening).
struct QueueDraw {
    TimePoint at{};
    std::int64_t entrants = 0;
    std::int64_t waitMinSeconds = 0;
    std::int64_t waitMaxSeconds = 0;
};

// A customer's place in an event's waiting room (POST/GET /events/{id}/queue).
struct QueueStatus {
    std::int64_t position = 0; // fixed, 1-based, in join order
    std::int64_t ahead = 0;    // people before this one not yet admitted
    bool admitted = false;     // may hold tickets now
    // Set once admitted: when the admission ends (also after it has ended, see `lapsed`).
    std::optional<TimePoint> admittedUntil;
    std::optional<std::int64_t> estimatedWaitSeconds; // while waiting
    bool lapsed = false; // was admitted, and the admission has run out: it does not come back
    // A provisional place, until the opening's draw: its position and ahead are the join
    // order's and its estimated wait the middle of the draw's range.
    std::optional<QueueDraw> draw;
};

struct RegisterRequest {
    std::string email;
    std::string password;
    std::string name;
};

struct LoginRequest {
    std::string email;
    std::string password;
    std::optional<std::string> totpCode;
};

// Holds: seats (or a quantity of general admission) kept for one customer until expires_at.
enum class HoldStatus { Active, Released, Expired, Purchased };
std::string_view holdStatusName(HoldStatus status);
std::optional<HoldStatus> holdStatusFromName(std::string_view name);

struct HeldSeat {
    Id id = 0;
    Id sectionId = 0;
    std::string row;
    int number = 0;
    Cents priceCents = 0;
};

struct HeldGeneral {
    Id sectionId = 0;
    std::int64_t quantity = 0;
    Cents priceCents = 0; // one ticket
};

struct Hold {
    Id id = 0;
    Id eventId = 0;
    Id customerId = 0; // who holds it (not on the wire)
    HoldStatus status = HoldStatus::Active;
    TimePoint expiresAt{};
    Cents totalCents = 0;
    std::string currency = "BRL";
    std::vector<HeldSeat> seats;
    std::vector<HeldGeneral> general;

    std::int64_t ticketCount() const;
};

// POST /events/{id}/holds: seat ids (seated) or a section and quantity (general admission).
struct HoldRequest {
    std::vector<Id> seatIds;
    std::optional<Id> sectionId;
    std::int64_t quantity = 0;
};

// Payment as the buyer sends it. The card number and CVC live only in this struct for the
// length of one request: they are never stored or logged.
struct CardPayment {
    std::string number;
    int expMonth = 0;
    int expYear = 0;
    std::string cvc;
    std::string holderName;
};

struct CashPayment {
    Cents tenderedCents = 0;
};

using PaymentRequest = std::variant<CardPayment, CashPayment>;

struct PaymentSummary {
    std::string method; // "card" or "cash"
    std::optional<std::string> brand;
    std::optional<std::string> last4;
    std::optional<Cents> changeCents;
};

struct Ticket {
    Id id = 0;
    std::string code; // unguessable, for the QR code at the door
    Id sectionId = 0;
    std::string section;
    std::optional<Id> seatId;
    std::optional<std::string> row;
    std::optional<int> number;
    // valid, checked_in, refunded (voided: refunded or its event cancelled), exchanged (voided:
    // replaced by another ticket of the same order).
    std::string status = "valid";
    // The signed token for the door (BLH1.<payload>.<signature>), added when the order is read.
    std::optional<std::string> qr;
};

struct Order {
    Id id = 0;
    Id eventId = 0;
    Id customerId = 0; // not on the wire
    std::string status = "paid";
    Cents totalCents = 0;
    std::string currency = "BRL";
    TimePoint createdAt{};
    PaymentSummary payment;
    std::vector<Ticket> tickets;
};

// POST /orders/{id}/exchanges: the ticket to replace and its new place, a seat or a place in a
// general-admission section (exactly one of the two).
struct ExchangeRequest {
    Id ticketId = 0;
    std::optional<Id> seatId;
    std::optional<Id> sectionId;
    // The difference of a dearer place; absent for one of the same price or cheaper.
    std::optional<PaymentRequest> payment;
};

// POST /events/{id}/cancel.
struct CancelRequest {
    std::optional<std::string> reason;
};

// POST /events/{id}/cancel's answer: the event (cancelled) and what this call refunded.
struct EventCancellation {
    Event event;
    std::int64_t refundedOrders = 0;
    Cents refundedCents = 0;
};

// A refund of some or all of an order's tickets (POST /orders/{id}/refunds).
struct RefundRequest {
    std::vector<Id> ticketIds; // empty: every ticket still valid
    std::optional<std::string> reason;
};

struct Refund {
    Id id = 0;
    Id orderId = 0;
    Cents amountCents = 0;
    std::string currency = "BRL";
    std::string method;        // the order's payment method: the money goes back the same way
    std::string status;        // pending (the gateway has not confirmed yet), settled
    std::vector<Id> ticketIds; // the tickets it voided
    std::optional<std::string> reason;
    TimePoint createdAt{};
};

// POST /orders/{id}/exchanges: a ticket of the order swapped for a new one at another place.
// How the difference of a dearer place was paid.
struct ExchangePayment {
    std::string method; // "card" or "cash"
    Cents amountCents = 0;
    std::optional<std::string> brand;
    std::optional<std::string> last4;
    std::optional<Cents> changeCents;
};

struct Exchange {
    Id id = 0;
    Id orderId = 0;
    Id oldTicketId = 0;
    Id newTicketId = 0;
    Cents oldPriceCents = 0;
    Cents newPriceCents = 0;
    Cents differenceCents = 0; // the new place's price less the old one's
    std::string currency = "BRL";
    std::optional<ExchangePayment> payment; // a dearer place: the top-up
    std::optional<Refund> refund;           // a cheaper place: the difference paid back
    TimePoint createdAt{};
};

// Reports. Money and orders by payment method: a sales report's by_payment, and each currency's
// totals of a shift (flat there: cash_cents, card_cents, cash_orders, card_orders).
struct PaymentSplit {
    Cents cardCents = 0;
    Cents cashCents = 0;
    std::int64_t cardOrders = 0;
    std::int64_t cashOrders = 0;
    bool operator==(const PaymentSplit&) const = default;
};

// One section of a sales report: capacity = available + held + sold, as the event reports it.
struct SalesSection {
    Id sectionId = 0;
    std::string name;
    SectionKind kind = SectionKind::Seated;
    Cents priceCents = 0;
    std::int64_t capacity = 0;
    std::int64_t sold = 0;
    std::int64_t held = 0; // under a hold that has not expired
    std::int64_t available = 0;
    Cents revenueCents = 0;    // what its tickets were sold for
    std::int64_t admitted = 0; // tickets checked in at the door (inside now)
    bool operator==(const SalesSection&) const = default;
};

// The orders created in [at, at + bucket_seconds).
struct SalesBucket {
    TimePoint at{};
    std::int64_t tickets = 0;
    std::int64_t orders = 0;
    Cents revenueCents = 0;
    bool operator==(const SalesBucket&) const = default;
};

// GET /events/{id}/sales: an event's sales as of generated_at.
struct SalesReport {
    Id eventId = 0;
    std::string currency = "BRL";
    TimePoint generatedAt{};
    std::int64_t capacity = 0;
    std::int64_t sold = 0;
    std::int64_t held = 0;
    std::int64_t available = 0;
    std::int64_t orders = 0;
    Cents revenueCents = 0;
    PaymentSplit byPayment;
    std::vector<SalesSection> sections; // in the event's order
    std::vector<SalesBucket> timeline;  // buckets with sales, ascending
    int bucketSeconds = 60;
    bool operator==(const SalesReport&) const = default;
};

// One currency's part of a shift.
struct ShiftTotals {
    std::string currency;
    std::int64_t orders = 0;
    std::int64_t tickets = 0;
    Cents totalCents = 0;
    PaymentSplit payments;
    Cents changeCents = 0; // handed back on cash payments
    // The refunds the caller made in the window, in this currency.
    std::int64_t refunds = 0;
    Cents refundedCents = 0;
    Cents cashRefundedCents = 0;
    Cents cardRefundedCents = 0;
    // The differences the caller took for exchanges to dearer places, in this currency.
    std::int64_t exchangesPaid = 0;
    Cents exchangePaidCents = 0;
    Cents cashExchangePaidCents = 0;
    Cents cardExchangePaidCents = 0;
    // The cash the drawer should hold from the shift: cash sales (change already netted out)
    // and exchange differences taken, less cash handed back.
    Cents drawerCashCents() const;
    bool operator==(const ShiftTotals&) const = default;
};

struct ShiftEvent {
    Id eventId = 0;
    std::string name;
    std::int64_t orders = 0;
    std::int64_t tickets = 0;
    Cents totalCents = 0;
    std::string currency;
    bool operator==(const ShiftEvent&) const = default;
};

// GET /me/shift: the sales the caller made (as the paying actor) with created_at in
// [since, until).
struct ShiftSummary {
    TimePoint since{};
    TimePoint until{};
    std::int64_t orders = 0;
    std::int64_t tickets = 0;
    std::int64_t refunds = 0;        // the refunds the caller made in the window
    std::vector<ShiftTotals> totals; // one per currency, by currency
    std::vector<ShiftEvent> byEvent; // by event id
    bool operator==(const ShiftSummary&) const = default;
};

// ---- The door -------------------------------------------------------------------------------

// What a ticket's signed token says (shared/ticketclaims.h reads and writes its payload).
struct TicketClaims {
    Id eventId = 0;
    Id ticketId = 0;
    std::string code;
    Id sectionId = 0;
    std::optional<std::string> row; // seated tickets
    std::optional<int> number;
    TimePoint issuedAt{}; // the order's created_at
    std::string keyId;
    bool operator==(const TicketClaims&) const = default;
};

// An event's public verification key, as GET /events/{id}/keys publishes it.
struct PublicKeyInfo {
    std::string keyId;
    std::string algorithm = "Ed25519";
    std::string publicKey; // base64url of the 32 raw bytes
    bool operator==(const PublicKeyInfo&) const = default;
};

enum class ScanDirection { Entry, Exit };

// POST /checkins: a ticket by its code or its signed token, at a gate.
struct CheckinRequest {
    std::optional<std::string> code;
    std::optional<std::string> qr;
    std::string gate;
    ScanDirection direction = ScanDirection::Entry;
};

// An admitted entry (or, for an exit, the check-in it cleared).
struct Checkin {
    std::string result = "admitted"; // admitted, exited
    Ticket ticket;
    TimePoint checkedInAt{};
    std::string gate;
};

// One scan a scanner made offline and syncs later.
struct OfflineScan {
    std::optional<std::string> code;
    std::optional<std::string> qr;
    std::string gate;
    TimePoint scannedAt{};
};

struct SyncRequest {
    std::string scannerId;
    std::vector<OfflineScan> scans;
};

// What became of one synced scan: admitted (it is the ticket's first entry), duplicate (another
// scan came first: checkedInAt and gate name it), void, not_found.
struct ScanResult {
    std::string result;
    std::optional<Id> ticketId;
    std::optional<TimePoint> checkedInAt; // the winning entry's
    std::optional<std::string> gate;      // the winning entry's gate
    std::optional<std::string> scanGate;  // this scan's gate, on a duplicate
    std::optional<std::string> reason;    // a void ticket's
    bool operator==(const ScanResult&) const = default;
};

// A ticket as the offline bundle lists it.
struct BundleTicket {
    Id id = 0;
    std::string code;
    Id sectionId = 0;
    std::optional<std::string> row;
    std::optional<int> number;
    std::string status = "valid";
};

// GET /events/{id}/checkin-bundle: what a scanner needs to work offline, and the cursor of the
// next bundle (changes after this one).
struct CheckinBundle {
    Id eventId = 0;
    std::vector<PublicKeyInfo> keys;
    std::vector<Id> revoked; // void tickets (all, or voided after `since` when it was given)
    std::optional<std::vector<BundleTicket>> tickets;
    std::string since; // the cursor for the next bundle
    TimePoint generatedAt{};
};

} // namespace bilheteria
