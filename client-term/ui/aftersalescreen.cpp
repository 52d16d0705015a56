// After the sale: a clerk finds an order by a ticket (its code or QR, typed or scanned) or by
// the order's id, sees its tickets with their status, chooses some or all, confirms the amount
// and refunds them. A cash refund ends with the money to hand back in big digits. A refund
// that got no answer is sent again (F9) with the same key, so it is never paid twice.
// Exchange (x): the ticket under the cursor moves to a place chosen on the event's seat map;
// a dearer place's difference is taken by cash or card, a cheaper one's handed back, and the
// new ticket is shown to print.
#include <algorithm>

#include <curses.h>

#include "client-term/models/aftersale.h"
#include "client-term/models/translations.h"
#include "client-term/ui/bigtext.h"
#include "client-term/ui/lineedit.h"
#include "client-term/ui/paymentpanel.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"
#include "shared/cardcheck.h"
#include "shared/jsonmapping.h"
#include "shared/payment.h"

namespace bilheteria::term {

namespace {

class AfterSaleScreen : public Screen {
public:
    explicit AfterSaleScreen(Shell& shell)
        : m_shell(shell)
        , m_afterSale(shell.api())
        , m_payment(shell) {}

    ~AfterSaleScreen() override { m_payment.wipeCard(); }

    std::string title() const override { return m_shell.tr("After the sale"); }

    std::vector<Hint> hints() const override {
        if (m_searching) return {{"Enter", m_shell.tr("Find")}, {"Esc", m_shell.tr("Back")}};
        if (m_confirming)
            return {{"Enter", m_shell.tr("Confirm refund")}, {"Esc", m_shell.tr("Cancel")}};
        if (m_afterSale.exchanging()) {
            std::vector<Hint> hints{{"Enter", m_shell.tr("Confirm exchange")}};
            if (m_afterSale.exchangeDifference() > 0 && m_shell.isCounter()) {
                hints.push_back({"F2", m_shell.tr("Cash")});
                hints.push_back({"F3", m_shell.tr("Card")});
            }
            if (m_afterSale.canRetryExchange()) hints.push_back({"F9", m_shell.tr("Check again")});
            hints.push_back({"Esc", m_shell.tr("Cancel")});
            return hints;
        }
        std::vector<Hint> hints{{"Space", m_shell.tr("Choose")},
                                {"a", m_shell.tr("All")},
                                {"F8", m_shell.tr("Refund")},
                                {"x", m_shell.tr("Exchange")}};
        if (m_exchanged) hints.push_back({"t", m_shell.tr("New ticket")});
        if (m_afterSale.canRetry()) hints.push_back({"F9", m_shell.tr("Check again")});
        hints.push_back({"/", m_shell.tr("Find another")});
        hints.push_back({"Esc", m_shell.tr("Back")});
        return hints;
    }

