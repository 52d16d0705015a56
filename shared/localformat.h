// Money and times for people, in Brazilian Portuguese or English: "R$ 250,00" and
// "31/12/2026 22:00", or "R$250.00" and "2026-12-31 22:00". Times are shown in the machine's
// time zone. The terminal client's screens and tickets and the server's e-mails use these.
#pragma once

#include <string>

#include "shared/protocol.h"

namespace bilheteria {

enum class Language { English, Portuguese };

std::string formatMoney(Cents cents, const std::string& currency, Language language);
std::string formatTime(TimePoint time, Language language);

} // namespace bilheteria
