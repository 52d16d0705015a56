// The in-process wake-up of the live hub's reader: a store notifies it after committing a
// transaction that wrote to the change outbox, and its ChangeSource waits on it (poll() on an
// eventfd, so PostgreSQL's source can wait on it and its LISTEN socket at once).
#pragma once

#include <chrono>

namespace bilheteria {

class ChangeSignal {
public:
    ChangeSignal();
    ~ChangeSignal();
    ChangeSignal(const ChangeSignal&) = delete;
    ChangeSignal& operator=(const ChangeSignal&) = delete;

    // Thread-safe and cheap (one write(2)); notifications before the next consume() merge.
    void notify();
    // The descriptor to poll for POLLIN.
    int fd() const { return m_fd; }
    // Clears the signal; true when it had been notified.
    bool consume();
    // Waits until notified or `timeout` passes; true when notified (and then cleared).
    bool wait(std::chrono::milliseconds timeout);

private:
    int m_fd = -1;
};

} // namespace bilheteria
