#include "server/store/changesignal.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <system_error>

namespace bilheteria {

ChangeSignal::ChangeSignal()
    : m_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

ChangeSignal::~ChangeSignal() {
    ::close(m_fd);
}

void ChangeSignal::notify() {
    const std::uint64_t one = 1;
    // EAGAIN only when the counter is about to overflow: it is signalled then anyway.
    [[maybe_unused]] const auto written = ::write(m_fd, &one, sizeof one);
}

bool ChangeSignal::consume() {
    std::uint64_t count = 0;
    return ::read(m_fd, &count, sizeof count) == static_cast<ssize_t>(sizeof count) && count > 0;
}

bool ChangeSignal::wait(std::chrono::milliseconds timeout) {
    pollfd descriptor{m_fd, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(timeout.count()));
    return ready > 0 && consume();
}

} // namespace bilheteria
