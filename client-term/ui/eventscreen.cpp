// An event's page: the seat map drawn in the terminal (a cursor seat to seat, or zoomed out to
// its sections), general admission quantities, best available, and the live stream that
// changes seats while the clerk or buyer looks. Enter holds what is chosen.
#include <algorithm>
#include <functional>
#include <map>

#include <curses.h>

#include "client-term/models/livefeed.h"
#include "client-term/models/seatmap.h"
#include "client-term/models/translations.h"
#include "client-term/ui/lineedit.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"

namespace bilheteria::term {

namespace {

// Past this many seats the page opens zoomed out: a stadium's rows do not fit a terminal.
constexpr std::size_t kZoomOutAbove = 3000;
constexpr int kRowLabelWidth = 5;

Look lookOf(SeatLook look) {
    switch (look) {
    case SeatLook::Free:
        return Look::SeatFree;
    case SeatLook::Held:
        return Look::SeatHeld;
    case SeatLook::Sold:
        return Look::SeatSold;
    case SeatLook::Ours:
        return Look::SeatOurs;
    case SeatLook::Selected:
        return Look::SeatSelected;
    }
    return Look::Normal;
}

class EventScreen : public Screen {
public:
    // With `onPicked` the map chooses one place for an exchange instead of holding seats.
    EventScreen(Shell& shell, Id eventId, std::function<void(ExchangePlace)> onPicked = {})
        : m_shell(shell)
        , m_eventId(eventId)
        , m_onPicked(std::move(onPicked)) {
        load();
    }

    std::string title() const override {
        if (m_onPicked) return m_shell.tr("Choose the new place");
        return m_loaded ? m_map.event().summary.name : m_shell.tr("Event");
    }

    std::vector<Hint> hints() const override {
        std::vector<Hint> hints;
        if (m_asking) return {{"Enter", m_shell.tr("Choose")}, {"Esc", m_shell.tr("Cancel")}};
        if (m_onPicked) {
            hints.push_back({"Enter", m_shell.tr("Take this place")});
            hints.push_back({"z", m_zoomedOut ? m_shell.tr("Seats") : m_shell.tr("Sections")});
            hints.push_back({"Tab", m_shell.tr("Next section")});
            hints.push_back({"Esc", m_shell.tr("Back")});
            return hints;
        }
        hints.push_back({"Enter", m_shell.tr("Hold")});
        if (!m_zoomedOut) hints.push_back({"Space", m_shell.tr("Select")});
        hints.push_back({"b", m_shell.tr("Best available")});
        hints.push_back({"z", m_zoomedOut ? m_shell.tr("Seats") : m_shell.tr("Sections")});
        hints.push_back({"Tab", m_shell.tr("Next section")});
        if (m_loaded && m_map.event().summary.queueEnabled)
            hints.push_back({"w", m_shell.tr("Waiting room")});
        if (m_shell.isOrganizer()) hints.push_back({"F3", m_shell.tr("Sales")});
        hints.push_back({"Esc", m_shell.tr("Back")});
        return hints;
    }

    void resumed() override {
        // The hold ended (paid, expired or given back): its seats are no longer ours, and the
        // stream has already told the map what became of them.
        m_map.setOurs({});
        m_map.clearSelection();
    }

    void draw(Terminal& t, const Area& area) override {
        if (!m_loaded) {
            t.text(area.top + 1, area.left, m_shell.tr("Loading …"), Look::Dim);
            return;
        }
        const EventSummary& e = m_map.event().summary;
        t.text(area.top, area.left, e.name, Look::Strong, area.width / 2);
        t.text(area.top, area.left + std::min(area.width / 2, cellsOf(e.name)) + 2,
               e.venue + " · " + formatTime(e.startsAt, m_shell.language()), Look::Dim);
        const Area map{area.top + 2, area.left, area.height - 6, area.width};
        if (m_zoomedOut)
            drawSections(t, map);
        else
            drawSeats(t, map);
        drawFooter(t, area);
    }

