// Known-answer tests for the crypto wrappers (RFC 6238, 4226, 4648, 2202, 4231, FIPS 180-2, the
// GCM specification's AES-256 test cases)
// and behavioural tests for password hashing, random tokens and the otpauth URI.
#include "shared/crypto/crypto.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bilheteria::crypto {
namespace {

// Small Argon2 parameters keep the suite fast; one test still runs the defaults.
constexpr Argon2Params kFastParams{.timeCost = 1, .memoryKiB = 1024, .parallelism = 1};

std::string unhex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return out;
}

// RFC 6238 Appendix B, SHA-1 rows: the secret is the ASCII string "12345678901234567890".
struct TotpVector {
    std::int64_t time;
    const char* code;
};

class TotpRfc6238 : public ::testing::TestWithParam<TotpVector> {};

TEST_P(TotpRfc6238, EightDigitCodeMatches) {
    const auto& vector = GetParam();
    EXPECT_EQ(totpCode("12345678901234567890", totpStep(vector.time), 8), vector.code);
}

INSTANTIATE_TEST_SUITE_P(
    AppendixB, TotpRfc6238,
    ::testing::Values(TotpVector{59, "94287082"}, TotpVector{1111111109, "07081804"},
                      TotpVector{1111111111, "14050471"}, TotpVector{1234567890, "89005924"},
                      TotpVector{2000000000, "69279037"}, TotpVector{20000000000, "65353130"}));

TEST(Totp, SixDigitCodesMatchRfc4226AppendixD) {
    // HOTP is TOTP with the counter given directly; these are RFC 4226's 6-digit values.
    const std::vector<std::string> expected{"755224", "287082", "359152", "969429", "338314",
                                            "254676", "287922", "162583", "399871", "520489"};
    for (std::size_t counter = 0; counter < expected.size(); ++counter)
        EXPECT_EQ(totpCode("12345678901234567890", static_cast<std::int64_t>(counter)),
                  expected[counter])
            << "counter " << counter;
    // T=59 is step 1: its 6-digit code is the 8-digit one's last six digits.
    EXPECT_EQ(totpCode("12345678901234567890", totpStep(59)), "287082");
}

TEST(Totp, CodesAreZeroPadded) {
    // RFC 6238's 1111111109 row starts with a zero.
    const std::string code = totpCode("12345678901234567890", totpStep(1111111109), 8);
    ASSERT_EQ(code.size(), 8u);
    EXPECT_EQ(code.front(), '0');
}

TEST(Totp, StepIsFloorOfTimeOverPeriod) {
    EXPECT_EQ(totpStep(0), 0);
    EXPECT_EQ(totpStep(29), 0);
    EXPECT_EQ(totpStep(30), 1);
    EXPECT_EQ(totpStep(59), 1);
    EXPECT_EQ(totpStep(60, 60), 1);
    EXPECT_EQ(totpStep(-1), -1);
    EXPECT_EQ(totpStep(-30), -1);
    EXPECT_EQ(totpStep(-31), -2);
}

TEST(Totp, RejectsBadArguments) {
    EXPECT_THROW(totpStep(100, 0), std::invalid_argument);
    EXPECT_THROW(totpCode("secret", 1, 0), std::invalid_argument);
    EXPECT_THROW(totpCode("secret", 1, 10), std::invalid_argument);
}

// RFC 4648 §10.
struct Base32Vector {
    const char* plain;
    const char* padded;
    const char* unpadded;
};

class Base32Rfc4648 : public ::testing::TestWithParam<Base32Vector> {};

TEST_P(Base32Rfc4648, EncodesUnpadded) {
    EXPECT_EQ(base32Encode(GetParam().plain), GetParam().unpadded);
}

TEST_P(Base32Rfc4648, DecodesPaddedAndUnpadded) {
    EXPECT_EQ(base32Decode(GetParam().padded), std::string(GetParam().plain));
    EXPECT_EQ(base32Decode(GetParam().unpadded), std::string(GetParam().plain));
}

INSTANTIATE_TEST_SUITE_P(
    Section10, Base32Rfc4648,
    ::testing::Values(Base32Vector{"", "", ""}, Base32Vector{"f", "MY======", "MY"},
                      Base32Vector{"fo", "MZXQ====", "MZXQ"},
                      Base32Vector{"foo", "MZXW6===", "MZXW6"},
                      Base32Vector{"foob", "MZXW6YQ=", "MZXW6YQ"},
                      Base32Vector{"fooba", "MZXW6YTB", "MZXW6YTB"},
                      Base32Vector{"foobar", "MZXW6YTBOI======", "MZXW6YTBOI"}));

