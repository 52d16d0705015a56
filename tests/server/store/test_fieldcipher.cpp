// The FieldCipher (sealed values, the blind index, key checks, reading the keys again) and the
// keys file (its mode, its format, writing it safely). No database: see test_personaldata.cpp.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "server/store/fieldcipher.h"
#include "server/store/keysfile.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {
namespace {

std::shared_ptr<const FieldCipher> cipherOf(const FieldKeys& keys) {
    auto cipher = FieldCipher::create(keys);
    EXPECT_TRUE(cipher) << cipher.error().message;
    return cipher ? *cipher : nullptr;
}

TEST(FieldCipher, SealsAndOpensUnderTheCurrentKey) {
    const auto cipher = cipherOf(generateFieldKeys());
    const auto sealed = cipher->seal("users.name", "Ana Souza");
    EXPECT_TRUE(sealed.starts_with("v1.k1.")) << sealed;
    EXPECT_EQ(sealed.find("Ana"), std::string::npos);
    EXPECT_EQ(FieldCipher::keyIdOf(sealed), "k1");
    EXPECT_EQ(cipher->open("users.name", sealed), "Ana Souza");
    EXPECT_NE(cipher->seal("users.name", "Ana Souza"), sealed); // a fresh nonce each time
    EXPECT_EQ(cipher->open("users.name", cipher->seal("users.name", "")), "");
    EXPECT_EQ(cipher->sealOptional("users.totp", std::nullopt), std::nullopt);
}

TEST(FieldCipher, RefusesAnotherColumnAKeyItLacksAndAnyChange) {
    const auto keys = generateFieldKeys();
    const auto cipher = cipherOf(keys);
    const auto sealed = cipher->seal("users.email", "ana@example.com");
    auto moved = cipher->open("users.name", sealed);
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, ErrorCode::Internal);
    EXPECT_EQ(moved.error().message.find("ana@"), std::string::npos);

    // The key id is bound too: renaming it in the text does not help.
    auto renamed = keys;
    renamed.keys.push_back({"k2", keys.keys[0].key});
    const auto twoKeys = cipherOf(renamed);
    EXPECT_FALSE(twoKeys->open("users.email", "v1.k2." + sealed.substr(6)));

    for (std::size_t i = 6; i < sealed.size(); ++i) {
        std::string changed = sealed;
        changed[i] = changed[i] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(cipher->open("users.email", changed)) << i;
    }
    auto unknown = cipher->open("users.email", "v1.k9." + sealed.substr(6));
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("key k9"), std::string::npos);
    EXPECT_FALSE(cipher->open("users.email", "ana@example.com"));
    EXPECT_FALSE(cipher->open("users.email", "v1.k1."));
    EXPECT_FALSE(cipherOf(generateFieldKeys())->open("users.email", sealed)); // another k1
}

TEST(FieldCipher, TheBlindIndexIsKeyedAndDeterministic) {
    const auto keys = generateFieldKeys();
    const auto cipher = cipherOf(keys);
    EXPECT_EQ(cipher->emailIndex("ana@example.com"), cipher->emailIndex("ana@example.com"));
    EXPECT_NE(cipher->emailIndex("ana@example.com"), cipher->emailIndex("bia@example.com"));
    EXPECT_EQ(cipher->emailIndex("ana@example.com"),
              crypto::hexEncode(crypto::hmacSha256(keys.indexKey, "ana@example.com")));
    // Rotating the sealing keys leaves the index as it was.
    EXPECT_EQ(cipherOf(withNewCurrentKey(keys))->emailIndex("ana@example.com"),
              cipher->emailIndex("ana@example.com"));
    EXPECT_NE(cipherOf(generateFieldKeys())->emailIndex("ana@example.com"),
              cipher->emailIndex("ana@example.com"));
}

TEST(FieldCipher, KeyChecksTellKeysApart) {
    const auto keys = generateFieldKeys();
    const auto cipher = cipherOf(keys);
    EXPECT_EQ(cipher->keyCheck("k1"),
              crypto::hexEncode(crypto::hmacSha256(keys.keys[0].key, "bilheteria key check")));
    EXPECT_NE(cipher->keyCheck("k1"), cipher->keyCheck(FieldCipher::kIndexKeyId));
    EXPECT_NE(cipher->keyCheck("k1"), cipherOf(generateFieldKeys())->keyCheck("k1"));
    EXPECT_FALSE(cipher->keyCheck("k2"));
}

TEST(FieldCipher, RefusesBadKeys) {
    auto keys = generateFieldKeys();
    keys.keys[0].key.pop_back();
    EXPECT_FALSE(FieldCipher::create(keys));
    keys = generateFieldKeys();
    keys.currentKeyId = "k2";
    EXPECT_FALSE(FieldCipher::create(keys));
    keys = generateFieldKeys();
    keys.keys.push_back(keys.keys[0]);
    EXPECT_FALSE(FieldCipher::create(keys));
    keys = generateFieldKeys();
    keys.keys[0].id = keys.currentKeyId = "index";
    EXPECT_FALSE(FieldCipher::create(keys));
    keys = generateFieldKeys();
    keys.indexKey.clear();
    EXPECT_FALSE(FieldCipher::create(keys));
}

