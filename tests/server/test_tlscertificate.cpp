// Tests for the HTTPS server's self-signed certificate: where the files go and with which
// modes, reuse across starts, the fingerprint, and that OpenSSL itself accepts the result
// the way a client that trusts this one certificate would.
#include "server/http/tlscertificate.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace bilheteria {
namespace {

namespace fs = std::filesystem;

template <auto FreeFunction> struct OpenSslDeleter {
    template <typename T> void operator()(T* object) const { FreeFunction(object); }
};
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using PKeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using StoreContextPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;

struct GeneralNamesDeleter {
    void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

X509Ptr loadCertificate(const std::string& path) {
    const std::string pem = readText(path);
    std::unique_ptr<BIO, OpenSslDeleter<BIO_free>> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

PKeyPtr loadKey(const std::string& path) {
    const std::string pem = readText(path);
    std::unique_ptr<BIO, OpenSslDeleter<BIO_free>> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return PKeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string digestFingerprint(X509* certificate) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EXPECT_EQ(X509_digest(certificate, EVP_sha256(), digest.data(), &length), 1);
    std::string text;
    char pair[4];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(pair, sizeof pair, i == 0 ? "%02X" : ":%02X", digest[i]);
        text += pair;
    }
    return text;
}

// The subjectAltName entries as "DNS:name" / "IP:address" text.
std::set<std::string> altNames(X509* certificate) {
    std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
    std::set<std::string> out;
    if (!names) return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS) {
            out.insert("DNS:" + std::string(reinterpret_cast<const char*>(
                                                ASN1_STRING_get0_data(name->d.dNSName)),
                                            ASN1_STRING_length(name->d.dNSName)));
        } else if (name->type == GEN_IPADD) {
            const int length = ASN1_STRING_length(name->d.iPAddress);
            std::array<char, INET6_ADDRSTRLEN> text{};
            const int family = length == 4 ? AF_INET : AF_INET6;
            if (::inet_ntop(family, ASN1_STRING_get0_data(name->d.iPAddress), text.data(),
                            text.size()) != nullptr)
                out.insert(std::string("IP:") + text.data());
            else
                out.insert("IP:?" + std::to_string(length));
        }
    }
    return out;
}

std::string commonName(X509* certificate) {
    std::array<char, 256> buffer{};
    X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, buffer.data(),
                              static_cast<int>(buffer.size()));
    return buffer.data();
}

// What a client does when it trusts exactly this certificate: verify it as a TLS server
// certificate for `host` with the certificate itself as the only trust anchor.
int verifyAsClient(X509* certificate, const std::string& host) {
    StorePtr store(X509_STORE_new());
    X509_STORE_add_cert(store.get(), certificate);
    StoreContextPtr context(X509_STORE_CTX_new());
    X509_STORE_CTX_init(context.get(), store.get(), certificate, nullptr);
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    if (host.find(':') != std::string::npos || std::isdigit(static_cast<unsigned char>(host[0])))
        X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    else
        X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    if (X509_verify_cert(context.get()) == 1) return X509_V_OK;
    return X509_STORE_CTX_get_error(context.get());
}

mode_t modeOf(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
}

class TlsCertificateTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "bilheteria-tls-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }

    TlsCertificateFiles ensure(const std::string& host) {
        auto result = ensureSelfSignedCertificate(m_dir.string(), host);
        EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
        return result ? *result : TlsCertificateFiles{};
    }

    fs::path m_dir;
};

TEST_F(TlsCertificateTest, CreatesFilesInTheDataDirWithPrivateModes) {
    const TlsCertificateFiles files = ensure("127.0.0.1");
    EXPECT_TRUE(files.created);
    EXPECT_EQ(fs::path(files.certPath), m_dir / "tls" / "server.crt");
    EXPECT_EQ(fs::path(files.keyPath), m_dir / "tls" / "server.key");
    EXPECT_TRUE(fs::is_regular_file(files.certPath));
    EXPECT_TRUE(fs::is_regular_file(files.keyPath));
    EXPECT_EQ(modeOf(files.keyPath), 0600u);
    EXPECT_EQ(modeOf((m_dir / "tls").string()), 0700u);
    // No temporary files are left behind.
    EXPECT_EQ(std::distance(fs::directory_iterator(m_dir / "tls"), fs::directory_iterator()), 2);
    EXPECT_TRUE(
        std::regex_match(files.sha256Fingerprint, std::regex("([0-9A-F]{2}:){31}[0-9A-F]{2}")))
        << files.sha256Fingerprint;
}

TEST_F(TlsCertificateTest, SecondCallReusesTheFiles) {
    const TlsCertificateFiles first = ensure("127.0.0.1");
    const std::string certPem = readText(first.certPath);
    const std::string keyPem = readText(first.keyPath);

    const TlsCertificateFiles second = ensure("127.0.0.1");
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.sha256Fingerprint, first.sha256Fingerprint);
    EXPECT_EQ(second.certPath, first.certPath);
    EXPECT_EQ(second.keyPath, first.keyPath);
    EXPECT_EQ(readText(second.certPath), certPem);
    EXPECT_EQ(readText(second.keyPath), keyPem);
}

