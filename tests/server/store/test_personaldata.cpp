// Personal data at rest over both backends (FieldKeyStore and the accounts part's sealing): the
// database holds no e-mail, name or TOTP secret in plaintext (its rows and, for SQLite, its
// files' bytes), accounts are found through the blind index, a value moved to another column
// does not open, rotation keeps every account readable and lets the old key go, a wrong or
// missing key stops the store from opening, and an older version's plaintext is sealed at open.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include "server/store/fieldkeys.h"
#include "server/store/keysfile.h"
#include "server/store/migrations.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/storagefixture.h"

namespace bilheteria::testing {
namespace {

constexpr char kEmail[] = "ana.sealed@example.com";
constexpr char kName[] = "Ana Sealedname";
constexpr char kTotp[] = "JBSWY3DPEHPK3PXPSEALED";

class PersonalDataTest : public StorageTest {
protected:
    void SetUp() override {
        StorageTest::SetUp();
        m_raw = std::make_unique<RawDatabase>(GetParam(), m_database->url());
        auto keys = readKeysFile(testKeysFile());
        ASSERT_TRUE(keys) << keys.error().message;
        m_keys = *keys;
    }

    // A store on the same database with other keys; the error when it does not open.
    Result<std::unique_ptr<Storage>> openWith(const FieldKeys& keys) {
        auto cipher = FieldCipher::create(keys);
        if (!cipher) return fail(cipher.error());
        StorageOptions options = this->options(4);
        options.cipher = *cipher;
        return openStorage(options);
    }

    User addSealedUser(Storage& store, const std::string& email, const std::string& name) {
        auto user = store.accounts().createUser(NewUser{email, name, Role::Buyer, kPasswordHash});
        EXPECT_TRUE(user) << user.error().message;
        if (!user) return {};
        EXPECT_TRUE(store.accounts().setTotpPending(user->id, kTotp + email.substr(0, 2)));
        return *user;
    }

    void expectReadable(Storage& store, const std::string& email, const std::string& name) {
        auto found = store.accounts().findUserByEmail(email);
        ASSERT_TRUE(found) << email << ": " << found.error().message;
        EXPECT_EQ(found->user.email, email);
        EXPECT_EQ(found->user.name, name);
        EXPECT_EQ(found->totpPending, kTotp + email.substr(0, 2));
    }

    std::vector<std::string> usersColumn(const std::string& column) const {
        std::vector<std::string> values;
        for (const auto& row : m_raw->query("SELECT " + column + " FROM users ORDER BY id"))
            values.push_back(row[0]);
        return values;
    }

    // An account as the version before encryption stored it: plaintext, no blind index.
    static std::string plaintextUser(const std::string& email, const std::string& name,
                                     const std::string& role, const std::string& totp) {
        return "INSERT INTO users (email, name, role, password_hash, totp_secret, created_at) "
               "VALUES ('" +
               email + "', '" + name + "', '" + role + "', '" + kPasswordHash + "', '" + totp +
               "', 0)";
    }

    // Opens the store again, which seals what is in plaintext: the account reads as it was, and
    // no value of any user is left unsealed.
    void expectSealedAtOpen(const std::string& email, const std::string& name, Role role,
                            const std::string& totp) {
        m_storage.reset();
        auto reopened = openStorage(options());
        ASSERT_TRUE(reopened) << reopened.error().message;
        m_storage = std::move(*reopened);
        auto found = storage().accounts().findUserByEmail(email);
        ASSERT_TRUE(found) << found.error().message;
        EXPECT_EQ(found->user.name, name);
        EXPECT_EQ(found->user.role, role);
        EXPECT_EQ(found->totpSecret, totp);
        RawDatabase raw(GetParam(), m_database->url());
        EXPECT_EQ(raw.count("SELECT count(*) FROM users WHERE email_index IS NULL OR email NOT "
                            "LIKE 'v1.%' OR name NOT LIKE 'v1.%' OR totp_secret NOT LIKE 'v1.%'"),
                  0);
    }

