// For the services a test starts as child processes (nginx, Prometheus): loopback ports and
// stopping them.
#pragma once

#include <chrono>
#include <sys/types.h>

namespace bilheteria::testing {

// Sends `signal` to `pid` and reaps it; SIGKILL when it has not exited after `grace`.
void stopChild(pid_t pid, int signal, std::chrono::seconds grace);

// A TCP port on 127.0.0.1 free a moment ago (the kernel's pick); throws std::runtime_error.
int freeLoopbackPort();
// Whether something accepts connections on 127.0.0.1:`port`.
bool acceptsOnLoopback(int port);

} // namespace bilheteria::testing
