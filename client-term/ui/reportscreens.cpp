// The figures: a clerk's shift summary (what to count in the drawer) and an organizer's live
// sales for one event, refreshed as the event's stream says something changed.
#include <chrono>

#include <curses.h>

#include "client-term/models/livefeed.h"
#include "client-term/models/translations.h"
#include "client-term/ui/form.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"

namespace bilheteria::term {

namespace {

constexpr auto kShiftRefreshEvery = std::chrono::seconds(15);

// "1 order · 2 tickets".
std::string ordersAndTickets(Language language, std::int64_t orders, std::int64_t tickets) {
    return trCount(language, orders, "%1 order", "%1 orders") + " · " +
           trCount(language, tickets, "%1 ticket", "%1 tickets");
}
// Sales figures follow the stream, at most this often (a rush changes seats every moment).
constexpr auto kSalesRefreshEvery = std::chrono::seconds(1);

class ShiftScreen : public Screen {
public:
    explicit ShiftScreen(Shell& shell)
        : m_shell(shell) {
        reload();
    }

    std::string title() const override { return m_shell.tr("Shift summary"); }
    std::vector<Hint> hints() const override {
        return {{"F5", m_shell.tr("Refresh")}, {"Esc", m_shell.tr("Back")}};
    }

    void draw(Terminal& t, const Area& area) override {
        if (!m_shift) return;
        const Language language = m_shell.language();
        const ShiftSummary& s = *m_shift;
        int row = area.top;
        t.text(row++, area.left,
               trArgs(language, "Your sales from %1 to %2",
                      {formatTime(s.since, language), formatTime(s.until, language)}),
               Look::Strong);
        t.text(row++, area.left, ordersAndTickets(language, s.orders, s.tickets));
        if (s.refunds > 0)
            t.text(row++, area.left, trCount(language, s.refunds, "%1 refund", "%1 refunds"));
        ++row;
        if (s.totals.empty()) t.text(row++, area.left, m_shell.tr("No sales yet."), Look::Dim);
        for (const ShiftTotals& total : s.totals) {
            const auto money = [&](Cents cents) {
                return formatMoney(cents, total.currency, language);
            };
            t.text(row++, area.left, trArgs(language, "Total %1", {money(total.totalCents)}),
                   Look::Strong);
            t.text(row++, area.left + 2,
                   trArgs(language, "Cash %1 in %2 (change given %3)",
                          {money(total.payments.cashCents),
                           trCount(language, total.payments.cashOrders, "%1 order", "%1 orders"),
                           money(total.changeCents)}));
            t.text(row++, area.left + 2,
                   trArgs(language, "Card %1 in %2",
                          {money(total.payments.cardCents),
                           trCount(language, total.payments.cardOrders, "%1 order", "%1 orders")}));
            if (total.refunds > 0)
                t.text(row++, area.left + 2,
                       trArgs(language, "Refunds %1 in %2 (cash %3, card %4)",
                              {money(total.refundedCents),
                               trCount(language, total.refunds, "%1 refund", "%1 refunds"),
                               money(total.cashRefundedCents), money(total.cardRefundedCents)}),
                       Look::Warn);
            if (total.exchangesPaid > 0)
                t.text(
                    row++, area.left + 2,
                    trArgs(language, "Exchange differences %1 in %2 (cash %3, card %4)",
                           {money(total.exchangePaidCents),
                            trCount(language, total.exchangesPaid, "%1 exchange", "%1 exchanges"),
                            money(total.cashExchangePaidCents),
                            money(total.cardExchangePaidCents)}));
            t.text(row++, area.left + 2,
                   trArgs(language, "Cash to find in the drawer: %1",
                          {money(total.drawerCashCents())}),
                   Look::Good);
            ++row;
        }
        if (!s.byEvent.empty()) t.text(row++, area.left, m_shell.tr("By event"), Look::Dim);
        for (const ShiftEvent& e : s.byEvent) {
            if (row >= area.bottom()) break;
            t.text(row, area.left + 2, e.name, Look::Normal, area.width / 2);
            t.text(row++, area.left + area.width / 2,
                   ordersAndTickets(language, e.orders, e.tickets) + " · " +
                       formatMoney(e.totalCents, e.currency, language));
        }
    }

    void key(const Key& key) override {
        if (key.code == 27) m_shell.pop();
        if (key.code == KEY_F(5)) reload();
    }

    void tick() override {
        if (std::chrono::steady_clock::now() - m_loadedAt > kShiftRefreshEvery) reload();
    }

private:
    void reload() {
        m_loadedAt = std::chrono::steady_clock::now();
        auto shift = m_shell.api().shiftSummary(startOfToday());
        if (!shift) {
            m_shell.sayError(shift.error());
            return;
        }
        m_shift = std::move(*shift);
    }

