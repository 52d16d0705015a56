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
