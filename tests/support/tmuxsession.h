// A program running in a real terminal, driven as a person would: tmux (a server of the
// test's own, on its own socket) runs it in a pane of a fixed size, `send-keys` types and
// `capture-pane` reads the screen. What the full-screen client's tests use.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace bilheteria::testing {

// `text` in single quotes for sh, with any quote inside escaped.
std::string shellQuoted(const std::string& text);

class TmuxSession {
public:
    // Starts `command` (argv) with `environment` added, in a `width`×`height` UTF-8 pane.
    TmuxSession(const std::vector<std::string>& command,
                const std::map<std::string, std::string>& environment, int width = 120,
                int height = 36);
    ~TmuxSession();
    TmuxSession(const TmuxSession&) = delete;
    TmuxSession& operator=(const TmuxSession&) = delete;

    // tmux key names: "Enter", "Tab", "Escape", "F2", "Up", "Space", or characters.
    void keys(const std::vector<std::string>& keys);
    // Types the text literally.
    void type(const std::string& text);
    void resize(int width, int height);

    // The pane's text now, one line per row.
    std::string screen() const;
    // Saves the screen as NAME.txt in $BILHETERIA_TERM_SCREENSHOT_DIR when that is set (what
    // scripts/screenshots collects for the docs); does nothing otherwise.
    void snapshot(const std::string& name) const;
    // Waits until the screen shows `text`; false after `timeout` (then screen() says why).
    bool waitFor(const std::string& text,
                 std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
    // Waits until the program has exited; its exit status, or -1 after `timeout`.
    int waitForExit(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

private:
    std::string tmux(const std::string& arguments) const;

    std::string m_socket;
};

} // namespace bilheteria::testing
