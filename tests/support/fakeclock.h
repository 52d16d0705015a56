// A clock the tests set and move by hand.
#pragma once

#include <atomic>

#include "server/core/clock.h"

namespace bilheteria::testing {

class FakeClock : public Clock {
public:
    explicit FakeClock(TimePoint start = TimePoint{std::chrono::seconds{1'800'000'000}})
        : m_seconds(start.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint{std::chrono::seconds{m_seconds.load()}}; }
    void set(TimePoint time) { m_seconds = time.time_since_epoch().count(); }
    void advance(std::chrono::seconds by) { m_seconds += by.count(); }

private:
    std::atomic<std::int64_t> m_seconds;
};

} // namespace bilheteria::testing
