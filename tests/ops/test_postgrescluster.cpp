// The drills' own PostgreSQL clusters (tests/support/postgrescluster.h): a cluster survives
// SIGKILL with its committed rows, and a streaming standby made by pg_basebackup -R follows its
// primary and is promoted to take writes.
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/support/postgrescluster.h"

namespace bilheteria::testing {
namespace {

TEST(PostgresClusterTest, CommittedRowsSurviveTheMachineDying) {
    PostgresCluster cluster;
    cluster.start();
    cluster.query("CREATE TABLE sold (seat INTEGER PRIMARY KEY)");
    cluster.query("INSERT INTO sold VALUES (1), (2)");
    cluster.kill();
    EXPECT_FALSE(cluster.running());
    cluster.start(); // crash recovery replays the WAL
    EXPECT_EQ(cluster.query("SELECT count(*) FROM sold"), "2");
    EXPECT_EQ(cluster.url("x"),
              "postgresql://postgres@127.0.0.1:" + std::to_string(cluster.port()) + "/x");
}

TEST(PostgresClusterTest, AStandbyFollowsItsPrimaryAndIsPromoted) {
    PostgresCluster primary;
    primary.configure({"wal_level = replica", "max_wal_senders = 4"});
    primary.start();
    primary.query("CREATE TABLE sold (seat INTEGER PRIMARY KEY)");

    PostgresCluster standby{PostgresCluster::Init::Empty};
    std::string output;
    ASSERT_EQ(standby.runAsOwner({"pg_basebackup", "-d", primary.url(), "-D", standby.dataDir(),
                                  "-R", "-X", "stream", "-c", "fast"},
                                 &output),
              0)
        << output;
    standby.start();
    EXPECT_EQ(standby.query("SELECT pg_is_in_recovery()"), "t");

    primary.query("INSERT INTO sold VALUES (7)");
    // Replication is asynchronous: wait until the standby has replayed the insert.
    std::string seen;
    for (int attempt = 0; attempt < 200 && seen != "1"; ++attempt) {
        seen = standby.query("SELECT count(*) FROM sold");
        if (seen != "1") ::usleep(50'000);
    }
    EXPECT_EQ(seen, "1");
    EXPECT_THROW(standby.query("INSERT INTO sold VALUES (8)"), std::runtime_error);

    primary.kill();
    standby.promote();
    EXPECT_EQ(standby.query("SELECT pg_is_in_recovery()"), "f");
    standby.query("INSERT INTO sold VALUES (8)");
    EXPECT_EQ(standby.query("SELECT string_agg(seat::text, ',' ORDER BY seat) FROM sold"), "7,8");
}

} // namespace
} // namespace bilheteria::testing
