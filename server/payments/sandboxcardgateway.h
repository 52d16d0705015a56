// The contract's built-in sandbox card gateway: a Luhn-valid number with a future expiry is
// approved, except 4000000000000002, which is declined. Keeps only brand and last four digits.
#pragma once

#include <mutex>
#include <set>

#include "server/core/payments.h"

namespace bilheteria {

class SandboxCardGateway : public PaymentGateway {
public:
    std::string method() const override { return "card"; }
    Result<Authorization> authorize(const PaymentRequest& payment, Cents amountCents,
                                    const std::string& currency, TimePoint now) override;
    Result<void> capture(const Authorization& authorization) override;
    void voidAuthorization(const Authorization& authorization) override;
    Result<void> refund(const std::string& paymentReference, const std::string& refundReference,
                        Cents amountCents) override;

    // For tests and metrics: how many authorizations were captured and voided.
    std::size_t capturedCount() const;
    std::size_t voidedCount() const;
    // Refunds paid back, each refund reference counted once.
    std::size_t refundedCount() const;

private:
    mutable std::mutex m_mutex;
    std::set<std::string> m_captured;
    std::set<std::string> m_voided;
    std::set<std::string> m_refunded;
};

} // namespace bilheteria
