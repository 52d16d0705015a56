// The PostgreSQL store's SaleStore (core/store/salestore.h): the purchase that turns a hold into an
// order, idempotency keys, orders and payments, with their SQL.
#pragma once

#include "server/core/store/salestore.h"

namespace bilheteria {

class PostgresDatabase;

class PostgresSaleStore final : public SaleStore {
public:
    explicit PostgresSaleStore(PostgresDatabase& db);

    Result<Order> completePurchase(const NewPurchase& purchase) override;
    Result<std::optional<IdempotencyRecord>> findIdempotencyKey(Id customerId,
                                                                const std::string& key) override;
    Result<Order> findOrder(Id orderId) override;
    Result<std::vector<Order>> listOrders(Id customerId) override;
    Result<void> markPaymentCaptured(Id orderId, TimePoint now) override;
    Result<std::vector<UncapturedPayment>> listUncapturedPayments() override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
