// Money for people: integer cents and an ISO 4217 code shown in the app's locale
// ("R$ 250,00" in Portuguese, "R$250.00" in English).
#pragma once

#include <QLocale>
#include <QString>
#include <cstdint>
#include <string>

namespace bilheteria::client {

QString formatMoney(std::int64_t cents, const QString& currency, const QLocale& locale = {});
QString formatMoney(std::int64_t cents, const std::string& currency, const QLocale& locale = {});
// Reads what a clerk types in the tendered box ("100", "100,50", "100.5"); -1 when it is not
// an amount. Either separator may be the decimal one.
std::int64_t parseMoneyCents(const QString& text);

} // namespace bilheteria::client
