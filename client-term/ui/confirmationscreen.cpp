// A paid order: the change to hand back (cash), every ticket with its code, the QR of the
// ticket under the cursor drawn in half blocks, and printing to a PDF or text file.
#include <curses.h>

#include "client-term/models/qrtext.h"
#include "client-term/models/ticketprint.h"
#include "client-term/models/translations.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/lineedit.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"
#include "shared/cardcheck.h"

namespace bilheteria::term {

namespace {

class ConfirmationScreen : public Screen {
public:
    ConfirmationScreen(Shell& shell, std::optional<Event> event, Order order,
                       std::optional<Cents> tendered)
        : m_shell(shell)
        , m_event(std::move(event))
        , m_order(std::move(order))
        , m_tendered(tendered) {}

    std::string title() const override {
        return trArgs(m_shell.language(), "Order %1", {std::to_string(m_order.id)});
    }

    std::vector<Hint> hints() const override {
        if (m_saving) return {{"Enter", m_shell.tr("Save")}, {"Esc", m_shell.tr("Cancel")}};
        return {{"Enter", m_shell.tr("Next sale")},
                {"↑↓", m_shell.tr("Ticket")},
                {"F2", m_shell.tr("Save as PDF")},
                {"F3", m_shell.tr("Save as text")}};
    }

    void draw(Terminal& t, const Area& area) override {
        const Language language = m_shell.language();
        // The QR of the chosen ticket on the right, from the top: a signed token's code is
        // tall. It carries the token the door verifies (the code from an older server).
        const QrModules qr =
            m_order.tickets.empty()
                ? QrModules{}
                : qrModules(m_order.tickets[m_current].qr.value_or(m_order.tickets[m_current].code),
                            true);
        const bool colour = t.colour();
        const auto qrLines = qrHalfBlocks(qr, colour);
        const int qrWidth = qr.size;
        const int qrColumn = area.left + area.width - qrWidth;
        const bool showQr = qrColumn > area.left + area.width / 3;
        const int listWidth = showQr ? area.width - qrWidth - 2 : area.width;
        int row = area.top;
        t.text(row++, area.left,
               trArgs(language, "Paid ✓  order %1 · %2 · %3",
                      {std::to_string(m_order.id),
                       formatMoney(m_order.totalCents, m_order.currency, language), paymentText()}),
               Look::Good, listWidth);
        if (m_order.payment.changeCents) {
            const std::string change =
                formatMoney(*m_order.payment.changeCents, m_order.currency, language);
            t.text(++row, area.left, m_shell.tr("Change"), Look::Strong);
            const auto big = bigText(change);
            for (std::size_t i = 0; i < big.size(); ++i)
                t.text(row + 1 + static_cast<int>(i), area.left, big[i], Look::Good);
            row += 7;
        }
        ++row;
        t.text(row++, area.left,
               trCount(language, static_cast<std::int64_t>(m_order.tickets.size()), "%1 ticket",
                       "%1 tickets"),
               Look::Dim);
        const int lines = area.bottom() - row - (m_saving ? 2 : 0);
        const int first = std::max(0, static_cast<int>(m_current) - lines + 1);
        for (std::size_t i = static_cast<std::size_t>(first);
             i < m_order.tickets.size() && row < area.bottom(); ++i) {
            const Ticket& ticket = m_order.tickets[i];
            const bool focus = i == m_current;
            const std::string place = ticket.row && ticket.number
                                          ? trArgs(language, "Row %1 · Seat %2",
                                                   {*ticket.row, std::to_string(*ticket.number)})
                                          : std::string(m_shell.tr("General admission"));
            if (focus) t.fill(row, area.left, listWidth, Look::Focus);
            t.text(row++, area.left,
                   (focus ? "> " : "  ") + ticket.section + " · " + place + "   " + ticket.code,
                   focus ? Look::Focus : Look::Normal, listWidth);
        }
        // Dark modules as ink on a light background where there is colour; otherwise the
        // light modules are the ink (a light-on-dark terminal), which scanners read as well.
        if (showQr)
            for (std::size_t i = 0; i < qrLines.size(); ++i) {
                const int y = area.top + static_cast<int>(i);
                if (y >= area.bottom()) break;
                t.text(y, qrColumn, qrLines[i], colour ? Look::QrCode : Look::Normal);
            }
        if (m_saving) {
            const std::string label = m_shell.tr("Save to file:");
            t.fill(area.bottom() - 1, area.left, area.width, Look::Normal);
            t.text(area.bottom() - 1, area.left, label, Look::Strong);
            m_path.draw(t, area.bottom() - 1, area.left + cellsOf(label) + 1,
                        std::min(60, area.width - cellsOf(label) - 2), true);
        }
    }

    void key(const Key& key) override {
        if (m_saving) {
            if (key.code == 27) {
                m_saving = false;
            } else if (key.code == KEY_ENTER) {
                save();
            } else {
                m_path.handle(key);
            }
            return;
        }
        if (key.code == KEY_UP && m_current > 0) {
            --m_current;
        } else if (key.code == KEY_DOWN && m_current + 1 < m_order.tickets.size()) {
            ++m_current;
        } else if (key.code == KEY_F(2) || key.code == KEY_F(3)) {
            m_saving = true;
            m_path.setText("bilheteria-order-" + std::to_string(m_order.id) +
                           (key.code == KEY_F(2) ? ".pdf" : ".txt"));
        } else if (key.code == KEY_ENTER || key.code == 27) {
            m_shell.pop();
        }
    }

private:
    std::string paymentText() const {
        const PaymentSummary& p = m_order.payment;
        if (p.method == "cash") {
            if (!m_tendered) return m_shell.tr("cash");
            return trArgs(m_shell.language(), "cash, %1 tendered",
                          {formatMoney(*m_tendered, m_order.currency, m_shell.language())});
        }
        std::string brand = cardBrandName(p.brand.value_or(""));
        if (brand.empty()) brand = m_shell.tr("card");
        return brand + " •••• " + p.last4.value_or("");
    }

    void save() {
        const std::filesystem::path path = m_path.text();
        if (path.empty()) return;
        auto written =
            writeTickets(path, ticketFileFormatOf(path), m_event, m_order, m_shell.language());
        if (!written) {
            m_shell.say(written.error().message, Look::Bad);
            return;
        }
        m_saving = false;
        std::error_code ignored;
        const auto absolute = std::filesystem::absolute(path, ignored);
        m_shell.say(trArgs(m_shell.language(), "Tickets saved to %1.", {absolute.string()}),
                    Look::Good);
    }

    Shell& m_shell;
    std::optional<Event> m_event;
    Order m_order;
    std::optional<Cents> m_tendered;
    std::size_t m_current = 0;
    bool m_saving = false;
    LineEdit m_path{LineEdit::Accept::Any, 400};
};

} // namespace

std::unique_ptr<Screen> confirmationScreen(Shell& shell, std::optional<Event> event, Order order,
                                           std::optional<Cents> tendered) {
    return std::make_unique<ConfirmationScreen>(shell, std::move(event), std::move(order),
                                                tendered);
}

} // namespace bilheteria::term
