#include "server/http/workerpool.h"

#include <algorithm>
#include <cstdio>
#include <system_error>
#include <thread>

namespace bilheteria {

namespace {

// The pool whose worker is the calling thread.
thread_local WorkerPool* t_pool = nullptr;

} // namespace

WorkerPool::WorkerPool(std::size_t workers, std::size_t maxStreams,
                       std::shared_ptr<WorkerPoolStats> stats)
    : m_workers(std::max<std::size_t>(1, workers))
    , m_maxStreams(maxStreams)
    , m_stats(std::move(stats)) {
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < m_workers; ++i)
        spawnLocked();
}

WorkerPool::~WorkerPool() {
    shutdown();
}

void WorkerPool::enqueue(std::function<void()> job) {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
    // Idle threads that were woken but have not taken their job yet still count as idle: only
    // queued jobs beyond the idle threads need another one.
    if (m_jobs.size() <= m_idle)
        m_wake.notify_one();
    else if (m_threads < m_workers + m_streams)
        spawnLocked(); // a stream holds a worker: this connection gets a thread of its own
    // else every worker serves an ordinary connection: the job waits, as in a fixed pool
}

void WorkerPool::shutdown() {
    std::unique_lock lock(m_mutex);
    m_stopping = true;
    m_wake.notify_all();
    m_exited.wait(lock, [this] { return m_threads == 0; });
}

void WorkerPool::spawnLocked() {
    ++m_threads;
    try {
        // Detached: the last thing a thread does is count itself out under the lock, and
        // shutdown() waits for that count.
        std::thread([this] { work(); }).detach();
    } catch (const std::system_error& error) {
        // Out of threads (ulimit -u, memory): the job waits for a worker instead.
        --m_threads;
        std::fprintf(stderr, "bilheteria: cannot start a worker thread: %s\n", error.what());
    }
    m_stats->threads = m_threads;
}

void WorkerPool::work() {
    t_pool = this;
    std::unique_lock lock(m_mutex);
    for (;;) {
        while (m_jobs.empty()) {
            // Idle beyond the workers and the streams' threads: this thread is not needed.
            if (m_stopping || m_threads > m_workers + m_streams) {
                --m_threads;
                m_stats->threads = m_threads;
                m_exited.notify_all();
                return;
            }
            ++m_idle;
            m_wake.wait(lock);
            --m_idle;
        }
        auto job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        job();
        job = nullptr; // the connection's state goes before the lock is taken again
        lock.lock();
    }
}

std::unique_ptr<WorkerPool::StreamSlot> WorkerPool::beginStream() {
    WorkerPool* pool = t_pool;
    if (!pool) return nullptr;
    std::lock_guard lock(pool->m_mutex);
    if (pool->m_streams >= pool->m_maxStreams) return nullptr;
    ++pool->m_streams;
    pool->m_stats->streams = pool->m_streams;
    // A connection queued while every worker was busy gets this one's place at once.
    if (pool->m_jobs.size() > pool->m_idle && pool->m_threads < pool->m_workers + pool->m_streams)
        pool->spawnLocked();
    return std::make_unique<StreamSlot>(*pool);
}

WorkerPool::StreamSlot::~StreamSlot() {
    std::lock_guard lock(m_pool.m_mutex);
    --m_pool.m_streams;
    m_pool.m_stats->streams = m_pool.m_streams;
}

} // namespace bilheteria
