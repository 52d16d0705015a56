// Runs periodic maintenance (expired sessions now; the hold sweeper later) on one background
// thread, and stops promptly when asked.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bilheteria {

class Housekeeper {
public:
    struct Task {
        std::string name;
        std::chrono::milliseconds every;
        std::function<void()> run;
    };

    explicit Housekeeper(std::vector<Task> tasks);
    ~Housekeeper(); // stops and joins
    Housekeeper(const Housekeeper&) = delete;
    Housekeeper& operator=(const Housekeeper&) = delete;

private:
    void loop();

    std::vector<Task> m_tasks;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace bilheteria
