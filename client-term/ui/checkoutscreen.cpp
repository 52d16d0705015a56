// The held seats, their countdown to the server's expires_at, and the payment: cash with the
// change shown big (counter staff), or a card. A declined card keeps the hold for another
// try; a payment that got no answer is retried with its own Idempotency-Key (F9), never
// charged twice; an expired hold ends the sale on screen.
#include <curses.h>

#include "client-term/models/translations.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/paymentpanel.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"
#include "shared/payment.h"

namespace bilheteria::term {

namespace {

constexpr int kWarnBelowSeconds = 60;

class CheckoutScreen : public Screen {
public:
    CheckoutScreen(Shell& shell, Event event, std::unique_ptr<Checkout> checkout)
        : m_shell(shell)
        , m_event(std::move(event))
        , m_checkout(std::move(checkout))
        , m_payment(shell) {
        m_payment.setDue(m_checkout->hold().totalCents, m_checkout->hold().currency);
    }

    ~CheckoutScreen() override {
        m_payment.wipeCard();
        // Leaving with seats still held (Esc twice, F10): give them back at once rather than
        // keep them from other buyers until the hold runs out.
        if (m_checkout->state() == Checkout::State::Held) (void)m_checkout->release();
    }

    std::string title() const override { return m_shell.tr("Checkout"); }

    std::vector<Hint> hints() const override {
        if (m_checkout->state() == Checkout::State::Expired)
            return {{"Enter", m_shell.tr("Back to the seats")}};
        std::vector<Hint> hints{{"Enter", m_shell.tr("Pay")}};
        if (m_shell.isCounter()) {
            hints.push_back({"F2", m_shell.tr("Cash")});
            hints.push_back({"F3", m_shell.tr("Card")});
        }
        if (m_payment.cash()) hints.push_back({"F5-F8", m_shell.tr("Quick amounts")});
        if (m_checkout->canRetry()) hints.push_back({"F9", m_shell.tr("Check again")});
        hints.push_back({"Esc", m_shell.tr("Give the seats back")});
        return hints;
    }

    void draw(Terminal& t, const Area& area) override {
        const Language language = m_shell.language();
        const Hold& hold = m_checkout->hold();
        const std::string& currency = hold.currency;
        int row = area.top;
        t.text(row++, area.left,
               trArgs(language, "Hold %1 · %2", {std::to_string(hold.id), m_event.summary.name}),
               Look::Strong);
        // What is held, one line each, beside the countdown.
        int itemRow = row + 1;
        for (const HeldSeat& seat : hold.seats) {
            if (itemRow >= area.top + 8) break;
            t.text(itemRow++, area.left + 2,
                   trArgs(language, "%1 · row %2 · seat %3 · %4",
                          {sectionName(seat.sectionId), seat.row, std::to_string(seat.number),
                           formatMoney(seat.priceCents, currency, language)}));
        }
        for (const HeldGeneral& general : hold.general)
            t.text(
                itemRow++, area.left + 2,
                trArgs(language, "%1 × %2 · %3",
                       {std::to_string(general.quantity), sectionName(general.sectionId),
                        formatMoney(general.priceCents * general.quantity, currency, language)}));
        if (hold.seats.size() > 6)
            t.text(itemRow++, area.left + 2,
                   trArgs(language, "… and %1 more", {std::to_string(hold.seats.size() - 6)}),
                   Look::Dim);
        t.text(itemRow + 1, area.left,
               trArgs(language, "Total %1", {formatMoney(hold.totalCents, currency, language)}),
               Look::Strong);
        drawCountdown(t, area, row);

        row = std::max(itemRow + 3, area.top + 9);
        if (m_checkout->state() == Checkout::State::Expired) {
            t.text(row, area.left,
                   m_shell.tr("The hold expired: the seats are back on sale. Nothing was charged."),
                   Look::Bad);
            return;
        }
        m_payment.draw(t, area, row);
    }

