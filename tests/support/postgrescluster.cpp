#include "tests/support/postgrescluster.h"

#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/loopback.h"

namespace bilheteria::testing {

namespace {

namespace fs = std::filesystem;

// The postgres account when we are root; nullptr otherwise (we own the cluster ourselves).
const passwd* clusterOwner() {
    if (::geteuid() != 0) return nullptr;
    const passwd* owner = ::getpwnam("postgres");
    if (!owner) throw std::runtime_error("running as root but there is no user 'postgres'");
    return owner;
}

void giveToOwner(const std::string& path) {
    if (const passwd* owner = clusterOwner())
        if (::chown(path.c_str(), owner->pw_uid, owner->pw_gid) != 0)
            throw std::runtime_error("cannot chown " + path);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void appendLine(const std::string& path, const std::string& line) {
    std::ofstream out(path, std::ios::app);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << line << '\n';
}

// The postmaster's pid from its pid file; 0 when there is none.
pid_t postmasterPid(const std::string& dataDir) {
    std::ifstream in(dataDir + "/postmaster.pid");
    long pid = 0;
    if (in >> pid && pid > 0) return static_cast<pid_t>(pid);
    return 0;
}

bool exists(pid_t pid) {
    return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

// A zombie (killed, not yet reaped by whoever adopted it) counts as gone.
bool alive(pid_t pid) {
    if (!exists(pid)) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const auto close = line.rfind(')');
    return close == std::string::npos || line.find('Z', close) != close + 2;
}

// The children of `parent`, from /proc/<pid>/stat's fourth field.
std::vector<pid_t> childrenOf(pid_t parent) {
    std::vector<pid_t> children;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        const auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 1));
        char state = 0;
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == parent) children.push_back(static_cast<pid_t>(std::stol(name)));
    }
    return children;
}

} // namespace

std::string PostgresCluster::binDir() {
    std::string best;
    int bestVersion = -1;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql")) {
        const std::string name = entry.path().filename();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        if (!fs::exists(entry.path() / "bin/postgres")) continue;
        if (const int version = std::stoi(name); version > bestVersion) {
            bestVersion = version;
            best = (entry.path() / "bin").string();
        }
    }
    if (best.empty())
        throw std::runtime_error("no PostgreSQL under /usr/lib/postgresql/*/bin (install it)");
    return best;
}

