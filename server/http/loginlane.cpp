#include "server/http/loginlane.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>

namespace bilheteria {

struct LoginLane::Job {
    const std::function<void()>* work;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable finished;
};

int defaultLoginThreads() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
}

LoginLane::LoginLane(LoginLaneSettings settings)
    : m_settings(settings) {
    for (int i = 0; i < m_settings.threads; ++i)
        m_threads.emplace_back([this] { work(); });
}

LoginLane::~LoginLane() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& thread : m_threads)
        thread.join();
}

Result<void> LoginLane::run(const std::function<void()>& work) {
    if (m_threads.empty()) {
        work();
        std::lock_guard lock(m_mutex);
        ++m_completed;
        return {};
    }
    Job job{&work, nullptr, false, {}};
    std::unique_lock lock(m_mutex);
    if (fullLocked()) return std::unexpected(refusalLocked());
    m_jobs.push_back(&job);
    m_wake.notify_one();
    job.finished.wait(lock, [&job] { return job.done; });
    if (job.error) std::rethrow_exception(job.error);
    return {};
}

Result<void> LoginLane::admits() {
    std::lock_guard lock(m_mutex);
    if (!m_threads.empty() && fullLocked()) return std::unexpected(refusalLocked());
    return {};
}

bool LoginLane::fullLocked() const {
    return m_jobs.size() >= static_cast<std::size_t>(m_settings.queue);
}

// Counts the refusal too.
Error LoginLane::refusalLocked() {
    ++m_refused;
    // When the queue ahead of a new request would have drained, at the lane's pace, plus 0 to as
    // much again, in turn: refused clients that all came back after the same second would refill
    // the queue at once and be refused together again.
    const double drain =
        static_cast<double>(m_jobs.size() + m_running) * m_meanSeconds / m_threads.size();
    const auto base = std::clamp<long long>(static_cast<long long>(std::ceil(drain)), 1, 30);
    const auto seconds = base + static_cast<long long>(m_refused % (base + 1));
    Error error = Error::unavailable("too many sign-ins at once; try again in " +
                                     std::to_string(seconds) + " s");
    error.details = {{"retry_after_seconds", seconds}};
    return error;
}

void LoginLane::work() {
    // Linux applies nice per thread (a thread id is a process id to setpriority); the sale's
    // threads keep theirs. Failing only costs the preference.
    if (m_settings.nice > 0 &&
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), m_settings.nice) != 0)
        std::perror("bilheteria: login lane: setpriority");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_jobs.empty()) return; // stopping, and nobody waits
        Job* job = m_jobs.front();
        m_jobs.pop_front();
        ++m_running;
        lock.unlock();
        const auto start = std::chrono::steady_clock::now();
        try {
            (*job->work)();
        } catch (...) {
            job->error = std::current_exception();
        }
        const double took =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        lock.lock();
        --m_running;
        ++m_completed;
        m_meanSeconds = 0.9 * m_meanSeconds + 0.1 * took;
        job->done = true;
        job->finished.notify_one();
    }
}

std::size_t LoginLane::waiting() const {
    std::lock_guard lock(m_mutex);
    return m_jobs.size();
}

std::size_t LoginLane::running() const {
    std::lock_guard lock(m_mutex);
    return m_running;
}

std::uint64_t LoginLane::refused() const {
    std::lock_guard lock(m_mutex);
    return m_refused;
}

std::uint64_t LoginLane::completed() const {
    std::lock_guard lock(m_mutex);
    return m_completed;
}

} // namespace bilheteria
