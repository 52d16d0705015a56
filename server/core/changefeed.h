// The change feed behind live notifications (GET /api/v1/events/{id}/stream).
//
// A transactional outbox: every storage transaction that moves places (a hold taken, released,
// expired, bought) writes one change row per event it touched, and a sale also writes a private
// `order` change for its customer — in the same transaction, so a change is visible exactly when
// what it describes is. Each server instance reads the outbox with ONE thread (LiveHub, in
// core/livehub.h) through a ChangeSource, which the store implements and which wakes that thread
// when a change may have committed: SQLite after its own commits, PostgreSQL also through
// LISTEN/NOTIFY from the other instances sharing the database.
//
// Change ids ascend in allocation order and are what the stream sends as SSE ids. On PostgreSQL
// an id is taken before its transaction commits, so id 11 may become visible before id 10: the
// hub does not pass a missing id until it is older than a grace period (see LiveSettings).
//
// Kinds and payloads (JSON, written and read only through the functions below):
//   seats  {"state": "held"|"free"|"sold", "seat_ids": [numbered seats],
//           "sections": [[section_id, places], ...]}  — every section touched, general admission
//           included (its places have no public ids), for the availability events;
//   order  {"order_id", "customer_id", "status"}     — private to the customer;
//   queue  {"customer_id", "position", "admitted"}   — private; the waiting room writes these
//           (hook only: the stream already delivers them as `queue` events to their customer);
//   checkin {"sections": [section_id, ...]}           — tickets of these sections were checked in
//           (or out) at the door; the hub reads their admitted counts when it publishes;
//   cancelled {"cancelled_at": Unix seconds}          — the event was cancelled.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

enum class ChangeKind { Seats, Order, Queue, Checkin, Cancelled };
std::string_view changeKindName(ChangeKind kind);
std::optional<ChangeKind> changeKindFromName(std::string_view name);

// A change to write, inside the transaction that makes it.
struct NewChange {
    Id eventId = 0;
    ChangeKind kind = ChangeKind::Seats;
    std::string payload; // JSON, from one of the encode functions below
};

// A committed outbox row.
struct Change {
    Id id = 0;
    Id eventId = 0;
    ChangeKind kind = ChangeKind::Seats;
    std::string payload;
};

struct SeatsChange {
    SeatState state = SeatState::Free;
    std::vector<Id> seatIds;                           // numbered seats, ascending
    std::vector<std::pair<Id, std::int64_t>> sections; // section id, places moved; ascending
};

struct OrderChange {
    Id orderId = 0;
    Id customerId = 0;
    std::string status = "paid";
};

struct QueueChange {
    Id customerId = 0;
    std::int64_t position = 0;
    bool admitted = false;
};

struct CheckinChange {
    std::vector<Id> sectionIds; // ascending
};

struct CancelledChange {
    TimePoint cancelledAt{};
};

// Collects the places one transaction moved to one state, per event, as the store reads them
// back (RETURNING), and makes one seats change per event.
class SeatsChangeBuilder {
public:
    explicit SeatsChangeBuilder(SeatState state)
        : m_state(state) {}
    // A numbered seat (`numbered`) or a general-admission place of `sectionId`.
    void addPlace(Id eventId, Id seatId, Id sectionId, bool numbered);
    // `count` general-admission places of `sectionId`, when their ids do not matter.
    void addPlaces(Id eventId, Id sectionId, std::int64_t count);
    bool empty() const { return m_events.empty(); }
    // One change per event, ascending by event id.
    std::vector<NewChange> build() const;

private:
    struct PerEvent {
        Id eventId = 0;
        std::vector<Id> seatIds;
        std::vector<std::pair<Id, std::int64_t>> sections;
    };
    PerEvent& of(Id eventId);

    SeatState m_state;
    std::vector<PerEvent> m_events;
};

// The places a hold took, moved to `state`: its one seats change (createHold).
std::vector<NewChange> holdPlacesChanges(const Hold& hold, SeatState state);
NewChange orderChange(Id eventId, const OrderChange& order);
NewChange queueChange(Id eventId, const QueueChange& queue);
NewChange checkinChange(Id eventId, const CheckinChange& checkin);
NewChange cancelledChange(Id eventId, const CancelledChange& cancelled);

Result<SeatsChange> parseSeatsChange(std::string_view payload);
Result<OrderChange> parseOrderChange(std::string_view payload);
Result<QueueChange> parseQueueChange(std::string_view payload);
Result<CheckinChange> parseCheckinChange(std::string_view payload);
Result<CancelledChange> parseCancelledChange(std::string_view payload);

// What a replay reads, in one snapshot: the changes of one event after an id, and the pruning
// horizon at that moment (a replay from below it cannot be complete).
struct ChangeReplay {
    Id prunedThrough = 0;
    std::vector<Change> changes;
};

// The store's side of the feed. changesAfter, changesBetween, waitForChanges and the first
// latestChangeId belong to the hub's one reader thread; replay and interrupt are thread-safe.
class ChangeSource {
public:
    virtual ~ChangeSource() = default;

    // The highest committed change id (0 when none): where a new hub starts reading.
    virtual Result<Id> latestChangeId() = 0;
    // Committed changes with id > after, ascending, at most `limit`.
    virtual Result<std::vector<Change>> changesAfter(Id after, int limit) = 0;
    // Committed changes with from <= id <= to, ascending (the hub looks again at ids it gave up
    // waiting for).
    virtual Result<std::vector<Change>> changesBetween(Id from, Id to) = 0;
    // The changes of `eventId` with after < id <= upTo, ascending, at most `limit`, and the
    // pruning horizon, read in one snapshot.
    virtual Result<ChangeReplay> replay(Id eventId, Id after, Id upTo, int limit) = 0;
    // Blocks until a change may have committed (on this instance, or on another one sharing the
    // database), interrupt() is called, or `timeout` passes. Spurious returns are allowed.
    virtual void waitForChanges(std::chrono::milliseconds timeout) = 0;
    // Makes the current or next waitForChanges return at once.
    virtual void interrupt() = 0;
};

} // namespace bilheteria
