#include "tests/support/notificationsinks.h"

#include <httplib.h>
#include <openssl/evp.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/http/tlscertificate.h"

namespace bilheteria::testing {

namespace {

std::string temporaryFolder(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

std::string base64Decode(std::string text) {
    text.erase(std::remove_if(text.begin(), text.end(),
                              [](char c) { return c == '\r' || c == '\n' || c == ' '; }),
               text.end());
    std::string out(text.size() / 4 * 3 + 3, '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()),
                                       static_cast<int>(text.size()));
    if (length < 0) return {};
    std::size_t padding = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it)
        ++padding;
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

// "=?UTF-8?B?...?=" decoded; other text as it is.
std::string decodeWord(const std::string& value) {
    const std::string prefix = "=?UTF-8?B?";
    if (value.rfind(prefix, 0) != 0 || value.size() < prefix.size() + 2) return value;
    return base64Decode(value.substr(prefix.size(), value.size() - prefix.size() - 2));
}

// Headers (lower-case names) and the body after the first blank line.
std::pair<std::map<std::string, std::string>, std::string> split(const std::string& message) {
    std::map<std::string, std::string> headers;
    std::size_t at = 0;
    for (;;) {
        const auto end = message.find("\r\n", at);
        if (end == std::string::npos || end == at) {
            return {headers, end == std::string::npos ? "" : message.substr(end + 2)};
        }
        const std::string line = message.substr(at, end - at);
        if (const auto colon = line.find(':'); colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            headers.emplace(name, value);
        }
        at = end + 2;
    }
}

} // namespace

SmtpSink::SmtpSink()
    : m_folder(temporaryFolder("bilheteria-smtp-")) {
    start({});
}

SmtpSink::SmtpSink(const SmtpLogin& login)
    : m_folder(temporaryFolder("bilheteria-smtp-")) {
    auto files = ensureSelfSignedCertificate(m_folder, "127.0.0.1");
    if (!files) throw std::runtime_error(files.error().message);
    m_certPath = files->certPath;
    start({files->certPath, files->keyPath, login.user, login.password});
}

void SmtpSink::start(const std::vector<std::string>& extra) {
    const std::string script = std::string(BILHETERIA_SOURCE_DIR) + "/tests/support/smtpsink.py";
    std::vector<std::string> args{"python3", script, m_folder};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    m_pid = fork();
    if (m_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        // Debian's Python: python3-aiosmtpd is installed for it.
        execv("/usr/bin/python3", argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n')
        line.push_back(c);
    close(out[0]);
    m_port = std::atoi(line.c_str());
    if (m_port <= 0) throw std::runtime_error("the SMTP sink did not start (python3-aiosmtpd?)");
}

SmtpSink::~SmtpSink() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        waitpid(m_pid, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(m_folder, ignored);
}

std::vector<std::string> SmtpSink::messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(m_folder))
        if (entry.path().extension() == ".eml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out.push_back(text.str());
    }
    return out;
}

std::vector<std::string> SmtpSink::waitFor(std::size_t count, std::chrono::seconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto got = messages();
        if (got.size() >= count || std::chrono::steady_clock::now() > until) return got;
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
}

struct WebhookReceiver::Impl {
    std::unique_ptr<httplib::SSLServer> server;
    std::thread thread;
    mutable std::mutex mutex;
    mutable std::condition_variable arrived;
    std::vector<WebhookRequest> requests;
    int failures = 0;
};

WebhookReceiver::WebhookReceiver()
    : m_impl(std::make_unique<Impl>())
    , m_folder(temporaryFolder("bilheteria-hook-")) {
    auto files = ensureSelfSignedCertificate(m_folder, "127.0.0.1");
    if (!files) throw std::runtime_error(files.error().message);
    m_certPath = files->certPath;
    m_impl->server =
        std::make_unique<httplib::SSLServer>(files->certPath.c_str(), files->keyPath.c_str());
    Impl* impl = m_impl.get();
    m_impl->server->Post("/hook", [impl](const httplib::Request& request,
                                         httplib::Response& response) {
        std::lock_guard lock(impl->mutex);
        impl->requests.push_back({request.get_header_value("Bilheteria-Id"),
                                  request.get_header_value("Bilheteria-Timestamp"),
                                  request.get_header_value("Bilheteria-Signature"), request.body});
        if (impl->failures > 0) {
            --impl->failures;
            response.status = 503;
        } else {
            response.status = 204;
        }
        impl->arrived.notify_all();
    });
    m_port = m_impl->server->bind_to_any_port("127.0.0.1");
    m_impl->thread = std::thread([impl] { impl->server->listen_after_bind(); });
}

WebhookReceiver::~WebhookReceiver() {
    m_impl->server->stop();
    m_impl->thread.join();
    std::error_code ignored;
    std::filesystem::remove_all(m_folder, ignored);
}

void WebhookReceiver::failNext(int count) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->failures = count;
}

std::vector<WebhookRequest> WebhookReceiver::requests() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests;
}

std::vector<WebhookRequest> WebhookReceiver::waitFor(std::size_t count,
                                                     std::chrono::seconds timeout) const {
    std::unique_lock lock(m_impl->mutex);
    m_impl->arrived.wait_for(lock, timeout, [&] { return m_impl->requests.size() >= count; });
    return m_impl->requests;
}

MailParts parseMail(const std::string& message) {
    MailParts parts;
    auto [headers, body] = split(message);
    for (auto& [name, value] : headers)
        value = decodeWord(value);
    parts.headers = headers;
    const std::string& type = headers["content-type"];
    const auto at = type.find("boundary=\"");
    if (at == std::string::npos) return parts;
    const std::string boundary = "--" + type.substr(at + 10, type.find('"', at + 10) - (at + 10));
    std::size_t from = body.find(boundary);
    while (from != std::string::npos) {
        from += boundary.size();
        if (body.compare(from, 2, "--") == 0) break;
        const std::size_t next = body.find(boundary, from);
        auto [partHeaders, content] = split(
            body.substr(from + 2, (next == std::string::npos ? body.size() : next) - from - 2));
        const std::string decoded =
            partHeaders["content-transfer-encoding"] == "base64" ? base64Decode(content) : content;
        const std::string& disposition = partHeaders["content-disposition"];
        if (const auto name = disposition.find("filename=\""); name != std::string::npos)
            parts.attachments[disposition.substr(name + 10, disposition.find('"', name + 10) -
                                                                name - 10)] = decoded;
        else
            parts.text += decoded;
        from = next;
    }
    return parts;
}

std::string pdfText(const std::string& pdf) {
    const std::string folder = temporaryFolder("bilheteria-pdf-");
    const std::string path = folder + "/tickets.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf;
    }
    std::string text;
    if (FILE* pipe = popen(("pdftotext '" + path + "' -").c_str(), "r")) {
        char buffer[4096];
        std::size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
            text.append(buffer, n);
        pclose(pipe);
    }
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    return text;
}

} // namespace bilheteria::testing
