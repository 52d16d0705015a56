#include "server/core/notifications.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace bilheteria {

namespace {

constexpr std::string_view kKindNames[] = {"purchase.confirmed", "purchase.refused",
                                           "hold.expiring", "refund.done", "event.cancelled"};

// The English text or its Brazilian Portuguese one.
std::string say(Language language, std::string_view english, std::string_view portuguese) {
    return std::string(language == Language::Portuguese ? portuguese : english);
}

std::string placeOf(const Ticket& ticket, Language language) {
    if (ticket.row && ticket.number)
        return say(language, "Row ", "Fila ") + *ticket.row +
               say(language, ", seat ", ", assento ") + std::to_string(*ticket.number);
    return say(language, "General admission", "Pista / entrada geral");
}

nlohmann::json eventJson(const Event& event) {
    return {{"id", event.summary.id},
            {"name", event.summary.name},
            {"venue", event.summary.venue},
            {"starts_at", formatRfc3339(event.summary.startsAt)}};
}

std::string reasonOf(const std::string& details) {
    const auto parsed = nlohmann::json::parse(details, nullptr, false);
    if (parsed.is_object() && parsed.contains("reason") && parsed["reason"].is_string())
        return parsed["reason"].get<std::string>();
    return {};
}

} // namespace

std::string_view notificationKindName(NotificationKind kind) {
    return kKindNames[static_cast<int>(kind)];
}

std::optional<NotificationKind> notificationKindFromName(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kKindNames); ++i)
        if (kKindNames[i] == name) return static_cast<NotificationKind>(i);
    return std::nullopt;
}

NotificationService::NotificationService(Stores stores, const Clock& clock,
                                         NotificationSender& sender, DoorService& door,
                                         NotificationSettings settings)
    : m_stores(stores)
    , m_clock(clock)
    , m_sender(sender)
    , m_door(door)
    , m_settings(settings) {}

Result<std::int64_t> NotificationService::warnExpiringHolds() {
    if (m_settings.holdWarning.count() <= 0) return std::int64_t{0};
    return m_stores.notifications.enqueueHoldWarnings(m_clock.now(), m_settings.holdWarning);
}

Result<int> NotificationService::dispatchDue() {
    BILHETERIA_TRY(claimed, m_stores.notifications.claimDue(m_clock.now(), m_settings.lease,
                                                            m_settings.batch));
    for (const Notification& notification : claimed)
        deliver(notification);
    return static_cast<int>(claimed.size());
}

void NotificationService::deliver(const Notification& n) {
    std::string error;
    if (auto composed = compose(n); !composed) {
        error = composed.error().message;
    } else {
        if (m_sender.sendsEmail() && !n.emailSent && composed->mailsBuyer) {
            if (auto sent = m_sender.sendEmail(composed->email); sent)
                (void)m_stores.notifications.markSent(n.id, n.attempt, NotificationChannel::Email);
            else
                error = "e-mail: " + sent.error().message;
        }
        if (m_sender.sendsWebhooks() && !n.webhookSent) {
            if (auto posted = m_sender.postWebhook(composed->webhook); posted)
                (void)m_stores.notifications.markSent(n.id, n.attempt,
                                                      NotificationChannel::Webhook);
            else
                error += (error.empty() ? "" : "; ") + ("webhook: " + posted.error().message);
        }
    }
    const TimePoint now = m_clock.now();
    if (error.empty()) {
        if (m_stores.notifications.markDelivered(n.id, n.attempt, now)) ++m_delivered;
        return;
    }
    ++m_failedAttempts;
    std::optional<TimePoint> retryAt;
    if (n.attempt < m_settings.maxAttempts) {
        // 1, 2, 4, 8 ... times the first delay, up to the longest.
        const auto doublings = std::min(n.attempt - 1, 20);
        retryAt = now + std::min(m_settings.maxRetry, m_settings.firstRetry * (1 << doublings));
    }
    std::fprintf(stderr, "notification %s (%s), attempt %d: %s%s\n", n.uid.c_str(),
                 std::string(notificationKindName(n.kind)).c_str(), n.attempt, error.c_str(),
                 retryAt ? "" : " — given up");
    (void)m_stores.notifications.markFailed(n.id, n.attempt, error, retryAt);
}

