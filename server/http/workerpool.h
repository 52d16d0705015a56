// cpp-httplib's task queue for the server: a fixed number of workers for ordinary connections,
// plus one thread per open live stream, made on demand.
//
// cpp-httplib runs each connection on one thread for the connection's whole life, so a stream
// (GET /api/v1/events/{id}/stream, open for hours) holds its thread. With a fixed pool, 64 idle
// streams would leave no worker for anyone else. Here a connection that turns into a stream
// leaves the pool's count (beginStream()), and the pool may run one more thread in its place, up
// to maxStreams streams; threads beyond the count end once they are idle again.
//
// Threads keep the default stack size (8 MiB of address space, of which only the pages used are
// resident): cpp-httplib matches routes and Range headers with std::regex, which recurses per
// character — a 500-digit event id crashes a 256 KiB stack and 4,000 digits a 1 MiB one, and
// any thread may meet such a request before it knows it will be a stream.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace bilheteria {

// Read by the metrics at any time, also before and after the pool exists.
struct WorkerPoolStats {
    std::atomic<std::size_t> threads{0};
    std::atomic<std::size_t> streams{0};
};

class WorkerPool : public httplib::TaskQueue {
public:
    WorkerPool(std::size_t workers, std::size_t maxStreams, std::shared_ptr<WorkerPoolStats> stats);
    ~WorkerPool() override;
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void enqueue(std::function<void()> job) override;
    // Runs the queued jobs, then returns once every thread has ended.
    void shutdown() override;

    // While it lives, the calling worker's connection is a stream and does not count against
    // the workers. Released on the same thread.
    class StreamSlot {
    public:
        explicit StreamSlot(WorkerPool& pool)
            : m_pool(pool) {}
        ~StreamSlot();
        StreamSlot(const StreamSlot&) = delete;
        StreamSlot& operator=(const StreamSlot&) = delete;

    private:
        WorkerPool& m_pool;
    };
    // For the connection the calling thread serves; nullptr when maxStreams streams are open
    // already, or the thread is none of a WorkerPool's.
    static std::unique_ptr<StreamSlot> beginStream();

private:
    void work();
    void spawnLocked();

    const std::size_t m_workers;
    const std::size_t m_maxStreams;
    std::shared_ptr<WorkerPoolStats> m_stats;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_exited;
    std::deque<std::function<void()>> m_jobs;
    std::size_t m_threads = 0;
    std::size_t m_idle = 0;
    std::size_t m_streams = 0;
    bool m_stopping = false;
};

} // namespace bilheteria
