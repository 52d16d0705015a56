#include "shared/localformat.h"

#include <cstdio>
#include <ctime>

namespace bilheteria {

std::string formatMoney(Cents cents, const std::string& currency, Language language) {
    const std::string symbol = currency == "BRL"   ? "R$"
                               : currency == "USD" ? "US$"
                               : currency == "EUR" ? "€"
                                                   : currency;
    const bool negative = cents < 0;
    const Cents amount = negative ? -cents : cents;
    std::string units = std::to_string(amount / 100);
    const char thousands = language == Language::Portuguese ? '.' : ',';
    for (int i = static_cast<int>(units.size()) - 3; i > 0; i -= 3)
        units.insert(static_cast<std::size_t>(i), 1, thousands);
    char fraction[4];
    std::snprintf(fraction, sizeof fraction, "%02lld", static_cast<long long>(amount % 100));
    const std::string number = units + (language == Language::Portuguese ? "," : ".") + fraction;
    return std::string(negative ? "-" : "") + symbol +
           (language == Language::Portuguese ? " " : "") + number;
}

std::string formatTime(TimePoint time, Language language) {
    const std::time_t seconds = static_cast<std::time_t>(time.time_since_epoch().count());
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text,
                  language == Language::Portuguese ? "%d/%m/%Y %H:%M" : "%Y-%m-%d %H:%M", &local);
    return text;
}

} // namespace bilheteria
