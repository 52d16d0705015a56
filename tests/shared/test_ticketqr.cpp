// The door's tokens as a scanner checks them offline (shared/ticketqr.h), and the primitives under
// them: Ed25519 against RFC 8032's vectors, base64url decoding in its one canonical form. A
// token is verified with nothing but the event's published key; any change, another event's
// key or malformed input is refused as a value, never a crash.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shared/crypto/crypto.h"
#include "shared/ticketqr.h"

namespace bilheteria {
namespace {

using crypto::base64UrlDecode;
using crypto::base64UrlEncode;

std::string fromHex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}

// RFC 8032, section 7.1, TEST 1 and TEST 3.
TEST(Ed25519, SignsAndVerifiesRfc8032Vectors) {
    struct Vector {
        const char* secret;
        const char* publicKey;
        const char* message;
        const char* signature;
    };
    const Vector vectors[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
         "1cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f7"
         "60984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };
    for (const Vector& v : vectors) {
        const auto secret = fromHex(v.secret);
        const auto publicKey = fromHex(v.publicKey);
        const auto message = fromHex(v.message);
        EXPECT_EQ(crypto::ed25519Sign(secret, message), fromHex(v.signature));
        EXPECT_TRUE(crypto::ed25519Verify(publicKey, message, fromHex(v.signature)));
        EXPECT_FALSE(crypto::ed25519Verify(publicKey, message + "x", fromHex(v.signature)));
    }
    const auto pair = crypto::ed25519Generate();
    EXPECT_EQ(pair.privateKey.size(), 32u);
    EXPECT_EQ(pair.publicKey.size(), 32u);
    const auto signature = crypto::ed25519Sign(pair.privateKey, "hello");
    EXPECT_TRUE(crypto::ed25519Verify(pair.publicKey, "hello", signature));
    EXPECT_FALSE(crypto::ed25519Verify(pair.publicKey.substr(1), "hello", signature));
    EXPECT_FALSE(crypto::ed25519Verify(pair.publicKey, "hello", signature.substr(1)));
    EXPECT_THROW(crypto::ed25519Sign("short", "hello"), std::invalid_argument);
}

TEST(Encoding, Base64UrlDecodesOnlyTheCanonicalUnpaddedForm) {
    for (const std::string bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xfb\xff"})
        EXPECT_EQ(base64UrlDecode(base64UrlEncode(bytes)), bytes);
    EXPECT_EQ(base64UrlDecode("-_8"), std::string("\xfb\xff"));
    EXPECT_FALSE(base64UrlDecode("Zg=="));  // padding
    EXPECT_FALSE(base64UrlDecode("Zh"));    // stray low bits: "Zg" is the one spelling
    EXPECT_FALSE(base64UrlDecode("Z"));     // no encoding is this long
    EXPECT_FALSE(base64UrlDecode("Zm9v+")); // the standard alphabet
    EXPECT_FALSE(base64UrlDecode("Zm 9v"));
    EXPECT_FALSE(base64UrlDecode(std::string("Zm\0v", 4)));
}

class TicketTokenTest : public ::testing::Test {
protected:
    TicketTokenTest()
        : m_key(crypto::ed25519Generate())
        , m_otherKey(crypto::ed25519Generate()) {}

    TicketClaims claims(bool seated = true) const {
        TicketClaims c;
        c.eventId = 42;
        c.ticketId = 1001;
        c.code = "q3Xb9vT0aZ-_kP2mLw7yHg";
        c.sectionId = 7;
        if (seated) {
            c.row = "AB";
            c.number = 12;
        }
        c.issuedAt = TimePoint{std::chrono::seconds{1'800'000'000}};
        c.keyId = "e42g1-abcdefgh";
        return c;
    }
    // What GET /events/42/keys publishes.
    std::vector<PublicKeyInfo> published() const {
        return {{"e42g1-abcdefgh", "Ed25519", base64UrlEncode(m_key.publicKey)}};
    }

    crypto::Ed25519KeyPair m_key;
    crypto::Ed25519KeyPair m_otherKey;
};

TEST_F(TicketTokenTest, VerifiesWithOnlyThePublishedKey) {
    for (bool seated : {true, false}) {
        const auto token = signTicketToken(claims(seated), m_key.privateKey);
        EXPECT_TRUE(token.starts_with("BLH1."));
        EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);
        auto verified = verifyTicketToken(token, published());
        ASSERT_TRUE(verified) << verified.error().message;
        EXPECT_EQ(*verified, claims(seated));
        // Deterministic: the same ticket and key, the same token.
        EXPECT_EQ(signTicketToken(claims(seated), m_key.privateKey), token);
    }
}

TEST_F(TicketTokenTest, RefusesATokenWithAnyByteChanged) {
    const auto token = signTicketToken(claims(), m_key.privateKey);
    for (std::size_t i = 0; i < token.size(); ++i) {
        for (char replacement : {'A', 'x', '.', '-', '\0'}) {
            if (token[i] == replacement) continue;
            std::string changed = token;
            changed[i] = replacement;
            auto verified = verifyTicketToken(changed, published());
            ASSERT_FALSE(verified) << "accepted with byte " << i << " changed: " << changed;
            EXPECT_EQ(verified.error().code, ErrorCode::NotFound);
        }
    }
}

TEST_F(TicketTokenTest, RefusesATokenSignedWithAnotherEventsKey) {
    // Signed with another key under this key's id: the signature does not hold.
    const auto forged = signTicketToken(claims(), m_otherKey.privateKey);
    auto verified = verifyTicketToken(forged, published());
    ASSERT_FALSE(verified);
    EXPECT_EQ(verified.error().details.value("reason", ""), "bad_signature");
    // Another event's genuine token, its key id unknown here.
    TicketClaims other = claims();
    other.eventId = 43;
    other.keyId = "e43g1-zzzzzzzz";
    auto unknown = verifyTicketToken(signTicketToken(other, m_otherKey.privateKey), published());
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().details.value("reason", ""), "unknown_key");
    EXPECT_FALSE(verifyTicketToken(signTicketToken(claims(), m_key.privateKey), {}));
}

TEST_F(TicketTokenTest, RefusesMalformedInputCleanly) {
    const auto good = signTicketToken(claims(), m_key.privateKey);
    const auto signature = good.substr(good.rfind('.') + 1);
    const auto payloadOf = [&](const std::string& json) {
        return "BLH1." + base64UrlEncode(json) + "." + signature;
    };
    const std::vector<std::string> inputs{
        "",
        ".",
        "..",
        "BLH1",
        "BLH1.",
        "BLH1..",
        "BLH2" + good.substr(4),
        good + ".",
        good + "=",
        "blh1" + good.substr(4),
        good.substr(0, good.rfind('.')),
        good.substr(0, good.size() - 4),
        std::string(5000, 'A'),
        "BLH1." + std::string(2000, 'A') + "." + signature,
        payloadOf("[]"),
        payloadOf("null"),
        payloadOf("{"),
        payloadOf("{}"),
        payloadOf(R"({"e":42,"t":1001,"c":"x","s":7,"i":1800000000})"),
        payloadOf(R"({"e":"42","t":1001,"c":"x","s":7,"i":1800000000,"k":"e42g1-abcdefgh"})"),
        payloadOf(R"({"e":-1,"t":1001,"c":"x","s":7,"i":1800000000,"k":"e42g1-abcdefgh"})"),
        payloadOf(R"({"e":1e400,"t":1001,"c":"x","s":7,"i":1800000000,"k":"e42g1-abcdefgh"})"),
        payloadOf(R"({"e":18446744073709551615,"t":1,"c":"x","s":7,"i":1,"k":"e42g1-abcdefgh"})"),
        payloadOf(R"({"e":42,"t":1001,"c":"x","s":7,"i":1800000000,"k":"e42g1-abcdefgh","r":"A"})"),
        payloadOf(std::string(400, '[') + std::string(400, ']')),
    };
    for (const auto& input : inputs) {
        auto verified = verifyTicketToken(input, published());
        ASSERT_FALSE(verified) << input;
        EXPECT_EQ(verified.error().code, ErrorCode::NotFound) << input;
    }
    // Random bytes, in and after the prefix: refused, never a crash.
    std::mt19937 random(12345);
    for (int i = 0; i < 2000; ++i) {
        std::string noise(random() % 200, '\0');
        for (char& c : noise)
            c = static_cast<char>(random() % 256);
        EXPECT_FALSE(verifyTicketToken(noise, published()));
        EXPECT_FALSE(verifyTicketToken("BLH1." + noise, published()));
        EXPECT_FALSE(
            verifyTicketToken("BLH1." + base64UrlEncode(noise) + "." + signature, published()));
    }
}

} // namespace
} // namespace bilheteria
