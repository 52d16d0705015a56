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
    std::vector<RowDraft> rows;    // seated
    std::int64_t capacity = 0;     // general admission; for seated, the sum of the rows
};

struct NewEvent {
    std::string name;
    std::string venue;
    TimePoint startsAt{};
    TimePoint saleStartsAt{};
    TimePoint saleEndsAt{};
    std::string currency = "BRL";
    int maxTicketsPerCustomer = 6;
    int holdSeconds = 600;
    bool queueEnabled = false;
    int admitPerMinute = 600;
    std::vector<NewSection> sections;
    Id createdBy = 0;
    TimePoint createdAt{};
};

class Storage {
public:
    virtual ~Storage() = default;

    // "sqlite" or "postgresql", for logs and metrics.
    virtual std::string backendName() const = 0;
    // A cheap round trip to the database; unavailable when it cannot be reached.
    virtual Result<void> ping() = 0;

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
    // Calls `visit` for each seat of the event in creation order (sections, rows and numbers
    // as the organizer gave them: seat ids ascend), reading rows
    // as they come instead of materialising the whole list. not_found for an unknown event.
    virtual Result<void> forEachSeat(Id eventId, TimePoint now,
                                     const std::function<void(const Seat&)>& visit) = 0;
};

} // namespace bilheteria
