#include "tests/support/s3server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/loopback.h"

namespace bilheteria::testing {

namespace {

namespace fs = std::filesystem;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    if (!(out << content)) throw std::runtime_error("cannot write " + path);
}

std::string tail(const std::string& text, std::size_t size = 3000) {
    return text.size() <= size ? text : "..." + text.substr(text.size() - size);
}

std::string randomHex(std::size_t bytes) {
    std::random_device device;
    std::string hex;
    for (std::size_t i = 0; i < bytes; ++i) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", static_cast<unsigned>(device() & 0xff));
        hex += pair;
    }
    return hex;
}

std::string randomUuid() {
    const std::string hex = randomHex(16);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-4" + hex.substr(13, 3) + "-a" +
           hex.substr(17, 3) + "-" + hex.substr(20, 12);
}

std::vector<char*> argv(const std::vector<std::string>& args) {
    std::vector<char*> pointers;
    for (const auto& arg : args)
        pointers.push_back(const_cast<char*>(arg.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

std::string firstMatch(const std::string& text, const std::regex& pattern) {
    std::smatch match;
    return std::regex_search(text, match, pattern) ? match[1].str() : std::string{};
}

} // namespace

int S3Server::run(const std::vector<std::string>& args, std::string* output) const {
    // Every step has a deadline: a cluster that cannot form must fail the test, not hang it.
    std::vector<std::string> command{"timeout", "60"};
    command.insert(command.end(), args.begin(), args.end());
    int pipeFds[2];
    if (::pipe(pipeFds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(pipeFds[1], STDOUT_FILENO);
        ::dup2(pipeFds[1], STDERR_FILENO);
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        ::chdir(m_folder.c_str());
        auto pointers = argv(command);
        ::execvp(pointers[0], pointers.data());
        ::_exit(127);
    }
    ::close(pipeFds[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t got; (got = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(got));
    ::close(pipeFds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void S3Server::runOrThrow(const std::vector<std::string>& args, std::string* output) const {
    std::string text;
    if (run(args, &text) != 0) {
        std::string command;
        for (const auto& arg : args)
            command += arg + " ";
        throw std::runtime_error("S3 server: `" + command + "` failed:\n" + tail(text) + "\n" +
                                 logs());
    }
    if (output) *output = text;
}

pid_t S3Server::spawn(const std::vector<std::string>& args, const std::string& logName) const {
    const std::string logPath = m_folder + "/log/" + logName + ".out";
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
            ::close(fd);
        }
        ::chdir(m_folder.c_str());
        auto pointers = argv(args);
        ::execvp(pointers[0], pointers.data());
        ::_exit(127);
    }
    return pid;
}

S3Server::S3Server() {
    std::string pattern = (fs::temp_directory_path() / "bilheteria-s3.XXXXXX");
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_folder = pattern;
    try {
        // PostgreSQL's archive_command (user postgres) reads the CA from here; the keys below
        // are the owner's alone.
        ::chmod(m_folder.c_str(), 0755);
        for (const char* sub : {"mon", "osd", "run", "log"})
            fs::create_directory(m_folder + "/" + sub);
        m_port = freeLoopbackPort();
        const int monitorPort = freeLoopbackPort();
        m_accessKey = "BILHETERIA" + randomHex(5);
        m_secretKey = randomHex(20);
        const std::string conf = m_folder + "/ceph.conf";
        const std::string fsid = randomUuid(), osdUuid = randomUuid();

        // A CA, and the gateway's certificate for 127.0.0.1 signed by it (the IP also as a DNS
        // name: pgBackRest matches the host it connects to against the DNS names only).
        writeFile(m_folder + "/server.ext",
                  "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                  "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1,DNS:localhost\n");
        const std::vector<std::string> ecKey{"-newkey", "ec", "-pkeyopt",
                                             "ec_paramgen_curve:prime256v1", "-nodes"};
        std::vector<std::string> ca{
            "openssl", "req",    "-x509", "-days", "2", "-subj", "/CN=Bilheteria test S3 CA",
            "-keyout", "ca.key", "-out",  "ca.crt"};
        ca.insert(ca.end(), ecKey.begin(), ecKey.end());
        runOrThrow(ca);
        std::vector<std::string> request{"openssl", "req",        "-subj", "/CN=127.0.0.1",
                                         "-keyout", "server.key", "-out",  "server.csr"};
        request.insert(request.end(), ecKey.begin(), ecKey.end());
        runOrThrow(request);
        runOrThrow({"openssl", "x509", "-req", "-days", "2", "-in", "server.csr", "-CA", "ca.crt",
                    "-CAkey", "ca.key", "-CAcreateserial", "-extfile", "server.ext", "-out",
                    "server.crt"});
        ::chmod((m_folder + "/ca.key").c_str(), 0600);
        ::chmod((m_folder + "/server.key").c_str(), 0600);
        ::chmod((m_folder + "/ca.crt").c_str(), 0644);

        // What Ceph's vstart.sh does for a development cluster, cut to one monitor and one OSD
        // keeping objects in memory: no authentication between daemons on loopback, pools of
        // one replica and one placement group, the monitor proposing changes at once.
        std::ostringstream config;
        config << "[global]\n"
               << "fsid = " << fsid << "\n"
               << "mon host = v1:127.0.0.1:" << monitorPort << "\n"
               << "ms bind msgr2 = false\nms bind ipv6 = false\n"
               << "auth cluster required = none\nauth service required = none\n"
               << "auth client required = none\n"
               << "keyring = " << m_folder << "/keyring\n"
               << "run dir = " << m_folder << "/run\n"
               << "admin socket = " << m_folder << "/run/$name.asok\n"
               << "log file = " << m_folder << "/log/$name.log\n"
               << "pid file = " << m_folder << "/run/$name.pid\n"
               << "client mount timeout = 120\nrados osd op timeout = 120\n"
               << "rados mon op timeout = 120\n"
               << "osd pool default size = 1\nosd pool default min size = 1\n"
               << "mon allow pool size one = true\nmon allow pool delete = true\n"
               << "osd pool default pg autoscale mode = off\n"
               << "osd pool default pg num = 1\nosd pool default pgp num = 1\n"
               << "mon max pg per osd = 1000\nosd crush chooseleaf type = 0\n"
               << "paxos propose interval = 0.01\npaxos min wait = 0.001\n"
               << "[mon]\n"
               << "mon data = " << m_folder << "/mon\n"
               << "mon cluster log file = " << m_folder << "/log/cluster.log\n"
               << "[osd]\n"
               << "osd data = " << m_folder << "/osd\n"
               << "osd objectstore = memstore\n"
               // Its start asks the monitor to set its device class; a refusal of that ends
               // the OSD's start (CI saw "wrong fsid" there). No rule here uses classes.
               << "osd class update on start = false\n"
               << "memstore device bytes = 4294967296\n"
               << "[client]\n"
               << "rgw frontends = beast ssl_endpoint=127.0.0.1:" << m_port
               << " ssl_certificate=" << m_folder << "/server.crt ssl_private_key=" << m_folder
               << "/server.key\n"
               << "rgw data = " << m_folder
               << "/rgw\n"
               // One page lists a whole repository (listObjects reads one).
               << "rgw max listing results = 100000\n";
        writeFile(conf, config.str());

        runOrThrow({"ceph-authtool", "--create-keyring", m_folder + "/keyring", "--gen-key", "-n",
                    "mon.", "--cap", "mon", "allow *"});
        runOrThrow({"monmaptool", "--create", "--fsid", fsid, "--add", "a",
                    "v1:127.0.0.1:" + std::to_string(monitorPort), m_folder + "/monmap"});
        runOrThrow({"ceph-mon", "-c", conf, "--mkfs", "-i", "a", "--monmap", m_folder + "/monmap"});
        m_monitor = spawn({"ceph-mon", "-f", "-c", conf, "-i", "a"}, "mon");
        runOrThrow({"ceph", "-c", conf, "osd", "new", osdUuid, "0"});
        runOrThrow({"ceph-osd", "-c", conf, "-i", "0", "--mkfs", "--osd-uuid", osdUuid});
        m_osd = spawn({"ceph-osd", "-f", "-c", conf, "-i", "0"}, "osd");
        // radosgw-admin gives up when the OSD is not up within its mount timeout, which a busy
        // machine (CI, two cores) can exceed: wait for the OSD to be up first, generously. An
        // OSD whose first start stalls (seen once in CI: up never came after its boot raced the
        // monitor, "wrong fsid") is started again, up to three starts of 60 s each.
        const auto startedAt = std::chrono::steady_clock::now();
        for (int start = 1;; ++start) {
            const auto osdDeadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
            std::string stat;
            bool up = false;
            while (!up && std::chrono::steady_clock::now() < osdDeadline) {
                stat.clear();
                up = run({"ceph", "-c", conf, "osd", "stat", "--format", "json"}, &stat) == 0 &&
                     stat.find("\"num_up_osds\":1") != std::string::npos;
                if (!up) std::this_thread::sleep_for(std::chrono::milliseconds{200});
            }
            if (up) break;
            if (start == 3)
                throw std::runtime_error(
                    "the OSD did not come up in " +
                    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::steady_clock::now() - startedAt)
                                       .count()) +
                    " s and three starts:\n" + stat + "\n" + logs());
            stopChild(m_osd, SIGKILL, std::chrono::seconds{10});
            m_osd = spawn({"ceph-osd", "-f", "-c", conf, "-i", "0"}, "osd");
        }

        // The user first: its creation makes the default realm-less zonegroup and zone (and
        // their pools) the placement commands below change.
        runOrThrow({"radosgw-admin", "-c", conf, "user", "create", "--uid", "bilheteria",
                    "--display-name", "Bilheteria backups", "--access-key", m_accessKey,
                    "--secret-key", m_secretKey});
        // The Glacier-like tier: a storage class of the default placement with its own pool,
        // and the user's default, so everything it writes lands there (pgBackRest 2.45 cannot
        // ask for a storage class itself).
        runOrThrow({"radosgw-admin", "-c", conf, "zonegroup", "placement", "add", "--rgw-zonegroup",
                    "default", "--placement-id", "default-placement", "--storage-class",
                    kStorageClass});
        runOrThrow({"radosgw-admin", "-c", conf, "zone", "placement", "add", "--rgw-zone",
                    "default", "--placement-id", "default-placement", "--storage-class",
                    kStorageClass, "--data-pool", "default.rgw.glacier.data"});
        runOrThrow({"radosgw-admin", "-c", conf, "user", "modify", "--uid", "bilheteria",
                    "--placement-id", "default-placement", "--storage-class", kStorageClass});

        m_gateway = spawn({"radosgw", "-f", "-c", conf, "-n", "client.rgw"}, "rgw");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
        while (!acceptsOnLoopback(m_port)) {
            int status = 0;
            if (::waitpid(m_gateway, &status, WNOHANG) == m_gateway) {
                m_gateway = -1;
                throw std::runtime_error("radosgw exited at start:\n" + logs());
            }
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("radosgw did not accept connections:\n" + logs());
            std::this_thread::sleep_for(std::chrono::milliseconds{50});
        }
    } catch (...) {
        stop();
        throw;
    }
}

S3Server::~S3Server() {
    stop();
}

void S3Server::stop() {
    // SIGKILL: the objects live in the OSD's memory and the folder goes next, so there is
    // nothing to flush, and a loaded machine's clean shutdown can take seconds.
    for (pid_t* pid : {&m_gateway, &m_osd, &m_monitor})
        if (*pid > 0) {
            stopChild(*pid, SIGKILL, std::chrono::seconds{10});
            *pid = -1;
        }
    std::error_code ignored;
    if (!m_folder.empty()) fs::remove_all(m_folder, ignored);
}

int S3Server::s3(const std::string& method, const std::string& path, const std::string& bodyFile,
                 const std::string& responseFile) const {
    // curl signs the request (AWS Signature V4); the payload goes unsigned, as radosgw requires
    // the header but curl 7.88 does not send it.
    std::vector<std::string> args{"curl",        "-sS",
                                  "--cacert",    caFile(),
                                  "--aws-sigv4", "aws:amz:" + region() + ":s3",
                                  "--user",      m_accessKey + ":" + m_secretKey,
                                  "-H",          "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                                  "-X",          method,
                                  "-o",          responseFile,
                                  "-w",          "%{http_code}"};
    if (!bodyFile.empty()) args.insert(args.end(), {"--data-binary", "@" + bodyFile});
    args.push_back("https://" + host() + ":" + std::to_string(m_port) + path);
    std::string output;
    if (run(args, &output) != 0) throw std::runtime_error("S3 request failed: " + output);
    return std::stoi(output);
}

void S3Server::createBucket(const std::string& bucket) const {
    const std::string response = m_folder + "/response.xml";
    const int status = s3("PUT", "/" + bucket, {}, response);
    if (status != 200)
        throw std::runtime_error("creating bucket " + bucket + ": HTTP " + std::to_string(status) +
                                 " " + readFile(response));
}

void S3Server::putObject(const std::string& bucket, const std::string& key,
                         const std::string& content) const {
    const std::string body = m_folder + "/body", response = m_folder + "/response.xml";
    writeFile(body, content);
    const int status = s3("PUT", "/" + bucket + "/" + key, body, response);
    if (status != 200)
        throw std::runtime_error("putting " + key + ": HTTP " + std::to_string(status) + " " +
                                 readFile(response));
}

std::vector<S3Server::Object> S3Server::listObjects(const std::string& bucket) const {
    const std::string response = m_folder + "/response.xml";
    const int status = s3("GET", "/" + bucket, {}, response);
    const std::string xml = readFile(response);
    if (status != 200)
        throw std::runtime_error("listing " + bucket + ": HTTP " + std::to_string(status) + " " +
                                 xml);
    if (xml.find("<IsTruncated>true</IsTruncated>") != std::string::npos)
        throw std::runtime_error("listing " + bucket + " has more than one page");
    static const std::regex contents("<Contents>(.*?)</Contents>");
    static const std::regex key("<Key>([^<]*)</Key>"), size("<Size>([0-9]+)</Size>"),
        storageClass("<StorageClass>([^<]*)</StorageClass>");
    std::vector<Object> objects;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), contents);
         it != std::sregex_iterator(); ++it) {
        const std::string entry = (*it)[1].str();
        const std::string bytes = firstMatch(entry, size);
        objects.push_back({firstMatch(entry, key), bytes.empty() ? 0 : std::stoll(bytes),
                           firstMatch(entry, storageClass)});
    }
    return objects;
}

std::string S3Server::storedData() const {
    const std::string conf = m_folder + "/ceph.conf";
    std::string pools;
    runOrThrow({"rados", "-c", conf, "lspools"}, &pools);
    std::istringstream lines(pools);
    std::string data;
    for (std::string pool; std::getline(lines, pool);) {
        if (!pool.ends_with(".data")) continue; // index, log, metadata: no object content
        const std::string file = m_folder + "/export.bin";
        runOrThrow({"rados", "-c", conf, "-p", pool, "export", file});
        data += readFile(file);
        fs::remove(file);
    }
    return data;
}

std::string S3Server::logs() const {
    std::string text;
    for (const char* name : {"mon.out", "osd.out", "rgw.out", "client.rgw.log"}) {
        const std::string content = readFile(m_folder + "/log/" + name);
        if (!content.empty()) text += std::string("--- ") + name + "\n" + tail(content) + "\n";
    }
    return text;
}

} // namespace bilheteria::testing
