// The one place that maps an error code to an HTTP status.
#pragma once

#include "shared/error.h"

namespace bilheteria {

int httpStatus(ErrorCode code);

} // namespace bilheteria
