#include "server/app/housekeeper.h"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace bilheteria {

Housekeeper::Housekeeper(std::vector<Task> tasks)
    : m_tasks(std::move(tasks))
    , m_thread([this] { loop(); }) {}

Housekeeper::~Housekeeper() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Housekeeper::loop() {
    using SteadyClock = std::chrono::steady_clock;
    std::vector<SteadyClock::time_point> due(m_tasks.size(), SteadyClock::now());
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        const auto now = SteadyClock::now();
        for (std::size_t i = 0; i < m_tasks.size(); ++i) {
            if (due[i] > now) continue;
            lock.unlock();
            try {
                m_tasks[i].run();
            } catch (const std::exception& error) {
                // A failed round is retried at the next tick; the server keeps serving.
                std::fprintf(stderr, "housekeeping %s failed: %s\n", m_tasks[i].name.c_str(),
                             error.what());
            }
            lock.lock();
            due[i] = now + m_tasks[i].every;
        }
        if (m_tasks.empty()) {
            m_wake.wait(lock, [this] { return m_stopping; });
        } else {
            m_wake.wait_until(lock, *std::min_element(due.begin(), due.end()),
                              [this] { return m_stopping; });
        }
    }
}

} // namespace bilheteria
