// Notifications to buyers (e-mail) and to organizers' systems (webhooks), fed from the
// transactional outbox (core/store/notificationstore.h): each round claims the due rows,
// composes each from what the store holds now (the order, the event, the buyer), hands it to
// the NotificationSender (server/notify/: SMTP and HTTPS through libcurl) and records the
// outcome — delivered, or due again after an exponential backoff, or given up after the last
// attempt. Delivery is at least once: a crash between sending and recording sends again, with
// the same id for the receiver to deduplicate.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/door.h"
#include "server/core/store/accountstore.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/holdstore.h"
#include "server/core/store/notificationstore.h"
#include "server/core/store/refundstore.h"
#include "server/core/store/salestore.h"
#include "shared/localformat.h"
#include "shared/ticketpdf.h"

namespace bilheteria {

// An e-mail to the buyer; `tickets` (a confirmed purchase's valid tickets) go with it as one
// PDF named `attachmentName`.
struct EmailMessage {
    std::string uid; // the notification's id (the Message-ID's left part)
    std::string to;
    std::string toName;
    std::string subject;
    std::string text;
    std::vector<TicketPage> tickets;
    std::string attachmentName;
};

// A webhook's JSON body: {"id", "type", "created_at", "data"}; the sender signs and posts it
// to every configured URL.
struct WebhookMessage {
    std::string uid;
    std::string body;
};

class NotificationSender {
public:
    virtual ~NotificationSender() = default;
    virtual bool sendsEmail() const = 0;
    virtual bool sendsWebhooks() const = 0;
    virtual Result<void> sendEmail(const EmailMessage& message) = 0;
    // Succeeds when every URL answered 2xx.
    virtual Result<void> postWebhook(const WebhookMessage& message) = 0;
};

struct NotificationSettings {
    Language language = Language::English; // of the e-mails
    int maxAttempts = 10;                  // then the row is given up (failed)
    std::chrono::seconds firstRetry{30};   // doubled after each failed attempt...
    std::chrono::seconds maxRetry{3600};   // ...up to this
    std::chrono::seconds lease{300};       // a claimed row's time to be sent before it is due again
    std::chrono::seconds holdWarning{0};   // warn holds expiring within this; 0: never
    int batch = 20;                        // rows claimed per round
};

class NotificationService {
public:
    struct Stores {
        NotificationStore& notifications;
        AccountStore& accounts; // the buyer's address and name
        EventStore& events;
        SaleStore& sales;
        HoldStore& holds;
        RefundStore& refunds;
    };
    // `door` signs the tickets' QR tokens for the PDF.
    NotificationService(Stores stores, const Clock& clock, NotificationSender& sender,
                        DoorService& door, NotificationSettings settings);

    // One round: claims the due rows and sends them; returns how many it handled.
    Result<int> dispatchDue();
    // Enqueues the warnings of holds about to expire (settings.holdWarning; nothing when 0).
    Result<std::int64_t> warnExpiringHolds();

    // For the metrics: notifications this process delivered, and attempts that failed.
    std::int64_t deliveredCount() const { return m_delivered.load(); }
    std::int64_t failedAttemptCount() const { return m_failedAttempts.load(); }

private:
    struct Composed {
        // Staff selling at the counter hold and buy in their own name: only buyers get mail.
        bool mailsBuyer = true;
        EmailMessage email;
        WebhookMessage webhook;
    };
    Result<Composed> compose(const Notification& notification);
    void deliver(const Notification& notification);

    Stores m_stores;
    const Clock& m_clock;
    NotificationSender& m_sender;
    DoorService& m_door;
    NotificationSettings m_settings;
    std::atomic<std::int64_t> m_delivered{0};
    std::atomic<std::int64_t> m_failedAttempts{0};
};

} // namespace bilheteria
