// Personal data at rest through the real server binary on both stores (docs/operations.md):
// `keys init` makes a 0600 file, accounts made by `user add` and by registration leave no
// plaintext e-mail or name in the database, `keys rotate` runs while a server serves and every
// account still logs in (then without the old key), `keys status` counts values per key, and a
// wrong key, a missing key, a missing file or a file others may read stops the server at start,
// saying why.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "server/store/keysfile.h"
#include "tests/support/builders.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

class KeysCliTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        m_dir = std::filesystem::temp_directory_path() / "bilheteria-keys-cli-XXXXXX";
        ASSERT_TRUE(mkdtemp(m_dir.data()));
        m_keys = m_dir + "/keys";
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    const std::string& url() const { return m_database->url(); }

    int run(std::vector<std::string> args, std::string* output, const std::string& input = "") {
        return runServerCommand(args, input, output);
    }
    // `keys init` into `path`; its output.
    void init(const std::string& path) {
        std::string output;
        ASSERT_EQ(run({"keys", "init", "--keys-file", path}, &output), 0) << output;
    }
    void addUser(const std::string& email, const std::string& name) {
        std::string output;
        ASSERT_EQ(run({"user", "add", "--database", url(), "--keys-file", m_keys, "--email", email,
                       "--name", name, "--role", "buyer"},
                      &output, kTestPassword + "\n"),
                  0)
            << output;
    }
    // `serve` that is expected to stop at start; its exit status and output.
    int serveFailing(const std::string& keysFile, std::string* output) {
        return run({"serve", "--listen", "127.0.0.1:0", "--database", url(), "--data-dir", m_dir,
                    "--keys-file", keysFile},
                   output);
    }
    void expectLogin(HttpsClient& client, const std::string& email, const std::string& password,
                     const std::string& name) {
        auto login = client.post("/api/v1/auth/login", {{"email", email}, {"password", password}});
        ASSERT_EQ(login.status, 200) << email << ": " << login.raw;
        EXPECT_EQ(login.body["user"]["name"], name);
    }

    std::unique_ptr<TestDatabase> m_database;
    std::string m_dir;
    std::string m_keys;
};

