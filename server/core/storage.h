// The storage interface the domain core depends on. Implementations live in server/store/
// (SQLite and PostgreSQL) and pass the same conformance suite (tests/server/test_storage.cpp).
//
// Every method is one transaction: it either does all it says or nothing. Implementations
// are thread-safe, translate their driver's exceptions into Error values (email_taken,
// not_found, unavailable, ...) and never let one escape.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/core/changefeed.h"
#include "server/core/payments.h"
#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

struct UserRecord {
    User user;
    std::string passwordHash;                 // Argon2id encoded string
    std::optional<std::string> totpSecret;    // base32, present once 2FA is confirmed
    std::optional<std::string> totpPending;   // base32, enrolled but not yet confirmed
    std::optional<std::int64_t> totpLastStep; // the last accepted time step, against replay
};

struct NewUser {
    std::string email; // already normalised (trimmed, lower case)
    std::string name;
    Role role = Role::Buyer;
    std::string passwordHash;
};

struct SessionRecord {
    std::string tokenHash; // SHA-256 hex of the bearer token: the token itself is never stored
    Id userId = 0;
    TimePoint createdAt{};
    TimePoint expiresAt{};
};

// A validated event, defaults applied (see core/eventrules.h).
struct NewSection {
    std::string name;
    SectionKind kind = SectionKind::Seated;
    Cents priceCents = 0;
    std::vector<RowDraft> rows; // seated
    std::int64_t capacity = 0;  // general admission; for seated, the sum of the rows
};

struct NewEvent {
    std::string name;
    std::string venue;
    TimePoint startsAt{};
    TimePoint saleStartsAt{};
    TimePoint saleEndsAt{};
    std::string currency = "BRL";
    int maxTicketsPerCustomer = 6;
    int maxTicketsPerCard = 6;
    int holdSeconds = 600;
    bool queueEnabled = false;
    int admitPerMinute = 600;
    int queuePowBits = 0;
    std::vector<NewSection> sections;
    Id createdBy = 0;
    TimePoint createdAt{};
};

// A hold to take. Seated: `seatIds`; general admission: `sectionId` and `quantity`.
struct NewHold {
    Id eventId = 0;
    Id customerId = 0;
    std::vector<Id> seatIds;
    std::optional<Id> sectionId;
    std::int64_t quantity = 0;
    std::string currency = "BRL"; // the event's
    // The per-customer limit (tickets held plus bought for the event); none for counter staff.
    std::optional<int> maxTickets;
    TimePoint now{};
    TimePoint expiresAt{};
};

// Everything a sale writes, prepared by the core: the payment is already authorized and the
// ticket codes drawn (one per ticket of the hold).
struct NewPurchase {
    Id holdId = 0;
    Id actorId = 0; // who pays: the hold's owner, or counter staff
    std::string idempotencyKey;
    std::string requestHash;
    Authorization authorization;
    std::vector<std::string> ticketCodes;
    // Card payments: a keyed hash of the card number (never the number) and the event's limit
    // of tickets per card, counted over every order paid with that card whoever bought it.
    std::optional<std::string> cardFingerprint;
    std::optional<int> maxTicketsPerCard;
    TimePoint now{};
};

struct IdempotencyRecord {
    Id holdId = 0;
    std::string requestHash;
    Id orderId = 0;
};

struct UncapturedPayment {
    Id orderId = 0;
    Authorization authorization;
};

// An event's waiting room: the event's settings and the queue's counters. Positions 1..joined
// have been handed out in join order; positions 1..admitted have been let in, in that order.
struct QueueState {
    Id eventId = 0;
    bool enabled = false;
    int admitPerMinute = 600;
    int holdSeconds = 600; // how long an admission lasts
    int powBits = 0;
    TimePoint saleStartsAt{};
    TimePoint saleEndsAt{};
    std::int64_t joined = 0;
    std::int64_t admitted = 0;
    // Admissions accrued but not yet given, in sixtieths of one (each second of pacing adds
    // admit_per_minute of them, an admission spends 60): integers, so no rounding drifts.
    std::int64_t carrySixtieths = 0;
    // When admissions were last worked out (or the clock restarted because people joined an
    // empty queue); pacing counts the time since. Never moves backwards.
    TimePoint updatedAt{};
};

struct QueueEntry {
    std::int64_t position = 0;
    TimePoint joinedAt{};
    std::optional<TimePoint> admittedAt;
};

// A customer's view of a waiting room: the queue, and their entry if they have joined.
struct QueuePlace {
    QueueState queue;
    std::optional<QueueEntry> entry;
};