    void key(const Key& key) override {
        if (!m_loaded) {
            if (key.code == KEY_F(5)) load();
            if (key.code == 27) m_shell.pop();
            return;
        }
        if (m_asking) {
            askKey(key);
            return;
        }
        const SectionInfo* section = focusedSection();
        const bool general = section && section->kind == SectionKind::General;
        switch (key.code) {
        case KEY_UP:
        case KEY_DOWN:
            moveVertically(key.code == KEY_UP ? -1 : 1);
            return;
        case KEY_LEFT:
        case KEY_RIGHT: {
            const int dx = key.code == KEY_LEFT ? -1 : 1;
            if (m_zoomedOut) return;
            if (general)
                changeQuantity(dx);
            else
                m_map.moveCursor(dx, 0);
            return;
        }
        case '\t':
            focusSection(m_section + 1);
            return;
        case KEY_BTAB:
            focusSection(m_section - 1);
            return;
        case KEY_ENTER:
            if (m_zoomedOut && !(m_onPicked && general)) {
                m_zoomedOut = false;
                focusSection(m_section);
            } else if (m_onPicked) {
                pick();
            } else {
                hold();
            }
            return;
        case KEY_F(5):
            load();
            return;
        case KEY_F(3):
            if (m_shell.isOrganizer()) m_shell.push(salesScreen(m_shell, m_map.event()));
            return;
        case 27:
            if (m_map.selectedCount() > 0) {
                m_map.clearSelection();
                m_quantity.clear();
            } else {
                m_shell.pop();
            }
            return;
        default:
            break;
        }
        if (m_onPicked) {
            if (key.is('z') || key.is('Z')) {
                m_zoomedOut = !m_zoomedOut;
                if (!m_zoomedOut) focusSection(m_section);
            }
            return; // one place, taken with Enter: nothing to select, count or hold
        }
        if (key.is(' ') && !m_zoomedOut && !general) {
            if (!m_map.toggleAtCursor())
                m_shell.say(m_shell.tr("That seat is not free."), Look::Warn);
        } else if (key.is('+') || key.is('=')) {
            if (general) changeQuantity(1);
        } else if (key.is('-')) {
            if (general) changeQuantity(-1);
        } else if (key.is('b') || key.is('B')) {
            m_asking = true;
            m_answer.clear();
        } else if (key.is('z') || key.is('Z')) {
            m_zoomedOut = !m_zoomedOut;
            if (!m_zoomedOut) focusSection(m_section);
        } else if (key.is('c') || key.is('C')) {
            m_map.clearSelection();
            m_quantity.clear();
        } else if ((key.is('w') || key.is('W')) && m_map.event().summary.queueEnabled) {
            m_shell.push(waitingRoomScreen(m_shell, m_map.event()));
        }
    }

    void tick() override {
        if (!m_feed) return;
        std::vector<Id> taken;
        for (const StreamEvent& event : m_feed->take()) {
            std::vector<Id> lost;
            m_map.applyStreamEvent(event.type, event.data, &lost);
            taken.insert(taken.end(), lost.begin(), lost.end());
        }
        if (!taken.empty())
            m_shell.say(trArgs(m_shell.language(),
                               "%1 of the selected seats were just taken by someone else.",
                               {std::to_string(taken.size())}),
                        Look::Warn);
    }

private:
    void load() {
        auto event = m_shell.api().event(m_eventId);
        if (!event) {
            m_shell.sayError(event.error());
            return;
        }
        std::vector<Seat> seats;
        const bool seated =
            std::any_of(event->sections.begin(), event->sections.end(),
                        [](const SectionInfo& s) { return s.kind == SectionKind::Seated; });
        if (seated) {
            auto loaded = m_shell.api().seats(m_eventId);
            if (!loaded) {
                m_shell.sayError(loaded.error());
                return;
            }
            seats = std::move(*loaded);
        }
        const std::size_t count = seats.size();
        m_map.load(*event, std::move(seats));
        m_loaded = true;
        m_zoomedOut = count > kZoomOutAbove;
        focusSection(std::clamp(m_section, 0, static_cast<int>(event->sections.size()) - 1));
        m_feed = std::make_unique<LiveFeed>(m_shell.api(), m_eventId);
    }

    const SectionInfo* focusedSection() const {
        const auto& sections = m_map.sections();
        if (m_section < 0 || m_section >= static_cast<int>(sections.size())) return nullptr;
        return &sections[static_cast<std::size_t>(m_section)].info;
    }

