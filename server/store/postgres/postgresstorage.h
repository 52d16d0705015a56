// The PostgreSQL implementation of core/storage.h: libpqxx 6.4 over a pool of connections, each
// with the store's statements prepared. libpqxx stays inside the .cpp, so users of this header
// need neither its headers nor its exceptions.
#pragma once

#include <memory>

#include "server/core/storage.h"
#include "server/store/storagefactory.h"

namespace bilheteria {

class PostgresPool;
class ChangeSignal;

class PostgresStorage : public Storage {
public:
    // Connects to options.url ("postgresql://..." or "postgres://..."), applies pending
    // migrations and keeps up to options.poolSize connections. unavailable when the database
    // cannot be reached.
    static Result<std::unique_ptr<Storage>> open(const StorageOptions& options);
    ~PostgresStorage() override;

    PostgresStorage(const PostgresStorage&) = delete;
    PostgresStorage& operator=(const PostgresStorage&) = delete;

    std::string backendName() const override;
    Result<void> ping() override;
    Result<void> maintain() override { return {}; } // autovacuum does PostgreSQL's

    Result<User> createUser(const NewUser& user) override;
    Result<UserRecord> findUserByEmail(const std::string& normalizedEmail) override;
    Result<UserRecord> findUserById(Id id) override;
    Result<void> setTotpPending(Id userId, const std::string& secret) override;
    Result<void> confirmTotp(Id userId, std::int64_t step) override;
    Result<bool> claimTotpStep(Id userId, std::int64_t step) override;

    Result<void> createSession(const SessionRecord& session) override;
    Result<User> findSessionUser(const std::string& tokenHash, TimePoint now) override;
    Result<void> deleteSession(const std::string& tokenHash) override;
    Result<std::int64_t> deleteExpiredSessions(TimePoint now) override;

    Result<Event> createEvent(const NewEvent& event) override;
    Result<std::vector<EventSummary>> listEvents(TimePoint now) override;
    Result<Event> getEvent(Id eventId, TimePoint now) override;
    Result<Event> getEventSettings(Id eventId) override;
    Result<void> forEachSeat(Id eventId, TimePoint now,
                             const std::function<void(const Seat&)>& visit) override;

    Result<std::string> serverSecret(const std::string& name) override;

    Result<Hold> createHold(const NewHold& hold) override;
    Result<Hold> findHold(Id holdId, TimePoint now) override;
    Result<Hold> releaseHold(Id holdId, Id actorId, TimePoint now) override;
    Result<std::int64_t> expireHolds(TimePoint now, int limit) override;

    Result<Order> completePurchase(const NewPurchase& purchase) override;
    Result<std::optional<IdempotencyRecord>> findIdempotencyKey(Id customerId,
                                                                const std::string& key) override;
    Result<Order> findOrder(Id orderId) override;
    Result<std::vector<Order>> listOrders(Id customerId) override;
    Result<void> markPaymentCaptured(Id orderId, TimePoint now) override;
    Result<std::vector<UncapturedPayment>> listUncapturedPayments() override;

    Result<QueuePlace> findQueuePlace(Id eventId, Id customerId) override;
    Result<QueuePlace> joinQueue(Id eventId, Id customerId, TimePoint now) override;
    Result<std::int64_t> advanceQueues(TimePoint now, const QueuePacer& pace) override;
    // A connection of its own that LISTENs for the other servers' changes.
    Result<std::unique_ptr<ChangeSource>> openChangeSource() override;
    Result<std::vector<SectionAvailability>>
    sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) override;
    Result<std::int64_t> pruneChanges(TimePoint before) override;

    Result<SalesReport> salesReport(Id eventId, TimePoint now, int bucketSeconds) override;
    Result<ShiftSummary> shiftSummary(Id actorId, TimePoint since, TimePoint until) override;
    Result<IntegrityReport> verifyAudit() override;
    Result<IntegrityReport> checkInvariants(TimePoint now) override;

private:
    PostgresStorage(std::unique_ptr<PostgresPool> pool, std::string url);

    std::unique_ptr<PostgresPool> m_pool;
    std::string m_url;
    // Notified after each commit that wrote to the change outbox (event_changes).
    std::shared_ptr<ChangeSignal> m_changes;
};

} // namespace bilheteria
