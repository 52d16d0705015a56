// The door: a gate's scanner. A keyboard-wedge scanner types the ticket's code or signed token
// and Enter into the focused scan field (a person may type a code the same way); the answer
// comes in big letters — green ADMITTED or a red refusal, each with its own ink and marks so
// it reads without colour too — with the place and, for a refusal, why (when and at which
// gate it was used, refunded, unknown, forged). The field is empty and focused again at once
// for the next ticket. Offline (by itself when the server does not answer, or by F6) the
// tickets are verified here and the scans kept on disk until they are synced.
#include <chrono>

#include <curses.h>

#include "client-term/models/door.h"
#include "client-term/models/livefeed.h"
#include "client-term/models/translations.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/lineedit.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"
#include "shared/jsonmapping.h"

namespace bilheteria::term {

namespace {

// While offline by itself, how often to ask whether the server answers again.
constexpr auto kReconnectEvery = std::chrono::seconds(3);
// The bundle again (new sales, refunds) at most this often while the stream says things change.
constexpr auto kBundleEvery = std::chrono::seconds(10);
// The sync's refusals listed under the answer.
constexpr std::size_t kSyncLinesShown = 6;

class DoorScreen : public Screen {
public:
    DoorScreen(Shell& shell, Event event)
        : m_shell(shell)
        , m_door(shell.api(), std::move(event), "")
        , m_feed(std::make_unique<LiveFeed>(shell.api(), m_door.event().summary.id)) {
        if (auto loaded = m_door.refreshBundle(); !loaded) {
            if (m_door.hasBundle())
                m_shell.say(m_shell.tr("Working offline with the check-in bundle saved earlier."),
                            Look::Warn);
            else
                m_shell.sayError(loaded.error());
        }
        m_bundleAt = std::chrono::steady_clock::now();
        // The gate this scanner stood at last: ready to scan at once.
        m_gate.setText(m_door.log().lastGate());
        m_onGate = m_gate.empty();
        if (m_door.pendingCount() > 0 && !m_door.offline()) syncNow();
    }

    std::string title() const override {
        return trArgs(m_shell.language(), "Door · %1", {m_door.event().summary.name});
    }

    std::vector<Hint> hints() const override {
        return {{"Enter", m_shell.tr("Check in")},
                {"Tab", m_shell.tr("Gate")},
                {"F5", m_shell.tr("Refresh")},
                {"F6", m_door.offline() ? m_shell.tr("Go online") : m_shell.tr("Go offline")},
                {"F7", m_shell.tr("Sync")},
                {"Esc", m_shell.tr("Back")}};
    }

    void draw(Terminal& t, const Area& area) override {
        const Language language = m_shell.language();
        int row = area.top;
        const std::string gateLabel = m_shell.tr("Gate:");
        t.text(row, area.left, gateLabel, m_onGate ? Look::Strong : Look::Dim);
        m_gate.draw(t, row, area.left + cellsOf(gateLabel) + 1, 12, m_onGate);
        // Online or not, and the counts.
        int column = area.left + cellsOf(gateLabel) + 15;
        const std::string mode = !m_door.offline()        ? m_shell.tr("● online")
                                 : m_door.forcedOffline() ? m_shell.tr("○ OFFLINE")
                                                          : m_shell.tr("○ OFFLINE (no answer)");
        t.text(row, column, mode, m_door.offline() ? Look::Warn : Look::Good);
        column += cellsOf(mode) + 3;
        const std::string counts =
            trArgs(language, "admitted %1 of %2 sold",
                   {std::to_string(m_door.admitted()), std::to_string(m_door.sold())});
        t.text(row, column, counts, Look::Strong);
        column += cellsOf(counts) + 3;
        const std::size_t pending = m_door.pendingCount();
        if (pending > 0)
            t.text(row, column,
                   trCount(language, static_cast<std::int64_t>(pending), "%1 scan to sync",
                           "%1 scans to sync"),
                   Look::Warn);
        row += 2;

        const std::string scanLabel = m_shell.tr("Scan or type a ticket:");
        t.text(row, area.left, scanLabel, m_onGate ? Look::Dim : Look::Strong);
        m_code.draw(t, row, area.left + cellsOf(scanLabel) + 1,
                    std::min(70, area.width - cellsOf(scanLabel) - 2), !m_onGate);
        row += 2;

        if (m_answer) row = drawAnswer(t, area, row);
        if (!m_synced.empty() && row + 2 < area.bottom()) row = drawSync(t, area, row);

        if (auto at = m_door.bundleTime())
            t.text(area.bottom() - 1, area.left,
                   trArgs(language, "Check-in bundle of %1 · scanner %2",
                          {formatTime(*at, language), m_door.log().scannerId()}),
                   Look::Dim);
    }

