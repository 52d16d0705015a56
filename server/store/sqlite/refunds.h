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
    Result<std::vector<RefundOutcome>> refundOrders(const std::vector<NewRefund>& refunds) override;
    Result<std::vector<Id>> ordersWithValidTickets(Id eventId, Id afterOrderId, int limit) override;
    Result<std::vector<Id>> unfinishedCancellations() override;
    Result<std::optional<RefundKeyRecord>> findRefundKey(Id actorId,
                                                         const std::string& key) override;
    Result<RefundOutcome> findRefund(Id refundId) override;
    Result<void> markRefundsSettled(const std::vector<Id>& refundIds, TimePoint now) override;
    Result<std::vector<UnsettledRefund>> listUnsettledRefunds() override;
    Result<ExchangeQuote> quoteExchange(const NewExchange& exchange) override;
    Result<ExchangeOutcome> exchange(const NewExchange& exchange) override;
    Result<std::optional<ExchangeKeyRecord>> findExchangeKey(Id actorId,
                                                             const std::string& key) override;
    Result<ExchangeOutcome> findExchange(Id exchangeId) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
