// Cryptographic building blocks behind a neutral header: OpenSSL and libargon2 stay inside
// shared/crypto/, so the server and the clients (a door scanner verifying tickets offline) use them
// without seeing either library. Nothing here is a hand-written primitive; each function wraps the
// library's own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bilheteria::crypto {

// `count` bytes from OpenSSL's CSPRNG (RAND_bytes). Throws std::runtime_error if the
// generator fails, which is truly exceptional.
std::string randomBytes(std::size_t count);
// `byteCount` random bytes as unpadded base64url text: bearer tokens, ticket codes.
std::string randomToken(std::size_t byteCount = 32);

std::string sha256(std::string_view data); // 32 raw bytes
std::string sha256Hex(std::string_view data);
std::string hmacSha1(std::string_view key, std::string_view message);   // 20 raw bytes
std::string hmacSha256(std::string_view key, std::string_view message); // 32 raw bytes

// Equal length and content, in time that depends only on the length (CRYPTO_memcmp).
bool constantTimeEquals(std::string_view a, std::string_view b);

std::string hexEncode(std::string_view bytes);
std::string base64UrlEncode(std::string_view bytes); // unpadded
// The inverse of base64UrlEncode: unpadded url-safe alphabet in its one canonical form;
// nullopt for anything else (padding, other characters, a length no encoding has, stray bits).
std::optional<std::string> base64UrlDecode(std::string_view text);
// RFC 4648 standard base64 with '=' padding (what `openssl rand -base64 32` prints).
std::string base64Encode(std::string_view bytes);
// Standard or url-safe alphabet, padded or not; nullopt for anything else.
std::optional<std::string> base64Decode(std::string_view text);
// RFC 4648 base32, upper case, unpadded (the form authenticator apps take).
std::string base32Encode(std::string_view bytes);
// Accepts upper or lower case, optional '=' padding and spaces; nullopt on any other character.
std::optional<std::string> base32Decode(std::string_view text);

// AES-256-GCM (NIST SP 800-38D) through OpenSSL's EVP API, with a 96-bit nonce and a 128-bit
// tag. The caller chooses the nonce and must never reuse one with the same key: a random one
// from randomBytes(kAesGcmNonceBytes) per message is the intended use.
constexpr std::size_t kAes256KeyBytes = 32;
constexpr std::size_t kAesGcmNonceBytes = 12;
constexpr std::size_t kAesGcmTagBytes = 16;
// The ciphertext followed by the tag. Throws std::invalid_argument for a key or nonce of the
// wrong size.
std::string aes256GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad,
                          std::string_view plaintext);
// The plaintext when `sealed` (ciphertext then tag) is authentic under key, nonce and aad;
// nullopt for a wrong key, a changed byte, other aad or malformed input.
std::optional<std::string> aes256GcmOpen(std::string_view key, std::string_view nonce,
                                         std::string_view aad, std::string_view sealed);

// Ed25519 signatures (RFC 8032) through OpenSSL's EVP API. Keys are the 32 raw bytes.
constexpr std::size_t kEd25519KeyBytes = 32;
constexpr std::size_t kEd25519SignatureBytes = 64;
struct Ed25519KeyPair {
    std::string privateKey; // the 32-byte seed
    std::string publicKey;
};
// A fresh key pair from OpenSSL's generator. Throws std::runtime_error if OpenSSL fails.
Ed25519KeyPair ed25519Generate();
// The 64-byte signature of `message`. Throws std::invalid_argument for a key that is not 32
// bytes.
std::string ed25519Sign(std::string_view privateKey, std::string_view message);
// True when `signature` is `publicKey`'s signature of `message`; false for any malformed input.
bool ed25519Verify(std::string_view publicKey, std::string_view message,
                   std::string_view signature);

// Argon2id password hashing (libargon2). OWASP's recommendation: 19 MiB, 2 passes, 1 lane.
struct Argon2Params {
    std::uint32_t timeCost = 2;
    std::uint32_t memoryKiB = 19 * 1024;
    std::uint32_t parallelism = 1;
};
// The encoded form ("$argon2id$v=19$m=...,t=...,p=...$salt$hash") with a random 16-byte salt.
std::string hashPassword(std::string_view password, const Argon2Params& params = {});
// True when `password` matches `encoded`; false for a wrong password or a malformed hash.
bool verifyPassword(std::string_view password, const std::string& encoded);

// RFC 6238 TOTP over HMAC-SHA-1, as authenticator apps use it.
std::int64_t totpStep(std::int64_t unixSeconds, int periodSeconds = 30);
// The `digits`-digit code for `step` with the raw `secret`, zero-padded ("004271").
std::string totpCode(std::string_view secret, std::int64_t step, int digits = 6);
// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
std::string otpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32Secret);

} // namespace bilheteria::crypto