PostgresCluster::PostgresCluster(Init init) {
    std::string pattern = (fs::temp_directory_path() / "bilheteria-cluster.XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_folder = pattern;
    ::chmod(m_folder.c_str(), 0755);
    giveToOwner(m_folder);
    for (const std::string& sub : {dataDir(), socketDir()}) {
        fs::create_directories(sub);
        ::chmod(sub.c_str(), 0700);
        giveToOwner(sub);
    }
    m_port = freeLoopbackPort();
    if (init == Init::Initdb) {
        std::string output;
        if (runAsOwner({"initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
                        "--no-sync", "-D", dataDir()},
                       &output) != 0)
            throw std::runtime_error("initdb failed:\n" + output);
    }
}

PostgresCluster::~PostgresCluster() {
    try {
        stop();
    } catch (...) {
        kill();
    }
    std::error_code ignored;
    fs::remove_all(m_folder, ignored);
}

std::string PostgresCluster::url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

void PostgresCluster::configure(const std::vector<std::string>& lines) const {
    for (const auto& line : lines)
        appendLine(dataDir() + "/postgresql.conf", line);
}

void PostgresCluster::allow(const std::string& hbaLine) const {
    appendLine(dataDir() + "/pg_hba.conf", hbaLine);
}

void PostgresCluster::start() {
    // A restored or copied data folder must be the owner's alone, mode 0700, or the postmaster
    // refuses it.
    ::chmod(dataDir().c_str(), 0700);
    const std::string options = "-p " + std::to_string(m_port) + " -k " + socketDir() +
                                " -c listen_addresses=127.0.0.1 -c fsync=off";
    std::string output;
    if (runAsOwner({"pg_ctl", "-D", dataDir(), "-l", m_folder + "/postgres.log", "-w", "-t", "120",
                    "-o", options, "start"},
                   &output) != 0)
        throw std::runtime_error("PostgreSQL did not start:\n" + output + "\n" + log());
    m_started = true;
}

void PostgresCluster::stop() {
    if (!running()) return;
    std::string output;
    if (runAsOwner({"pg_ctl", "-D", dataDir(), "-m", "fast", "-w", "-t", "60", "stop"}, &output) !=
        0)
        throw std::runtime_error("pg_ctl stop failed:\n" + output);
}

void PostgresCluster::kill() {
    const pid_t postmaster = postmasterPid(dataDir());
    if (!alive(postmaster)) return;
    // Children first seen, then the postmaster: nothing is left to clean up or checkpoint.
    const auto children = childrenOf(postmaster);
    ::kill(postmaster, SIGKILL);
    for (const pid_t child : children)
        ::kill(child, SIGKILL);
    // The postmaster is pg_ctl's orphan, reaped by whoever adopted it; until then a new
    // postmaster would take the zombie for a live one holding the data folder.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{30};
    for (;;) {
        bool any = exists(postmaster);
        for (const pid_t child : children)
            any = any || alive(child);
        if (!any) return;
        if (std::chrono::steady_clock::now() > deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    bool any = alive(postmaster);
    for (const pid_t child : children)
        any = any || alive(child);
    if (any) throw std::runtime_error("PostgreSQL's processes outlived SIGKILL");
    // Only an unreaped zombie is left: its lock file is stale.
    fs::remove(dataDir() + "/postmaster.pid");
}

void PostgresCluster::promote() const {
    std::string output;
    if (runAsOwner({"pg_ctl", "-D", dataDir(), "-w", "-t", "60", "promote"}, &output) != 0)
        throw std::runtime_error("pg_ctl promote failed:\n" + output + "\n" + log());
}

bool PostgresCluster::running() const {
    return alive(postmasterPid(dataDir()));
}

int PostgresCluster::runAsOwner(const std::vector<std::string>& args, std::string* output) const {
    if (args.empty()) throw std::invalid_argument("runAsOwner needs a program");
    std::string program = args.front();
    if (program.find('/') == std::string::npos) {
        const std::string own = binDir() + "/" + program;
        if (::access(own.c_str(), X_OK) == 0) program = own;
    }
    const passwd* owner = clusterOwner();
    int pipeFds[2];
    if (::pipe(pipeFds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::close(pipeFds[0]);
        ::dup2(pipeFds[1], STDOUT_FILENO);
        ::dup2(pipeFds[1], STDERR_FILENO);
        ::close(pipeFds[1]);
        if (owner &&
            (::setgid(owner->pw_gid) != 0 || ::initgroups(owner->pw_name, owner->pw_gid) != 0 ||
             ::setuid(owner->pw_uid) != 0))
            ::_exit(125);
        if (::chdir(m_folder.c_str()) != 0) ::_exit(126);
        ::setenv("HOME", m_folder.c_str(), 1);
        std::vector<char*> argv;
        argv.push_back(program.data());
        for (std::size_t i = 1; i < args.size(); ++i)
            argv.push_back(const_cast<char*>(args[i].c_str()));
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipeFds[1]);
    std::string collected;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
        if (n > 0) {
            collected.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;
    }
    ::close(pipeFds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (output) *output = std::move(collected);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

std::string PostgresCluster::query(const std::string& sql, const std::string& database) const {
    std::string output;
    if (runAsOwner({"psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", url(database), "-c", sql},
                   &output) != 0)
        throw std::runtime_error("psql failed on: " + sql + "\n" + output);
    while (!output.empty() && output.back() == '\n')
        output.pop_back();
    return output;
}

std::string PostgresCluster::log() const {
    std::string text = readFile(m_folder + "/postgres.log");
    constexpr std::size_t kTail = 6000;
    if (text.size() > kTail) text = "…" + text.substr(text.size() - kTail);
    return text;
}

} // namespace bilheteria::testing
