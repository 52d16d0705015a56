#include "tests/support/serverprocess.h"

#include <httplib.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/support/testkeys.h"

namespace bilheteria::testing {

namespace {

// A server killed mid-request leaves connections whose next write raises SIGPIPE: the tests
// want a failed request there, not the end of the test process.
[[maybe_unused]] const bool kSigpipeIgnored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}();

std::string makeTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "bilheteria-srv-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

// fork+exec the server binary with stdout and stderr on a pipe (and stdin on another when
// `stdinFd` is given). Returns the child's pid. The child inherits BILHETERIA_KEYS_FILE: the
// test process's keys (testkeys.h), unless the arguments name a --keys-file.
pid_t spawn(const std::vector<std::string>& args, int* outputFd, int* stdinFd) {
    (void)testKeysFile();
    int out[2], in[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    if (stdinFd && pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        if (stdinFd) dup2(in[0], STDIN_FILENO);
        std::vector<char*> argv;
        std::string binary = BILHETERIA_SERVER_BINARY;
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& arg : copy)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(out[1]);
    *outputFd = out[0];
    if (stdinFd) {
        close(in[0]);
        *stdinFd = in[1];
    }
    return pid;
}

int exitStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::string readAll(int fd) {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        out.append(buffer, static_cast<size_t>(n));
    return out;
}

} // namespace

int runServerCommand(const std::vector<std::string>& args, const std::string& input,
                     std::string* output) {
    int outFd = -1, inFd = -1;
    const pid_t pid = spawn(args, &outFd, &inFd);
    if (!input.empty() && write(inFd, input.data(), input.size()) < 0) {
        // The child may have exited early; its status says why.
    }
    close(inFd);
    std::string text = readAll(outFd);
    close(outFd);
    int status = 0;
    waitpid(pid, &status, 0);
    if (output) *output = text;
    return exitStatus(status);
}

void addUser(const std::string& databaseUrl, const std::string& email, const std::string& name,
             const std::string& role, const std::string& password) {
    std::string output;
    const int status = runServerCommand({"user", "add", "--database", databaseUrl, "--email", email,
                                         "--name", name, "--role", role},
                                        password + "\n", &output);
    if (status != 0) throw std::runtime_error("user add failed: " + output);
}

ServerProcess::ServerProcess(const std::string& databaseUrl, std::vector<std::string> extraArgs)
    : m_dataDir(makeTempDir()) {
    std::vector<std::string> args{"serve", "--database", databaseUrl, "--data-dir", m_dataDir};
    if (std::find(extraArgs.begin(), extraArgs.end(), "--listen") == extraArgs.end())
        args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    m_pid = spawn(args, &m_outputFd, nullptr);

    // Read until the server says where it listens; the reader thread keeps draining after.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const std::regex listening(R"(listening on https://[^:\s]+:(\d+))");
    std::string seen;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd pfd{m_outputFd, POLLIN, 0};
        if (poll(&pfd, 1, 200) <= 0) continue;
        char buffer[4096];
        const ssize_t n = read(m_outputFd, buffer, sizeof buffer);
        if (n <= 0) break; // the server exited
        seen.append(buffer, static_cast<size_t>(n));
        std::smatch match;
        if (std::regex_search(seen, match, listening)) {
            m_port = std::stoi(match[1]);
            break;
        }
    }
    m_output = seen;
    if (m_port == 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        waitpid(m_pid, &status, 0);
        close(m_outputFd);
        throw std::runtime_error("bilheteria-server did not start:\n" + seen);
    }
    m_reader = std::thread([this] {
        char buffer[4096];
        ssize_t n;
        while ((n = read(m_outputFd, buffer, sizeof buffer)) > 0) {
            std::lock_guard lock(m_mutex);
            m_output.append(buffer, static_cast<size_t>(n));
        }
    });
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) stop();
    std::error_code ignored;
    std::filesystem::remove_all(m_dataDir, ignored);
}

std::string ServerProcess::printedFingerprint() const {
    static const std::regex pattern("fingerprint: ([0-9A-F:]+)");
    const std::string printed = output();
    std::smatch match;
    return std::regex_search(printed, match, pattern) ? match[1].str() : std::string{};
}

std::string ServerProcess::output() const {
    std::lock_guard lock(m_mutex);
    return m_output;
}

int ServerProcess::stop() {
    if (m_pid <= 0) return m_exitStatus;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (m_reader.joinable()) m_reader.join();
    close(m_outputFd);
    m_exitStatus = exitStatus(status);
    return m_exitStatus;
}

void ServerProcess::kill() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (m_reader.joinable()) m_reader.join();
    close(m_outputFd);
    m_exitStatus = exitStatus(status);
}

void ServerProcess::terminate() {
    if (m_pid > 0) ::kill(m_pid, SIGTERM);
}

