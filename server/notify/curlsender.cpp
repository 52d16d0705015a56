#include "server/notify/curlsender.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>

#include "shared/crypto/crypto.h"

namespace bilheteria {

namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(bytes.data()),
                                       static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

// Base64 in lines of 76 characters, as MIME wants them.
std::string base64Lines(std::string_view bytes) {
    const std::string encoded = base64(bytes);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += 76)
        out += encoded.substr(i, 76) + "\r\n";
    return out;
}

// A header's words in UTF-8 (RFC 2047): names and subjects in Portuguese have accents.
std::string encodedWord(const std::string& text) {
    return "=?UTF-8?B?" + base64(text) + "?=";
}

std::string rfc5322Date(TimePoint date) {
    const std::time_t seconds = static_cast<std::time_t>(date.time_since_epoch().count());
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return text;
}

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using List = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// What libcurl reads the upload from.
struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t readUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t left = upload->data->size() - upload->offset;
    const std::size_t n = std::min(left, size * count);
    std::memcpy(buffer, upload->data->data() + upload->offset, n);
    upload->offset += n;
    return n;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

Easy handle(const TransferSettings& transfer) {
    initCurlOnce();
    Easy easy(curl_easy_init(), &curl_easy_cleanup);
    if (!easy) return easy;
    curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT, transfer.timeoutSeconds);
    if (!transfer.caFile.empty())
        curl_easy_setopt(easy.get(), CURLOPT_CAINFO, transfer.caFile.c_str());
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &discard);
    return easy;
}

Error transferFailed(CURLcode code, const char* detail) {
    return Error::unavailable(std::string(curl_easy_strerror(code)) +
                              (detail && *detail ? std::string(": ") + detail : ""));
}

} // namespace

std::string webhookSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body) {
    return "sha256=" + crypto::hexEncode(crypto::hmacSha256(secret, timestamp + "." + body));
}

std::string mimeMessage(const EmailMessage& message, const std::string& from,
                        const std::string& pdf, TimePoint date) {
    const std::string boundary = "bilheteria-" + message.uid;
    std::string out;
    out += "From: " + from + "\r\n";
    out += "To: " + (message.toName.empty() ? "" : encodedWord(message.toName) + " ") + "<" +
           message.to + ">\r\n";
    out += "Subject: " + encodedWord(message.subject) + "\r\n";
    out += "Date: " + rfc5322Date(date) + "\r\n";
    out += "Message-ID: <" + message.uid + "@bilheteria>\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64Lines(message.text);
    if (!pdf.empty()) {
        out += "--" + boundary + "\r\n";
        out += "Content-Type: application/pdf; name=\"" + message.attachmentName + "\"\r\n";
        out += "Content-Disposition: attachment; filename=\"" + message.attachmentName + "\"\r\n";
        out += "Content-Transfer-Encoding: base64\r\n\r\n";
        out += base64Lines(pdf);
    }
    out += "--" + boundary + "--\r\n";
    return out;
}

CurlNotificationSender::CurlNotificationSender(MailSettings mail, WebhookSettings webhooks,
                                               TransferSettings transfer, const Clock& clock)
    : m_mail(std::move(mail))
    , m_webhooks(std::move(webhooks))
    , m_transfer(std::move(transfer))
    , m_clock(clock) {}

Result<void> CurlNotificationSender::sendEmail(const EmailMessage& message) {
    std::string pdf;
    if (!message.tickets.empty()) {
        BILHETERIA_TRY(drawn, ticketPdf(message.tickets));
        pdf = std::move(drawn);
    }
    const std::string data = mimeMessage(message, m_mail.from, pdf, m_clock.now());
    Easy easy = handle(m_transfer);
    if (!easy) return fail(Error::internal("libcurl could not start"));
    CURL* c = easy.get();
    char detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(c, CURLOPT_URL, m_mail.url.c_str());
    // The envelope's sender: the address inside "Name <address>", or the whole text.
    std::string envelopeFrom = m_mail.from;
    if (const auto open = envelopeFrom.find('<'); open != std::string::npos)
        envelopeFrom = envelopeFrom.substr(open + 1, envelopeFrom.find('>', open) - open - 1);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + envelopeFrom + ">").c_str());
    List recipients(curl_slist_append(nullptr, ("<" + message.to + ">").c_str()),
                    &curl_slist_free_all);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    if (!m_mail.user.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, m_mail.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, m_mail.password.c_str());
    }
    if (m_mail.requireTls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    Upload upload{&data};
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &readUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    if (const CURLcode code = curl_easy_perform(c); code != CURLE_OK)
        return fail(transferFailed(code, detail));
    return {};
}

Result<void> CurlNotificationSender::postWebhook(const WebhookMessage& message) {
    const std::string timestamp = std::to_string(m_clock.now().time_since_epoch().count());
    const std::string signature = webhookSignature(m_webhooks.secret, timestamp, message.body);
    for (const std::string& url : m_webhooks.urls) {
        Easy easy = handle(m_transfer);
        if (!easy) return fail(Error::internal("libcurl could not start"));
        CURL* c = easy.get();
        char detail[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_slist* headers = nullptr;
        for (const std::string& header :
             {std::string{"Content-Type: application/json"}, "Bilheteria-Id: " + message.uid,
              "Bilheteria-Timestamp: " + timestamp, "Bilheteria-Signature: " + signature})
            headers = curl_slist_append(headers, header.c_str());
        List headerList(headers, &curl_slist_free_all);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, message.body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(message.body.size()));
        if (const CURLcode code = curl_easy_perform(c); code != CURLE_OK)
            return fail(transferFailed(code, detail));
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status > 299)
            return fail(Error::unavailable(url + " answered HTTP " + std::to_string(status)));
    }
    return {};
}

} // namespace bilheteria
