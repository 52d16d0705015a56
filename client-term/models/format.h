// Money and times for people, in the terminal's language: "R$ 250,00" and "31/12/2026 22:00"
// in Brazilian Portuguese, "R$250.00" and "2026-12-31 22:00" in English. Times are shown in
// the machine's time zone.
#pragma once

#include <string>

#include "shared/protocol.h"

namespace bilheteria::term {

enum class Language { English, Portuguese };

// From LANGUAGE / LC_ALL / LC_MESSAGES / LANG: Portuguese when the first set one starts "pt".
Language languageFromEnvironment();

std::string formatMoney(Cents cents, const std::string& currency, Language language);
std::string formatTime(TimePoint time, Language language);
// Local midnight today: where a clerk's shift summary starts by default.
TimePoint startOfToday();
// "9:05" (minutes:seconds), for the hold's countdown.
std::string formatCountdown(std::int64_t seconds);

} // namespace bilheteria::term
