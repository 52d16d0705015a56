// The embedded SQLite store: WAL, foreign keys, a busy timeout. Writers take one in-process
// lock and BEGIN IMMEDIATE (so they never spin in SQLite's busy handler against each other);
// readers each use their own pooled connection and run in parallel under WAL.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "server/core/storage.h"
#include "server/store/storagefactory.h"

namespace bilheteria {

namespace sqlite {
class Connection;
}
class ChangeSignal;

class SqliteStorage : public Storage {
public:
    static Result<std::unique_ptr<Storage>> open(const StorageOptions& options);
    ~SqliteStorage() override;

    std::string backendName() const override { return "sqlite"; }
    Result<void> ping() override;
    Result<void> maintain() override;

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
    Result<std::unique_ptr<ChangeSource>> openChangeSource() override;
    Result<std::vector<SectionAvailability>>
    sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) override;
    Result<std::int64_t> pruneChanges(TimePoint before) override;
    Result<SalesReport> salesReport(Id eventId, TimePoint now, int bucketSeconds) override;
    Result<ShiftSummary> shiftSummary(Id actorId, TimePoint since, TimePoint until) override;
    Result<IntegrityReport> verifyAudit() override;
    Result<IntegrityReport> checkInvariants(TimePoint now) override;

private:
    friend class SqliteChangeSource;
    explicit SqliteStorage(std::string path, int busyTimeoutMs);

    std::unique_ptr<sqlite::Connection> acquire();
    void release(std::unique_ptr<sqlite::Connection> connection);

    // Runs `work` in one transaction (BEGIN IMMEDIATE for writes) and commits when it returns
    // a value; rolls back on an error value or an exception, which it translates.
    template <typename T, typename Work> Result<T> transaction(bool write, Work&& work);

    std::string m_path;
    int m_busyTimeoutMs;
    std::mutex m_poolMutex;
    std::vector<std::unique_ptr<sqlite::Connection>> m_idle;
    std::mutex m_writeMutex;
    // Notified after each commit that wrote to the change outbox (event_changes).
    std::shared_ptr<ChangeSignal> m_changes;
};

} // namespace bilheteria