    void key(const Key& key) override {
        if (key.code == 27) {
            m_shell.pop();
        } else if (key.code == '\t' || key.code == KEY_BTAB) {
            m_onGate = !m_onGate;
        } else if (key.code == KEY_ENTER) {
            if (m_onGate) {
                if (!m_gate.empty()) {
                    m_onGate = false;
                    (void)m_door.log().saveGate(m_gate.text()); // only a convenience
                }
            } else {
                scan();
            }
        } else if (key.code == KEY_F(5)) {
            refreshBundle();
        } else if (key.code == KEY_F(6)) {
            toggleOnline();
        } else if (key.code == KEY_F(7)) {
            syncNow();
        } else {
            (m_onGate ? m_gate : m_code).handle(key);
        }
    }

    void tick() override {
        const auto now = std::chrono::steady_clock::now();
        bool changed = false;
        for (const StreamEvent& event : m_feed->take())
            if (!m_door.apply(event) && event.type != "checkin") changed = true;
        if (changed) m_bundleStale = true;
        if (m_door.offline() && !m_door.forcedOffline() && now - m_triedAt > kReconnectEvery) {
            m_triedAt = now;
            if (m_door.reconnect()) {
                m_shell.say(m_shell.tr("The server answers again: back online."), Look::Good);
                syncNow();
            }
        }
        if (m_bundleStale && !m_door.offline() && now - m_bundleAt > kBundleEvery) {
            m_bundleAt = now;
            m_bundleStale = false;
            (void)m_door.refreshBundle();
        }
    }

private:
    void scan() {
        if (m_gate.empty()) {
            m_onGate = true;
            m_shell.say(m_shell.tr("Type this gate's name first."), Look::Warn);
            return;
        }
        if (m_code.empty()) return;
        const bool wasOffline = m_door.offline();
        m_door.setGate(m_gate.text());
        m_answer = m_door.scan(m_code.text());
        m_code.clear(); // ready for the next ticket at once
        if (!wasOffline && m_door.offline())
            m_shell.say(m_shell.tr("No answer from the server: checking in offline."), Look::Warn);
        else
            m_shell.say("");
    }

    void refreshBundle() {
        auto loaded = m_door.refreshBundle();
        m_bundleAt = std::chrono::steady_clock::now();
        if (!loaded) {
            m_shell.sayError(loaded.error());
            return;
        }
        m_shell.say(m_shell.tr("Check-in bundle downloaded."), Look::Good);
    }

    void toggleOnline() {
        if (m_door.offline()) {
            m_door.goOnline();
            m_shell.say(m_shell.tr("Online."), Look::Good);
            syncNow();
        } else {
            m_door.goOffline(true);
            m_shell.say(m_shell.tr("Offline: tickets are verified here and kept to sync."),
                        Look::Warn);
        }
    }

    void syncNow() {
        if (m_door.pendingCount() == 0) return;
        auto synced = m_door.sync();
        if (!synced) {
            m_shell.sayError(synced.error());
            return;
        }
        m_synced = std::move(synced->scans);
        m_shell.say(trArgs(m_shell.language(), "Synced: %1 admitted, %2 refused by the server.",
                           {std::to_string(synced->admitted), std::to_string(synced->refused)}),
                    synced->refused > 0 ? Look::Warn : Look::Good);
    }

    int drawAnswer(Terminal& t, const Area& area, int row) const {
        const Language language = m_shell.language();
        const DoorAnswer& a = *m_answer;
        const bool good = a.admitted();
        // Without colour the two still differ at a glance: solid letters with ✓ for yes,
        // shaded letters with ✗ for no.
        const char* word = good ? m_shell.tr("ADMITTED") : m_shell.tr("REFUSED");
        const auto big = bigText(word, good ? "\u2588" : "\u2592");
        const Look look = good ? Look::Good : Look::Bad;
        const std::string mark = good ? "\u2713" : "\u2717";
        for (std::size_t i = 0; i < big.size(); ++i) {
            const int y = row + static_cast<int>(i);
            t.text(y, area.left, mark + mark, look);
            t.text(y, area.left + 4, big[i], look);
        }
        row += static_cast<int>(big.size()) + 1;
        t.text(row++, area.left, mark + " " + why(a), look, area.width);
        if (const std::string place = placeOf(a); !place.empty())
            t.text(row++, area.left, place, Look::Strong, area.width);
        if (a.offline)
            t.text(row++, area.left,
                   good ? m_shell.tr("Checked offline: the server confirms it at the next sync.")
                        : m_shell.tr("Checked offline."),
                   Look::Dim);
        (void)language;
        return row + 1;
    }