    void focusSection(int index) {
        const int count = static_cast<int>(m_map.sections().size());
        if (count == 0) return;
        m_section = (index + count) % count;
        const auto& section = m_map.sections()[static_cast<std::size_t>(m_section)];
        if (section.info.kind == SectionKind::Seated && m_map.cursorSection() != m_section)
            m_map.cursorToSection(m_section);
    }

    // Up and Down go row by row through seated sections and stop once on each general one.
    void moveVertically(int dy) {
        if (m_zoomedOut) {
            focusSection(
                std::clamp(m_section + dy, 0, static_cast<int>(m_map.sections().size()) - 1));
            return;
        }
        const auto& sections = m_map.sections();
        const auto& current = sections[static_cast<std::size_t>(m_section)];
        if (current.info.kind == SectionKind::Seated) {
            const int row = m_map.cursorRow();
            const int first = current.firstRow, last = current.firstRow + current.rowCount - 1;
            if ((dy < 0 && row > first) || (dy > 0 && row < last)) {
                m_map.moveCursor(0, dy);
                return;
            }
        }
        const int next = m_section + dy;
        if (next < 0 || next >= static_cast<int>(sections.size())) return;
        m_section = next;
        const auto& target = sections[static_cast<std::size_t>(next)];
        if (target.info.kind == SectionKind::Seated && target.rowCount > 0) {
            m_map.cursorToSection(next);
            if (dy < 0) m_map.moveCursor(0, target.rowCount - 1);
        }
    }

    void changeQuantity(int delta) {
        const SectionInfo* section = focusedSection();
        if (!section) return;
        auto& quantity = m_quantity[section->id];
        const std::int64_t most =
            std::min<std::int64_t>(m_map.event().maxTicketsPerCustomer, section->available);
        quantity = std::clamp<std::int64_t>(quantity + delta, 0, std::max<std::int64_t>(0, most));
    }

    void askKey(const Key& key) {
        if (key.code == 27) {
            m_asking = false;
            return;
        }
        if (key.code != KEY_ENTER) {
            m_answer.handle(key);
            return;
        }
        m_asking = false;
        const int n = m_answer.empty() ? 0 : std::stoi(m_answer.text());
        if (n <= 0) return;
        const SectionInfo* section = focusedSection();
        if (section && section->kind == SectionKind::General) {
            m_quantity[section->id] = 0;
            changeQuantity(n);
            return;
        }
        std::optional<Id> where;
        if (section) where = section->id;
        if (!m_map.selectBestAvailable(where, n) && !m_map.selectBestAvailable(std::nullopt, n)) {
            m_shell.say(
                trArgs(m_shell.language(), "No %1 free seats side by side.", {std::to_string(n)}),
                Look::Warn);
            return;
        }
        // Show where they are.
        m_zoomedOut = false;
        const int index = m_map.cursorSection();
        if (index >= 0) m_section = index;
        m_shell.say(trArgs(m_shell.language(), "Selected the best %1 seats together: %2.",
                           {std::to_string(n),
                            formatMoney(m_map.selectedTotal(), m_map.event().summary.currency,
                                        m_shell.language())}),
                    Look::Good);
    }

    // The place under the cursor, for an exchange: a free seat, or a general-admission section
    // with a place left.
    void pick() {
        const SectionInfo* section = focusedSection();
        if (!section) return;
        const Language language = m_shell.language();
        ExchangePlace place;
        place.sectionId = section->id;
        place.priceCents = section->priceCents;
        if (section->kind == SectionKind::General) {
            if (m_map.freeSeats(section->id) <= 0) {
                m_shell.say(m_shell.tr("No place left in that section."), Look::Warn);
                return;
            }
            place.label = section->name + " · " + m_shell.tr("General admission");
        } else {
            const int cursor = m_map.cursor();
            if (cursor < 0 || m_map.look(cursor) != SeatLook::Free) {
                m_shell.say(m_shell.tr("That seat is not free."), Look::Warn);
                return;
            }
            const Seat& seat = m_map.seats()[static_cast<std::size_t>(cursor)];
            place.seatId = seat.id;
            place.label =
                section->name + " · " +
                trArgs(language, "Row %1 · Seat %2", {seat.row, std::to_string(seat.number)});
        }
        // Keep the callback alive past the pop that destroys this screen.
        auto onPicked = m_onPicked;
        m_shell.pop();
        onPicked(std::move(place));
    }