    void draw(Terminal& t, const Area& area) override {
        const Language language = m_shell.language();
        int row = area.top;
        const std::string label = m_shell.tr("Ticket code, QR or order id:");
        t.text(row, area.left, label, m_searching ? Look::Strong : Look::Dim);
        m_query.draw(t, row, area.left + cellsOf(label) + 1,
                     std::min(60, area.width - cellsOf(label) - 2), m_searching);
        row += 2;
        if (m_handBack) {
            row = drawHandBack(t, area, row);
        }
        if (m_exchanged) row = drawExchanged(t, area, row);
        const auto& order = m_afterSale.order();
        if (!order) return;
        if (m_afterSale.exchanging()) {
            drawExchange(t, area, row, *order);
            return;
        }
        const auto money = [&](Cents cents) {
            return formatMoney(cents, order->currency, language);
        };
        t.text(
            row++, area.left,
            trArgs(language, "Order %1 · %2 · %3 · %4 · %5",
                   {std::to_string(order->id), statusText(order->status), money(order->totalCents),
                    paymentText(*order), formatTime(order->createdAt, language)}),
            Look::Strong);
        if (const auto& event = m_afterSale.event())
            t.text(row++, area.left, event->summary.name + " · " + event->summary.venue, Look::Dim);
        ++row;
        const int listBottom = area.bottom() - (m_confirming ? 4 : 2);
        m_current = std::min(m_current, order->tickets.size() - (order->tickets.empty() ? 0 : 1));
        for (std::size_t i = 0; i < order->tickets.size() && row < listBottom; ++i) {
            const Ticket& ticket = order->tickets[i];
            const bool focus = !m_searching && i == m_current;
            const bool can = AfterSale::refundable(ticket);
            const std::string box = !can ? "   " : (m_afterSale.chosen(ticket.id) ? "[x]" : "[ ]");
            const std::string place = ticket.row && ticket.number
                                          ? trArgs(language, "Row %1 · Seat %2",
                                                   {*ticket.row, std::to_string(*ticket.number)})
                                          : std::string(m_shell.tr("General admission"));
            if (focus) t.fill(row, area.left, area.width, Look::Focus);
            const Look look = focus ? Look::Focus : (can ? Look::Normal : Look::Dim);
            t.text(row, area.left, (focus ? "> " : "  ") + box, look);
            t.text(row, area.left + 6, std::to_string(ticket.id), look);
            t.text(row, area.left + 14, ticket.section + " · " + place, look, 36);
            t.text(row, area.left + 52, ticketStatusText(ticket.status),
                   focus ? look
                   : can ? Look::Good
                         : Look::Bad);
            t.text(row, area.left + 68, money(m_afterSale.priceOf(ticket)), look);
            ++row;
        }
        ++row;
        const auto chosen = m_afterSale.chosenIds();
        if (!chosen.empty() && row < area.bottom())
            t.text(row++, area.left,
                   trArgs(language, "Chosen: %1 · %2",
                          {trCount(language, static_cast<std::int64_t>(chosen.size()), "%1 ticket",
                                   "%1 tickets"),
                           money(m_afterSale.chosenAmount())}));
        if (m_confirming) {
            const int y = area.bottom() - 3;
            t.fill(y, area.left, area.width, Look::Normal);
            t.text(y, area.left,
                   trArgs(language, "Refund %1, %2 (%3)? Enter confirms, Esc goes back.",
                          {trCount(language, static_cast<std::int64_t>(chosen.size()), "%1 ticket",
                                   "%1 tickets"),
                           money(m_afterSale.chosenAmount()), paymentText(*order)}),
                   Look::Warn, area.width);
            if (order->payment.method == "cash")
                t.text(y + 1, area.left,
                       trArgs(language, "Cash: hand back %1.", {money(m_afterSale.chosenAmount())}),
                       Look::Strong);
        }
    }

    void key(const Key& key) override {
        if (m_searching) {
            if (key.code == 27) {
                if (m_afterSale.order())
                    m_searching = false;
                else
                    m_shell.pop();
            } else if (key.code == KEY_ENTER) {
                find();
            } else {
                m_query.handle(key);
            }
            return;
        }
        if (m_confirming) {
            if (key.code == KEY_ENTER) {
                m_confirming = false;
                refund(false);
            } else if (key.code == 27) {
                m_confirming = false;
            }
            return;
        }
        if (m_afterSale.exchanging()) {
            exchangeKey(key);
            return;
        }
        const auto& order = m_afterSale.order();
        const std::size_t count = order ? order->tickets.size() : 0;
        if (key.code == 27) {
            m_shell.pop();
        } else if (key.is('/') || key.code == '\t') {
            m_searching = true;
            m_query.clear();
        } else if (key.code == KEY_UP && m_current > 0) {
            --m_current;
        } else if (key.code == KEY_DOWN && m_current + 1 < count) {
            ++m_current;
        } else if (key.is(' ') && m_current < count) {
            m_afterSale.toggle(order->tickets[m_current].id);
        } else if (key.is('a')) {
            m_afterSale.chooseAllRefundable();
        } else if (key.code == KEY_F(8)) {
            if (m_afterSale.chosenIds().empty())
                m_shell.say(m_shell.tr("Choose the tickets to refund first (Space, or a for all)."),
                            Look::Warn);
            else
                m_confirming = true;
        } else if (key.code == KEY_F(9) && m_afterSale.canRetry()) {
            refund(true);
        } else if ((key.is('x') || key.is('X')) && m_current < count) {
            chooseNewPlace(order->tickets[m_current]);
        } else if ((key.is('t') || key.is('T')) && m_exchanged) {
            showNewTicket();
        }
    }

private:
    void find() {
        m_handBack.reset();
        m_exchanged.reset();
        auto found = m_afterSale.find(m_query.text());
        if (!found) {
            if (found.error().is(ErrorCode::NotFound))
                m_shell.say(m_shell.tr("No order found for that ticket or id."), Look::Bad);
            else
                m_shell.sayError(found.error());
            return;
        }
        m_searching = false;
        m_current = 0;
        // A scanned ticket: that one is chosen, the likeliest to be refunded.
        for (std::size_t i = 0; i < found->tickets.size(); ++i) {
            const Ticket& ticket = found->tickets[i];
            if (ticket.code == m_query.text() || ticket.qr == m_query.text()) {
                m_current = i;
                m_afterSale.toggle(ticket.id);
            }
        }
        m_shell.say(trArgs(m_shell.language(), "Order %1 found.", {std::to_string(found->id)}));
    }

