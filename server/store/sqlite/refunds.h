// The SQLite store's RefundStore (core/store/refundstore.h): refunds voiding tickets and putting
// their places back on sale, their keys, and their settlement.
#pragma once

#include "server/core/store/refundstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteRefundStore final : public RefundStore {
public:
    explicit SqliteRefundStore(SqliteDatabase& db);

    Result<RefundOutcome> refund(const NewRefund& refund) override;
    Result<std::optional<RefundKeyRecord>> findRefundKey(Id actorId,
                                                         const std::string& key) override;
    Result<RefundOutcome> findRefund(Id refundId) override;
    Result<void> markRefundSettled(Id refundId, TimePoint now) override;
    Result<std::vector<UnsettledRefund>> listUnsettledRefunds() override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
