#include "client-qt/models/money.h"

#include "shared/payment.h"

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
    return bilheteria::parseMoneyCents(text.toStdString());
}

} // namespace bilheteria::client
