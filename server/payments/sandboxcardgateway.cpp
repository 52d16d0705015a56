#include "server/payments/sandboxcardgateway.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "shared/cardcheck.h"

namespace bilheteria {

namespace {
constexpr std::string_view kDeclinedCard = "4000000000000002";
}

Result<Authorization> SandboxCardGateway::authorize(const PaymentRequest& payment,
                                                    Cents amountCents, const std::string& currency,
                                                    TimePoint now) {
    const auto* card = std::get_if<CardPayment>(&payment);
    if (!card) return fail(Error::invalidField("payment.method", "this gateway takes cards"));

    const std::string digits = cardDigits(card->number);
    if (digits.empty() || !luhnValid(digits))
        return fail(Error::invalidField("payment.card_number", "the card number is not valid"));
    if (card->expMonth < 1 || card->expMonth > 12)
        return fail(Error::invalidField("payment.exp_month", "exp_month must be 1–12"));
    const int year = card->expYear < 100 ? 2000 + card->expYear : card->expYear;
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(now)};
    const int thisYear = int(today.year()), thisMonth = int(unsigned(today.month()));
    if (year < thisYear || (year == thisYear && card->expMonth < thisMonth) || year > thisYear + 25)
        return fail(Error::invalidField("payment.exp_year", "the card has expired"));
    if (card->cvc.size() < 3 || card->cvc.size() > 4 ||
        !std::all_of(card->cvc.begin(), card->cvc.end(),
                     [](unsigned char c) { return std::isdigit(c); }))
        return fail(Error::invalidField("payment.cvc", "cvc must be 3 or 4 digits"));
    if (card->holderName.empty())
        return fail(Error::invalidField("payment.holder_name", "holder_name is required"));

    if (digits == kDeclinedCard)
        return fail(Error{ErrorCode::PaymentDeclined, "the card was declined by the issuer"});

    auto authorization = newAuthorization("card", "sandbox_", amountCents, currency);
    authorization.summary.brand = cardBrand(digits);
    authorization.summary.last4 = digits.substr(digits.size() - 4);
    return authorization;
}

Result<void> SandboxCardGateway::capture(const Authorization& authorization) {
    std::lock_guard lock(m_mutex);
    m_captured.insert(authorization.reference); // a set: capturing twice changes nothing
    return {};
}

void SandboxCardGateway::voidAuthorization(const Authorization& authorization) {
    std::lock_guard lock(m_mutex);
    m_voided.insert(authorization.reference);
}

Result<void> SandboxCardGateway::refund(const std::string& paymentReference,
                                        const std::string& refundReference, Cents amountCents) {
    std::lock_guard lock(m_mutex);
    if (amountCents < 0 || paymentReference.empty())
        return fail(Error::invalidField("amount_cents", "nothing to refund"));
    m_refunded.insert(refundReference); // a set: the same refund twice pays once
    return {};
}

std::size_t SandboxCardGateway::refundedCount() const {
    std::lock_guard lock(m_mutex);
    return m_refunded.size();
}

std::size_t SandboxCardGateway::capturedCount() const {
    std::lock_guard lock(m_mutex);
    return m_captured.size();
}

std::size_t SandboxCardGateway::voidedCount() const {
    std::lock_guard lock(m_mutex);
    return m_voided.size();
}

} // namespace bilheteria
