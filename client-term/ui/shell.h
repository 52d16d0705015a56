// The terminal app's frame: the curses terminal, the stack of screens (the top one is shown),
// the title bar, the message line and the F-key status line, and the session every screen
// shares (the API client, the signed-in user, the language). The loop redraws after every key,
// resize (SIGWINCH arrives as KEY_RESIZE) and tick.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client-term/models/format.h"
#include "client-term/models/signin.h"
#include "client-term/net/apiclient.h"
#include "client-term/ui/screen.h"
#include "client-term/ui/terminal.h"

namespace bilheteria::term {

class Shell {
public:
    Shell(SignIn& signIn, Language language);

    // Runs until quit() or the last screen closes; returns the app's exit status.
    int run(std::unique_ptr<Screen> first);

    void push(std::unique_ptr<Screen> screen);
    // Closes the top screen (it lives until the shell's next turn, so its code may go on) and
    // clears the message line: say() after pop() to tell the screen below something.
    void pop();
    // Closes every screen and shows this one (after sign-in, after sign-out).
    void replaceAll(std::unique_ptr<Screen> screen);
    void quit(int status = 0);

    // The message line: the last thing that happened, until the next message.
    void say(std::string message, Look look = Look::Normal);
    void sayError(const ApiError& error);
    // Runs `request` (a purchase, refund or exchange: it blocks while ApiClient asks again
    // about an unknown outcome) and, before each such retry, shows `message` at once.
    template <typename Request> auto whileConfirming(const char* message, Request request) {
        m_api->setConfirmingHandler([this, message] { sayNow(tr(message), Look::Warn); });
        auto result = request();
        m_api->setConfirmingHandler({});
        return result;
    }

    ApiClient& api() { return *m_api; }
    SignIn& signIn() { return m_signIn; }
    // A new API client after the trust changed (a certificate was pinned).
    void resetApi();
    Language language() const { return m_language; }
    const char* tr(const char* english) const;

    const std::optional<User>& user() const { return m_user; }
    void setUser(std::optional<User> user) { m_user = std::move(user); }
    // Anyone but a buyer: counter staff, door staff, organizers, admins.
    bool isStaff() const;
    // Counter staff (clerks, organizers, admins): they sell for cash, refund and see the shift.
    bool isCounter() const;
    // Door staff only: the event list opens the door.
    bool isDoor() const;
    bool isOrganizer() const;

private:
    void draw();
    // say(), then draws at once (the loop is blocked in a request meanwhile).
    void sayNow(std::string message, Look look);

    SignIn& m_signIn;
    Language m_language;
    std::unique_ptr<ApiClient> m_api;
    std::optional<User> m_user;
    std::unique_ptr<Terminal> m_terminal;
    std::vector<std::unique_ptr<Screen>> m_stack;
    std::vector<std::unique_ptr<Screen>> m_closed; // deleted after the key that closed them
    std::string m_message;
    Look m_messageLook = Look::Normal;
    bool m_quit = false;
    int m_status = 0;
};

} // namespace bilheteria::term
