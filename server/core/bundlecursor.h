// A check-in bundle's cursor ("v1.<Unix seconds>", the bundle's `since`): written by the door
// service, read back from a scanner's next request (fuzz/fuzz_routes.cpp reads any text).
#pragma once

#include <string>
#include <string_view>

#include "shared/error.h"
#include "shared/timeformat.h"

namespace bilheteria {

// The cursor of a bundle made at `now`.
std::string bundleCursor(TimePoint now);

// The time from which the next bundle lists voids (a little before the cursor's own);
// invalid_request naming since when the text is not a cursor.
Result<TimePoint> parseBundleCursor(std::string_view cursor);

} // namespace bilheteria