    // Why the answer is what it is, in a line.
    std::string why(const DoorAnswer& a) const {
        const Language language = m_shell.language();
        const auto when = [&] {
            return a.at ? formatTime(*a.at, language) : std::string(m_shell.tr("an unknown time"));
        };
        switch (a.verdict) {
        case DoorAnswer::Verdict::Admitted:
            return a.ticketId ? trArgs(language, "Ticket %1 checked in at gate %2",
                                       {std::to_string(*a.ticketId), m_door.gate()})
                              : std::string(m_shell.tr("Checked in."));
        case DoorAnswer::Verdict::AlreadyIn:
            if (!a.at && !a.gate) return m_shell.tr("Already checked in (before this scanner).");
            return trArgs(language, "Already checked in at %1, gate %2",
                          {when(), a.gate.value_or("?")});
        case DoorAnswer::Verdict::Void:
            return trArgs(language, "Void ticket: %1", {voidReason(a.reason)});
        case DoorAnswer::Verdict::Unknown:
            return m_shell.tr("Unknown ticket: not one of this event's.");
        case DoorAnswer::Verdict::Forged:
            return trArgs(language, "Forged or altered ticket (%1)", {a.reason});
        case DoorAnswer::Verdict::Failed:
            if (a.reason == "no_bundle")
                return m_shell.tr("Could not check this ticket: no check-in bundle here yet "
                                  "(F5 downloads it once the server answers).");
            return trArgs(language, "Could not check this ticket: %1", {a.reason});
        }
        return {};
    }

    std::string voidReason(const std::string& reason) const {
        if (reason == "cancelled") return m_shell.tr("the event was cancelled");
        if (reason == "exchanged") return m_shell.tr("exchanged for another ticket");
        return m_shell.tr("refunded");
    }

    std::string placeOf(const DoorAnswer& a) const {
        if (!a.sectionId) return {};
        const std::string place = a.row && a.number ? trArgs(m_shell.language(), "Row %1 · Seat %2",
                                                             {*a.row, std::to_string(*a.number)})
                                                    : std::string(m_shell.tr("General admission"));
        return a.section.empty() ? place : a.section + " · " + place;
    }

    int drawSync(Terminal& t, const Area& area, int row) const {
        const Language language = m_shell.language();
        t.text(row++, area.left, m_shell.tr("The server's verdicts on the last sync"), Look::Dim);
        std::size_t shown = 0;
        for (const LoggedScan& logged : m_synced) {
            if (shown == kSyncLinesShown || row >= area.bottom() - 1) break;
            if (!logged.verdict) continue;
            const ScanResult& v = *logged.verdict;
            const std::string ticket = logged.ticketId ? std::to_string(*logged.ticketId) : "?";
            std::string line;
            Look look = Look::Bad;
            if (v.result == "admitted") {
                line =
                    trArgs(language, "✓ ticket %1: admitted at %2, gate %3",
                           {ticket, formatTime(logged.scan.scannedAt, language), logged.scan.gate});
                look = Look::Good;
            } else if (v.result == "duplicate") {
                line = trArgs(language, "✗ ticket %1: duplicate, it entered at %2, gate %3",
                              {ticket, v.checkedInAt ? formatTime(*v.checkedInAt, language) : "?",
                               v.gate.value_or("?")});
            } else if (v.result == "void") {
                line = trArgs(language, "✗ ticket %1: void (%2)",
                              {ticket, voidReason(v.reason.value_or(""))});
            } else {
                line = trArgs(language, "✗ ticket %1: unknown to the server", {ticket});
            }
            t.text(row++, area.left + 2, line, look, area.width - 2);
            ++shown;
        }
        return row + 1;
    }

    Shell& m_shell;
    Door m_door;
    std::unique_ptr<LiveFeed> m_feed;
    LineEdit m_gate{LineEdit::Accept::Any, kMaxGateLength};
    LineEdit m_code{LineEdit::Accept::Any, kMaxTicketTokenLength};
    bool m_onGate = true;
    std::optional<DoorAnswer> m_answer;
    std::vector<LoggedScan> m_synced;
    std::chrono::steady_clock::time_point m_triedAt{};
    std::chrono::steady_clock::time_point m_bundleAt{};
    bool m_bundleStale = false;
};

} // namespace

std::unique_ptr<Screen> doorScreen(Shell& shell, Event event) {
    return std::make_unique<DoorScreen>(shell, std::move(event));
}

} // namespace bilheteria::term
