// Thin wrappers over OpenSSL 3 (digests, HMAC, CSPRNG, base64) and libargon2 (password
// hashing). TOTP and base32 are encodings on top of those primitives, written here.
#include "shared/crypto/crypto.h"

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace bilheteria::crypto {

namespace {

// OpenSSL takes unsigned char pointers; string_view's data() may also be null when empty,
// which some OpenSSL calls treat as "no input given" rather than "empty input".
const unsigned char* bytesOf(std::string_view data) {
    static constexpr unsigned char kEmpty[1] = {0};
    return data.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(data.data());
}

std::string digest(const EVP_MD* md, std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    if (EVP_Digest(bytesOf(data), data.size(), out.data(), &length, md, nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    return std::string(reinterpret_cast<const char*>(out.data()), length);
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view message) {
    if (key.size() > static_cast<std::size_t>(INT_MAX))
        throw std::invalid_argument("HMAC key too long");
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    if (HMAC(md, bytesOf(key), static_cast<int>(key.size()), bytesOf(message), message.size(),
             out.data(), &length) == nullptr)
        throw std::runtime_error("HMAC failed");
    return std::string(reinterpret_cast<const char*>(out.data()), length);
}

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
}

// RFC 3986 unreserved characters pass through; everything else (':' and '@' included, so
// the label separator stays unambiguous) is %XX-encoded byte by byte.
std::string percentEncode(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        }
    }
    return out;
}

} // namespace

std::string randomBytes(std::size_t count) {
    std::string out(count, '\0');
    auto* cursor = reinterpret_cast<unsigned char*>(out.data());
    // RAND_bytes takes an int count; larger requests go in chunks.
    while (count > 0) {
        const int chunk = static_cast<int>(std::min<std::size_t>(count, INT_MAX));
        if (RAND_bytes(cursor, chunk) != 1) throw std::runtime_error("RAND_bytes failed");
        cursor += chunk;
        count -= static_cast<std::size_t>(chunk);
    }
    return out;
}

std::string randomToken(std::size_t byteCount) {
    return base64UrlEncode(randomBytes(byteCount));
}

std::string sha256(std::string_view data) {
    return digest(EVP_sha256(), data);
}

std::string sha256Hex(std::string_view data) {
    return hexEncode(sha256(data));
}

std::string hmacSha1(std::string_view key, std::string_view message) {
    return hmac(EVP_sha1(), key, message);
}

std::string hmacSha256(std::string_view key, std::string_view message) {
    return hmac(EVP_sha256(), key, message);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hexEncode(std::string_view bytes) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        out += kHex[byte >> 4];
        out += kHex[byte & 0x0f];
    }
    return out;
}

std::string base64UrlEncode(std::string_view bytes) {
    if (bytes.empty()) return {};
    // EVP_EncodeBlock takes an int length; tokens and codes are far below that.
    if (bytes.size() > static_cast<std::size_t>(INT_MAX / 4 * 3))
        throw std::invalid_argument("base64UrlEncode input too long");
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0'); // +1: EVP_EncodeBlock writes a NUL
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        bytesOf(bytes), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    std::replace(out.begin(), out.end(), '+', '-');
    std::replace(out.begin(), out.end(), '/', '_');
    return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
    if (text.empty()) return std::string{};
    if (text.size() % 4 == 1 || text.size() > static_cast<std::size_t>(INT_MAX / 2))
        return std::nullopt;
    std::string standard(text);
    for (char& c : standard) {
        const bool plain =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        else if (!plain)
            return std::nullopt;
    }
    const std::size_t padding = (4 - standard.size() % 4) % 4;
    standard.append(padding, '=');
    std::string out(standard.size() / 4 * 3, '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        bytesOf(standard), static_cast<int>(standard.size()));
    if (written < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(written) - padding); // EVP_DecodeBlock keeps pad bytes
    // One canonical form: text whose unused low bits are not zero decodes to the same bytes
    // as another text; refuse it, so a token has exactly one spelling.
    if (base64UrlEncode(out) != text) return std::nullopt;
    return out;
}

std::string base64Encode(std::string_view bytes) {
    std::string out = base64UrlEncode(bytes);
    std::replace(out.begin(), out.end(), '-', '+');
    std::replace(out.begin(), out.end(), '_', '/');
    out.append((4 - out.size() % 4) % 4, '=');
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    std::string url(text);
    std::replace(url.begin(), url.end(), '+', '-');
    std::replace(url.begin(), url.end(), '/', '_');
    return base64UrlDecode(url);
}

namespace {

using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

int intLength(std::string_view data) {
    if (data.size() > static_cast<std::size_t>(INT_MAX / 2))
        throw std::invalid_argument("AES-GCM input too long");
    return static_cast<int>(data.size());
}

} // namespace

std::string aes256GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad,
                          std::string_view plaintext) {
    if (key.size() != kAes256KeyBytes || nonce.size() != kAesGcmNonceBytes)
        throw std::invalid_argument("AES-256-GCM takes a 32-byte key and a 12-byte nonce");
    CipherCtxPtr context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context) throw std::runtime_error("AES-GCM: out of memory");
    std::string out(plaintext.size() + kAesGcmTagBytes, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    int length = 0;
    int total = 0;
    // The default GCM IV length is 12 bytes, so no EVP_CTRL_GCM_SET_IVLEN is needed.
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytesOf(key),
                           bytesOf(nonce)) != 1 ||
        EVP_EncryptUpdate(context.get(), nullptr, &length, bytesOf(aad), intLength(aad)) != 1 ||
        EVP_EncryptUpdate(context.get(), bytes, &length, bytesOf(plaintext),
                          intLength(plaintext)) != 1)
        throw std::runtime_error("AES-GCM encryption failed");
    total = length;
    if (EVP_EncryptFinal_ex(context.get(), bytes + total, &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kAesGcmTagBytes,
                            bytes + plaintext.size()) != 1)
        throw std::runtime_error("AES-GCM encryption failed");
    return out;
}

