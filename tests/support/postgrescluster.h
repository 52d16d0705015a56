// A throwaway PostgreSQL cluster a test starts itself, beside the suite's shared server: for the
// drills that need a whole cluster of their own (backups and restores, replicas, failover). Its
// own folder, port and processes; as root every PostgreSQL program runs as user postgres
// (initdb and the postmaster refuse to run as root).
#pragma once

#include <string>
#include <vector>

namespace bilheteria::testing {

class PostgresCluster {
public:
    enum class Init {
        Initdb, // a new cluster (trust authentication, superuser "postgres", UTF8, no locale)
        Empty,  // an empty data folder for something else to fill (pg_basebackup, a restore)
    };

    // Makes a temporary folder (owned by postgres when root, so its programs may write there:
    // a backup repository, logs) and with Init::Initdb initdb's dataDir(). The port is chosen
    // here and kept for the cluster's life, so a restart or a restored copy keeps its URL.
    // Nothing runs until start(). Throws std::runtime_error with the program's output.
    explicit PostgresCluster(Init init = Init::Initdb);
    // Stops the cluster (fast, else killed) and removes the folder.
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    const std::string& folder() const { return m_folder; }
    std::string dataDir() const { return m_folder + "/data"; }
    std::string socketDir() const { return m_folder + "/socket"; }
    int port() const { return m_port; }
    // postgresql://postgres@127.0.0.1:PORT/DATABASE
    std::string url(const std::string& database = "postgres") const;

    // Appends settings to dataDir()/postgresql.conf, a line each ("wal_level = replica").
    void configure(const std::vector<std::string>& lines) const;
    // Appends a line to pg_hba.conf (e.g. "host replication all 127.0.0.1/32 trust"; an initdb'd
    // cluster already trusts every local and loopback connection, replication included).
    void allow(const std::string& hbaLine) const;

    // pg_ctl start -w on port() with its socket in socketDir(), listening on 127.0.0.1 only.
    // Waits for recovery to end only as far as pg_ctl does (a standby is "started" once it
    // accepts read-only connections). Throws with the log's end if it does not start.
    void start();
    // pg_ctl stop -m fast; a no-op when not running.
    void stop();
    // The machine dies: SIGKILL to the postmaster and every process it started, at once,
    // without a checkpoint. Waits until they are gone.
    void kill();
    // pg_ctl promote -w: a standby becomes a primary.
    void promote() const;
    bool running() const;

    // Runs a program (searched in PATH, or the PostgreSQL bin folder first for its own tools)
    // as the cluster's owner from folder(), with HOME=folder(); returns its exit status and
    // fills `output` with stdout and stderr.
    int runAsOwner(const std::vector<std::string>& args, std::string* output = nullptr) const;
    // psql -XAtq -v ON_ERROR_STOP=1 -c SQL on DATABASE: the output, rows a line each, fields
    // separated by '|'. Throws with psql's message when it fails.
    std::string query(const std::string& sql, const std::string& database = "postgres") const;

    // The server's log (the end of it when long).
    std::string log() const;

    // The newest /usr/lib/postgresql/N/bin.
    static std::string binDir();

private:
    std::string m_folder;
    int m_port = 0;
    bool m_started = false;
};

} // namespace bilheteria::testing
