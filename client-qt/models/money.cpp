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
    // The C locale (no LANG, as on a kiosk's bare session) puts the symbol after the amount
    // ("150.00R$"); English's rules read as a clerk expects ("R$150.00").
    const QLocale rules =
        locale.language() == QLocale::C ? QLocale(QLocale::English, QLocale::UnitedStates) : locale;
    return rules.toCurrencyString(static_cast<double>(cents) / 100.0, currencySymbol(currency), 2);
}

QString formatMoney(std::int64_t cents, const std::string& currency, const QLocale& locale) {
    return formatMoney(cents, QString::fromStdString(currency), locale);
}

std::int64_t parseMoneyCents(const QString& text) {
    return bilheteria::parseMoneyCents(text.toStdString());
}

} // namespace bilheteria::client