TEST(Base32, DecodesLowerCaseAndSpaces) {
    EXPECT_EQ(base32Decode("mzxw6ytboi"), std::string("foobar"));
    EXPECT_EQ(base32Decode("MZXW 6YTB OI== ===="), std::string("foobar"));
    EXPECT_EQ(base32Decode("mZxW6yTbOi"), std::string("foobar"));
}

TEST(Base32, RejectsCharactersOutsideTheAlphabet) {
    EXPECT_EQ(base32Decode("MZXW6YTB0I"), std::nullopt); // '0' is not base32
    EXPECT_EQ(base32Decode("MZXW6YTB1I"), std::nullopt);
    EXPECT_EQ(base32Decode("MZXW6YTB8I"), std::nullopt);
    EXPECT_EQ(base32Decode("MZXW-6YTB"), std::nullopt);
    EXPECT_EQ(base32Decode("MZXW\t6YTB"), std::nullopt);
    EXPECT_EQ(base32Decode("MZ=XQ"), std::nullopt); // data after padding
}

TEST(Base32, RejectsImpossibleLengths) {
    // 1, 3 or 6 symbols in the last group cannot come from any encoder.
    EXPECT_EQ(base32Decode("M"), std::nullopt);
    EXPECT_EQ(base32Decode("MZX"), std::nullopt);
    EXPECT_EQ(base32Decode("MZXW6Y"), std::nullopt);
}

TEST(Base32, RoundTripsRandomSecrets) {
    for (std::size_t length = 0; length < 42; ++length) {
        const std::string secret = randomBytes(length);
        EXPECT_EQ(base32Decode(base32Encode(secret)), secret) << "length " << length;
    }
}

