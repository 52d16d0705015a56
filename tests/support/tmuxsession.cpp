#include "tests/support/tmuxsession.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace bilheteria::testing {

std::string shellQuoted(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {

std::string run(const std::string& command, int* status = nullptr) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::array<char, 4096> buffer{};
    std::size_t got;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        output.append(buffer.data(), got);
    const int result = ::pclose(pipe);
    if (status) *status = result;
    return output;
}

} // namespace

TmuxSession::TmuxSession(const std::vector<std::string>& command,
                         const std::map<std::string, std::string>& environment, int width,
                         int height) {
    static int counter = 0;
    m_socket = "bilheteria-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    std::string line = "env LANG=C.UTF-8 LC_ALL=C.UTF-8";
    for (const auto& [name, value] : environment)
        line += " " + name + "=" + shellQuoted(value);
    for (const auto& argument : command)
        line += " " + shellQuoted(argument);
    // remain-on-exit keeps the pane (and the exit status) after the program ends.
    int status = 0;
    run("tmux -u -L " + m_socket +
            " -f /dev/null start-server \\; set-option -g remain-on-exit on \\; "
            "set-option -g escape-time 0 \\; new-session -d -s main -x " +
            std::to_string(width) + " -y " + std::to_string(height) + " " + shellQuoted(line) +
            " 2>&1",
        &status);
    if (status != 0) throw std::runtime_error("tmux could not start " + line);
}

TmuxSession::~TmuxSession() {
    run("tmux -L " + m_socket + " kill-server 2>/dev/null");
}

std::string TmuxSession::tmux(const std::string& arguments) const {
    return run("tmux -u -L " + m_socket + " " + arguments + " 2>&1");
}

void TmuxSession::keys(const std::vector<std::string>& keys) {
    // One key a call, a moment apart: as typed, and an Escape never merges with the next key.
    for (const auto& key : keys) {
        tmux("send-keys -t main " + shellQuoted(key));
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
    }
}

void TmuxSession::type(const std::string& text) {
    tmux("send-keys -t main -l " + shellQuoted(text));
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
}

void TmuxSession::resize(int width, int height) {
    tmux("resize-window -t main -x " + std::to_string(width) + " -y " + std::to_string(height));
}

std::string TmuxSession::screen() const {
    return tmux("capture-pane -p -t main");
}

void TmuxSession::snapshot(const std::string& name) const {
    const char* dir = std::getenv("BILHETERIA_TERM_SCREENSHOT_DIR");
    if (!dir || !*dir) return;
    std::filesystem::create_directories(dir);
    std::ofstream(std::filesystem::path(dir) / (name + ".txt"), std::ios::binary) << screen();
}

bool TmuxSession::waitFor(const std::string& text, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        if (screen().find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

int TmuxSession::waitForExit(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int deadPolls = 0;
    do {
        // tmux marks the pane dead when the terminal closes and learns how the process ended only
        // when it reaps it a moment later: wait for that (a signal reads as 128 + its number).
        if (tmux("display-message -p -t main '#{pane_dead}'").rfind('1', 0) == 0) {
            const std::string status = tmux("display-message -p -t main '#{pane_dead_status}'");
            if (!status.empty() && std::isdigit(static_cast<unsigned char>(status[0])))
                return std::atoi(status.c_str());
            const std::string signal = tmux("display-message -p -t main '#{pane_dead_signal}'");
            if (!signal.empty() && std::isdigit(static_cast<unsigned char>(signal[0])))
                return 128 + std::atoi(signal.c_str());
            // tmux 3.3a sometimes misses the SIGCHLD of the pane's process and leaves it a
            // zombie, unreaped for good (seen with every build of the app): after a moment,
            // a SIGCHLD of our own makes the server reap it and learn its status.
            if (++deadPolls % 10 == 0) {
                const int server = std::atoi(tmux("display-message -p '#{pid}'").c_str());
                if (server > 0) ::kill(server, SIGCHLD);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < deadline);
    return -1;
}

} // namespace bilheteria::testing
