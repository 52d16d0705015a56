// What the notification tests send to, started by the test: an SMTP sink (aiosmtpd, in a
// Python child process, tests/support/smtpsink.py) that keeps each message, and a webhook
// receiver (cpp-httplib over TLS with a self-signed certificate) that keeps each request and
// can be told to fail the next ones.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bilheteria::testing {

// What a secure sink asks for: STARTTLS (a certificate made in its folder) and this login.
struct SmtpLogin {
    std::string user, password;
};

class SmtpSink {
public:
    SmtpSink();
    // Requires STARTTLS and `login` before it takes a message.
    explicit SmtpSink(const SmtpLogin& login);
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return m_port; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }
    // A secure sink's certificate (empty otherwise), for --notify-ca-file.
    const std::string& caFile() const { return m_certPath; }
    // The messages received so far, whole (an X-Envelope-To line first), oldest first.
    std::vector<std::string> messages() const;
    // Waits until at least `count` messages arrived (or the timeout passed); returns them.
    std::vector<std::string> waitFor(std::size_t count,
                                     std::chrono::seconds timeout = std::chrono::seconds{30}) const;

private:
    void start(const std::vector<std::string>& extra);

    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_folder;
    std::string m_certPath;
};

struct WebhookRequest {
    std::string id, timestamp, signature, body;
};

class WebhookReceiver {
public:
    // Serves https://127.0.0.1:<port>/hook with a certificate made in a temporary folder.
    WebhookReceiver();
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port) + "/hook"; }
    const std::string& caFile() const { return m_certPath; }
    // The next `count` requests get 503 (they are still recorded).
    void failNext(int count);
    // Every request, answered or failed, oldest first.
    std::vector<WebhookRequest> requests() const;
    std::vector<WebhookRequest>
    waitFor(std::size_t count, std::chrono::seconds timeout = std::chrono::seconds{30}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    int m_port = 0;
    std::string m_folder;
    std::string m_certPath;
};

// A MIME message's parts decoded: the text (UTF-8) and each attachment's bytes by file name.
struct MailParts {
    std::map<std::string, std::string> headers; // lower-case names, first occurrence
    std::string text;
    std::map<std::string, std::string> attachments;
};
MailParts parseMail(const std::string& message);

// `pdftotext` (poppler-utils) of a PDF's bytes.
std::string pdfText(const std::string& pdf);

} // namespace bilheteria::testing