    void hold() {
        HoldRequest request;
        if (m_map.selectedCount() > 0) {
            request.seatIds = m_map.selectedSeatIds();
        } else if (const SectionInfo* section = focusedSection();
                   section && section->kind == SectionKind::General &&
                   m_quantity[section->id] > 0) {
            request.sectionId = section->id;
            request.quantity = m_quantity[section->id];
        } else {
            m_shell.say(m_shell.tr("Choose seats (Space) or a quantity (+) first."), Look::Warn);
            return;
        }
        auto checkout = std::make_unique<Checkout>(m_shell.api());
        auto held = checkout->createHold(m_eventId, request);
        if (!held) {
            const ApiError& error = held.error();
            if (error.is(ErrorCode::QueueRequired)) {
                m_shell.say(m_shell.tr("This event has a waiting room: your place is being "
                                       "taken."),
                            Look::Warn);
                m_shell.push(waitingRoomScreen(m_shell, m_map.event()));
            } else if (error.is(ErrorCode::SeatsUnavailable)) {
                m_shell.say(m_shell.tr("Someone else took some of those seats; choose again."),
                            Look::Bad);
                if (error.error.details.contains("seat_ids") &&
                    error.error.details["seat_ids"].is_array())
                    m_map.applySeats(error.error.details["seat_ids"].get<std::vector<Id>>(),
                                     SeatState::Held);
            } else {
                m_shell.sayError(error);
            }
            return;
        }
        std::vector<Id> ours;
        for (const HeldSeat& seat : held->seats)
            ours.push_back(seat.id);
        m_map.clearSelection();
        m_map.setOurs(ours);
        m_quantity.clear();
        m_shell.say("");
        m_shell.push(checkoutScreen(m_shell, m_map.event(), std::move(checkout)));
    }

    // The zoomed-out view: one line per section with its price and what is left.
    void drawSections(Terminal& t, const Area& area) {
        const Language language = m_shell.language();
        int row = area.top;
        const auto& sections = m_map.sections();
        const int first = std::max(0, m_section - area.height + 1);
        for (int i = first; i < static_cast<int>(sections.size()) && row < area.bottom(); ++i) {
            const SectionInfo& info = sections[static_cast<std::size_t>(i)].info;
            const bool focus = i == m_section;
            const std::int64_t free = m_map.freeSeats(info.id);
            const Look look = focus ? Look::Focus : Look::Normal;
            if (focus) t.fill(row, area.left, area.width, Look::Focus);
            t.text(row, area.left, (focus ? "> " : "  ") + info.name, look, 24);
            t.text(row, area.left + 25,
                   info.kind == SectionKind::Seated ? m_shell.tr("seated")
                                                    : m_shell.tr("general admission"),
                   focus ? look : Look::Dim, 18);
            t.text(row, area.left + 44,
                   formatMoney(info.priceCents, m_map.event().summary.currency, language), look);
            // A bar of what is left, '=' free and '-' gone: readable without colour.
            const int barWidth = std::max(0, std::min(30, area.width - 80));
            const int filled =
                info.capacity > 0 ? static_cast<int>(free * barWidth / info.capacity) : 0;
            t.text(row, area.left + 58,
                   trArgs(language, "%1 of %2 free",
                          {std::to_string(free), std::to_string(info.capacity)}),
                   focus ? look : (free == 0 ? Look::Bad : Look::Good));
            if (barWidth > 0)
                t.text(row, area.left + 80,
                       "[" + std::string(static_cast<std::size_t>(filled), '=') +
                           std::string(static_cast<std::size_t>(barWidth - filled), '-') + "]",
                       focus ? look : Look::Dim);
            ++row;
        }
    }