    void refund(bool retry) {
        m_exchanged.reset();
        auto done = m_shell.whileConfirming("Confirming the refund…", [&] {
            return retry ? m_afterSale.retry() : m_afterSale.refund();
        });
        if (!done) {
            const ApiError& error = done.error();
            if (error.outcomeUnknown())
                m_shell.say(m_shell.tr("The outcome is unknown: the refund may have been made. F9 "
                                       "checks again with the same refund; it cannot be paid "
                                       "twice."),
                            Look::Bad);
            else if (error.is(ErrorCode::AlreadyCheckedIn))
                m_shell.say(m_shell.tr("A chosen ticket has been used at the door: nothing was "
                                       "refunded."),
                            Look::Bad);
            else
                m_shell.sayError(error);
            return;
        }
        m_handBack = done->refund;
        const Language language = m_shell.language();
        m_shell.say(
            trArgs(language, "Refunded %1.",
                   {formatMoney(done->refund.amountCents, done->refund.currency, language)}),
            Look::Good);
    }

    // Exchange, step 1: the new place, on the event's seat map.
    void chooseNewPlace(const Ticket& ticket) {
        if (!AfterSale::exchangeable(ticket)) {
            m_shell.say(m_shell.tr("Only a valid ticket can be exchanged."), Look::Warn);
            return;
        }
        const Id ticketId = ticket.id;
        m_shell.push(placePickerScreen(
            m_shell, m_afterSale.order()->eventId,
            [this, ticketId](ExchangePlace place) { placeChosen(ticketId, std::move(place)); }));
    }

    // Step 2: what it costs, and the payment when the new place is dearer.
    void placeChosen(Id ticketId, ExchangePlace place) {
        m_handBack.reset();
        m_exchanged.reset();
        if (!m_afterSale.startExchange(ticketId, std::move(place))) {
            m_shell.say(m_shell.tr("Only a valid ticket can be exchanged."), Look::Warn);
            return;
        }
        const Cents difference = m_afterSale.exchangeDifference();
        m_payment.wipeCard();
        m_payment.setCash(true);
        m_payment.setDue(std::max<Cents>(difference, 0), m_afterSale.order()->currency);
    }

    void exchangeKey(const Key& key) {
        const bool paying = m_afterSale.exchangeDifference() > 0;
        if (key.code == 27) {
            m_afterSale.cancelExchange();
            m_payment.wipeCard();
            m_shell.say(m_shell.tr("Exchange cancelled: nothing changed."));
        } else if (key.code == KEY_ENTER) {
            exchange();
        } else if (key.code == KEY_F(9) && m_afterSale.canRetryExchange()) {
            finishExchange(m_shell.whileConfirming("Confirming the exchange…",
                                                   [this] { return m_afterSale.retryExchange(); }));
        } else if (paying) {
            m_payment.handle(key);
        }
    }

    void exchange() {
        std::optional<PaymentRequest> payment;
        if (m_afterSale.exchangeDifference() > 0) {
            payment = m_payment.payment();
            if (!payment) return;
        }
        auto done = m_shell.whileConfirming("Confirming the exchange…",
                                            [&] { return m_afterSale.exchange(payment); });
        if (payment) wipeSecrets(*payment);
        finishExchange(std::move(done));
    }