    Shell& m_shell;
    std::optional<ShiftSummary> m_shift;
    std::chrono::steady_clock::time_point m_loadedAt{};
};

class SalesScreen : public Screen {
public:
    SalesScreen(Shell& shell, Event event)
        : m_shell(shell)
        , m_event(std::move(event))
        , m_feed(std::make_unique<LiveFeed>(shell.api(), m_event.summary.id)) {
        reload();
    }

    std::string title() const override {
        return trArgs(m_shell.language(), "Sales · %1", {m_event.summary.name});
    }
    std::vector<Hint> hints() const override {
        if (m_cancelling)
            return {{"Enter", m_shell.tr("Cancel the event")}, {"Esc", m_shell.tr("Back")}};
        return {{"F5", m_shell.tr("Refresh")},
                {"F8", m_event.summary.cancelledAt ? m_shell.tr("Finish the refunds")
                                                   : m_shell.tr("Cancel the event")},
                {"Esc", m_shell.tr("Back")}};
    }

    void draw(Terminal& t, const Area& area) override {
        if (m_cancelling) {
            drawCancelling(t, area);
            return;
        }
        if (!m_report) return;
        const Language language = m_shell.language();
        const SalesReport& r = *m_report;
        const auto money = [&](Cents cents) { return formatMoney(cents, r.currency, language); };
        int row = area.top;
        if (const auto& cancelledAt = m_event.summary.cancelledAt)
            t.text(row++, area.left,
                   trArgs(language, "Cancelled %1: the sale is closed and its orders refunded.",
                          {formatTime(*cancelledAt, language)}),
                   Look::Bad);
        t.text(row, area.left, trArgs(language, "As of %1", {formatTime(r.generatedAt, language)}),
               Look::Dim);
        t.text(row++, area.left + area.width - 16,
               m_feed->connected() ? m_shell.tr("● live") : m_shell.tr("○ reconnecting"),
               m_feed->connected() ? Look::Good : Look::Warn);
        ++row;
        t.text(row++, area.left,
               trArgs(language, "Sold %1 of %2 · held %3 · available %4",
                      {std::to_string(r.sold), std::to_string(r.capacity), std::to_string(r.held),
                       std::to_string(r.available)}),
               Look::Strong);
        t.text(row++, area.left,
               trArgs(language, "Revenue %1 in %2 (card %3, cash %4)",
                      {money(r.revenueCents), trCount(language, r.orders, "%1 order", "%1 orders"),
                       money(r.byPayment.cardCents), money(r.byPayment.cashCents)}));
        std::int64_t admitted = 0;
        for (const SalesSection& s : r.sections)
            admitted += s.admitted;
        t.text(row++, area.left,
               trArgs(language, "At the door: admitted %1 of %2 sold",
                      {std::to_string(admitted), std::to_string(r.sold)}),
               Look::Strong);
        ++row;
        const int c1 = area.left, c2 = c1 + 24, c3 = c2 + 10, c4 = c3 + 10, c5 = c4 + 10,
                  c6 = c5 + 12, c7 = c6 + 10;
        t.text(row, c1, m_shell.tr("Section"), Look::Dim);
        t.text(row, c2, m_shell.tr("Sold"), Look::Dim);
        t.text(row, c3, m_shell.tr("Held"), Look::Dim);
        t.text(row, c4, m_shell.tr("Free"), Look::Dim);
        t.text(row, c5, m_shell.tr("Revenue"), Look::Dim);
        t.text(row, c6, m_shell.tr("Admitted"), Look::Dim);
        ++row;
        for (const SalesSection& s : r.sections) {
            if (row >= area.bottom() - 4) break;
            t.text(row, c1, s.name, Look::Normal, 23);
            t.text(row, c2, std::to_string(s.sold));
            t.text(row, c3, std::to_string(s.held));
            t.text(row, c4, std::to_string(s.available), s.available == 0 ? Look::Bad : Look::Good);
            t.text(row, c5, money(s.revenueCents));
            t.text(row, c6, std::to_string(s.admitted));
            // Sold share as a bar: '#' sold, '.' not.
            const int width = std::max(0, std::min(20, area.width - (c7 - area.left) - 1));
            const int sold = s.capacity > 0 ? static_cast<int>(s.sold * width / s.capacity) : 0;
            if (width > 0)
                t.text(row, c7,
                       std::string(static_cast<std::size_t>(sold), '#') +
                           std::string(static_cast<std::size_t>(width - sold), '.'),
                       Look::Dim);
            ++row;
        }
        // The last minutes, one bucket a line.
        ++row;
        if (!r.timeline.empty() && row < area.bottom())
            t.text(row++, area.left, m_shell.tr("Last minutes"), Look::Dim);
        for (auto it = r.timeline.rbegin(); it != r.timeline.rend() && row < area.bottom();
             ++it, ++row)
            t.text(row, area.left + 2,
                   trArgs(language, "%1  %2 · %3",
                          {formatTime(it->at, language),
                           trCount(language, it->tickets, "%1 ticket", "%1 tickets"),
                           money(it->revenueCents)}));
    }

