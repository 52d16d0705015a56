// Self-signed certificate generation and reuse for the HTTPS server, with OpenSSL 3's
// non-deprecated APIs. Every OpenSSL object lives in a unique_ptr so early returns cannot leak.
#include "server/http/tlscertificate.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
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
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OpenSslDeleter<GENERAL_NAME_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES_free>>;
using Ia5StringPtr = std::unique_ptr<ASN1_IA5STRING, OpenSslDeleter<ASN1_IA5STRING_free>>;
using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OpenSslDeleter<ASN1_OCTET_STRING_free>>;

constexpr long kValidityDays = 825;    // the longest validity Apple platforms accept for TLS
constexpr long kBackdateSeconds = 300; // tolerate clients whose clocks run a little behind
constexpr std::size_t kMaxPemBytes = std::size_t{1024} * 1024;

// Drains OpenSSL's error queue into one line, so a message names the actual cause.
std::string openSslErrors() {
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        if (!text.empty()) text += "; ";
        text += buffer.data();
    }
    return text.empty() ? std::string("no OpenSSL error reported") : text;
}

// std::strerror may share a static buffer between threads; error_code's message does not.
std::string systemError(int error) {
    return std::error_code(error, std::generic_category()).message();
}

// Secrets read or written here are wiped before their buffers are released.
struct SecretString {
    std::string value;
    SecretString() = default;
    explicit SecretString(std::string text)
        : value(std::move(text)) {}
    SecretString(const SecretString&) = delete;
    SecretString& operator=(const SecretString&) = delete;
    SecretString(SecretString&&) = default;
    SecretString& operator=(SecretString&&) = default;
    ~SecretString() {
        if (!value.empty()) OPENSSL_cleanse(value.data(), value.size());
    }
};

class FileDescriptor {
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (m_fd >= 0) ::close(m_fd);
    }
    int get() const { return m_fd; }
    // Closes now so the caller sees close()'s error (delayed write errors show up there).
    int close() { return ::close(std::exchange(m_fd, -1)); }

private:
    int m_fd;
};

Result<SecretString> readFile(const std::string& path, std::string_view what) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return fail(Error::unavailable("cannot open " + std::string(what) + " " + path + ": " +
                                       systemError(errno)));
    SecretString contents;
    std::array<char, 4096> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(Error::unavailable("cannot read " + std::string(what) + " " + path + ": " +
                                           systemError(errno)));
        }
        if (n == 0) break;
        contents.value.append(buffer.data(), static_cast<std::size_t>(n));
        if (contents.value.size() > kMaxPemBytes)
            return fail(
                Error::internal(std::string(what) + " " + path + " is too large to be a PEM file"));
    }
    OPENSSL_cleanse(buffer.data(), buffer.size());
    return contents;
}

Result<BioPtr> memoryBio(const SecretString& contents) {
    BioPtr bio(BIO_new_mem_buf(contents.value.data(), static_cast<int>(contents.value.size())));
    if (!bio) return fail(Error::internal("BIO_new_mem_buf failed: " + openSslErrors()));
    return bio;
}

Result<X509Ptr> loadCertificate(const std::string& path) {
    BILHETERIA_TRY(contents, readFile(path, "TLS certificate"));
    BILHETERIA_TRY(bio, memoryBio(contents));
    X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!certificate)
        return fail(Error::internal("TLS certificate " + path +
                                    " is not a PEM certificate: " + openSslErrors()));
    return certificate;
}

Result<PKeyPtr> loadPrivateKey(const std::string& path) {
    BILHETERIA_TRY(contents, readFile(path, "TLS key"));
    BILHETERIA_TRY(bio, memoryBio(contents));
    // Without a callback OpenSSL would prompt on the terminal for an encrypted key.
    const auto refusePassphrase = [](char*, int, int, void*) -> int { return -1; };
    PKeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!key)
        return fail(Error::internal("TLS key " + path +
                                    " is not an unencrypted PEM private key: " + openSslErrors()));
    return key;
}

Result<std::string> fingerprintOf(X509* certificate) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest.data(), &length) != 1)
        return fail(Error::internal("X509_digest failed: " + openSslErrors()));
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        if (i > 0) text += ':';
        text += kHex[digest[i] >> 4];
        text += kHex[digest[i] & 0x0f];
    }
    return text;
}

bool isWildcardAddress(std::string_view host) {
    return host.empty() || host == "0.0.0.0" || host == "::" || host == "*";
}

