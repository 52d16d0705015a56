// An event's waiting room: the buyer's place, how many are ahead and the estimated wait (or,
// joined before the sale opens, the opening draw's time, size and wait range),
// refreshed every few seconds; the proof of work the server may ask for is solved quietly on
// joining. Once admitted, back to the seats with the admission's end in view.
#include <chrono>

#include <curses.h>

#include "client-term/models/translations.h"
#include "client-term/models/waitingroom.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"

namespace bilheteria::term {

namespace {

constexpr auto kPollEvery = std::chrono::seconds(2);

class WaitingRoomScreen : public Screen {
public:
    WaitingRoomScreen(Shell& shell, Event event)
        : m_shell(shell)
        , m_event(std::move(event))
        , m_room(shell.api(), m_event.summary.id) {}

    std::string title() const override { return m_shell.tr("Waiting room"); }
    std::vector<Hint> hints() const override {
        return {{"F5", m_shell.tr("Refresh")}, {"Esc", m_shell.tr("Back")}};
    }

    void draw(Terminal& t, const Area& area) override {
        const Language language = m_shell.language();
        int row = area.top;
        t.text(row++, area.left, m_event.summary.name, Look::Strong);
        ++row;
        if (!m_joined) {
            t.text(row, area.left, m_shell.tr("Taking your place in the line …"), Look::Dim);
            return;
        }
        const QueueStatus& status = m_room.status();
        if (status.admitted) {
            t.text(row++, area.left, m_shell.tr("It is your turn: choose your seats now."),
                   Look::Good);
            return;
        }
        if (status.lapsed) {
            t.text(row++, area.left, m_shell.tr("Your turn came and went: the admission ran out."),
                   Look::Bad);
            return;
        }
        if (status.draw) return drawOpening(t, area, row, *status.draw);
        t.text(row++, area.left, m_shell.tr("Your place in the line"), Look::Dim);
        const auto big = bigText(std::to_string(status.position));
        for (const auto& line : big)
            t.text(row++, area.left, line, Look::Strong);
        ++row;
        t.text(row++, area.left,
               trArgs(language, "%1 people ahead of you", {std::to_string(status.ahead)}));
        if (status.estimatedWaitSeconds)
            t.text(row++, area.left,
                   trArgs(language, "About %1 to wait",
                          {formatCountdown(*status.estimatedWaitSeconds)}));
        ++row;
        t.paragraph(row, area.left,
                    m_shell.tr("Keep this screen open: places are given in the order people "
                               "arrived, and leaving does not lose yours."),
                    Look::Dim, area.width);
    }

    void key(const Key& key) override {
        if (key.code == 27) m_shell.pop();
        if (key.code == KEY_F(5)) poll(true);
    }

    void tick() override {
        if (!m_joined) {
            auto joined = m_room.join();
            if (!joined) {
                m_shell.sayError(joined.error());
                m_shell.pop();
                return;
            }
            m_joined = true;
            m_lastPoll = std::chrono::steady_clock::now();
            admittedYet();
            return;
        }
        poll(false);
    }

private:
    // Joined before the sale opens: no number yet, the order is drawn at the opening.
    void drawOpening(Terminal& t, const Area& area, int row, const QueueDraw& draw) {
        const Language language = m_shell.language();
        t.text(row++, area.left, m_shell.tr("You are in the opening draw"), Look::Strong);
        ++row;
        t.text(row++, area.left,
               trArgs(language, "%1 people in the draw so far", {std::to_string(draw.entrants)}));
        t.text(
            row++, area.left,
            trArgs(language, "About %1 to %2 to wait",
                   {formatCountdown(draw.waitMinSeconds), formatCountdown(draw.waitMaxSeconds)}));
        ++row;
        t.paragraph(row, area.left,
                    trArgs(language,
                           "At %1, when the sale opens, everyone who joined before then is put in "
                           "a random order: arriving early gives no edge. Keep this screen open.",
                           {formatTime(draw.at, language)}),
                    Look::Dim, area.width);
    }

    void poll(bool now) {
        const auto time = std::chrono::steady_clock::now();
        if (!now && time - m_lastPoll < kPollEvery) return;
        m_lastPoll = time;
        auto status = m_room.refresh();
        if (!status) {
            m_shell.sayError(status.error());
            return;
        }
        admittedYet();
    }

    void admittedYet() {
        const QueueStatus& status = m_room.status();
        if (!status.admitted) return;
        std::string until;
        if (status.admittedUntil) until = formatTime(*status.admittedUntil, m_shell.language());
        m_shell.pop(); // this screen lives on until the shell's next turn
        m_shell.say(trArgs(m_shell.language(), "You are in: hold your seats before %1.", {until}),
                    Look::Good);
    }

    Shell& m_shell;
    Event m_event;
    WaitingRoom m_room;
    bool m_joined = false;
    std::chrono::steady_clock::time_point m_lastPoll{};
};

} // namespace

std::unique_ptr<Screen> waitingRoomScreen(Shell& shell, Event event) {
    return std::make_unique<WaitingRoomScreen>(shell, std::move(event));
}

} // namespace bilheteria::term
