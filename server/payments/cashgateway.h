// Cash at the counter: the tendered amount must cover the total; the change is recorded.
#pragma once

#include "server/core/payments.h"

namespace bilheteria {

class CashGateway : public PaymentGateway {
public:
    std::string method() const override { return "cash"; }
    Result<Authorization> authorize(const PaymentRequest& payment, Cents amountCents,
                                    const std::string& currency, TimePoint now) override;
    Result<void> capture(const Authorization&) override { return {}; }
    void voidAuthorization(const Authorization&) override {}
};

} // namespace bilheteria