    void finishExchange(ApiResult<ExchangeOutcome> done) {
        if (done) {
            m_payment.wipeCard();
            m_exchanged = done->exchange;
            const auto it =
                std::find_if(done->order.tickets.begin(), done->order.tickets.end(),
                             [&](const Ticket& t) { return t.id == done->exchange.newTicketId; });
            if (it != done->order.tickets.end())
                m_current = static_cast<std::size_t>(it - done->order.tickets.begin());
            m_shell.say(trArgs(m_shell.language(),
                               "Exchanged: the new ticket is %1. t shows it to print.",
                               {std::to_string(done->exchange.newTicketId)}),
                        Look::Good);
            return;
        }
        const ApiError& error = done.error();
        if (error.outcomeUnknown()) {
            m_shell.say(m_shell.tr("The outcome is unknown: the exchange may have been made. F9 "
                                   "checks again with the same exchange; it cannot happen "
                                   "twice."),
                        Look::Bad);
        } else if (error.is(ErrorCode::PaymentDeclined)) {
            m_payment.cardDeclined();
            m_shell.say(trArgs(m_shell.language(),
                               "Card declined (%1). Nothing changed: try another card or cash.",
                               {error.error.message}),
                        Look::Bad);
        } else if (error.is(ErrorCode::SeatsUnavailable) || error.is(ErrorCode::SoldOut)) {
            m_afterSale.cancelExchange();
            m_shell.say(m_shell.tr("Someone else took that place meanwhile: nothing changed. "
                                   "x chooses another."),
                        Look::Bad);
        } else if (error.is(ErrorCode::AlreadyCheckedIn)) {
            m_afterSale.cancelExchange();
            m_shell.say(m_shell.tr("That ticket has been used at the door: it cannot be "
                                   "exchanged."),
                        Look::Bad);
        } else {
            m_afterSale.cancelExchange();
            m_shell.sayError(error);
        }
    }

    // The new ticket alone, to print or save (the order's other tickets are unchanged).
    void showNewTicket() {
        const auto& order = m_afterSale.order();
        if (!order || !m_exchanged) return;
        Order onlyNew = *order;
        std::erase_if(onlyNew.tickets,
                      [&](const Ticket& t) { return t.id != m_exchanged->newTicketId; });
        onlyNew.payment.changeCents.reset(); // the sale's change, not this exchange's
        m_shell.push(
            confirmationScreen(m_shell, m_afterSale.event(), std::move(onlyNew), std::nullopt));
    }

    void drawExchange(Terminal& t, const Area& area, int row, const Order& order) const {
        const Language language = m_shell.language();
        const auto money = [&](Cents cents) {
            return formatMoney(cents, order.currency, language);
        };
        const Ticket* ticket = m_afterSale.exchangeTicket();
        const ExchangePlace* place = m_afterSale.exchangePlace();
        if (!ticket || !place) return;
        t.text(row++, area.left,
               trArgs(language, "Exchange ticket %1 of order %2",
                      {std::to_string(ticket->id), std::to_string(order.id)}),
               Look::Strong);
        ++row;
        const std::string from =
            ticket->section + " · " +
            (ticket->row && ticket->number ? trArgs(language, "Row %1 · Seat %2",
                                                    {*ticket->row, std::to_string(*ticket->number)})
                                           : std::string(m_shell.tr("General admission")));
        t.text(row, area.left, m_shell.tr("From:"), Look::Dim);
        t.text(row++, area.left + 8, from + " · " + money(m_afterSale.priceOf(*ticket)));
        t.text(row, area.left, m_shell.tr("To:"), Look::Dim);
        t.text(row++, area.left + 8, place->label + " · " + money(place->priceCents), Look::Strong);
        ++row;
        const Cents difference = m_afterSale.exchangeDifference();
        if (difference == 0) {
            t.text(row, area.left, m_shell.tr("Same price: nothing to pay. Enter exchanges."),
                   Look::Good);
            return;
        }
        if (difference < 0) {
            const bool cash = order.payment.method == "cash";
            const std::string amount = money(-difference);
            t.text(row++, area.left,
                   cash ? trArgs(language, "Cheaper: hand back %1 in cash.", {amount})
                        : trArgs(language, "Cheaper: %1 back to the card.", {amount}),
                   Look::Strong);
            t.text(row, area.left, m_shell.tr("Enter exchanges and records the refund."),
                   Look::Dim);
            return;
        }
        t.text(row++, area.left,
               trArgs(language, "Dearer: the customer pays %1.", {money(difference)}), Look::Warn);
        ++row;
        m_payment.draw(t, area, row);
    }

