#include "client-qt/net/servertrust.h"

namespace bilheteria::client {

bool ServerTrust::addCaFile(const QString& path) {
    const auto certificates = QSslCertificate::fromPath(path, QSsl::Pem);
    if (certificates.isEmpty()) return false;
    addCaCertificates(certificates);
    return true;
}

void ServerTrust::addCaCertificates(const QList<QSslCertificate>& certificates) {
    m_caCertificates.append(certificates);
}

void ServerTrust::pin(const QSslCertificate& certificate) {
    m_pinned = certificate;
}

void ServerTrust::clearPin() {
    m_pinned = QSslCertificate();
}

QSslConfiguration ServerTrust::configuration() const {
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (!m_caCertificates.isEmpty()) configuration.addCaCertificates(m_caCertificates);
    if (!m_pinned.isNull()) configuration.addCaCertificate(m_pinned);
    return configuration;
}

bool ServerTrust::acceptsDespite(const QList<QSslError>& errors) const {
    if (m_pinned.isNull() || errors.isEmpty()) return false;
    for (const QSslError& error : errors) {
        // Every complaint must be about the pinned certificate itself, and only of the kinds a
        // self-signed certificate on a venue's own host raises.
        if (error.certificate() != m_pinned) return false;
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::HostNameMismatch:
            break;
        default:
            return false; // expired, revoked, not yet valid...: never overridden
        }
    }
    return true;
}

QString ServerTrust::fingerprint(const QSslCertificate& certificate) {
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace bilheteria::client
