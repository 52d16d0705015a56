#include "server/core/payments.h"

#include "shared/crypto/crypto.h"

namespace bilheteria {

std::string paymentMethodName(const PaymentRequest& payment) {
    return std::holds_alternative<CardPayment>(payment) ? "card" : "cash";
}

Authorization newAuthorization(const std::string& method, const std::string& referencePrefix,
                               Cents amountCents, const std::string& currency) {
    Authorization authorization;
    authorization.method = method;
    authorization.reference = referencePrefix + crypto::hexEncode(crypto::randomBytes(12));
    authorization.amountCents = amountCents;
    authorization.currency = currency;
    authorization.summary.method = method;
    return authorization;
}

} // namespace bilheteria
