#include "client-term/models/format.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace bilheteria::term {

Language languageFromEnvironment() {
    for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (!value || !*value) continue;
        return std::string(value).rfind("pt", 0) == 0 ? Language::Portuguese : Language::English;
    }
    return Language::English;
}

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

std::string formatCountdown(std::int64_t seconds) {
    if (seconds < 0) seconds = 0;
    char text[24];
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return text;
}

TimePoint startOfToday() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    local.tm_hour = local.tm_min = local.tm_sec = 0;
    return TimePoint{std::chrono::seconds{std::mktime(&local)}};
}

} // namespace bilheteria::term