    std::unique_ptr<RawDatabase> m_raw;
    FieldKeys m_keys;
};

TEST_P(PersonalDataTest, TheDatabaseHoldsNoPlaintextEmailNameOrSecret) {
    const User user = addSealedUser(storage(), kEmail, kName);
    ASSERT_TRUE(storage().accounts().confirmTotp(user.id, 1));
    ASSERT_TRUE(storage().accounts().setTotpPending(user.id, "PENDINGSECRETSEALED"));
    ASSERT_TRUE(storage().accounts().createSession(
        SessionRecord{std::string(64, 'a'), user.id, kNow, kNow + std::chrono::hours(1)}));
    (void)storage().maintain(); // SQLite: the WAL's pages into the main file too

    for (const std::string& plaintext :
         {std::string(kEmail), std::string("ana.sealed"), std::string(kName),
          std::string("Sealedname"), std::string(kTotp), std::string("PENDINGSECRETSEALED")})
        EXPECT_TRUE(m_raw->placesContaining(plaintext).empty()) << plaintext << " is stored";

    const auto row = m_raw->query(
        "SELECT email, name, totp_secret, totp_pending, email_index FROM users WHERE id = " +
        std::to_string(user.id));
    ASSERT_EQ(row.size(), 1u);
    for (int column = 0; column < 4; ++column)
        EXPECT_TRUE(row[0][column].starts_with("v1." + m_keys.currentKeyId + "."))
            << row[0][column];
    EXPECT_EQ(row[0][4].size(), 64u); // the blind index, hex
    EXPECT_NE(row[0][4], testCipher()->emailIndex("other@example.com"));

    // Everything the core reads comes back in plaintext.
    auto found = storage().accounts().findUserByEmail(kEmail);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->user.name, kName);
    EXPECT_EQ(found->totpSecret, kTotp + std::string("an"));
    EXPECT_EQ(found->totpPending, "PENDINGSECRETSEALED");
    auto session = storage().accounts().findSessionUser(std::string(64, 'a'), kNow);
    ASSERT_TRUE(session) << session.error().message;
    EXPECT_EQ(session->user.email, kEmail);
    EXPECT_EQ(session->user.name, kName);
}

TEST_P(PersonalDataTest, EqualValuesAreSealedDifferently) {
    addSealedUser(storage(), "one@example.com", "Same Name");
    addSealedUser(storage(), "two@example.com", "Same Name");
    const auto names = usersColumn("name");
    ASSERT_EQ(names.size(), 2u);
    EXPECT_NE(names[0], names[1]); // a fresh nonce per value: equal names are not linkable
}

TEST_P(PersonalDataTest, AValueMovedToAnotherColumnOrChangedDoesNotOpen) {
    const User user = addSealedUser(storage(), kEmail, kName);
    m_raw->exec("UPDATE users SET name = email WHERE id = " + std::to_string(user.id));
    auto moved = storage().accounts().findUserById(user.id);
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, ErrorCode::Internal);
    EXPECT_EQ(moved.error().message.find(kEmail), std::string::npos);
    expectNoDatabaseText(moved.error());

    // Another user's sealed name in this user's row opens (the column is bound, not the row),
    // but a changed character never does.
    const auto name = usersColumn("name")[0];
    std::string changed = name;
    changed[changed.size() - 3] = changed[changed.size() - 3] == 'A' ? 'B' : 'A';
    m_raw->exec("UPDATE users SET name = '" + changed + "' WHERE id = " + std::to_string(user.id));
    EXPECT_FALSE(storage().accounts().findUserById(user.id));
}

TEST_P(PersonalDataTest, RotationKeepsEveryAccountAndLetsTheOldKeyGo) {
    std::vector<std::pair<std::string, std::string>> accounts;
    for (int i = 0; i < 7; ++i) {
        accounts.emplace_back("user" + std::to_string(i) + "@example.com",
                              "User Number " + std::to_string(i));
        addSealedUser(storage(), accounts.back().first, accounts.back().second);
    }
    const FieldKeys rotated = withNewCurrentKey(m_keys);
    ASSERT_NE(rotated.currentKeyId, m_keys.currentKeyId);
    auto store = openWith(rotated);
    ASSERT_TRUE(store) << store.error().message;

    // A user written during the rotation (by a server with the old keys) is read too.
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        while (!stop)
            ASSERT_TRUE(storage().accounts().setTotpPending(1, kTotp + std::string("us")));
    });
    std::int64_t batches = 0;
    auto resealed =
        resealAllUsers((*store)->fieldKeys(), true, 3, [&](const ResealBatch&) { ++batches; });
    stop = true;
    writer.join();
    ASSERT_TRUE(resealed) << resealed.error().message;
    EXPECT_EQ(*resealed, 7);
    EXPECT_EQ(batches, 3); // 3 + 3 + 1 users, each batch its own transaction
    // The old server's last write may be under the old key: resuming seals it again.
    ASSERT_TRUE(resealAllUsers((*store)->fieldKeys(), true, 3));

    auto counts = (*store)->fieldKeys().countSealedValues();
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_FALSE(counts->contains(m_keys.currentKeyId));
    EXPECT_EQ(counts->at(rotated.currentKeyId), 7 * 3); // e-mail, name, pending secret
    for (const auto& [email, name] : accounts)
        expectReadable(**store, email, name);
    // The store opened with the old keys reads the new values after reading the keys again:
    // here it has no keys file, so it reports the key it lacks.
    auto old = storage().accounts().findUserByEmail(accounts[0].first);
    ASSERT_FALSE(old);
    EXPECT_NE(old.error().message.find("key " + rotated.currentKeyId), std::string::npos)
        << old.error().message;

    // The old key leaves the keys file: nothing uses it, so the store opens without it.
    store->reset();
    m_storage.reset();
    FieldKeys onlyNew = rotated;
    std::erase_if(onlyNew.keys, [&](const FieldKey& key) { return key.id == m_keys.currentKeyId; });
    auto withoutOld = openWith(onlyNew);
    ASSERT_TRUE(withoutOld) << withoutOld.error().message;
    for (const auto& [email, name] : accounts)
        expectReadable(**withoutOld, email, name);
}

