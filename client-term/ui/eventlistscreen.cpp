// The events on sale, with a search ('/' to type, Esc to clear).
#include <algorithm>
#include <cctype>

#include <curses.h>

#include "client-term/models/translations.h"
#include "client-term/ui/lineedit.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"

namespace bilheteria::term {

namespace {

// Lower-case ASCII letters only: accents compare as typed ("São" finds "são").
std::string folded(std::string text) {
    for (auto& ch : text)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return text;
}

class EventListScreen : public Screen {
public:
    explicit EventListScreen(Shell& shell)
        : m_shell(shell) {
        reload();
    }

    std::string title() const override { return m_shell.tr("Events"); }
    std::vector<Hint> hints() const override {
        std::vector<Hint> hints{
            {"Enter", m_shell.isDoor() ? m_shell.tr("Door") : m_shell.tr("Open")},
            {"/", m_shell.tr("Search")},
            {"F5", m_shell.tr("Refresh")}};
        if (m_shell.isCounter()) hints.push_back({"F2", m_shell.tr("Shift")});
        if (m_shell.isOrganizer()) hints.push_back({"F3", m_shell.tr("Sales")});
        if (m_shell.isStaff() && !m_shell.isDoor()) hints.push_back({"F6", m_shell.tr("Door")});
        if (m_shell.isCounter()) hints.push_back({"F7", m_shell.tr("After the sale")});
        hints.push_back({"F4", m_shell.tr("Sign out")});
        return hints;
    }

    void resumed() override { reload(); }

    void draw(Terminal& t, const Area& area) override {
        int row = area.top;
        t.text(row, area.left, m_shell.tr("Search:"), m_searching ? Look::Strong : Look::Dim);
        m_search.draw(t, row, area.left + 9, std::min(40, area.width - 10), m_searching);
        row += 2;
        const auto shown = visible();
        if (shown.empty()) {
            t.text(row, area.left,
                   m_events.empty() ? m_shell.tr("No events on sale.")
                                    : m_shell.tr("No event matches the search."),
                   Look::Dim);
            return;
        }
        // Columns: name, venue, date, from, available.
        const int dateWidth = 17, priceWidth = 13, freeWidth = 12;
        const int rest = std::max(20, area.width - dateWidth - priceWidth - freeWidth - 4);
        const int nameWidth = rest * 3 / 5, venueWidth = rest - nameWidth;
        const int cDate = area.left + nameWidth + venueWidth + 2;
        const int cPrice = cDate + dateWidth + 1, cFree = cPrice + priceWidth + 1;
        t.text(row, area.left + 2, m_shell.tr("Event"), Look::Dim, nameWidth);
        t.text(row, area.left + nameWidth + 1, m_shell.tr("Venue"), Look::Dim, venueWidth);
        t.text(row, cDate, m_shell.tr("When"), Look::Dim);
        t.text(row, cPrice, m_shell.tr("From"), Look::Dim);
        t.text(row, cFree, m_shell.tr("Available"), Look::Dim);
        ++row;
        const int lines = area.bottom() - row;
        m_selected = std::clamp(m_selected, 0, static_cast<int>(shown.size()) - 1);
        if (m_selected < m_scroll) m_scroll = m_selected;
        if (m_selected >= m_scroll + lines) m_scroll = m_selected - lines + 1;
        for (int i = m_scroll; i < static_cast<int>(shown.size()) && row < area.bottom(); ++i) {
            const EventSummary& e = *shown[static_cast<std::size_t>(i)];
            const bool focus = i == m_selected;
            const Look look = focus ? Look::Focus : Look::Normal;
            if (focus) t.fill(row, area.left, area.width, Look::Focus);
            // A marker as well as the highlight: the focus reads without colour too.
            t.text(row, area.left, (focus ? "> " : "  ") + e.name, look, nameWidth);
            t.text(row, area.left + nameWidth + 1, e.venue, look, venueWidth);
            t.text(row, cDate, formatTime(e.startsAt, m_shell.language()), look);
            t.text(row, cPrice, formatMoney(e.minPriceCents, e.currency, m_shell.language()), look);
            const std::string free =
                e.available == 0 ? m_shell.tr("sold out") : std::to_string(e.available);
            t.text(row, cFree, free + (e.queueEnabled ? " ⧗" : ""),
                   focus ? look : (e.available == 0 ? Look::Bad : Look::Good));
            ++row;
        }
    }