    void key(const Key& key) override {
        if (m_cancelling) {
            if (key.code == 27) {
                m_cancelling = false;
                m_confirmation.field(m_typedName).edit.clear();
            } else if (key.code == KEY_ENTER) {
                cancel();
            } else {
                m_confirmation.handle(key);
            }
            return;
        }
        if (key.code == 27) m_shell.pop();
        if (key.code == KEY_F(5)) reload();
        if (key.code == KEY_F(8)) {
            if (m_event.summary.cancelledAt) {
                cancel(); // a cancellation cut short: refund what is left
            } else {
                m_cancelling = true;
                m_confirmation.setFocus(m_typedName);
            }
        }
    }

    void tick() override {
        if (!m_feed->take().empty()) m_stale = true;
        if (m_stale && std::chrono::steady_clock::now() - m_loadedAt > kSalesRefreshEvery) reload();
    }

private:
    // Cancelling cannot be undone: the organizer types the event's name to confirm.
    void drawCancelling(Terminal& t, const Area& area) const {
        const Language language = m_shell.language();
        int row = area.top;
        t.text(row++, area.left, trArgs(language, "Cancel %1?", {m_event.summary.name}), Look::Bad);
        ++row;
        const std::string lines[] = {
            m_shell.tr("The sale closes at once: no more holds or purchases, the waiting room "
                       "shuts."),
            m_shell.tr("Every order is refunded whole: cash orders are recorded as handed back, "
                       "cards are paid back."),
            m_shell.tr("Tickets stop working at the door. This cannot be undone.")};
        for (const auto& line : lines)
            t.text(row++, area.left, line, Look::Normal, area.width);
        ++row;
        m_confirmation.draw(t, row, area.left, 28, std::min(50, area.width - 30));
    }

    void cancel() {
        CancelRequest request;
        if (!m_event.summary.cancelledAt) {
            if (m_confirmation.text(m_typedName) != m_event.summary.name) {
                m_confirmation.setFocus(m_typedName);
                m_shell.say(m_shell.tr("Type the event's name exactly to cancel it."), Look::Warn);
                return;
            }
            if (!m_confirmation.text(m_reason).empty())
                request.reason = m_confirmation.text(m_reason);
        }
        auto done = m_shell.api().cancelEvent(m_event.summary.id, request);
        if (!done) {
            m_shell.sayError(done.error());
            return;
        }
        m_cancelling = false;
        m_event = std::move(done->event);
        const Language language = m_shell.language();
        m_shell.say(trArgs(language, "Event cancelled: %1 refunded, %2.",
                           {trCount(language, done->refundedOrders, "%1 order", "%1 orders"),
                            formatMoney(done->refundedCents, m_event.summary.currency, language)}),
                    Look::Good);
        reload();
    }

    void reload() {
        m_loadedAt = std::chrono::steady_clock::now();
        m_stale = false;
        auto report = m_shell.api().salesReport(m_event.summary.id, 60);
        if (!report) {
            m_shell.sayError(report.error());
            return;
        }
        m_report = std::move(*report);
    }

    Shell& m_shell;
    Event m_event;
    std::unique_ptr<LiveFeed> m_feed;
    std::optional<SalesReport> m_report;
    std::chrono::steady_clock::time_point m_loadedAt{};
    bool m_stale = false;
    bool m_cancelling = false;
    Form m_confirmation;
    int m_typedName = m_confirmation.add(m_shell.tr("Type the event's name"),
                                         LineEdit(LineEdit::Accept::Any, 200));
    int m_reason =
        m_confirmation.add(m_shell.tr("Reason (optional)"), LineEdit(LineEdit::Accept::Any, 500));
};

} // namespace

std::unique_ptr<Screen> shiftScreen(Shell& shell) {
    return std::make_unique<ShiftScreen>(shell);
}

std::unique_ptr<Screen> salesScreen(Shell& shell, Event event) {
    return std::make_unique<SalesScreen>(shell, std::move(event));
}

} // namespace bilheteria::term
