// Where the core reads the time. Tests move a fake clock; app/ wires the system clock.
#pragma once

#include "shared/timeformat.h"

namespace bilheteria {

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

} // namespace bilheteria