Result<NotificationService::Composed> NotificationService::compose(const Notification& n) {
    const Language lang = m_settings.language;
    BILHETERIA_TRY(buyer, m_stores.accounts.findUserById(n.customerId));
    BILHETERIA_TRY(event, m_stores.events.getEventSettings(n.eventId));
    const std::string& eventName = event.summary.name;
    const std::string when = formatTime(event.summary.startsAt, lang);

    Composed out;
    out.mailsBuyer = buyer.user.role == Role::Buyer;
    EmailMessage& mail = out.email;
    mail.uid = n.uid;
    mail.to = buyer.user.email;
    mail.toName = buyer.user.name;
    std::string text = say(lang, "Hello ", "Olá, ") + buyer.user.name + ",\n\n";
    nlohmann::json data{
        {"event", eventJson(event)},
        {"customer",
         {{"id", buyer.user.id}, {"email", buyer.user.email}, {"name", buyer.user.name}}}};

    switch (n.kind) {
    case NotificationKind::PurchaseConfirmed: {
        if (!n.orderId) return fail(Error::internal("a purchase notification without its order"));
        BILHETERIA_TRY(stored, m_stores.sales.findOrder(*n.orderId));
        BILHETERIA_TRY(order, m_door.withTokens(std::move(stored)));
        mail.subject = say(lang, "Your tickets for ", "Seus ingressos para ") + eventName;
        text += say(lang, "Your purchase is confirmed. Order ",
                    "Sua compra está confirmada. "
                    "Pedido ") +
                std::to_string(order.id) + ", " +
                formatMoney(order.totalCents, order.currency, lang) + ".\n\n" + eventName + "\n" +
                event.summary.venue + "\n" + when + "\n\n";
        nlohmann::json tickets = nlohmann::json::array();
        std::vector<const Ticket*> valid;
        for (const Ticket& ticket : order.tickets)
            if (ticket.status == "valid") valid.push_back(&ticket);
        for (std::size_t i = 0; i < valid.size(); ++i) {
            const Ticket& ticket = *valid[i];
            text +=
                "- " + ticket.section + " — " + placeOf(ticket, lang) + " (" + ticket.code + ")\n";
            mail.tickets.push_back(
                TicketPage{eventName, event.summary.venue, when, ticket.section,
                           placeOf(ticket, lang), ticket.code,
                           say(lang, "Order ", "Pedido ") + std::to_string(order.id) + " · " +
                               std::to_string(i + 1) + "/" + std::to_string(valid.size()),
                           ticket.qr.value_or(ticket.code)});
            nlohmann::json t{{"id", ticket.id}, {"section", ticket.section}};
            if (ticket.row) t["row"] = *ticket.row;
            if (ticket.number) t["number"] = *ticket.number;
            tickets.push_back(std::move(t));
        }
        text += "\n" +
                say(lang, "Your tickets are attached (PDF): show the QR code at the door.",
                    "Seus ingressos estão anexos (PDF): mostre o código QR na entrada.") +
                "\n";
        mail.attachmentName = "tickets-" + std::to_string(order.id) + ".pdf";
        data["order"] = {{"id", order.id},
                         {"total_cents", order.totalCents},
                         {"currency", order.currency},
                         {"tickets", std::move(tickets)}};
        break;
    }
    case NotificationKind::PurchaseRefused: {
        const std::string reason = reasonOf(n.details);
        mail.subject = say(lang, "Your purchase was not completed: ",
                           "Sua compra não foi "
                           "concluída: ") +
                       eventName;
        text += say(lang, "We could not complete your purchase for ",
                    "Não conseguimos concluir sua compra para ") +
                eventName + " (" + when + ")" + (reason.empty() ? "" : ": " + reason) + ".\n" +
                say(lang, "Nothing was charged. You may try again with another payment.",
                    "Nada foi cobrado. Você pode tentar de novo com outro pagamento.") +
                "\n";
        data["hold_id"] = n.holdId.value_or(0);
        data["reason"] = reason;
        break;
    }
    case NotificationKind::HoldExpiring: {
        if (!n.holdId) return fail(Error::internal("a hold warning without its hold"));
        BILHETERIA_TRY(hold, m_stores.holds.findHold(*n.holdId, m_clock.now()));
        mail.subject =
            say(lang, "Your reservation is about to expire: ", "Sua reserva está para expirar: ") +
            eventName;
        text += say(lang, "Your reservation for ", "Sua reserva para ") + eventName +
                say(lang, " expires at ", " expira às ") + formatTime(hold.expiresAt, lang) + ". " +
                say(lang, "Complete the payment before then to keep your places.",
                    "Conclua o pagamento antes disso para manter seus lugares.") +
                "\n";
        data["hold"] = {{"id", hold.id},
                        {"expires_at", formatRfc3339(hold.expiresAt)},
                        {"total_cents", hold.totalCents},
                        {"currency", hold.currency}};
        break;
    }
    case NotificationKind::RefundDone: {
        if (!n.refundId) return fail(Error::internal("a refund notification without its refund"));
        BILHETERIA_TRY(outcome, m_stores.refunds.findRefund(*n.refundId));
        const Refund& refund = outcome.refund;
        mail.subject = say(lang, "Refund for ", "Reembolso de ") + eventName;
        text += say(lang, "We refunded ", "Reembolsamos ") +
                formatMoney(refund.amountCents, refund.currency, lang) +
                say(lang, " of order ", " do pedido ") + std::to_string(refund.orderId) + " (" +
                eventName + ", " + std::to_string(refund.ticketIds.size()) +
                say(lang, " ticket(s)). ", " ingresso(s)). ") +
                (refund.method == "cash"
                     ? say(lang, "It was paid back in cash.", "Foi devolvido em dinheiro.")
                     : say(lang, "It goes back to the card you paid with.",
                           "O valor volta para o cartão usado no pagamento.")) +
                "\n";
        data["refund"] = {{"id", refund.id},
                          {"order_id", refund.orderId},
                          {"amount_cents", refund.amountCents},
                          {"currency", refund.currency},
                          {"method", refund.method},
                          {"ticket_ids", refund.ticketIds}};
        break;
    }
    case NotificationKind::EventCancelled: {
        mail.subject = say(lang, "Event cancelled: ", "Evento cancelado: ") + eventName;
        text += eventName + " (" + when + ")" +
                say(lang, " was cancelled. Your order ", " foi cancelado. Seu pedido ") +
                std::to_string(n.orderId.value_or(0)) +
                say(lang, " is refunded in full; the refund's own message follows.",
                    " será reembolsado integralmente; a mensagem do reembolso vem a seguir.") +
                "\n";
        data["order_id"] = n.orderId.value_or(0);
        if (event.summary.cancelledAt)
            data["cancelled_at"] = formatRfc3339(*event.summary.cancelledAt);
        break;
    }
    }
    mail.text = text + "\n" + say(lang, "Bilheteria box office", "Bilheteria") + "\n";
    out.webhook.uid = n.uid;
    out.webhook.body = nlohmann::json{
        {"id", n.uid},
        {"type", notificationKindName(n.kind)},
        {"created_at", formatRfc3339(n.createdAt)},
        {"data",
         std::move(data)}}.dump();
    return out;
}

} // namespace bilheteria
