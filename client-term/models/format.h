// The terminal's language and its countdowns; money and times for people are
// shared/localformat.h's (formatMoney, formatTime), in this language.
#pragma once

#include <string>

#include "shared/localformat.h"
#include "shared/protocol.h"

namespace bilheteria::term {

// From LANGUAGE / LC_ALL / LC_MESSAGES / LANG: Portuguese when the first set one starts "pt".
Language languageFromEnvironment();

// Local midnight today: where a clerk's shift summary starts by default.
TimePoint startOfToday();
// "9:05" (minutes:seconds), for the hold's countdown.
std::string formatCountdown(std::int64_t seconds);

} // namespace bilheteria::term