std::optional<std::string> aes256GcmOpen(std::string_view key, std::string_view nonce,
                                         std::string_view aad, std::string_view sealed) {
    if (key.size() != kAes256KeyBytes || nonce.size() != kAesGcmNonceBytes ||
        sealed.size() < kAesGcmTagBytes || sealed.size() > static_cast<std::size_t>(INT_MAX / 2) ||
        aad.size() > static_cast<std::size_t>(INT_MAX / 2))
        return std::nullopt;
    const std::string_view ciphertext = sealed.substr(0, sealed.size() - kAesGcmTagBytes);
    std::string tag(sealed.substr(ciphertext.size()));
    CipherCtxPtr context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context) throw std::runtime_error("AES-GCM: out of memory");
    std::string out(ciphertext.size(), '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    int length = 0;
    const bool authentic =
        EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytesOf(key),
                           bytesOf(nonce)) == 1 &&
        EVP_DecryptUpdate(context.get(), nullptr, &length, bytesOf(aad), intLength(aad)) == 1 &&
        EVP_DecryptUpdate(context.get(), bytes, &length, bytesOf(ciphertext),
                          intLength(ciphertext)) == 1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kAesGcmTagBytes, tag.data()) ==
            1 &&
        // The tag is checked here: nothing of `out` is returned before it passed.
        EVP_DecryptFinal_ex(context.get(), bytes + length, &length) == 1;
    if (!authentic) {
        ERR_clear_error(); // as in ed25519Verify: leave no stale entry for the thread's TLS code
        return std::nullopt;
    }
    return out;
}

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

} // namespace

Ed25519KeyPair ed25519Generate() {
    EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!raw) throw std::runtime_error("Ed25519 key generation failed");
    PkeyPtr key(raw, &EVP_PKEY_free);
    Ed25519KeyPair pair;
    pair.privateKey.resize(kEd25519KeyBytes);
    pair.publicKey.resize(kEd25519KeyBytes);
    std::size_t privateLength = kEd25519KeyBytes;
    std::size_t publicLength = kEd25519KeyBytes;
    if (EVP_PKEY_get_raw_private_key(key.get(),
                                     reinterpret_cast<unsigned char*>(pair.privateKey.data()),
                                     &privateLength) != 1 ||
        EVP_PKEY_get_raw_public_key(key.get(),
                                    reinterpret_cast<unsigned char*>(pair.publicKey.data()),
                                    &publicLength) != 1 ||
        privateLength != kEd25519KeyBytes || publicLength != kEd25519KeyBytes)
        throw std::runtime_error("Ed25519 key export failed");
    return pair;
}

std::string ed25519Sign(std::string_view privateKey, std::string_view message) {
    if (privateKey.size() != kEd25519KeyBytes)
        throw std::invalid_argument("an Ed25519 private key is 32 bytes");
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytesOf(privateKey),
                                             privateKey.size()),
                &EVP_PKEY_free);
    MdCtxPtr context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!key || !context) throw std::runtime_error("Ed25519: out of memory");
    std::string signature(kEd25519SignatureBytes, '\0');
    std::size_t length = signature.size();
    // Ed25519 hashes internally: no digest is named (NULL md), and it signs in one shot.
    if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       bytesOf(message), message.size()) != 1 ||
        length != kEd25519SignatureBytes)
        throw std::runtime_error("Ed25519 signing failed");
    return signature;
}