std::optional<int> ServerProcess::waitForExit(std::chrono::milliseconds timeout) {
    if (m_pid <= 0) return m_exitStatus;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(m_pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    m_pid = -1;
    if (m_reader.joinable()) m_reader.join();
    close(m_outputFd);
    m_exitStatus = exitStatus(status);
    return m_exitStatus;
}

struct HttpsClient::Impl {
    httplib::SSLClient client;
    std::chrono::steady_clock::time_point lastUsed{};
    Impl(int port, const std::string& caCertPath)
        : client("127.0.0.1", port) {
        client.set_ca_cert_path(caCertPath.c_str());
        client.enable_server_certificate_verification(true);
        client.set_connection_timeout(10, 0);
        client.set_read_timeout(60, 0);
        client.set_keep_alive(true);
    }
    // The client to send the next request on: a new connection after an idle spell in which the
    // server may have closed the kept-alive one (cpp-httplib would write into the dead TLS
    // socket; the terminal client's HttpsConnection does the same).
    httplib::SSLClient& fresh() {
        const auto now = std::chrono::steady_clock::now();
        if (lastUsed != std::chrono::steady_clock::time_point{} &&
            now - lastUsed > std::chrono::seconds(4))
            client.stop();
        lastUsed = now;
        return client;
    }
};

HttpsClient::HttpsClient(int port, const std::string& caCertPath)
    : m_impl(std::make_unique<Impl>(port, caCertPath)) {}
HttpsClient::~HttpsClient() = default;

namespace {

httplib::Headers headersWith(const std::string& token,
                             const std::map<std::string, std::string>& extra = {}) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    for (const auto& [name, value] : extra)
        headers.emplace(name, value);
    return headers;
}

HttpReply toReply(const httplib::Result& result) {
    HttpReply reply;
    if (!result) {
        reply.raw = "transport error: " + httplib::to_string(result.error());
        return reply;
    }
    reply.status = result->status;
    reply.raw = result->body;
    for (const auto& [name, value] : result->headers) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers[lower] = value;
    }
    reply.body = nlohmann::json::parse(reply.raw, nullptr, false);
    return reply;
}

} // namespace

void expectCheckAndAuditPass(const std::string& databaseUrl) {
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"check", "--database", databaseUrl},
          std::vector<std::string>{"audit", "verify", "--database", databaseUrl}}) {
        std::string output;
        EXPECT_EQ(runServerCommand(command, "", &output), 0) << command[0] << ":\n" << output;
    }
}

double metricSum(const std::string& exposition, const std::string& name,
                 const std::string& labels) {
    double total = 0;
    std::istringstream in(exposition);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with(name)) continue;
        const auto rest = line.substr(name.size());
        // `name` itself, not a longer name beginning with it.
        if (rest.empty() || (rest.front() != ' ' && rest.front() != '{')) continue;
        const auto end = rest.rfind('}'); // a label value may hold braces: {id}
        if (!labels.empty() &&
            (rest.front() != '{' || rest.substr(0, end).find(labels) == std::string::npos))
            continue;
        total += std::stod(rest.substr(rest.rfind(' ') + 1));
    }
    return total;
}

void expectApiError(const HttpReply& reply, int status, const std::string& code) {
    EXPECT_EQ(reply.status, status) << reply.raw;
    ASSERT_TRUE(reply.body.is_object()) << reply.raw;
    ASSERT_TRUE(reply.body.contains("error")) << reply.raw;
    const nlohmann::json& error = reply.body["error"];
    EXPECT_EQ(error.value("code", ""), code) << reply.raw;
    EXPECT_TRUE(error.contains("message") && error["message"].is_string() &&
                !error["message"].get<std::string>().empty())
        << reply.raw;
    if (error.contains("details")) {
        EXPECT_TRUE(error["details"].is_object()) << reply.raw;
    }
    EXPECT_EQ(reply.header("content-type"), "application/json");
}

void expectInvalidField(const HttpReply& reply, const std::string& field) {
    expectApiError(reply, 400, "invalid_request");
    EXPECT_EQ(reply.body["error"]["details"].value("field", ""), field) << reply.raw;
}

HttpReply HttpsClient::get(const std::string& path, const std::string& token,
                           const std::map<std::string, std::string>& headers) {
    return toReply(m_impl->fresh().Get(path, headersWith(token, headers)));
}

HttpReply HttpsClient::post(const std::string& path, const nlohmann::json& body,
                            const std::string& token,
                            const std::map<std::string, std::string>& headers) {
    return toReply(
        m_impl->fresh().Post(path, headersWith(token, headers), body.dump(), "application/json"));
}

HttpReply HttpsClient::postRaw(const std::string& path, const std::string& body,
                               const std::string& contentType, const std::string& token) {
    return toReply(m_impl->fresh().Post(path, headersWith(token), body, contentType));
}

HttpReply HttpsClient::del(const std::string& path, const std::string& token) {
    return toReply(m_impl->fresh().Delete(path, headersWith(token)));
}

std::string HttpsClient::login(const std::string& email, const std::string& password) {
    auto reply = post("/api/v1/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(reply.status, 200) << reply.raw;
    if (reply.status != 200 || !reply.body.contains("token")) return {};
    return reply.body["token"].get<std::string>();
}

CreatedEvent createEventWithSeats(HttpsClient& http, const std::string& token,
                                  const nlohmann::json& body) {
    CreatedEvent result;
    auto created = http.post("/api/v1/events", body, token);
    EXPECT_EQ(created.status, 201) << created.raw;
    if (created.status != 201) return result;
    const Id id = created.body["event"]["id"].get<Id>();
    auto seats = http.get("/api/v1/events/" + std::to_string(id) + "/seats");
    EXPECT_EQ(seats.status, 200) << seats.raw;
    if (seats.status != 200) return result;
    result.id = id;
    result.event = created.body["event"];
    for (const auto& seat : seats.body["seats"])
        result.seatIds.push_back(seat["id"].get<Id>());
    return result;
}

} // namespace bilheteria::testing
