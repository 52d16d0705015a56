// The wall clock, for production wiring. The core only ever sees the Clock interface.
#pragma once

#include "server/core/clock.h"

namespace bilheteria {

class SystemClock : public Clock {
public:
    TimePoint now() const override;
};

} // namespace bilheteria