bool ed25519Verify(std::string_view publicKey, std::string_view message,
                   std::string_view signature) {
    if (publicKey.size() != kEd25519KeyBytes || signature.size() != kEd25519SignatureBytes)
        return false;
    PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytesOf(publicKey),
                                            publicKey.size()),
                &EVP_PKEY_free);
    MdCtxPtr context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    const bool valid =
        key && context &&
        EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(context.get(), bytesOf(signature), signature.size(), bytesOf(message),
                         message.size()) == 1;
    // A refused signature leaves an entry in this thread's OpenSSL error queue, where the TLS
    // code of the same thread would later take it for its own failure.
    if (!valid) ERR_clear_error();
    return valid;
}

std::string base32Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += kBase32Alphabet[(buffer >> bits) & 0x1f];
        }
    }
    if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1f];
    return out;
}

std::optional<std::string> base32Decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 5 / 8);
    std::uint32_t buffer = 0;
    int bits = 0;
    std::size_t symbols = 0;
    bool padding = false;
    for (const char c : text) {
        if (c == ' ') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        // Data after padding means two values were glued together, not one secret.
        if (padding) return std::nullopt;
        const int value = base32Value(c);
        if (value < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
        bits += 5;
        ++symbols;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    // A final group of 1, 3 or 6 symbols cannot come from any encoder: the text was cut.
    const std::size_t tail = symbols % 8;
    if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
    return out;
}

std::string hashPassword(std::string_view password, const Argon2Params& params) {
    constexpr std::uint32_t kSaltLength = 16;
    constexpr std::uint32_t kHashLength = 32;
    if (password.size() > ARGON2_MAX_PWD_LENGTH) throw std::invalid_argument("password too long");
    const std::string salt = randomBytes(kSaltLength);
    const std::size_t encodedLength = argon2_encodedlen(
        params.timeCost, params.memoryKiB, params.parallelism, kSaltLength, kHashLength, Argon2_id);
    std::string encoded(encodedLength, '\0');
    const int rc = argon2id_hash_encoded(params.timeCost, params.memoryKiB, params.parallelism,
                                         bytesOf(password), password.size(), salt.data(),
                                         salt.size(), kHashLength, encoded.data(), encoded.size());
    // Bad parameters are a programming error; running out of memory is exceptional too.
    if (rc != ARGON2_OK)
        throw std::runtime_error(std::string("argon2id_hash_encoded: ") + argon2_error_message(rc));
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool verifyPassword(std::string_view password, const std::string& encoded) {
    if (password.size() > ARGON2_MAX_PWD_LENGTH) return false;
    // Anything but an argon2id hash is malformed here; checking the prefix also keeps
    // argon2id_verify from reading past an embedded NUL.
    if (!encoded.starts_with("$argon2id$") || encoded.find('\0') != std::string::npos) return false;
    return argon2id_verify(encoded.c_str(), bytesOf(password), password.size()) == ARGON2_OK;
}

std::int64_t totpStep(std::int64_t unixSeconds, int periodSeconds) {
    if (periodSeconds <= 0) throw std::invalid_argument("TOTP period must be positive");
    // Floor division, so times before 1970 do not share step 0 with the first period.
    std::int64_t step = unixSeconds / periodSeconds;
    if (unixSeconds % periodSeconds != 0 && unixSeconds < 0) --step;
    return step;
}

std::string totpCode(std::string_view secret, std::int64_t step, int digits) {
    // RFC 4226 truncation yields 31 bits, so more than 9 digits would not add entropy.
    if (digits < 1 || digits > 9) throw std::invalid_argument("TOTP digits must be 1..9");
    std::array<char, 8> counter{};
    auto value = static_cast<std::uint64_t>(step);
    for (int i = 7; i >= 0; --i) {
        counter[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
        value >>= 8;
    }
    const std::string mac = hmacSha1(secret, std::string_view(counter.data(), counter.size()));
    // RFC 4226 §5.3 dynamic truncation.
    const auto byteAt = [&mac](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i]));
    };
    const std::size_t offset = byteAt(mac.size() - 1) & 0x0f;
    const std::uint32_t binary = ((byteAt(offset) & 0x7f) << 24) | (byteAt(offset + 1) << 16) |
                                 (byteAt(offset + 2) << 8) | byteAt(offset + 3);
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i)
        modulus *= 10;
    std::string code = std::to_string(binary % modulus);
    code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
    return code;
}

std::string otpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32Secret) {
    // Key URI format (Google Authenticator wiki): the issuer appears both as the label prefix
    // and as a parameter, because older apps read only one of the two.
    const std::string encodedIssuer = percentEncode(issuer);
    std::string uri = "otpauth://totp/";
    uri += encodedIssuer;
    uri += ':';
    uri += percentEncode(account);
    uri += "?secret=";
    uri += percentEncode(base32Secret);
    uri += "&issuer=";
    uri += encodedIssuer;
    uri += "&algorithm=SHA1&digits=6&period=30";
    return uri;
}

} // namespace bilheteria::crypto