TEST(FieldCipher, ReadsTheKeysAgainForAKeyItLacks) {
    const auto keys = generateFieldKeys();
    const auto rotated = withNewCurrentKey(keys);
    int reloads = 0;
    auto cipher = FieldCipher::create(keys, [&]() -> std::optional<FieldKeys> {
        ++reloads;
        return rotated;
    });
    ASSERT_TRUE(cipher);
    const auto sealed = cipherOf(rotated)->seal("users.name", "Bia");
    EXPECT_EQ((*cipher)->open("users.name", sealed), "Bia");
    EXPECT_EQ(reloads, 1);
    EXPECT_EQ((*cipher)->open("users.name", sealed), "Bia");
    EXPECT_EQ(reloads, 1);
    // It learns the key, but keeps sealing under the key it started with.
    EXPECT_EQ((*cipher)->currentKeyId(), "k1");
}

class KeysFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() / "bilheteria-keysfile-XXXXXX";
        ASSERT_TRUE(mkdtemp(m_dir.data()));
        m_path = m_dir + "/keys";
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    void writeText(const std::string& text, mode_t mode = 0600) {
        std::ofstream(m_path) << text;
        ASSERT_EQ(chmod(m_path.c_str(), mode), 0);
    }

    std::string m_dir;
    std::string m_path;
};

TEST_F(KeysFileTest, WritesMode0600AndReadsBack) {
    const auto keys = withNewCurrentKey(generateFieldKeys());
    ASSERT_TRUE(writeKeysFile(m_path, keys, true));
    struct stat status {};
    ASSERT_EQ(stat(m_path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    auto read = readKeysFile(m_path);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->currentKeyId, "k2");
    ASSERT_EQ(read->keys.size(), 2u);
    EXPECT_EQ(read->keys[0].key, keys.keys[0].key);
    EXPECT_EQ(read->keys[1].key, keys.keys[1].key);
    EXPECT_EQ(read->indexKey, keys.indexKey);

    auto again = writeKeysFile(m_path, generateFieldKeys(), true);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    EXPECT_EQ(readKeysFile(m_path)->indexKey, keys.indexKey); // untouched
    ASSERT_TRUE(writeKeysFile(m_path, withNewCurrentKey(keys), false));
    EXPECT_EQ(readKeysFile(m_path)->currentKeyId, "k3");
}

TEST_F(KeysFileTest, RefusesAFileOthersMayRead) {
    ASSERT_TRUE(writeKeysFile(m_path, generateFieldKeys(), true));
    for (const mode_t mode : {0640, 0604, 0620, 0644}) {
        ASSERT_EQ(chmod(m_path.c_str(), mode), 0);
        auto read = readKeysFile(m_path);
        ASSERT_FALSE(read) << std::oct << mode;
        EXPECT_NE(read.error().message.find("0600"), std::string::npos) << read.error().message;
    }
    ASSERT_EQ(chmod(m_path.c_str(), 0400), 0);
    EXPECT_TRUE(readKeysFile(m_path));
}

TEST_F(KeysFileTest, AcceptsOpensslBase64AndComments) {
    const std::string key = crypto::base64Encode(std::string(32, '\x07'));
    writeText("# a comment\n\nindex " + key + "\n  key k1 " + key + "\nkey k2 " +
              crypto::base64Encode(std::string(32, '\x08')) + " current\n");
    auto read = readKeysFile(m_path);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->currentKeyId, "k2");
    EXPECT_EQ(read->keys[0].key, std::string(32, '\x07'));
}

TEST_F(KeysFileTest, RefusesMalformedFilesSayingWhere) {
    const std::string key = crypto::base64Encode(std::string(32, '\x07'));
    const std::string shortKey = crypto::base64Encode(std::string(16, '\x07'));
    for (const auto& [text, why] : std::vector<std::pair<std::string, std::string>>{
             {"key k1 " + key + " current\n", "no index key"},
             {"index " + key + "\nkey k1 " + key + "\n", "exactly one key"},
             {"index " + key + "\nkey k1 " + key + " current\nkey k2 " + key + " current\n",
              "exactly one key"},
             {"index " + key + "\nkey k1 " + shortKey + " current\n", "line 2"},
             {"index " + key + "\nkey K1 " + key + " current\n", "line 2"},
             {"index " + key + "\nkey k1 " + key + " newest\n", "line 2"},
             {"index " + key + "\nsecret k1 " + key + "\n", "line 2"},
             {"index " + key + "\nindex " + key + "\n", "line 2"},
         }) {
        writeText(text);
        auto read = readKeysFile(m_path);
        ASSERT_FALSE(read) << text;
        EXPECT_NE(read.error().message.find(why), std::string::npos) << read.error().message;
    }
    std::filesystem::remove(m_path);
    auto missing = readKeysFile(m_path);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

} // namespace
} // namespace bilheteria
