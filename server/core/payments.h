// Payment gateways as the core sees them. A sale authorizes before its transaction, captures
// after the commit and voids when the transaction fails, so no money is taken for a sale that
// did not happen and no sale happens without its payment. Implementations (the sandbox card
// gateway, cash at the counter, a real acquirer later) live in server/payments/.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

struct Authorization {
    std::string method;    // "card", "cash"
    std::string reference; // the gateway's id for this authorization
    Cents amountCents = 0;
    std::string currency;
    PaymentSummary summary; // what the order shows: brand and last four digits, or change
};

class PaymentGateway {
public:
    virtual ~PaymentGateway() = default;
    virtual std::string method() const = 0;
    // payment_declined when the payment cannot cover `amount`; invalid_request for bad fields.
    virtual Result<Authorization> authorize(const PaymentRequest& payment, Cents amountCents,
                                            const std::string& currency, TimePoint now) = 0;
    // Takes the money. Called once the sale has committed; must be safe to call again with the
    // same authorization (recovery after a crash retries it).
    virtual Result<void> capture(const Authorization& authorization) = 0;
    // Releases an authorization whose sale did not happen.
    virtual void voidAuthorization(const Authorization& authorization) = 0;
    // Gives `amountCents` of the captured payment `paymentReference` back. Called once the
    // refund has committed; `refundReference` names this refund, so calling again with it (a
    // retry after a crash) pays nothing twice.
    virtual Result<void> refund(const std::string& paymentReference,
                                const std::string& refundReference, Cents amountCents) = 0;
};

// The gateways by method, owned elsewhere (app/ wires them).
class PaymentGateways {
public:
    void add(PaymentGateway& gateway) { m_byMethod[gateway.method()] = &gateway; }
    PaymentGateway* find(const std::string& method) const {
        auto it = m_byMethod.find(method);
        return it == m_byMethod.end() ? nullptr : it->second;
    }

private:
    std::map<std::string, PaymentGateway*> m_byMethod;
};

std::string paymentMethodName(const PaymentRequest& payment);

// An authorization of `amountCents` by `method`, its reference `referencePrefix` plus 96
// random bits; the gateway adds what the order shows (brand and last four, or change).
Authorization newAuthorization(const std::string& method, const std::string& referencePrefix,
                               Cents amountCents, const std::string& currency);

} // namespace bilheteria
