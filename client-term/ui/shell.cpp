#include "client-term/ui/shell.h"

#include <curses.h>

#include "client-term/models/translations.h"

namespace bilheteria::term {

namespace {

constexpr int kMinWidth = 60;
constexpr int kMinHeight = 16;
constexpr int kTickMs = 200;
constexpr int kCtrlC = 3;

} // namespace

Shell::Shell(SignIn& signIn, Language language)
    : m_signIn(signIn)
    , m_language(language) {
    resetApi();
}

void Shell::resetApi() {
    std::string token = m_api ? m_api->token() : std::string{};
    m_api = std::make_unique<ApiClient>(m_signIn.address(), m_signIn.trust());
    if (token.empty()) token = m_signIn.savedToken().value_or("");
    m_api->setToken(token);
}

const char* Shell::tr(const char* english) const {
    return term::tr(m_language, english);
}

bool Shell::isStaff() const {
    return m_user && m_user->role != Role::Buyer;
}

bool Shell::isCounter() const {
    return isStaff() && !isDoor();
}

bool Shell::isDoor() const {
    return m_user && m_user->role == Role::Door;
}

bool Shell::isOrganizer() const {
    return m_user && (m_user->role == Role::Organizer || m_user->role == Role::Admin);
}

void Shell::push(std::unique_ptr<Screen> screen) {
    m_stack.push_back(std::move(screen));
}

void Shell::pop() {
    if (m_stack.empty()) return;
    m_closed.push_back(std::move(m_stack.back()));
    m_stack.pop_back();
    // What was said was about the screen just closed (the screen below may say something new).
    m_message.clear();
    if (!m_stack.empty()) m_stack.back()->resumed();
}

void Shell::replaceAll(std::unique_ptr<Screen> screen) {
    while (!m_stack.empty()) {
        m_closed.push_back(std::move(m_stack.back()));
        m_stack.pop_back();
    }
    m_stack.push_back(std::move(screen));
}

void Shell::quit(int status) {
    m_quit = true;
    m_status = status;
}

void Shell::say(std::string message, Look look) {
    m_message = std::move(message);
    m_messageLook = look;
}

void Shell::sayNow(std::string message, Look look) {
    say(std::move(message), look);
    if (m_terminal && !m_stack.empty()) draw();
}

void Shell::sayError(const ApiError& error) {
    std::string message = error.error.message;
    if (error.kind == ApiError::Kind::Network)
        message = std::string(tr("No answer from the server")) + ": " + message;
    if (error.retryAfterSeconds > 0)
        message += " — " + trArgs(m_language, "try again in %1 s",
                                  {std::to_string(error.retryAfterSeconds)});
    say(std::move(message), Look::Bad);
}

int Shell::run(std::unique_ptr<Screen> first) {
    m_terminal = std::make_unique<Terminal>();
    push(std::move(first));
    while (!m_quit && !m_stack.empty()) {
        draw();
        const Key key = m_terminal->read(kTickMs);
        if (key.code == KEY_RESIZE) {
            // ncurses has taken the new size from SIGWINCH; the next draw lays out anew.
            m_terminal->clear();
            continue;
        }
        if (key.code == KEY_F(10) || key.code == kCtrlC) {
            quit(0);
        } else if (!key.none()) {
            m_stack.back()->key(key);
        }
        if (!m_quit && !m_stack.empty()) m_stack.back()->tick();
        m_closed.clear();
    }
    // Screens close before curses ends (a checkout gives its seats back on the way out).
    while (!m_stack.empty()) {
        m_closed.push_back(std::move(m_stack.back()));
        m_stack.pop_back();
    }
    m_closed.clear();
    m_terminal.reset();
    return m_status;
}

void Shell::draw() {
    Terminal& t = *m_terminal;
    t.clear();
    t.cursorAt(-1, 0);
    const int width = t.width(), height = t.height();
    if (width < kMinWidth || height < kMinHeight) {
        t.paragraph(0, 0,
                    trArgs(m_language, "Make the terminal at least %1×%2 (now %3×%4)",
                           {std::to_string(kMinWidth), std::to_string(kMinHeight),
                            std::to_string(width), std::to_string(height)}),
                    Look::Warn, width);
        t.present();
        return;
    }
    Screen& screen = *m_stack.back();

    // Title bar: the app, the screen, and who is signed in where.
    t.fill(0, 0, width, Look::Title);
    t.text(0, 1, "Bilheteria · " + screen.title(), Look::Title, width - 2);
    if (m_user) {
        const std::string who = m_user->name + " (" + std::string(roleName(m_user->role)) + ") @ " +
                                m_signIn.address().host;
        const int cells = cellsOf(who);
        if (cells + 4 < width / 2) t.text(0, width - cells - 1, who, Look::Title);
    }

    // The screen, then the message line and the F-key hints.
    const Area area{2, 1, height - 5, width - 2};
    screen.draw(t, area);
    t.text(height - 2, 1, m_message, m_messageLook, width - 2);
    t.fill(height - 1, 0, width, Look::Status);
    // The screen's hints as far as they fit, and always the way out last.
    const Hint quit{"F10", tr("Quit")};
    const auto cellsOfHint = [](const Hint& hint) {
        return cellsOf(hint.key) + 1 + cellsOf(hint.label) + 2;
    };
    int column = 0;
    const auto drawHint = [&](const Hint& hint) {
        t.text(height - 1, column, hint.key, Look::Normal);
        t.text(height - 1, column + cellsOf(hint.key) + 1, hint.label, Look::Status);
        column += cellsOfHint(hint);
    };
    for (const Hint& hint : screen.hints()) {
        if (column + cellsOfHint(hint) + cellsOfHint(quit) > width) break;
        drawHint(hint);
    }
    drawHint(quit);
    t.present();
}

} // namespace bilheteria::term