    void key(const Key& key) override {
        if (m_searching) {
            if (key.code == KEY_ENTER || key.code == KEY_DOWN) {
                m_searching = false;
            } else if (key.code == 27) {
                m_search.clear();
                m_searching = false;
            } else {
                m_search.handle(key);
                m_selected = 0;
            }
            return;
        }
        const auto shown = visible();
        if (key.is('/')) {
            m_searching = true;
        } else if (key.code == KEY_UP) {
            --m_selected;
        } else if (key.code == KEY_DOWN) {
            ++m_selected;
        } else if (key.code == KEY_PPAGE) {
            m_selected -= 10;
        } else if (key.code == KEY_NPAGE) {
            m_selected += 10;
        } else if (key.code == KEY_F(5)) {
            reload();
        } else if (key.code == 27 && !m_search.empty()) {
            m_search.clear();
        } else if (key.code == KEY_ENTER && !shown.empty() && m_shell.isDoor()) {
            openWith(current(shown)->id, doorScreen);
        } else if (key.code == KEY_ENTER && !shown.empty()) {
            m_shell.push(eventScreen(m_shell, current(shown)->id));
        } else if (key.code == KEY_F(2) && m_shell.isCounter()) {
            m_shell.push(shiftScreen(m_shell));
        } else if (key.code == KEY_F(3) && m_shell.isOrganizer() && !shown.empty()) {
            openWith(current(shown)->id, salesScreen);
        } else if (key.code == KEY_F(6) && m_shell.isStaff() && !shown.empty()) {
            openWith(current(shown)->id, doorScreen);
        } else if (key.code == KEY_F(7) && m_shell.isCounter()) {
            m_shell.push(afterSaleScreen(m_shell));
        } else if (key.code == KEY_F(4)) {
            (void)m_shell.api().logout();
            m_shell.signIn().forgetToken();
            m_shell.api().setToken("");
            m_shell.setUser(std::nullopt);
            m_shell.say(m_shell.tr("Signed out."));
            m_shell.replaceAll(signInScreen(m_shell));
        }
        m_selected = std::clamp(m_selected, 0, std::max(0, static_cast<int>(shown.size()) - 1));
    }

private:
    // A screen on the whole event (its sections), read first.
    void openWith(Id eventId, std::unique_ptr<Screen> (*make)(Shell&, Event)) {
        auto event = m_shell.api().event(eventId);
        if (event)
            m_shell.push(make(m_shell, std::move(*event)));
        else
            m_shell.sayError(event.error());
    }

    void reload() {
        auto events = m_shell.api().events();
        if (!events) {
            m_shell.sayError(events.error());
            return;
        }
        m_events = std::move(*events);
    }

    std::vector<const EventSummary*> visible() const {
        const std::string needle = folded(m_search.text());
        std::vector<const EventSummary*> shown;
        for (const auto& e : m_events)
            if (needle.empty() || folded(e.name).find(needle) != std::string::npos ||
                folded(e.venue).find(needle) != std::string::npos)
                shown.push_back(&e);
        return shown;
    }

    const EventSummary* current(const std::vector<const EventSummary*>& shown) const {
        return shown[static_cast<std::size_t>(
            std::clamp(m_selected, 0, static_cast<int>(shown.size()) - 1))];
    }

    Shell& m_shell;
    std::vector<EventSummary> m_events;
    LineEdit m_search;
    bool m_searching = false;
    int m_selected = 0;
    int m_scroll = 0;
};

} // namespace

std::unique_ptr<Screen> eventListScreen(Shell& shell) {
    return std::make_unique<EventListScreen>(shell);
}

} // namespace bilheteria::term
