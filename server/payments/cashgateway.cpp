#include "server/payments/cashgateway.h"

namespace bilheteria {

Result<Authorization> CashGateway::authorize(const PaymentRequest& payment, Cents amountCents,
                                             const std::string& currency, TimePoint) {
    const auto* cash = std::get_if<CashPayment>(&payment);
    if (!cash) return fail(Error::invalidField("payment.method", "this gateway takes cash"));
    if (cash->tenderedCents < amountCents)
        return fail(Error{ErrorCode::InvalidRequest,
                          "the cash tendered does not cover the total",
                          {{"field", "payment.tendered_cents"},
                           {"total_cents", amountCents},
                           {"tendered_cents", cash->tenderedCents}}});
    auto authorization = newAuthorization("cash", "cash_", amountCents, currency);
    authorization.summary.changeCents = cash->tenderedCents - amountCents;
    return authorization;
}

} // namespace bilheteria
