#include "client-qt/models/cardform.h"

#include "shared/payment.h"

#include <QRegularExpression>

#include "shared/cardcheck.h"

namespace bilheteria::client {

namespace {

using Status = CardForm::Check::Status;

constexpr int kMaxDigits = 19;
// The server refuses expiry dates further ahead than this.
constexpr int kMaxYearsAhead = 25;

CardForm::Check check(Status status, QString message = {}) {
    return {status, std::move(message)};
}

// The usual length of the brand's numbers: typing stops being "incomplete" there.
int usualLength(const QString& brand) {
    if (brand == QStringLiteral("amex")) return 15;
    if (brand == QStringLiteral("diners")) return 14;
    return 16;
}

QString onlyDigits(const QString& text) {
    QString digits;
    for (const QChar c : text)
        if (c.isDigit()) digits += c;
    return digits;
}

} // namespace

CardForm::CardForm(QDate today)
    : m_today(today) {}

void CardForm::clearSecrets() {
    // Overwrite before letting go, so the digits do not linger in freed memory longer than
    // they must (QString shares data; this is a best effort, not a guarantee).
    m_number.fill(QLatin1Char('0'));
    m_cvc.fill(QLatin1Char('0'));
    m_number.clear();
    m_expiry.clear();
    m_cvc.clear();
}

QString CardForm::digits() const {
    return onlyDigits(m_number);
}

QString CardForm::brand() const {
    const QString d = digits();
    if (d.isEmpty()) return {};
    return QString::fromStdString(cardBrand(d.toStdString()));
}

QString CardForm::brandName(const QString& brand) {
    return QString::fromStdString(cardBrandName(brand.toStdString()));
}

QString CardForm::formatNumber(const QString& text) {
    const QString d = onlyDigits(text).left(kMaxDigits);
    const QString brand = QString::fromStdString(cardBrand(d.toStdString()));
    // American Express and Diners print 4-6-5 and 4-6-4; the rest in fours.
    const bool fourSixFive = brand == QStringLiteral("amex") || brand == QStringLiteral("diners");
    QString out;
    for (int i = 0; i < d.size(); ++i) {
        const bool groupStart = fourSixFive ? (i == 4 || i == 10) : (i > 0 && i % 4 == 0);
        if (groupStart) out += QLatin1Char(' ');
        out += d.at(i);
    }
    return out;
}

std::optional<std::pair<int, int>> CardForm::parseExpiry(const QString& text) {
    return parseCardExpiry(text.toStdString());
}

CardForm::Check CardForm::numberCheck() const {
    if (m_number.trimmed().isEmpty()) return check(Status::Empty, tr("Enter the card number."));
    if (cardDigits(m_number.toStdString()).empty())
        return check(Status::Invalid, tr("Use digits only."));
    const QString d = digits();
    if (d.size() > kMaxDigits) return check(Status::Invalid, tr("This number is too long."));
    if (luhnValid(d.toStdString())) return check(Status::Valid);
    if (d.size() < usualLength(brand()))
        return check(Status::Incomplete, tr("Keep typing: the number is not complete."));
    return check(Status::Invalid, tr("This card number is not valid. Check the digits."));
}

CardForm::Check CardForm::expiryCheck() const {
    const QString text = m_expiry.trimmed();
    if (text.isEmpty()) return check(Status::Empty, tr("Enter the expiry date as MM/YY."));
    const auto parsed = parseExpiry(text);
    if (!parsed) {
        static const QRegularExpression partial(QStringLiteral("^\\d{1,2}\\s*/?\\s*\\d{0,3}$"));
        if (partial.match(text).hasMatch())
            return check(Status::Incomplete, tr("Enter the expiry date as MM/YY."));
        return check(Status::Invalid, tr("Write the expiry date as MM/YY, e.g. 08/29."));
    }
    const auto [month, year] = *parsed;
    if (month < 1 || month > 12)
        return check(Status::Invalid, tr("The month must be between 01 and 12."));
    // A card is good until the end of its expiry month.
    if (year < m_today.year() || (year == m_today.year() && month < m_today.month()))
        return check(Status::Invalid, tr("This card has expired."));
    if (year > m_today.year() + kMaxYearsAhead)
        return check(Status::Invalid, tr("Check the year: it is too far ahead."));
    return check(Status::Valid);
}

CardForm::Check CardForm::cvcCheck() const {
    const QString text = m_cvc.trimmed();
    const int wanted = brand() == QStringLiteral("amex") ? 4 : 3;
    if (text.isEmpty())
        return check(Status::Empty, wanted == 4 ? tr("Enter the 4-digit code on the front.")
                                                : tr("Enter the 3-digit code on the back."));
    if (onlyDigits(text) != text) return check(Status::Invalid, tr("Use digits only."));
    if (text.size() < wanted)
        return check(Status::Incomplete, tr("The code has %n digit(s).", nullptr, wanted));
    if (text.size() > wanted)
        return check(Status::Invalid, tr("The code has %n digit(s).", nullptr, wanted));
    return check(Status::Valid);
}

CardForm::Check CardForm::holderNameCheck() const {
    if (m_holderName.trimmed().isEmpty())
        return check(Status::Empty, tr("Enter the name as printed on the card."));
    return check(Status::Valid);
}

bool CardForm::isValid() const {
    return numberCheck().ok() && expiryCheck().ok() && cvcCheck().ok() && holderNameCheck().ok();
}

std::optional<CardPayment> CardForm::payment() const {
    if (!isValid()) return std::nullopt;
    const auto [month, year] = *parseExpiry(m_expiry);
    CardPayment card;
    card.number = digits().toStdString();
    card.expMonth = month;
    card.expYear = year;
    card.cvc = m_cvc.trimmed().toStdString();
    card.holderName = m_holderName.trimmed().toStdString();
    return card;
}

} // namespace bilheteria::client