    // The seats, row by row, scrolled to keep the cursor in view; general sections as one
    // line with their quantity.
    void drawSeats(Terminal& t, const Area& area) {
        struct Line {
            int section;
            int row; // -1: the section's heading
        };
        std::vector<Line> lines;
        int focusLine = 0;
        const auto& sections = m_map.sections();
        for (int s = 0; s < static_cast<int>(sections.size()); ++s) {
            const auto& section = sections[static_cast<std::size_t>(s)];
            if (s == m_section && section.info.kind == SectionKind::General)
                focusLine = static_cast<int>(lines.size());
            lines.push_back({s, -1});
            for (int r = 0; r < section.rowCount; ++r) {
                if (section.firstRow + r == m_map.cursorRow() && s == m_section)
                    focusLine = static_cast<int>(lines.size());
                lines.push_back({s, section.firstRow + r});
            }
        }
        if (focusLine < m_scroll) m_scroll = focusLine;
        if (focusLine >= m_scroll + area.height) m_scroll = focusLine - area.height + 1;
        // Horizontal scroll so the cursor's seat is on screen.
        // A space between seats when the widest row still fits: easier to count along.
        const int step = m_map.widestRow() * 2 <= area.width - kRowLabelWidth ? 2 : 1;
        const int seatsWidth = (area.width - kRowLabelWidth) / step;
        const int cursor = m_map.cursor();
        if (cursor >= 0) {
            const auto& row = m_map.rows()[static_cast<std::size_t>(m_map.cursorRow())];
            const int column = cursor - row.firstSeat;
            if (column < m_hscroll) m_hscroll = column;
            if (column >= m_hscroll + seatsWidth) m_hscroll = column - seatsWidth + 1;
        }
        const Language language = m_shell.language();
        const std::string& currency = m_map.event().summary.currency;
        int y = area.top;
        for (int i = m_scroll; i < static_cast<int>(lines.size()) && y < area.bottom(); ++i, ++y) {
            const Line& line = lines[static_cast<std::size_t>(i)];
            const auto& section = sections[static_cast<std::size_t>(line.section)];
            const SectionInfo& info = section.info;
            if (line.row < 0) {
                const bool general = info.kind == SectionKind::General;
                const bool focus = general && line.section == m_section;
                std::string heading = info.name + " · " +
                                      formatMoney(info.priceCents, currency, language) + " · " +
                                      trArgs(language, "%1 of %2 free",
                                             {std::to_string(m_map.freeSeats(info.id)),
                                              std::to_string(info.capacity)});
                if (focus) t.fill(y, area.left, area.width, Look::Focus);
                t.text(y, area.left, heading, focus ? Look::Focus : Look::Strong);
                if (general) {
                    const auto it = m_quantity.find(info.id);
                    const std::int64_t quantity = it == m_quantity.end() ? 0 : it->second;
                    t.text(y, area.left + cellsOf(heading) + 3,
                           trArgs(language, "quantity: < %1 >", {std::to_string(quantity)}),
                           focus ? Look::Focus : Look::Normal);
                }
                continue;
            }
            const auto& row = m_map.rows()[static_cast<std::size_t>(line.row)];
            t.text(y, area.left, row.label, Look::Dim, kRowLabelWidth - 1);
            // Runs of seats that look alike go out in one write.
            int x = area.left + kRowLabelWidth;
            const int end = std::min(row.count, m_hscroll + seatsWidth);
            for (int c = m_hscroll; c < end;) {
                const int index = row.firstSeat + c;
                const SeatLook look = m_map.look(index);
                const bool isCursor = index == cursor && line.section == m_section;
                std::string run(1, glyphOf(look));
                int next = c + 1;
                while (!isCursor && next < end && row.firstSeat + next != cursor &&
                       m_map.look(row.firstSeat + next) == look) {
                    if (step == 2) run += ' ';
                    run += glyphOf(look);
                    ++next;
                }
                t.text(y, x, run, isCursor ? Look::SeatCursor : lookOf(look));
                x += (next - c) * step;
                c = next;
            }
        }
    }

