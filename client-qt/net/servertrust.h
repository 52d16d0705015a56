// Which server certificates the client trusts: the system's CAs, a CA file the venue hands
// out, or one certificate the person confirmed by its SHA-256 fingerprint (pinned). Nothing is
// ever trusted silently: a certificate outside these makes the call fail with ApiError::Tls,
// carrying the certificate so the app can show its fingerprint and ask.
#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

namespace bilheteria::client {

class ServerTrust {
public:
    // Adds the certificates of a PEM file as CAs; false when the file holds none.
    bool addCaFile(const QString& path);
    void addCaCertificates(const QList<QSslCertificate>& certificates);
    // Trusts exactly this certificate for this server, whatever signed it and whichever name it
    // carries (the person compared its fingerprint with the one the server printed).
    void pin(const QSslCertificate& certificate);
    void clearPin();
    const QSslCertificate& pinned() const { return m_pinned; }

    QSslConfiguration configuration() const;
    // Whether a handshake that failed with `errors` may go on: only for the pinned
    // certificate itself.
    bool acceptsDespite(const QList<QSslError>& errors) const;

    // "AB:CD:..." upper-case hex pairs, as the server and `openssl x509 -fingerprint -sha256`
    // print them.
    static QString fingerprint(const QSslCertificate& certificate);

private:
    QList<QSslCertificate> m_caCertificates;
    QSslCertificate m_pinned;
};

} // namespace bilheteria::client
