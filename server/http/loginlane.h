// The login lane: a small pool of its own for the Argon2id work of sign-ins, registrations and
// (the same path) any password hashing, so that a storm of 2,000 buyers signing in cannot take
// the CPU and the HTTP workers that holds and purchases need.
//
// Argon2id costs tens of milliseconds of one core per sign-in by design. Run on the HTTP workers,
// 64 sign-ins at once fill both cores and the sale's requests wait behind them. Here the HTTP
// worker hands the hash to the lane and waits for it; the lane runs at most `threads` hashes at
// once (at a lower OS priority, `nice`, so the kernel prefers the sale's threads) and lets at
// most `queue` more wait. Beyond that the request is refused at once with 503 `unavailable` and
// a Retry-After estimated from the queue: at most threads + queue HTTP workers are ever held by
// sign-ins, and the others stay free for the sale.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "server/core/hashinglane.h"

namespace bilheteria {

struct LoginLaneSettings {
    // 0: no lane, the hash runs on the HTTP worker (as before the lane existed).
    int threads = 1;
    // Sign-ins waiting for a thread of the lane; one more is refused.
    int queue = 16;
    // Added to the lane's threads' nice value (0-19): the kernel runs the sale's threads first.
    int nice = 10;
};

// Half the cores, at least one: the other half stays for the sale.
int defaultLoginThreads();

class LoginLane final : public HashingLane {
public:
    explicit LoginLane(LoginLaneSettings settings);
    ~LoginLane() override;
    LoginLane(const LoginLane&) = delete;
    LoginLane& operator=(const LoginLane&) = delete;

    Result<void> run(const std::function<void()>& work) override;
    Result<void> admits() override;

    // For the metrics, at any time.
    std::size_t waiting() const;
    std::size_t running() const;
    std::uint64_t refused() const;
    std::uint64_t completed() const;
    int threads() const { return static_cast<int>(m_threads.size()); }

private:
    struct Job;
    void work();
    bool fullLocked() const;
    Error refusalLocked();

    const LoginLaneSettings m_settings;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job*> m_jobs;
    std::size_t m_running = 0;
    std::uint64_t m_refused = 0;
    std::uint64_t m_completed = 0;
    double m_meanSeconds = 0.05; // of one job, moving average: the Retry-After's estimate
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace bilheteria