TEST_P(KeysCliTest, RotationWhileServingKeepsEveryAccountWorking) {
    init(m_keys);
    struct stat status {};
    ASSERT_EQ(stat(m_keys.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    std::string output;
    EXPECT_NE(run({"keys", "init", "--keys-file", m_keys}, &output), 0);
    EXPECT_NE(output.find("exists already"), std::string::npos) << output;

    addUser("ana.at.rest@example.com", "Ana Atrest");
    ServerProcess server(url(), {"--keys-file", m_keys, "--no-rate-limits"});
    HttpsClient client(server);
    auto registered = client.post(
        "/api/v1/auth/register",
        {{"email", "Bia.At.Rest@example.com"}, {"password", "longenough"}, {"name", "Bia Atrest"}});
    ASSERT_EQ(registered.status, 201) << registered.raw;
    auto again = client.post(
        "/api/v1/auth/register",
        {{"email", "bia.at.rest@example.com"}, {"password", "longenough"}, {"name", "Again"}});
    EXPECT_EQ(again.status, 409) << again.raw;
    expectLogin(client, "ana.at.rest@example.com", kTestPassword, "Ana Atrest");

    RawDatabase raw(GetParam(), url());
    for (const char* plaintext : {"ana.at.rest", "bia.at.rest", "Atrest"})
        EXPECT_TRUE(raw.placesContaining(plaintext).empty()) << plaintext << " is stored";

    // Rotation while the server runs: it was started with k1 only and learns k2 from the file.
    ASSERT_EQ(run({"keys", "rotate", "--keys-file", m_keys, "--database", url(), "--batch", "1"},
                  &output),
              0)
        << output;
    EXPECT_NE(output.find("added key k2"), std::string::npos) << output;
    EXPECT_NE(output.find("sealed 2 of 2 users"), std::string::npos) << output;
    expectLogin(client, "ana.at.rest@example.com", kTestPassword, "Ana Atrest");
    expectLogin(client, "bia.at.rest@example.com", "longenough", "Bia Atrest");
    EXPECT_EQ(raw.count("SELECT count(*) FROM users WHERE email LIKE 'v1.k2.%' AND "
                        "name LIKE 'v1.k2.%'"),
              2);

    ASSERT_EQ(run({"keys", "status", "--keys-file", m_keys, "--database", url()}, &output), 0)
        << output;
    EXPECT_NE(output.find("k1: 0 value(s), unused: may leave the keys file"), std::string::npos)
        << output;
    EXPECT_NE(output.find("k2: 4 value(s), current"), std::string::npos) << output;
    EXPECT_EQ(server.stop(), 0) << server.output();

    // The old key leaves the file; a server started without it serves every account.
    auto keys = readKeysFile(m_keys);
    ASSERT_TRUE(keys) << keys.error().message;
    std::erase_if(keys->keys, [](const FieldKey& key) { return key.id == "k1"; });
    ASSERT_TRUE(writeKeysFile(m_keys, *keys, false));
    ServerProcess after(url(), {"--keys-file", m_keys, "--no-rate-limits"});
    HttpsClient afterClient(after);
    expectLogin(afterClient, "ana.at.rest@example.com", kTestPassword, "Ana Atrest");
    expectLogin(afterClient, "bia.at.rest@example.com", "longenough", "Bia Atrest");
    EXPECT_EQ(after.stop(), 0) << after.output();
    for (const auto& command : {std::vector<std::string>{"check", "--database", url()},
                                std::vector<std::string>{"audit", "verify", "--database", url()}}) {
        auto args = command;
        args.insert(args.end(), {"--keys-file", m_keys});
        EXPECT_EQ(run(args, &output), 0) << output;
    }
}

TEST_P(KeysCliTest, AWrongOrMissingKeyStopsTheServerSayingWhy) {
    init(m_keys);
    addUser("ana.at.rest@example.com", "Ana Atrest");
    std::string output;

    const std::string other = m_dir + "/other-keys";
    init(other);
    EXPECT_EQ(serveFailing(other, &output), 1);
    EXPECT_NE(output.find("key k1 in the keys file is not the one this database was written with"),
              std::string::npos)
        << output;

    // Only a newer key: k1 still seals the account's values.
    auto keys = readKeysFile(m_keys);
    ASSERT_TRUE(keys);
    auto newer = withNewCurrentKey(*keys);
    std::erase_if(newer.keys, [](const FieldKey& key) { return key.id == "k1"; });
    const std::string withoutK1 = m_dir + "/without-k1";
    ASSERT_TRUE(writeKeysFile(withoutK1, newer, true));
    EXPECT_EQ(serveFailing(withoutK1, &output), 1);
    EXPECT_NE(output.find("key k1 seals 2 value(s) in the database but is missing from the keys "
                          "file"),
              std::string::npos)
        << output;

    // No file at all: for a database sealed before, none is made.
    const std::string missing = m_dir + "/missing";
    EXPECT_EQ(serveFailing(missing, &output), 1);
    EXPECT_NE(output.find("does not exist, and the database holds data sealed with other keys"),
              std::string::npos)
        << output;
    EXPECT_FALSE(std::filesystem::exists(missing));

    ASSERT_EQ(chmod(m_keys.c_str(), 0644), 0);
    EXPECT_EQ(serveFailing(m_keys, &output), 1);
    EXPECT_NE(output.find("must be mode 0600"), std::string::npos) << output;
    EXPECT_NE(run({"check", "--database", url(), "--keys-file", m_keys}, &output), 0);
    EXPECT_NE(output.find("must be mode 0600"), std::string::npos) << output;
}

TEST_P(KeysCliTest, ANewDatabaseGetsItsKeysFileAtFirstStart) {
    ServerProcess server(url(), {"--keys-file", m_keys});
    EXPECT_NE(server.output().find("created the keys file " + m_keys), std::string::npos)
        << server.output();
    struct stat status {};
    ASSERT_EQ(stat(m_keys.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    EXPECT_EQ(server.stop(), 0) << server.output();
    EXPECT_TRUE(readKeysFile(m_keys));
}

INSTANTIATE_TEST_SUITE_P(Backends, KeysCliTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