TEST(Hmac, Sha1MatchesRfc2202) {
    EXPECT_EQ(hexEncode(hmacSha1(std::string(20, '\x0b'), "Hi There")),
              "b617318655057264e28bc0b6fb378c8ef146be00");
    EXPECT_EQ(hexEncode(hmacSha1("Jefe", "what do ya want for nothing?")),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    EXPECT_EQ(hexEncode(hmacSha1(std::string(20, '\xaa'), std::string(50, '\xdd'))),
              "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
    // Test case 6: a key longer than the block size is hashed first.
    EXPECT_EQ(hexEncode(hmacSha1(std::string(80, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
              "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(Hmac, Sha256MatchesRfc4231) {
    EXPECT_EQ(hexEncode(hmacSha256(std::string(20, '\x0b'), "Hi There")),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hexEncode(hmacSha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, AcceptsEmptyKeyAndMessage) {
    EXPECT_EQ(hexEncode(hmacSha1("", "")), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
    EXPECT_EQ(hexEncode(hmacSha256("", "")),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_EQ(hmacSha1("key", "").size(), 20u);
    EXPECT_EQ(hmacSha256("key", "").size(), 32u);
}

TEST(Sha256, MatchesFips180Vectors) {
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256("abc"),
              unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    EXPECT_EQ(sha256("abc").size(), 32u);
}

TEST(Encoding, HexIsLowerCase) {
    EXPECT_EQ(hexEncode(std::string("\x00\xff\x10\xab", 4)), "00ff10ab");
    EXPECT_EQ(hexEncode(""), "");
}

TEST(Encoding, Base64UrlIsUnpaddedWithUrlAlphabet) {
    EXPECT_EQ(base64UrlEncode(""), "");
    EXPECT_EQ(base64UrlEncode("f"), "Zg");
    EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(base64UrlEncode("foobar"), "Zm9vYmFy");
    // 0xfb 0xff is "+/8=" in the standard alphabet.
    EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Password, RoundTrips) {
    const std::string encoded = hashPassword("correct horse battery staple", kFastParams);
    EXPECT_TRUE(encoded.starts_with("$argon2id$v=19$m=1024,t=1,p=1$")) << encoded;
    EXPECT_TRUE(verifyPassword("correct horse battery staple", encoded));
}

TEST(Password, WrongPasswordFails) {
    const std::string encoded = hashPassword("s3cret", kFastParams);
    EXPECT_FALSE(verifyPassword("s3cret ", encoded));
    EXPECT_FALSE(verifyPassword("S3cret", encoded));
    EXPECT_FALSE(verifyPassword("", encoded));
}

TEST(Password, EmptyAndBinaryPasswordsWork) {
    const std::string empty = hashPassword("", kFastParams);
    EXPECT_TRUE(verifyPassword("", empty));
    EXPECT_FALSE(verifyPassword("x", empty));
    const std::string binary("a\0b", 3);
    const std::string encoded = hashPassword(binary, kFastParams);
    EXPECT_TRUE(verifyPassword(binary, encoded));
    EXPECT_FALSE(verifyPassword("a", encoded));
}

TEST(Password, MalformedHashFails) {
    const std::string good = hashPassword("pw", kFastParams);
    EXPECT_FALSE(verifyPassword("pw", ""));
    EXPECT_FALSE(verifyPassword("pw", "garbage"));
    EXPECT_FALSE(verifyPassword("pw", "$argon2id$v=19$m=1024,t=1,p=1$bad"));
    EXPECT_FALSE(verifyPassword("pw", good.substr(0, good.size() - 4)));
    EXPECT_FALSE(verifyPassword("pw", good + std::string(1, '\0') + "trailing"));
    // An argon2i hash is not what this API stores.
    std::string argon2i = good;
    argon2i.replace(0, 10, "$argon2i$");
    EXPECT_FALSE(verifyPassword("pw", argon2i));
}

TEST(Password, SaltMakesEveryHashDifferent) {
    const std::string first = hashPassword("same", kFastParams);
    const std::string second = hashPassword("same", kFastParams);
    EXPECT_NE(first, second);
    EXPECT_TRUE(verifyPassword("same", first));
    EXPECT_TRUE(verifyPassword("same", second));
}

TEST(Password, DefaultParamsFollowOwasp) {
    const std::string encoded = hashPassword("default parameters");
    EXPECT_TRUE(encoded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << encoded;
    EXPECT_TRUE(verifyPassword("default parameters", encoded));
    EXPECT_FALSE(verifyPassword("other", encoded));
}

TEST(Random, BytesHaveTheRequestedLength) {
    EXPECT_EQ(randomBytes(0), "");
    EXPECT_EQ(randomBytes(1).size(), 1u);
    EXPECT_EQ(randomBytes(1000).size(), 1000u);
    EXPECT_NE(randomBytes(32), randomBytes(32));
}

TEST(Random, TokenLengthAndAlphabet) {
    EXPECT_EQ(randomToken(0), "");
    EXPECT_EQ(randomToken().size(), 43u); // 32 bytes, unpadded base64
    EXPECT_EQ(randomToken(16).size(), 22u);
    EXPECT_EQ(randomToken(3).size(), 4u);
    for (int i = 0; i < 100; ++i) {
        const std::string token = randomToken();
        EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789-_"),
                  std::string::npos)
            << token;
    }
}

TEST(Random, TokensAreUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i)
        EXPECT_TRUE(seen.insert(randomToken(16)).second);
}

TEST(ConstantTime, ComparesLengthAndContent) {
    EXPECT_TRUE(constantTimeEquals("", ""));
    EXPECT_TRUE(constantTimeEquals("token", "token"));
    EXPECT_FALSE(constantTimeEquals("token", "tokem"));
    EXPECT_FALSE(constantTimeEquals("token", "Token"));
    EXPECT_FALSE(constantTimeEquals("token", "token2"));
    EXPECT_FALSE(constantTimeEquals("token", ""));
    EXPECT_FALSE(constantTimeEquals("", "token"));
    EXPECT_TRUE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
    EXPECT_FALSE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(OtpauthUri, HasTheKeyUriFormat) {
    EXPECT_EQ(otpauthUri("Bilheteria", "ana", "JBSWY3DPEHPK3PXP"),
              "otpauth://totp/Bilheteria:ana?secret=JBSWY3DPEHPK3PXP&issuer=Bilheteria"
              "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, PercentEncodesIssuerAndAccount) {
    EXPECT_EQ(otpauthUri("Bilheteria Box Office", "ana@example.com", "JBSWY3DPEHPK3PXP"),
              "otpauth://totp/Bilheteria%20Box%20Office:ana%40example.com"
              "?secret=JBSWY3DPEHPK3PXP&issuer=Bilheteria%20Box%20Office"
              "&algorithm=SHA1&digits=6&period=30");
    // A ':' in either part must not look like the label separator; '&', '?', '/', '+' and
    // non-ASCII UTF-8 must not break the URI either.
    EXPECT_EQ(otpauthUri("A&B: Teatro/São+", "x?y", "MZXW6"),
              "otpauth://totp/A%26B%3A%20Teatro%2FS%C3%A3o%2B:x%3Fy"
              "?secret=MZXW6&issuer=A%26B%3A%20Teatro%2FS%C3%A3o%2B"
              "&algorithm=SHA1&digits=6&period=30");
    EXPECT_EQ(otpauthUri("a-b_c.d~e", "f", "MY"),
              "otpauth://totp/a-b_c.d~e:f?secret=MY&issuer=a-b_c.d~e"
              "&algorithm=SHA1&digits=6&period=30");
}

// McGrew and Viega, "The Galois/Counter Mode of Operation", test cases 14 and 16 (AES-256).
TEST(AesGcm, MatchesTheSpecificationsTestCases) {
    const std::string zeroKey(32, '\0');
    const std::string zeroNonce(12, '\0');
    EXPECT_EQ(hexEncode(aes256GcmSeal(zeroKey, zeroNonce, "", std::string(16, '\0'))),
              "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");

    const auto key = unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const auto nonce = unhex("cafebabefacedbaddecaf888");
    const auto aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const auto plaintext =
        unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532f"
              "cf0e2449a6b525b16aedf5aa0de657ba637b39");
    const auto sealed = aes256GcmSeal(key, nonce, aad, plaintext);
    EXPECT_EQ(hexEncode(sealed),
              "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b0"
              "8b1056828838c5f61e6393ba7a0abcc9f662" // ciphertext, then the tag
              "76fc6ece0f4e1768cddf8853bb2d551b");
    EXPECT_EQ(aes256GcmOpen(key, nonce, aad, sealed), plaintext);
}

TEST(AesGcm, RefusesAnythingNotSealedUnderTheSameKeyNonceAndAad) {
    const auto key = randomBytes(kAes256KeyBytes);
    const auto nonce = randomBytes(kAesGcmNonceBytes);
    const auto sealed = aes256GcmSeal(key, nonce, "users.email", "ana@example.com");
    ASSERT_EQ(aes256GcmOpen(key, nonce, "users.email", sealed), "ana@example.com");
    EXPECT_EQ(sealed.find("ana@example.com"), std::string::npos);

    for (std::size_t i = 0; i < sealed.size(); ++i) {
        std::string tampered = sealed;
        tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
        EXPECT_FALSE(aes256GcmOpen(key, nonce, "users.email", tampered)) << "byte " << i;
    }
    EXPECT_FALSE(aes256GcmOpen(randomBytes(kAes256KeyBytes), nonce, "users.email", sealed));
    EXPECT_FALSE(aes256GcmOpen(key, randomBytes(kAesGcmNonceBytes), "users.email", sealed));
    EXPECT_FALSE(aes256GcmOpen(key, nonce, "users.name", sealed));
    EXPECT_FALSE(aes256GcmOpen(key, nonce, "users.email", sealed.substr(1)));
    EXPECT_FALSE(aes256GcmOpen(key, nonce, "users.email", ""));
    EXPECT_FALSE(aes256GcmOpen(key.substr(1), nonce, "users.email", sealed));
    EXPECT_THROW(aes256GcmSeal(key.substr(1), nonce, "", "x"), std::invalid_argument);
    EXPECT_THROW(aes256GcmSeal(key, nonce.substr(1), "", "x"), std::invalid_argument);
    // The empty plaintext is sealed too: its tag still authenticates it.
    EXPECT_EQ(aes256GcmOpen(key, nonce, "", aes256GcmSeal(key, nonce, "", "")), "");
}

TEST(Base64, StandardAlphabetWithPadding) {
    EXPECT_EQ(base64Encode("f"), "Zg==");
    EXPECT_EQ(base64Encode("fo"), "Zm8=");
    EXPECT_EQ(base64Encode("foo"), "Zm9v");
    EXPECT_EQ(base64Encode("\xfb\xff"), "+/8=");
    EXPECT_EQ(base64Decode("+/8="), "\xfb\xff");
    EXPECT_EQ(base64Decode("-_8"), "\xfb\xff");
    EXPECT_EQ(base64Decode("Zm9v"), "foo");
    EXPECT_FALSE(base64Decode("Zm9v!"));
    const auto key = randomBytes(32);
    EXPECT_EQ(base64Decode(base64Encode(key)), key);
}

} // namespace
} // namespace bilheteria::crypto
