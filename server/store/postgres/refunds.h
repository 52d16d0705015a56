// The PostgreSQL store's RefundStore (core/store/refundstore.h): refunds voiding tickets and
// putting their places back on sale, their keys, and their settlement.
#pragma once

#include "server/core/store/refundstore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresRefundStore final : public RefundStore {
public:
    explicit PostgresRefundStore(PostgresDatabase& db);

    Result<RefundOutcome> refund(const NewRefund& refund) override;
    Result<std::optional<RefundKeyRecord>> findRefundKey(Id actorId,
                                                         const std::string& key) override;
    Result<RefundOutcome> findRefund(Id refundId) override;
    Result<void> markRefundSettled(Id refundId, TimePoint now) override;
    Result<std::vector<UnsettledRefund>> listUnsettledRefunds() override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