    void key(const Key& key) override {
        if (m_checkout->state() == Checkout::State::Expired) {
            if (key.code == KEY_ENTER || key.code == 27) m_shell.pop();
            return;
        }
        if (key.code == 27) {
            if (m_leaving) {
                (void)m_checkout->release();
                m_shell.pop();
                m_shell.say(m_shell.tr("The seats were given back."));
                return;
            }
            m_leaving = true;
            m_shell.say(m_shell.tr("Press Esc again to give the seats back."), Look::Warn);
            return;
        }
        m_leaving = false;
        if (key.code == KEY_F(9) && m_checkout->canRetry()) {
            finish(m_shell.whileConfirming("Confirming your payment…",
                                           [this] { return m_checkout->retry(); }));
        } else if (key.code == KEY_ENTER) {
            pay();
        } else {
            m_payment.handle(key);
        }
    }

    void tick() override {
        if (m_checkout->checkExpiry()) {
            m_payment.wipeCard();
            m_shell.say(m_shell.tr("Time is up: the hold expired."), Look::Bad);
        }
    }

private:
    std::string sectionName(Id sectionId) const {
        for (const auto& section : m_event.sections)
            if (section.id == sectionId) return section.name;
        return "";
    }

    void drawCountdown(Terminal& t, const Area& area, int row) {
        const std::int64_t left = m_checkout->secondsLeft();
        const bool expired = m_checkout->state() == Checkout::State::Expired;
        const Look look = expired ? Look::Bad : left < kWarnBelowSeconds ? Look::Warn : Look::Good;
        const auto big = bigText(formatCountdown(left));
        const int width = cellsOf(big.front());
        const int column = area.left + area.width - width - 1;
        if (column < area.left + area.width / 2) {
            t.text(row, area.left + area.width - 20,
                   trArgs(m_shell.language(), "Held for %1", {formatCountdown(left)}), look);
            return;
        }
        t.text(row, column, expired ? m_shell.tr("Expired") : m_shell.tr("Held for"), look);
        for (std::size_t i = 0; i < big.size(); ++i)
            t.text(row + 1 + static_cast<int>(i), column, big[i], look);
    }

    void pay() {
        auto payment = m_payment.payment();
        if (!payment) return;
        auto result = m_shell.whileConfirming("Confirming your payment…",
                                              [&] { return m_checkout->pay(*payment); });
        wipeSecrets(*payment);
        finish(std::move(result));
    }

    void finish(ApiResult<Order> result) {
        if (result) {
            m_payment.wipeCard();
            const auto tendered = m_checkout->tendered();
            m_shell.say(trArgs(m_shell.language(), "Paid: order %1.", {std::to_string(result->id)}),
                        Look::Good);
            // The event screen stays under the confirmation: Enter there is the next sale.
            auto confirmation = confirmationScreen(m_shell, m_event, std::move(*result), tendered);
            m_shell.pop();
            m_shell.push(std::move(confirmation));
            return;
        }
        const ApiError& error = result.error();
        if (error.is(ErrorCode::PaymentDeclined)) {
            m_payment.cardDeclined();
            m_shell.say(trArgs(m_shell.language(),
                               "Card declined (%1). The seats stay held: try another card.",
                               {error.error.message}),
                        Look::Bad);
        } else if (error.outcomeUnknown()) {
            m_shell.say(m_shell.tr("The outcome is unknown: the payment may have gone through. F9 "
                                   "checks again with the same payment; it cannot be charged "
                                   "twice."),
                        Look::Bad);
        } else if (m_checkout->state() == Checkout::State::Expired) {
            m_payment.wipeCard();
            m_shell.say(m_shell.tr("Time is up: the hold expired."), Look::Bad);
        } else {
            m_shell.sayError(error);
        }
    }

    Shell& m_shell;
    Event m_event;
    std::unique_ptr<Checkout> m_checkout;
    PaymentPanel m_payment;
    bool m_leaving = false;
};

} // namespace

std::unique_ptr<Screen> checkoutScreen(Shell& shell, Event event,
                                       std::unique_ptr<Checkout> checkout) {
    return std::make_unique<CheckoutScreen>(shell, std::move(event), std::move(checkout));
}

} // namespace bilheteria::term
