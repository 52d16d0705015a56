#include "client-term/ui/paymentpanel.h"

#include <curses.h>

#include "client-term/models/translations.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/shell.h"
#include "shared/payment.h"

namespace bilheteria::term {

namespace {

// "250,00": what a clerk would type for an amount (parseMoneyCents reads it back).
std::string plainAmount(Cents cents) {
    const std::string fraction = std::to_string(cents % 100);
    return std::to_string(cents / 100) + "," + (fraction.size() < 2 ? "0" : "") + fraction;
}

} // namespace

PaymentPanel::PaymentPanel(Shell& shell)
    : m_shell(shell)
    , m_cash(shell.isCounter()) {
    m_number = m_card.add(shell.tr("Card number"), LineEdit(LineEdit::Accept::Digits, 19));
    m_expiry = m_card.add(shell.tr("Expiry (MM/YY)"), LineEdit(LineEdit::Accept::Expiry, 7));
    m_cvc = m_card.add(shell.tr("CVC"), LineEdit(LineEdit::Accept::Digits, 4, true));
    m_holder = m_card.add(shell.tr("Name on the card"), LineEdit(LineEdit::Accept::Any, 80));
}

void PaymentPanel::setDue(Cents due, std::string currency) {
    m_due = due;
    m_currency = std::move(currency);
    m_suggestions = suggestedTenders(due);
}

void PaymentPanel::setCash(bool cash) {
    m_cash = cash && m_shell.isCounter();
}

void PaymentPanel::draw(Terminal& t, const Area& area, int row) const {
    if (m_cash) {
        drawCash(t, area, row);
        return;
    }
    t.text(row, area.left, m_shell.tr("Pay by card"), Look::Strong);
    m_card.draw(t, row + 2, area.left, 20, std::min(30, area.width - 22));
}

void PaymentPanel::drawCash(Terminal& t, const Area& area, int row) const {
    const Language language = m_shell.language();
    t.text(row, area.left, m_shell.tr("Cash tendered:"), Look::Strong);
    m_tendered.draw(t, row, area.left + 18, 14, true);
    std::string quick;
    for (std::size_t i = 0; i < m_suggestions.size(); ++i)
        quick += "F" + std::to_string(5 + i) + " " +
                 formatMoney(m_suggestions[i], m_currency, language) + "   ";
    t.text(row + 1, area.left + 18, quick, Look::Dim);
    const Cents tendered = m_tendered.empty() ? 0 : parseMoneyCents(m_tendered.text());
    row += 3;
    if (tendered < 0) {
        t.text(row, area.left, m_shell.tr("Type an amount like 100 or 100,50."), Look::Bad);
        return;
    }
    if (tendered == 0) return;
    if (tendered < m_due) {
        t.text(
            row, area.left,
            trArgs(language, "Missing %1", {formatMoney(m_due - tendered, m_currency, language)}),
            Look::Warn);
        return;
    }
    // The change, big: the clerk counts it out while the customer watches.
    const std::string change = formatMoney(tendered - m_due, m_currency, language);
    t.text(row, area.left, m_shell.tr("Change"), Look::Strong);
    const auto big = bigText(change);
    for (std::size_t i = 0; i < big.size(); ++i)
        t.text(row + 1 + static_cast<int>(i), area.left, big[i], Look::Good);
    if (cellsOf(big.front()) > area.width) t.text(row + 1, area.left, change, Look::Good);
}

bool PaymentPanel::handle(const Key& key) {
    if (key.code == KEY_F(2) && m_shell.isCounter()) {
        m_cash = true;
        return true;
    }
    if (key.code == KEY_F(3) && m_shell.isCounter()) {
        m_cash = false;
        return true;
    }
    if (m_cash && key.code >= KEY_F(5) && key.code <= KEY_F(8)) {
        const auto index = static_cast<std::size_t>(key.code - KEY_F(5));
        if (index < m_suggestions.size()) m_tendered.setText(plainAmount(m_suggestions[index]));
        return true;
    }
    if (m_cash) return m_tendered.handle(key);
    return m_card.handle(key);
}

std::optional<PaymentRequest> PaymentPanel::payment() {
    if (m_cash) {
        const Cents tendered = m_tendered.empty() ? -1 : parseMoneyCents(m_tendered.text());
        if (tendered < m_due) {
            m_shell.say(m_shell.tr("The cash tendered does not cover the total."), Look::Warn);
            return std::nullopt;
        }
        return PaymentRequest{CashPayment{tendered}};
    }
    const auto expiry = parseCardExpiry(m_card.text(m_expiry));
    if (m_card.text(m_number).size() < 12) {
        m_card.setFocus(m_number);
        m_shell.say(m_shell.tr("Type the card number."), Look::Warn);
        return std::nullopt;
    }
    if (!expiry || expiry->first < 1 || expiry->first > 12) {
        m_card.setFocus(m_expiry);
        m_shell.say(m_shell.tr("Write the expiry date as MM/YY, e.g. 08/29."), Look::Warn);
        return std::nullopt;
    }
    if (m_card.text(m_cvc).size() < 3) {
        m_card.setFocus(m_cvc);
        m_shell.say(m_shell.tr("Type the CVC."), Look::Warn);
        return std::nullopt;
    }
    return PaymentRequest{CardPayment{m_card.text(m_number), expiry->first, expiry->second,
                                      m_card.text(m_cvc), m_card.text(m_holder)}};
}

void PaymentPanel::cardDeclined() {
    wipeCard();
    m_card.setFocus(m_number);
}

void PaymentPanel::wipeCard() {
    m_card.field(m_number).edit.wipe();
    m_card.field(m_cvc).edit.wipe();
}

} // namespace bilheteria::term