// What one pacing step decides for a queue (see core/queue.h): how many are admitted in all
// afterwards, the carry left over and the new updated_at.
struct QueueAdvance {
    std::int64_t admitted = 0;
    std::int64_t carrySixtieths = 0;
    TimePoint updatedAt{};
};

// The pacing rule, called by the store with each queue's state locked.
using QueuePacer = std::function<QueueAdvance(const QueueState& state, TimePoint now)>;

// A section's tickets neither sold nor under an active hold, for the live availability events.
struct SectionAvailability {
    Id sectionId = 0;
    std::int64_t available = 0;
};

// What `bilheteria-server check` and `audit verify` report: empty `problems` means all is well.
struct IntegrityReport {
    std::vector<std::string> problems;
    std::int64_t checkedItems = 0;
    bool ok() const { return problems.empty(); }
};

class Storage {
public:
    virtual ~Storage() = default;

    // "sqlite" or "postgresql", for logs and metrics.
    virtual std::string backendName() const = 0;
    // A cheap round trip to the database; unavailable when it cannot be reached.
    virtual Result<void> ping() = 0;
    // Upkeep the store wants done off the request path, called every second or so by the
    // server's housekeeper (SQLite: checkpointing the write-ahead log; PostgreSQL: nothing).
    virtual Result<void> maintain() = 0;

    // Accounts. Emails are unique case-insensitively: createUser answers email_taken.
    virtual Result<User> createUser(const NewUser& user) = 0;
    virtual Result<UserRecord> findUserByEmail(const std::string& normalizedEmail) = 0;
    virtual Result<UserRecord> findUserById(Id id) = 0;
    virtual Result<void> setTotpPending(Id userId, const std::string& secret) = 0;
    // Moves the pending secret to the active one and records `step` as used.
    virtual Result<void> confirmTotp(Id userId, std::int64_t step) = 0;
    // Records `step` as the last used one only if it is newer than the last; false when the
    // code's step was used already (a replay), atomically across concurrent logins.
    virtual Result<bool> claimTotpStep(Id userId, std::int64_t step) = 0;

    // Sessions, keyed by the token's hash.
    virtual Result<void> createSession(const SessionRecord& session) = 0;
    // The session's user while the session exists and has not expired at `now`; else
    // unauthenticated.
    virtual Result<User> findSessionUser(const std::string& tokenHash, TimePoint now) = 0;
    virtual Result<void> deleteSession(const std::string& tokenHash) = 0;
    // Removes sessions that expired before `now`; returns how many.
    virtual Result<std::int64_t> deleteExpiredSessions(TimePoint now) = 0;

    // Events. createEvent writes the event, its sections and every seat in one transaction
    // (bulk insert: 200,000 seats in a few seconds).
    virtual Result<Event> createEvent(const NewEvent& event) = 0;
    virtual Result<std::vector<EventSummary>> listEvents(TimePoint now) = 0;
    virtual Result<Event> getEvent(Id eventId, TimePoint now) = 0;
    // The event's own settings (sale window, limits, hold time, queue) from its one row: no
    // sections, so `sections` is empty and the summary's capacity, available and min price are
    // 0. What a hold or a sale checks, without getEvent's availability count.
    virtual Result<Event> getEventSettings(Id eventId) = 0;
    // Calls `visit` for each seat of the event in creation order (sections, rows and numbers
    // as the organizer gave them: seat ids ascend), reading rows
    // as they come instead of materialising the whole list. not_found for an unknown event.
    virtual Result<void> forEachSeat(Id eventId, TimePoint now,
                                     const std::function<void(const Seat&)>& visit) = 0;

    // A random secret shared by every server on this database, made on first use (keys for
    // request hashes and card fingerprints).
    virtual Result<std::string> serverSecret(const std::string& name) = 0;

    // Holds. createHold is all or nothing, in one transaction that also enforces the limit:
    // seats_unavailable (details.seat_ids), sold_out, quota_exceeded (details.limit and
    // .current), invalid_request for seats or sections of another event. A hold past its
    // expires_at blocks nobody, whether or not the sweeper has run.
    virtual Result<Hold> createHold(const NewHold& hold) = 0;
    // The hold as of `now` (an active hold past its expiry reads as expired); not_found.
    virtual Result<Hold> findHold(Id holdId, TimePoint now) = 0;
    // Frees the seats at once; hold_expired / hold_not_active when it is no longer active.
    virtual Result<Hold> releaseHold(Id holdId, Id actorId, TimePoint now) = 0;
    // Marks up to `limit` holds past their expiry as expired and frees their seats, with an
    // audit entry each; returns how many.
    virtual Result<std::int64_t> expireHolds(TimePoint now, int limit) = 0;