TEST_P(PersonalDataTest, AKeyStillInUseMissingFromTheFileStopsTheStore) {
    addSealedUser(storage(), kEmail, kName);
    FieldKeys onlyNew = withNewCurrentKey(m_keys);
    std::erase_if(onlyNew.keys, [&](const FieldKey& key) { return key.id == m_keys.currentKeyId; });
    auto store = openWith(onlyNew);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::InvalidRequest);
    EXPECT_NE(store.error().message.find("key " + m_keys.currentKeyId), std::string::npos)
        << store.error().message;
    EXPECT_NE(store.error().message.find("missing from the keys file"), std::string::npos)
        << store.error().message;
}

TEST_P(PersonalDataTest, AWrongKeyStopsTheStore) {
    addSealedUser(storage(), kEmail, kName);
    FieldKeys wrong = m_keys;
    wrong.keys[0].key = generateFieldKeys().keys[0].key;
    auto store = openWith(wrong);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message.find("key " + wrong.keys[0].id +
                                         " in the keys file is not "
                                         "the one this database was written with"),
              std::string::npos)
        << store.error().message;

    FieldKeys wrongIndex = m_keys;
    wrongIndex.indexKey = generateFieldKeys().indexKey;
    auto indexStore = openWith(wrongIndex);
    ASSERT_FALSE(indexStore);
    EXPECT_NE(indexStore.error().message.find("index key"), std::string::npos)
        << indexStore.error().message;

    // Entirely other keys (another installation's file): refused too.
    auto other = openWith(generateFieldKeys());
    ASSERT_FALSE(other);
}

TEST_P(PersonalDataTest, PlaintextFromBeforeEncryptionIsSealedAtOpen) {
    // What a database upgraded by migration 9 holds: plaintext and no blind index.
    m_raw->exec(plaintextUser("old@example.com", "Old Timer", "clerk", "OLDTOTPSECRET"));
    auto counts = storage().fieldKeys().countSealedValues();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->at(kPlaintextKeyId), 3);

    expectSealedAtOpen("old@example.com", "Old Timer", Role::Clerk, "OLDTOTPSECRET");
    // Its e-mail is taken through the index like any other.
    auto again = storage().accounts().createUser(
        NewUser{"old@example.com", "Someone Else", Role::Buyer, kPasswordHash});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::EmailTaken);
}

// A database of the version before encryption (migrations up to 8 applied as its runner did),
// with an account in plaintext: the upgrade (migration 9, then sealing at open) keeps it.
TEST_P(PersonalDataTest, ADatabaseFromBeforeEncryptionIsUpgradedWithItsAccounts) {
    m_storage.reset();
    m_database = std::make_unique<TestDatabase>(GetParam());
    const std::string insertUser =
        plaintextUser("legacy@example.com", "Legacy Person", "admin", "LEGACYTOTP");
    if (GetParam() == Backend::Sqlite) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(m_database->url().substr(7).c_str(), &db), SQLITE_OK);
        std::string script = "PRAGMA foreign_keys = OFF; CREATE TABLE schema_migrations (version "
                             "INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER "
                             "NOT NULL);";
        for (const auto& migration : sqliteMigrations())
            if (migration.version < 9)
                script += std::string(migration.sql) + ";INSERT INTO schema_migrations VALUES (" +
                          std::to_string(migration.version) + ", 'before', 0);";
        script += insertUser;
        char* error = nullptr;
        const int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &error);
        EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
    } else {
        pqxx::connection connection{m_database->url()};
        pqxx::work tx{connection};
        tx.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT "
                "NOT NULL, applied_at BIGINT NOT NULL)");
        for (const auto& migration : postgresMigrations())
            if (migration.version < 9) {
                tx.exec(std::string(migration.sql));
                tx.exec("INSERT INTO schema_migrations VALUES (" +
                        std::to_string(migration.version) + ", 'before', 0)");
            }
        tx.exec(insertUser);
        tx.commit();
    }

    expectSealedAtOpen("legacy@example.com", "Legacy Person", Role::Admin, "LEGACYTOTP");
}

INSTANTIATE_TEST_SUITE_P(Backends, PersonalDataTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
