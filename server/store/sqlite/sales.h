// The SQLite store's SaleStore (core/store/salestore.h): purchases, orders, idempotency keys and
// the payments' capture.
#pragma once

#include "server/core/store/salestore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteSaleStore final : public SaleStore {
public:
    explicit SqliteSaleStore(SqliteDatabase& db);

    Result<Order> completePurchase(const NewPurchase& purchase) override;
    Result<std::optional<IdempotencyRecord>> findIdempotencyKey(Id customerId,
                                                                const std::string& key) override;
    Result<Order> findOrder(Id orderId) override;
    Result<std::vector<Order>> listOrders(Id customerId) override;
    Result<void> markPaymentCaptured(Id orderId, TimePoint now) override;
    Result<std::vector<UncapturedPayment>> listUncapturedPayments() override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
