#include "client-term/net/servertrust.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace bilheteria::term {

namespace {

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Ctx = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;

std::string fingerprintOf(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1) return {};
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        if (i) out += ':';
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xf];
    }
    return out;
}

std::string pemOf(X509* certificate) {
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string commonName(X509* certificate) {
    char name[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, name,
                              sizeof name);
    return name;
}

} // namespace

Result<ServerCertificate> fetchServerCertificate(const ServerAddress& address) {
    Ctx ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) return fail(Error::internal("cannot create a TLS context"));
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    // Not verified on purpose: this handshake only reads the certificate to show it.
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    Bio bio(BIO_new_ssl_connect(ctx.get()));
    const std::string target = address.host + ":" + std::to_string(address.port);
    BIO_set_conn_hostname(bio.get(), target.c_str());
    SSL* ssl = nullptr;
    BIO_get_ssl(bio.get(), &ssl);
    SSL_set_tlsext_host_name(ssl, address.host.c_str());
    if (BIO_do_connect(bio.get()) <= 0 || BIO_do_handshake(bio.get()) <= 0)
        return fail(Error::unavailable("cannot reach " + target + " over TLS"));
    Certificate certificate(SSL_get1_peer_certificate(ssl));
    if (!certificate) return fail(Error::unavailable(target + " presented no certificate"));
    return ServerCertificate{pemOf(certificate.get()), fingerprintOf(certificate.get()),
                             commonName(certificate.get())};
}

std::string fingerprintOfPem(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Certificate certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    return certificate ? fingerprintOf(certificate.get()) : std::string{};
}

PinStore::PinStore(std::filesystem::path folder)
    : m_folder(std::move(folder)) {}

std::filesystem::path PinStore::defaultFolder() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
        return std::filesystem::path(config) / "bilheteria" / "pins";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".config" / "bilheteria" / "pins";
}

std::filesystem::path PinStore::fileFor(const ServerAddress& address) const {
    std::string name = address.host + "_" + std::to_string(address.port) + ".pem";
    for (char& c : name)
        if (c == '/' || c == '\\' || c == ':') c = '_';
    return m_folder / name;
}

std::optional<std::string> PinStore::pinned(const ServerAddress& address) const {
    std::ifstream file(fileFor(address));
    if (!file) return std::nullopt;
    std::string pem{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (fingerprintOfPem(pem).empty()) return std::nullopt;
    return pem;
}

Result<void> PinStore::pin(const ServerAddress& address, const std::string& pem) {
    std::error_code error;
    std::filesystem::create_directories(m_folder, error);
    if (error) return fail(Error::internal("cannot create " + m_folder.string()));
    const auto path = fileFor(address);
    const auto temporary = path.string() + ".new";
    {
        std::ofstream file(temporary, std::ios::trunc);
        file << pem;
        if (!file) return fail(Error::internal("cannot write " + temporary));
    }
    std::filesystem::rename(temporary, path, error); // whole or not at all
    if (error) return fail(Error::internal("cannot write " + path.string()));
    return {};
}

void PinStore::forget(const ServerAddress& address) {
    std::error_code ignored;
    std::filesystem::remove(fileFor(address), ignored);
}

} // namespace bilheteria::term
