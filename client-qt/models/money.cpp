#include "client-qt/models/money.h"

#include <QRegularExpression>

namespace bilheteria::client {

namespace {

QString currencySymbol(const QString& currency) {
    if (currency == QStringLiteral("BRL")) return QStringLiteral("R$");
    if (currency == QStringLiteral("USD")) return QStringLiteral("US$");
    if (currency == QStringLiteral("EUR")) return QStringLiteral("€");
    return currency;
}

} // namespace

QString formatMoney(std::int64_t cents, const QString& currency, const QLocale& locale) {
    return locale.toCurrencyString(static_cast<double>(cents) / 100.0, currencySymbol(currency), 2);
}

QString formatMoney(std::int64_t cents, const std::string& currency, const QLocale& locale) {
    return formatMoney(cents, QString::fromStdString(currency), locale);
}

std::int64_t parseMoneyCents(const QString& text) {
    QString cleaned = text.trimmed();
    cleaned.remove(QRegularExpression(QStringLiteral("[^0-9,.]")));
    if (cleaned.isEmpty()) return -1;
    // The last separator followed by one or two digits is the decimal one, whatever the
    // locale: a clerk types "100.50" on a Portuguese keyboard as often as "100,50".
    const qsizetype decimal = std::max(cleaned.lastIndexOf(u','), cleaned.lastIndexOf(u'.'));
    QString whole = cleaned;
    QString fraction;
    if (decimal >= 0 && cleaned.size() - decimal - 1 <= 2) {
        whole = cleaned.left(decimal);
        fraction = cleaned.mid(decimal + 1);
    }
    whole.remove(u',');
    whole.remove(u'.');
    if (whole.isEmpty() && fraction.isEmpty()) return -1;
    if (whole.size() > 12) return -1;
    bool ok = true;
    const std::int64_t units = whole.isEmpty() ? 0 : whole.toLongLong(&ok);
    if (!ok) return -1;
    while (fraction.size() < 2)
        fraction.append(u'0');
    const std::int64_t cents = fraction.toLongLong(&ok);
    if (!ok) return -1;
    return units * 100 + cents;
}

} // namespace bilheteria::client
