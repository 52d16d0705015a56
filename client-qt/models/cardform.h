// The card form's rules, without widgets: what the person typed in each field, checked as they
// type (Luhn and brand from shared/cardcheck.h, the same code the server runs; expiry month and
// year, not past; CVC of 3 digits, 4 for American Express; a holder name). Each field says
// whether it is empty, still being typed, wrong (with a message) or fine, so the page can show
// a message as soon as it means something and enable Pay only when everything is fine.
#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QString>
#include <optional>

#include "shared/protocol.h"

namespace bilheteria::client {

class CardForm {
    Q_DECLARE_TR_FUNCTIONS(CardForm)
public:
    struct Check {
        enum class Status { Empty, Incomplete, Invalid, Valid };
        Status status = Status::Empty;
        // What to tell the person: why the field is wrong, or what is still missing.
        QString message;
        bool ok() const { return status == Status::Valid; }
    };

    // `today` decides which expiry dates are past (the tests fix it).
    explicit CardForm(QDate today = QDate::currentDate());

    void setNumber(const QString& text) { m_number = text; }
    void setExpiry(const QString& text) { m_expiry = text; }
    void setCvc(const QString& text) { m_cvc = text; }
    void setHolderName(const QString& text) { m_holderName = text; }
    // Forgets the number, expiry and CVC (the holder name stays for the next try).
    void clearSecrets();

    Check numberCheck() const;
    Check expiryCheck() const;
    Check cvcCheck() const;
    Check holderNameCheck() const;
    bool isValid() const;

    // "visa", "amex", ... from the number typed so far; empty until there are digits.
    QString brand() const;
    // The brand as people write it ("Visa", "American Express"); empty for unknown brands.
    static QString brandName(const QString& brand);
    // The number's digits in the brand's groups: "4111 1111 1111 1111", "3782 822463 10005".
    // Anything that is not a digit is dropped; at most 19 digits are kept.
    static QString formatNumber(const QString& text);
    // The expiry as (month, four-digit year), from "MM/YY", "MM/YYYY", "MMYY" or "MM YY".
    static std::optional<std::pair<int, int>> parseExpiry(const QString& text);

    // The payment to send, when everything is valid.
    std::optional<CardPayment> payment() const;

private:
    QString digits() const;

    QDate m_today;
    QString m_number;
    QString m_expiry;
    QString m_cvc;
    QString m_holderName;
};

} // namespace bilheteria::client
