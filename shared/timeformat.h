// RFC 3339 times in UTC, the only time format on the wire ("2026-12-31T20:00:00Z").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bilheteria {

using TimePoint = std::chrono::sys_seconds;

std::string formatRfc3339(TimePoint time);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)"; the fraction is dropped. nullopt when
// the text is not a valid RFC 3339 date-time.
std::optional<TimePoint> parseRfc3339(std::string_view text);

} // namespace bilheteria