TEST_F(TlsCertificateTest, FingerprintMatchesX509Digest) {
    const TlsCertificateFiles files = ensure("127.0.0.1");
    const auto fromFile = certificateFingerprint(files.certPath);
    ASSERT_TRUE(fromFile.has_value()) << fromFile.error().message;
    EXPECT_EQ(*fromFile, files.sha256Fingerprint);

    const X509Ptr certificate = loadCertificate(files.certPath);
    ASSERT_TRUE(certificate);
    EXPECT_EQ(digestFingerprint(certificate.get()), files.sha256Fingerprint);
}

TEST_F(TlsCertificateTest, KeyIsP256AndMatchesTheCertificate) {
    const TlsCertificateFiles files = ensure("127.0.0.1");
    const X509Ptr certificate = loadCertificate(files.certPath);
    const PKeyPtr key = loadKey(files.keyPath);
    ASSERT_TRUE(certificate);
    ASSERT_TRUE(key);
    EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1);
    EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);
    std::array<char, 64> group{};
    ASSERT_EQ(EVP_PKEY_get_group_name(key.get(), group.data(), group.size(), nullptr), 1);
    EXPECT_STREQ(group.data(), "prime256v1");
    EXPECT_EQ(X509_get_signature_nid(certificate.get()), NID_ecdsa_with_SHA256);
}

TEST_F(TlsCertificateTest, CertificateHasTheRequestedProfile) {
    const TlsCertificateFiles files = ensure("example.test");
    const X509Ptr certificate = loadCertificate(files.certPath);
    ASSERT_TRUE(certificate);
    X509* cert = certificate.get();

    EXPECT_EQ(X509_get_version(cert), X509_VERSION_3);
    EXPECT_EQ(commonName(cert), "example.test");
    EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)), 0);

    // X509_get_key_usage and friends also compute the extension flags.
    EXPECT_EQ(X509_get_key_usage(cert), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
    EXPECT_EQ(X509_get_extended_key_usage(cert), static_cast<uint32_t>(XKU_SSL_SERVER));
    const uint32_t flags = X509_get_extension_flags(cert);
    EXPECT_TRUE(flags & EXFLAG_BCONS);
    EXPECT_FALSE(flags & EXFLAG_CA);
    EXPECT_TRUE(flags & EXFLAG_SS);

    int days = 0;
    int seconds = 0;
    ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)),
              1);
    EXPECT_EQ(days, 825);
    EXPECT_EQ(seconds, 0);
    EXPECT_LE(X509_cmp_current_time(X509_get0_notBefore(cert)), 0);
    EXPECT_GT(X509_cmp_current_time(X509_get0_notAfter(cert)), 0);

    BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    ASSERT_TRUE(serial);
    EXPECT_FALSE(BN_is_negative(serial.get()));
    EXPECT_GE(BN_num_bits(serial.get()), 120); // random, not a counter
}

TEST_F(TlsCertificateTest, SerialsDifferBetweenCertificates) {
    const TlsCertificateFiles first = ensure("127.0.0.1");
    const X509Ptr a = loadCertificate(first.certPath);
    fs::remove_all(m_dir / "tls");
    const TlsCertificateFiles second = ensure("127.0.0.1");
    EXPECT_TRUE(second.created);
    EXPECT_NE(second.sha256Fingerprint, first.sha256Fingerprint);
    const X509Ptr b = loadCertificate(second.certPath);
    ASSERT_TRUE(a && b);
    EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a.get()), X509_get0_serialNumber(b.get())),
              0);
}