// A host name as it may appear in a DNS subjectAltName; anything else is a configuration
// mistake better reported than baked into a certificate.
bool isValidDnsName(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
    });
}

struct AltName {
    int type;          // GEN_DNS or GEN_IPADD
    std::string value; // lower-case name, or the address's raw bytes
};

Result<GeneralNamesPtr> buildAltNames(const std::vector<AltName>& entries) {
    GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names) return fail(Error::internal("sk_GENERAL_NAME_new_null failed"));
    for (const AltName& entry : entries) {
        GeneralNamePtr name(GENERAL_NAME_new());
        if (!name) return fail(Error::internal("GENERAL_NAME_new failed: " + openSslErrors()));
        if (entry.type == GEN_DNS) {
            Ia5StringPtr text(ASN1_IA5STRING_new());
            if (!text || ASN1_STRING_set(text.get(), entry.value.data(),
                                         static_cast<int>(entry.value.size())) != 1)
                return fail(Error::internal("ASN1_STRING_set failed: " + openSslErrors()));
            GENERAL_NAME_set0_value(name.get(), GEN_DNS, text.release());
        } else {
            OctetStringPtr address(ASN1_OCTET_STRING_new());
            if (!address ||
                ASN1_OCTET_STRING_set(address.get(),
                                      reinterpret_cast<const unsigned char*>(entry.value.data()),
                                      static_cast<int>(entry.value.size())) != 1)
                return fail(Error::internal("ASN1_OCTET_STRING_set failed: " + openSslErrors()));
            GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address.release());
        }
        if (sk_GENERAL_NAME_push(names.get(), name.get()) == 0)
            return fail(Error::internal("sk_GENERAL_NAME_push failed"));
        name.release(); // the stack owns it now
    }
    return names;
}

// The host as the server was told to listen on, then the loopback names every local client
// may use; duplicates (the host being "localhost", say) appear once.
Result<std::vector<AltName>> altNamesFor(std::string_view host) {
    std::vector<AltName> entries;
    const auto add = [&entries](int type, std::string value) {
        const bool seen = std::any_of(entries.begin(), entries.end(), [&](const AltName& e) {
            return e.type == type && e.value == value;
        });
        if (!seen) entries.push_back({type, std::move(value)});
    };
    const auto ipBytes = [](const std::string& text) -> std::optional<std::string> {
        OctetStringPtr address(a2i_IPADDRESS(text.c_str()));
        if (!address) return std::nullopt;
        return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(address.get())),
                           static_cast<std::size_t>(ASN1_STRING_length(address.get())));
    };

    if (!isWildcardAddress(host)) {
        if (auto address = ipBytes(std::string(host))) {
            add(GEN_IPADD, std::move(*address));
        } else {
            ERR_clear_error(); // a2i_IPADDRESS failing just means "not an address"
            if (!isValidDnsName(host))
                return fail(Error::invalidField(
                    "host", "cannot put host \"" + std::string(host) +
                                "\" in a TLS certificate: not an IP address or DNS name"));
            std::string name(host);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            add(GEN_DNS, std::move(name));
        }
    }
    add(GEN_DNS, "localhost");
    add(GEN_IPADD, *ipBytes("127.0.0.1"));
    add(GEN_IPADD, *ipBytes("::1"));
    return entries;
}

Result<void> addExtension(X509* certificate, X509V3_CTX* context, int nid, const char* value) {
    ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, context, nid, value));
    if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
        return fail(Error::internal(std::string("cannot add certificate extension ") +
                                    OBJ_nid2sn(nid) + ": " + openSslErrors()));
    return {};
}