    void drawFooter(Terminal& t, const Area& area) {
        const Language language = m_shell.language();
        const std::string& currency = m_map.event().summary.currency;
        int y = area.bottom() - 3;
        // The legend, glyph by glyph: the map reads without colour.
        int x = area.left;
        const std::pair<SeatLook, const char*> legend[] = {{SeatLook::Free, "free"},
                                                           {SeatLook::Held, "held"},
                                                           {SeatLook::Sold, "sold"},
                                                           {SeatLook::Ours, "yours"},
                                                           {SeatLook::Selected, "selected"}};
        for (const auto& [look, label] : legend) {
            t.text(y, x, std::string(1, glyphOf(look)), lookOf(look));
            const std::string text = m_shell.tr(label);
            t.text(y, x + 2, text, Look::Dim);
            x += cellsOf(text) + 4;
        }
        t.text(y, x + 2,
               m_feed && m_feed->connected() ? m_shell.tr("● live") : m_shell.tr("○ reconnecting"),
               m_feed && m_feed->connected() ? Look::Good : Look::Warn);
        ++y;
        // What is under the cursor.
        const SectionInfo* section = focusedSection();
        if (section && !m_zoomedOut && section->kind == SectionKind::Seated &&
            m_map.cursor() >= 0) {
            const Seat& seat = m_map.seats()[static_cast<std::size_t>(m_map.cursor())];
            const SeatLook look = m_map.look(m_map.cursor());
            const char* state = look == SeatLook::Free   ? "free"
                                : look == SeatLook::Held ? "held"
                                : look == SeatLook::Sold ? "sold"
                                : look == SeatLook::Ours ? "yours"
                                                         : "selected";
            t.text(y, area.left,
                   trArgs(language, "%1 · row %2 · seat %3 · %4 · %5",
                          {section->name, seat.row, std::to_string(seat.number), m_shell.tr(state),
                           formatMoney(section->priceCents, currency, language)}));
        } else if (section) {
            t.text(y, area.left,
                   section->kind == SectionKind::General
                       ? m_shell.tr("General admission: + and - (or ← →) set how many, "
                                    "Enter holds them.")
                       : m_shell.tr("Enter opens the section's seats; b picks the best ones."),
                   Look::Dim);
        }
        ++y;
        // The selection and the customer's limit.
        std::string summary;
        if (m_map.selectedCount() > 0) {
            summary = trArgs(language, "Selected: %1 seats · %2",
                             {std::to_string(m_map.selectedCount()),
                              formatMoney(m_map.selectedTotal(), currency, language)});
        } else if (section && section->kind == SectionKind::General && m_quantity[section->id]) {
            summary = trArgs(
                language, "Selected: %1 × %2 · %3",
                {std::to_string(m_quantity[section->id]), section->name,
                 formatMoney(section->priceCents * m_quantity[section->id], currency, language)});
        } else {
            summary = m_shell.tr("Nothing selected.");
        }
        summary += "   " + trArgs(language, "(at most %1 per customer)",
                                  {std::to_string(m_map.event().maxTicketsPerCustomer)});
        t.text(y, area.left, summary, Look::Strong);
        if (m_asking) {
            const std::string question = m_shell.tr("How many seats together?");
            t.fill(area.bottom() - 4, area.left, area.width, Look::Normal);
            t.text(area.bottom() - 4, area.left, question, Look::Strong);
            m_answer.draw(t, area.bottom() - 4, area.left + cellsOf(question) + 1, 4, true);
        }
    }

    Shell& m_shell;
    Id m_eventId;
    std::function<void(ExchangePlace)> m_onPicked;
    SeatMap m_map;
    bool m_loaded = false;
    bool m_zoomedOut = false;
    int m_section = 0;
    int m_scroll = 0;
    int m_hscroll = 0;
    std::map<Id, std::int64_t> m_quantity; // general admission, by section
    bool m_asking = false;
    LineEdit m_answer{LineEdit::Accept::Digits, 3};
    std::unique_ptr<LiveFeed> m_feed;
};

} // namespace

std::unique_ptr<Screen> eventScreen(Shell& shell, Id eventId) {
    return std::make_unique<EventScreen>(shell, eventId);
}

std::unique_ptr<Screen> placePickerScreen(Shell& shell, Id eventId,
                                          std::function<void(ExchangePlace)> onPicked) {
    return std::make_unique<EventScreen>(shell, eventId, std::move(onPicked));
}

} // namespace bilheteria::term