    int drawExchanged(Terminal& t, const Area& area, int row) const {
        const Exchange& exchange = *m_exchanged;
        const Language language = m_shell.language();
        const auto money = [&](Cents cents) {
            return formatMoney(cents, exchange.currency, language);
        };
        t.text(row++, area.left,
               trArgs(language, "Exchanged ✓ ticket %1 → new ticket %2",
                      {std::to_string(exchange.oldTicketId), std::to_string(exchange.newTicketId)}),
               Look::Good);
        std::optional<std::string> bigAmount;
        if (exchange.refund) {
            if (exchange.refund->method == "cash") {
                t.text(row++, area.left, m_shell.tr("Hand back in cash"), Look::Strong);
                bigAmount = money(exchange.refund->amountCents);
            } else {
                t.text(row++, area.left,
                       trArgs(language, "Refunded %1 to the card.",
                              {money(exchange.refund->amountCents)}),
                       Look::Good);
            }
        } else if (exchange.payment) {
            if (exchange.payment->method == "cash" &&
                exchange.payment->changeCents.value_or(0) > 0) {
                t.text(row++, area.left, m_shell.tr("Change"), Look::Strong);
                bigAmount = money(*exchange.payment->changeCents);
            } else {
                t.text(row++, area.left,
                       trArgs(language, "Paid %1.", {money(exchange.payment->amountCents)}),
                       Look::Good);
            }
        }
        if (bigAmount)
            for (const auto& line : bigText(*bigAmount))
                t.text(row++, area.left, line, Look::Good);
        return row + 1;
    }

    int drawHandBack(Terminal& t, const Area& area, int row) const {
        const Refund& refund = *m_handBack;
        const std::string amount =
            formatMoney(refund.amountCents, refund.currency, m_shell.language());
        if (refund.method != "cash") {
            t.text(row++, area.left,
                   trArgs(m_shell.language(), "Refunded %1 to the card.", {amount}), Look::Good);
            return row + 1;
        }
        t.text(row++, area.left, m_shell.tr("Hand back in cash"), Look::Strong);
        const auto big = bigText(amount);
        for (const auto& line : big)
            t.text(row++, area.left, line, Look::Good);
        return row + 1;
    }

    std::string paymentText(const Order& order) const {
        const PaymentSummary& p = order.payment;
        if (p.method == "cash") return m_shell.tr("cash");
        std::string brand = cardBrandName(p.brand.value_or(""));
        if (brand.empty()) brand = m_shell.tr("card");
        return brand + " •••• " + p.last4.value_or("");
    }

    std::string statusText(const std::string& status) const {
        if (status == "paid") return m_shell.tr("paid");
        if (status == "refunded") return m_shell.tr("refunded");
        if (status == "partially_refunded") return m_shell.tr("partially refunded");
        return status;
    }

    std::string ticketStatusText(const std::string& status) const {
        if (status == "valid") return m_shell.tr("valid");
        if (status == "checked_in") return m_shell.tr("checked in");
        if (status == "refunded") return m_shell.tr("refunded");
        if (status == "exchanged") return m_shell.tr("exchanged");
        return status;
    }

    Shell& m_shell;
    AfterSale m_afterSale;
    LineEdit m_query{LineEdit::Accept::Any, kMaxTicketTokenLength};
    bool m_searching = true;
    bool m_confirming = false;
    std::size_t m_current = 0;
    std::optional<Refund> m_handBack;
    PaymentPanel m_payment;
    std::optional<Exchange> m_exchanged;
};

} // namespace

std::unique_ptr<Screen> afterSaleScreen(Shell& shell) {
    return std::make_unique<AfterSaleScreen>(shell);
}

} // namespace bilheteria::term
