// The HTTP server's worker pool: ordinary connections get the fixed workers, a connection that
// turns into a live stream gives its worker's place to a new thread, and no queued connection
// is left waiting while there is room.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "server/http/workerpool.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

// A job that runs until released, as a connection holds its thread; optionally a stream.
class Gate {
public:
    std::function<void()> job(bool stream) {
        return [this, stream] {
            std::unique_ptr<WorkerPool::StreamSlot> slot;
            if (stream) slot = WorkerPool::beginStream();
            {
                std::lock_guard lock(m_mutex);
                ++m_started;
                if (stream && slot) ++m_streams;
                m_changed.notify_all();
            }
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_open; });
        };
    }
    bool waitStarted(int count, std::chrono::milliseconds timeout = 3s) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_started >= count; });
    }
    int started() {
        std::lock_guard lock(m_mutex);
        return m_started;
    }
    int streams() {
        std::lock_guard lock(m_mutex);
        return m_streams;
    }
    void open() {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_started = 0;
    int m_streams = 0;
    bool m_open = false;
};

TEST(WorkerPoolTest, OrdinaryJobsWaitForTheFixedWorkers) {
    auto stats = std::make_shared<WorkerPoolStats>();
    WorkerPool pool(2, 10, stats);
    Gate gate;
    for (int i = 0; i < 3; ++i)
        pool.enqueue(gate.job(false));
    ASSERT_TRUE(gate.waitStarted(2));
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(gate.started(), 2) << "a third ordinary connection waits, as in a fixed pool";
    EXPECT_EQ(stats->threads, 2u);
    gate.open();
    EXPECT_TRUE(gate.waitStarted(3));
    pool.shutdown();
    EXPECT_EQ(stats->threads, 0u);
}

TEST(WorkerPoolTest, StreamsLeaveTheirWorkersPlaceToNewThreads) {
    auto stats = std::make_shared<WorkerPoolStats>();
    WorkerPool pool(2, 3, stats);
    Gate streams, ordinary;
    // Three streams at once on two workers: each gives its worker's place away.
    for (int i = 0; i < 3; ++i)
        pool.enqueue(streams.job(true));
    ASSERT_TRUE(streams.waitStarted(3));
    EXPECT_EQ(streams.streams(), 3);
    EXPECT_EQ(stats->streams, 3u);
    // The two workers are still there for ordinary connections, both at once.
    pool.enqueue(ordinary.job(false));
    pool.enqueue(ordinary.job(false));
    EXPECT_TRUE(ordinary.waitStarted(2, 2s)) << "only " << ordinary.started() << " started";
    EXPECT_EQ(stats->threads, 5u);
    // A fourth stream is beyond maxStreams: it stays an ordinary connection and waits.
    Gate excess;
    pool.enqueue(excess.job(true));
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(excess.started(), 0);
    ordinary.open();
    ASSERT_TRUE(excess.waitStarted(1));
    EXPECT_EQ(excess.streams(), 0) << "no slot beyond maxStreams";
    streams.open();
    excess.open();
    // Idle threads beyond the workers end.
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (stats->threads > 2u && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);
    EXPECT_EQ(stats->threads, 2u);
    EXPECT_EQ(stats->streams, 0u);
    pool.shutdown();
}

TEST(WorkerPoolTest, AJobQueuedBehindAWokenWorkerStillGetsAThread) {
    auto stats = std::make_shared<WorkerPoolStats>();
    WorkerPool pool(2, 10, stats);
    Gate stream, ordinary;
    pool.enqueue(stream.job(true));
    ASSERT_TRUE(stream.waitStarted(1));
    // One worker idle, room for one more thread: two connections in quick succession must
    // both run, though the idle worker has not woken up for the first when the second comes.
    pool.enqueue(ordinary.job(false));
    pool.enqueue(ordinary.job(false));
    EXPECT_TRUE(ordinary.waitStarted(2, 2s)) << "only " << ordinary.started() << " started";
    stream.open();
    ordinary.open();
    pool.shutdown();
}

} // namespace
} // namespace bilheteria::testing
