// Taking an amount from the customer at the counter, the one way the terminal does it: cash
// (the tendered amount typed or picked from quick amounts, the change shown big) or a card
// (number, expiry, CVC, holder). The checkout pays a hold with it and the after-sale counter
// takes an exchange's price difference.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client-term/ui/form.h"
#include "client-term/ui/screen.h"
#include "shared/protocol.h"

namespace bilheteria::term {

class Shell;

class PaymentPanel {
public:
    // Cash first for counter staff (clerks, admins), a card for everyone else.
    explicit PaymentPanel(Shell& shell);

    // What is due (the quick amounts follow it).
    void setDue(Cents due, std::string currency);
    Cents due() const { return m_due; }
    bool cash() const { return m_cash; }
    // Counter staff switch between cash and card (F2, F3).
    void setCash(bool cash);

    // Draws from `row` down.
    void draw(Terminal& t, const Area& area, int row) const;
    // F2/F3 (counter staff), F5–F8 quick amounts with cash, else the focused field's editing;
    // false for keys that are not the panel's (Enter, Escape, other F-keys).
    bool handle(const Key& key);
    // The payment typed, checked as far as the terminal can (the amount covers what is due,
    // the card's number, expiry and CVC look right); otherwise says what is wrong, moves the
    // focus there and returns nothing.
    std::optional<PaymentRequest> payment();
    // A declined card: the number and CVC go, the focus goes back to the number.
    void cardDeclined();
    // The number and CVC go (after a payment, and when leaving).
    void wipeCard();

private:
    void drawCash(Terminal& t, const Area& area, int row) const;

    Shell& m_shell;
    Cents m_due = 0;
    std::string m_currency = "BRL";
    bool m_cash;
    LineEdit m_tendered{LineEdit::Accept::Amount, 12};
    std::vector<Cents> m_suggestions;
    Form m_card;
    int m_number = 0, m_expiry = 0, m_cvc = 0, m_holder = 0;
};

} // namespace bilheteria::term
