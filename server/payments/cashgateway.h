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
    // The clerk hands the cash back over the counter: nothing to call.
    Result<void> refund(const std::string&, const std::string&, Cents) override { return {}; }
};

} // namespace bilheteria
