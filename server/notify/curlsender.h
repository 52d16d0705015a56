// The NotificationSender (core/notifications.h) over libcurl: e-mail through an SMTP relay
// (smtp:// or smtps://, STARTTLS and login when configured) as a MIME message with a text
// part and the tickets as a PDF attachment; webhooks as HTTPS POSTs of the JSON body, signed
// with HMAC-SHA256 over "<timestamp>.<body>" (docs/operations.md says how a
// receiver verifies). The only code that includes curl.h.
#pragma once

#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/notifications.h"

namespace bilheteria {

struct MailSettings {
    std::string url; // smtp://host:port or smtps://host:port; empty: no e-mail
    std::string from;
    std::string user; // empty: no login
    std::string password;
    bool requireTls = false; // STARTTLS on smtp://, or fail
};

struct WebhookSettings {
    std::vector<std::string> urls; // empty: no webhooks
    std::string secret;            // the HMAC-SHA256 key
};

struct TransferSettings {
    std::string caFile;       // trusted CAs for smtps/STARTTLS/https; empty: the system's
    long timeoutSeconds = 30; // per message
};

class CurlNotificationSender final : public NotificationSender {
public:
    CurlNotificationSender(MailSettings mail, WebhookSettings webhooks, TransferSettings transfer,
                           const Clock& clock);

    bool sendsEmail() const override { return !m_mail.url.empty(); }
    bool sendsWebhooks() const override { return !m_webhooks.urls.empty(); }
    Result<void> sendEmail(const EmailMessage& message) override;
    Result<void> postWebhook(const WebhookMessage& message) override;

private:
    MailSettings m_mail;
    WebhookSettings m_webhooks;
    TransferSettings m_transfer;
    const Clock& m_clock;
};

// The webhook's signature header's value: "sha256=" and the hex HMAC-SHA256 under `secret`
// of `timestamp` (Unix seconds, as sent in Bilheteria-Timestamp), "." and the body.
std::string webhookSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body);

// The whole RFC 5322 message (headers, multipart/mixed body) sendEmail hands to the relay.
std::string mimeMessage(const EmailMessage& message, const std::string& from,
                        const std::string& pdf, TimePoint date);

} // namespace bilheteria