    // Sales. completePurchase turns an active hold into a paid order with its tickets, the
    // payment (authorized) and the audit entry, atomically. hold_expired / hold_not_active
    // when the hold is no longer active; idempotency_mismatch when the key is taken (the
    // caller then looks the key up again); card_limit_exceeded (details.limit and .current)
    // when the card's tickets for the event plus the hold's would pass maxTicketsPerCard.
    virtual Result<Order> completePurchase(const NewPurchase& purchase) = 0;
    virtual Result<std::optional<IdempotencyRecord>> findIdempotencyKey(Id customerId,
                                                                        const std::string& key) = 0;
    virtual Result<Order> findOrder(Id orderId) = 0;
    virtual Result<std::vector<Order>> listOrders(Id customerId) = 0;
    virtual Result<void> markPaymentCaptured(Id orderId, TimePoint now) = 0;
    // Orders whose payment was authorized but not yet captured (a crash between commit and
    // capture): recovery captures them.
    virtual Result<std::vector<UncapturedPayment>> listUncapturedPayments() = 0;

    // The waiting room. findQueuePlace reads the event's queue and the customer's entry, if
    // any (not_found for an unknown event). joinQueue gives the customer the next position,
    // or returns the one they already have: one transaction that serialises the event's joins
    // on its queue row, so positions run 1..N in join order without gaps or duplicates, also
    // when one customer joins twice at once. Joining a queue nobody waits in restarts its
    // pacing clock at `now` (admissions are not banked while it is empty).
    virtual Result<QueuePlace> findQueuePlace(Id eventId, Id customerId) = 0;
    virtual Result<QueuePlace> joinQueue(Id eventId, Id customerId, TimePoint now) = 0;
    // For every queue-enabled event with people waiting and its sale open at `now`: locks the
    // queue's row, asks `pace` how many are admitted in all, stamps admitted_at = now on the
    // entries with positions in (old admitted, new admitted] and stores the new state, one
    // transaction per event. Several servers may run it at once: each step starts from the
    // state the previous one committed, so nobody is admitted twice or skipped. Returns the
    // number admitted.
    virtual Result<std::int64_t> advanceQueues(TimePoint now, const QueuePacer& pace) = 0;
    // Live notifications (core/changefeed.h). The places a transaction above moves (createHold,
    // releaseHold, expireHolds, completePurchase) and a sale's order are written to the change
    // outbox in that same transaction; event creation writes none.
    // The outbox's reader and wake-ups, for this process's one LiveHub.
    virtual Result<std::unique_ptr<ChangeSource>> openChangeSource() = 0;
    // The availability (as of `now`) of those of `sectionIds` that belong to `eventId`.
    virtual Result<std::vector<SectionAvailability>>
    sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) = 0;
    // Deletes the outbox rows written before `before`, oldest first, and moves the horizon
    // below which a replay reports them pruned; returns how many rows it deleted.
    virtual Result<std::int64_t> pruneChanges(TimePoint before) = 0;

    // Reports, read in one snapshot. salesReport: the event's sections (in its order) with
    // capacity, sold (the counters), held (under a hold unexpired at `now`), available and the
    // revenue of their tickets; its orders, revenue and split by payment method; and its orders
    // grouped into buckets of `bucketSeconds` aligned to the Unix epoch by created_at, those with
    // sales only, ascending. not_found for an unknown event.
    virtual Result<SalesReport> salesReport(Id eventId, TimePoint now, int bucketSeconds) = 0;
    // The orders `actorId` paid for (orders.actor_id: their own purchases and their counter
    // sales) with created_at in [since, until): totals per currency and per event.
    virtual Result<ShiftSummary> shiftSummary(Id actorId, TimePoint since, TimePoint until) = 0;

    // The audit log: holds, releases, expiries, sales, logins (createSession) and event changes
    // append their entry inside their own transaction. Entries form 64 hash chains (so
    // concurrent sales do not queue on one chain head); each carries the SHA-256 of the
    // previous entry of its chain, and a head row per chain pins the last one.
    // Recomputes every audit chain and names the first broken entry.
    virtual Result<IntegrityReport> verifyAudit() = 0;
    // free + held + sold = capacity per section, no seat sold twice, every ticket's seat sold,
    // each sold place has one ticket, every order paid once, quotas and card limits respected.
    virtual Result<IntegrityReport> checkInvariants(TimePoint now) = 0;
};

} // namespace bilheteria