TEST_F(TlsCertificateTest, SubjectAltNamesForAnIpHost) {
    const TlsCertificateFiles files = ensure("127.0.0.1");
    const X509Ptr certificate = loadCertificate(files.certPath);
    ASSERT_TRUE(certificate);
    EXPECT_EQ(commonName(certificate.get()), "127.0.0.1");
    // The host and the built-in loopback entry are the same address, listed once.
    EXPECT_EQ(altNames(certificate.get()),
              (std::set<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1"}));
    EXPECT_EQ(X509_check_ip_asc(certificate.get(), "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(certificate.get(), "::1", 0), 1);
    EXPECT_NE(X509_check_ip_asc(certificate.get(), "10.0.0.1", 0), 1);
    EXPECT_EQ(verifyAsClient(certificate.get(), "127.0.0.1"), X509_V_OK);
}

TEST_F(TlsCertificateTest, SubjectAltNamesForADnsHost) {
    const TlsCertificateFiles files = ensure("example.test");
    const X509Ptr certificate = loadCertificate(files.certPath);
    ASSERT_TRUE(certificate);
    EXPECT_EQ(
        altNames(certificate.get()),
        (std::set<std::string>{"DNS:example.test", "DNS:localhost", "IP:127.0.0.1", "IP:::1"}));
    EXPECT_EQ(X509_check_host(certificate.get(), "example.test", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_host(certificate.get(), "localhost", 0, 0, nullptr), 1);
    EXPECT_NE(X509_check_host(certificate.get(), "other.test", 0, 0, nullptr), 1);
    EXPECT_EQ(verifyAsClient(certificate.get(), "example.test"), X509_V_OK);
    EXPECT_EQ(verifyAsClient(certificate.get(), "localhost"), X509_V_OK);
    EXPECT_EQ(verifyAsClient(certificate.get(), "::1"), X509_V_OK);
    EXPECT_EQ(verifyAsClient(certificate.get(), "other.test"), X509_V_ERR_HOSTNAME_MISMATCH);
}

TEST_F(TlsCertificateTest, IPv6HostInBracketsIsAnAddress) {
    const TlsCertificateFiles files = ensure("[2001:db8::1]");
    const X509Ptr certificate = loadCertificate(files.certPath);
    ASSERT_TRUE(certificate);
    EXPECT_EQ(X509_check_ip_asc(certificate.get(), "2001:db8::1", 0), 1);
}

TEST_F(TlsCertificateTest, WildcardBindAddressGetsOnlyLoopbackNames) {
    const TlsCertificateFiles files = ensure("0.0.0.0");
    const X509Ptr certificate = loadCertificate(files.certPath);
    ASSERT_TRUE(certificate);
    EXPECT_EQ(commonName(certificate.get()), "localhost");
    EXPECT_EQ(altNames(certificate.get()),
              (std::set<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1"}));
}

TEST_F(TlsCertificateTest, InvalidHostIsAnErrorAndWritesNothing) {
    const auto result = ensureSelfSignedCertificate(m_dir.string(), "bad host,DNS:evil");
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find("bad host"), std::string::npos);
    EXPECT_FALSE(fs::exists(m_dir / "tls" / "server.crt"));
    EXPECT_FALSE(fs::exists(m_dir / "tls" / "server.key"));
}

TEST_F(TlsCertificateTest, LoneFileIsReplacedByAFreshPair) {
    const TlsCertificateFiles first = ensure("127.0.0.1");
    fs::remove(first.certPath);
    const TlsCertificateFiles second = ensure("127.0.0.1");
    EXPECT_TRUE(second.created);
    EXPECT_NE(second.sha256Fingerprint, first.sha256Fingerprint);
    const X509Ptr certificate = loadCertificate(second.certPath);
    const PKeyPtr key = loadKey(second.keyPath);
    ASSERT_TRUE(certificate && key);
    EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1);
    EXPECT_EQ(modeOf(second.keyPath), 0600u);
}

TEST_F(TlsCertificateTest, MismatchedExistingPairIsAnErrorNotReplaced) {
    const TlsCertificateFiles files = ensure("127.0.0.1");
    const fs::path otherDir = m_dir / "other";
    const auto other = ensureSelfSignedCertificate(otherDir.string(), "127.0.0.1");
    ASSERT_TRUE(other.has_value());
    fs::copy_file(other->keyPath, files.keyPath, fs::copy_options::overwrite_existing);
    const std::string certPem = readText(files.certPath);

    const auto result = ensureSelfSignedCertificate(m_dir.string(), "127.0.0.1");
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find(files.keyPath), std::string::npos);
    EXPECT_EQ(readText(files.certPath), certPem);
}

TEST_F(TlsCertificateTest, GarbageCertificateIsAnError) {
    const fs::path garbage = m_dir / "garbage.crt";
    writeText(garbage, "this is not a certificate\n");
    const auto result = certificateFingerprint(garbage.string());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Internal);
    EXPECT_NE(result.error().message.find(garbage.string()), std::string::npos);
}

TEST_F(TlsCertificateTest, MissingCertificateIsAnError) {
    const fs::path missing = m_dir / "missing.crt";
    const auto result = certificateFingerprint(missing.string());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unavailable);
    EXPECT_NE(result.error().message.find(missing.string()), std::string::npos);
}

TEST_F(TlsCertificateTest, GarbageExistingCertificateIsAnError) {
    const TlsCertificateFiles files = ensure("127.0.0.1");
    writeText(files.certPath, "garbage");
    const auto result = ensureSelfSignedCertificate(m_dir.string(), "127.0.0.1");
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find(files.certPath), std::string::npos);
}

TEST_F(TlsCertificateTest, UnwritableDataDirIsAnError) {
    // A data dir below a regular file cannot be created, even by root (who ignores modes).
    const fs::path blocker = m_dir / "not-a-directory";
    std::ofstream(blocker) << "x";
    const fs::path impossible = blocker / "data";
    const auto result = ensureSelfSignedCertificate(impossible.string(), "127.0.0.1");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Unavailable);
    EXPECT_NE(result.error().message.find(impossible.string()), std::string::npos)
        << result.error().message;
}

} // namespace
} // namespace bilheteria