Result<std::pair<X509Ptr, PKeyPtr>> generateCertificate(std::string_view host) {
    // Accept the bracketed IPv6 form a URL would use ("[::1]").
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    BILHETERIA_TRY(altNames, altNamesFor(host));

    PKeyPtr key(EVP_EC_gen("P-256"));
    if (!key) return fail(Error::internal("cannot generate a P-256 key: " + openSslErrors()));

    X509Ptr certificate(X509_new());
    if (!certificate) return fail(Error::internal("X509_new failed: " + openSslErrors()));
    X509* cert = certificate.get();
    if (X509_set_version(cert, X509_VERSION_3) != 1)
        return fail(Error::internal("X509_set_version failed: " + openSslErrors()));

    // 128 random bits, top bit clear so the DER integer stays positive without padding and
    // second bit set so it is never zero.
    std::array<unsigned char, 16> serialBytes{};
    if (RAND_bytes(serialBytes.data(), static_cast<int>(serialBytes.size())) != 1)
        return fail(Error::internal("RAND_bytes failed: " + openSslErrors()));
    serialBytes[0] = static_cast<unsigned char>((serialBytes[0] & 0x7f) | 0x40);
    BignumPtr serial(BN_bin2bn(serialBytes.data(), static_cast<int>(serialBytes.size()), nullptr));
    if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) == nullptr)
        return fail(Error::internal("cannot set the certificate serial: " + openSslErrors()));

    // notAfter counts from the backdated notBefore, so the whole span stays within 825 days.
    if (X509_gmtime_adj(X509_getm_notBefore(cert), -kBackdateSeconds) == nullptr ||
        X509_time_adj_ex(X509_getm_notAfter(cert), static_cast<int>(kValidityDays),
                         -kBackdateSeconds, nullptr) == nullptr)
        return fail(Error::internal("cannot set the certificate validity: " + openSslErrors()));

    // CN is limited to 64 characters and ignored by clients that read the SAN; a wildcard
    // bind address is no name at all.
    const std::string commonName =
        isWildcardAddress(host) || host.size() > 64 ? std::string("localhost") : std::string(host);
    X509_NAME* name = X509_get_subject_name(cert);
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                                   -1, 0) != 1 ||
        X509_set_issuer_name(cert, name) != 1)
        return fail(Error::internal("cannot set the certificate name: " + openSslErrors()));
    if (X509_set_pubkey(cert, key.get()) != 1)
        return fail(Error::internal("X509_set_pubkey failed: " + openSslErrors()));

    X509V3_CTX context;
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    BILHETERIA_CHECK(addExtension(cert, &context, NID_basic_constraints, "critical,CA:FALSE"));
    BILHETERIA_CHECK(addExtension(cert, &context, NID_key_usage, "critical,digitalSignature"));
    BILHETERIA_CHECK(addExtension(cert, &context, NID_ext_key_usage, "serverAuth"));
    BILHETERIA_CHECK(addExtension(cert, &context, NID_subject_key_identifier, "hash"));
    // Built as GENERAL_NAMEs rather than a config string, so no host text is ever parsed as
    // OpenSSL configuration syntax.
    BILHETERIA_TRY(names, buildAltNames(altNames));
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return fail(Error::internal("cannot add subjectAltName: " + openSslErrors()));

    if (X509_sign(cert, key.get(), EVP_sha256()) <= 0)
        return fail(Error::internal("cannot sign the certificate: " + openSslErrors()));
    return std::pair{std::move(certificate), std::move(key)};
}

Result<SecretString> bioContents(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length <= 0 || data == nullptr)
        return fail(Error::internal("PEM encoding produced no output: " + openSslErrors()));
    return SecretString(std::string(data, static_cast<std::size_t>(length)));
}

Result<SecretString> privateKeyPem(EVP_PKEY* key) {
    // BIO_s_secmem wipes its buffer on free, which a plain memory BIO does not.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(Error::internal("cannot encode the TLS key: " + openSslErrors()));
    return bioContents(bio.get());
}

Result<SecretString> certificatePem(X509* certificate) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return fail(Error::internal("cannot encode the TLS certificate: " + openSslErrors()));
    return bioContents(bio.get());
}

// Writes to a private temporary file created with the final mode (so a key is never
// readable by others, not even for a moment), flushed to disk before the caller renames it.
Result<void> writeFile(const std::string& path, const SecretString& contents, mode_t mode) {
    ::unlink(path.c_str()); // a leftover from an interrupted run
    FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    const auto failure = [&path](std::string_view action) {
        const int error = errno;
        ::unlink(path.c_str());
        return fail(Error::unavailable("cannot " + std::string(action) + " " + path + ": " +
                                       systemError(error)));
    };
    if (fd.get() < 0)
        return fail(Error::unavailable("cannot create " + path + ": " + systemError(errno)));
    // open() applies the umask, which can only remove bits; fchmod makes the mode exact.
    if (::fchmod(fd.get(), mode) != 0) return failure("chmod");
    std::string_view rest = contents.value;
    while (!rest.empty()) {
        const ssize_t n = ::write(fd.get(), rest.data(), rest.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return failure("write");
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fsync(fd.get()) != 0) return failure("sync");
    if (fd.close() != 0) return failure("close");
    return {};
}

Result<void> renameFile(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        const int error = errno;
        ::unlink(from.c_str());
        return fail(
            Error::unavailable("cannot rename " + from + " to " + to + ": " + systemError(error)));
    }
    return {};
}

Result<TlsCertificateFiles> reuseExisting(TlsCertificateFiles files) {
    BILHETERIA_TRY(certificate, loadCertificate(files.certPath));
    BILHETERIA_TRY(key, loadPrivateKey(files.keyPath));
    // Refuse a mismatched pair rather than replace it: the files may be the operator's own.
    if (X509_check_private_key(certificate.get(), key.get()) != 1)
        return fail(Error::internal("TLS key " + files.keyPath + " does not belong to " +
                                    files.certPath + ": " + openSslErrors()));
    BILHETERIA_TRY(fingerprint, fingerprintOf(certificate.get()));
    files.sha256Fingerprint = std::move(fingerprint);
    files.created = false;
    return files;
}

} // namespace

Result<TlsCertificateFiles> ensureSelfSignedCertificate(const std::string& dataDir,
                                                        const std::string& host) {
    ERR_clear_error();
    const fs::path directory = fs::path(dataDir) / "tls";
    TlsCertificateFiles files;
    files.certPath = (directory / "server.crt").string();
    files.keyPath = (directory / "server.key").string();

    std::error_code error;
    const bool haveCert = fs::exists(files.certPath, error);
    if (error)
        return fail(Error::unavailable("cannot check " + files.certPath + ": " + error.message()));
    const bool haveKey = fs::exists(files.keyPath, error);
    if (error)
        return fail(Error::unavailable("cannot check " + files.keyPath + ": " + error.message()));
    if (haveCert && haveKey) return reuseExisting(std::move(files));

    // Generate before touching the disk, so a bad host leaves nothing behind.
    BILHETERIA_TRY(generated, generateCertificate(host));
    auto& [certificate, key] = generated;
    BILHETERIA_TRY(fingerprint, fingerprintOf(certificate.get()));
    BILHETERIA_TRY(keyPem, privateKeyPem(key.get()));
    BILHETERIA_TRY(certPem, certificatePem(certificate.get()));

    fs::create_directories(directory, error);
    if (error)
        return fail(
            Error::unavailable("cannot create " + directory.string() + ": " + error.message()));
    fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, error);
    if (error)
        return fail(Error::unavailable("cannot restrict " + directory.string() +
                                       " to mode 0700: " + error.message()));

    // Both files are complete on disk before either name changes, and a lone leftover file
    // (useless without its partner) goes first: an interrupted run then leaves at most one of
    // the two, which the next start regenerates, never a certificate with a foreign key.
    const std::string suffix = ".tmp." + std::to_string(::getpid());
    const std::string keyTemp = files.keyPath + suffix;
    const std::string certTemp = files.certPath + suffix;
    BILHETERIA_CHECK(writeFile(keyTemp, keyPem, 0600));
    if (auto written = writeFile(certTemp, certPem, 0644); !written) {
        ::unlink(keyTemp.c_str());
        return fail(std::move(written).error());
    }
    for (const std::string& stale : {files.certPath, files.keyPath}) {
        if (::unlink(stale.c_str()) != 0 && errno != ENOENT) {
            const int unlinkError = errno;
            ::unlink(keyTemp.c_str());
            ::unlink(certTemp.c_str());
            return fail(
                Error::unavailable("cannot replace " + stale + ": " + systemError(unlinkError)));
        }
    }
    if (auto renamed = renameFile(keyTemp, files.keyPath); !renamed) {
        ::unlink(certTemp.c_str());
        return fail(std::move(renamed).error());
    }
    BILHETERIA_CHECK(renameFile(certTemp, files.certPath));
    // Make the renames themselves durable.
    if (FileDescriptor dirFd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        dirFd.get() >= 0)
        ::fsync(dirFd.get());

    files.sha256Fingerprint = std::move(fingerprint);
    files.created = true;
    return files;
}

Result<std::string> certificateFingerprint(const std::string& certPath) {
    ERR_clear_error();
    BILHETERIA_TRY(certificate, loadCertificate(certPath));
    return fingerprintOf(certificate.get());
}

} // namespace bilheteria
