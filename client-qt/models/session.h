// Who is signed in to which server: the sign-in steps (password, then a TOTP code when the
// account asks for one), the server's certificate (confirmed once by its fingerprint, then
// pinned), registration, sign-out. Remembers the server address, the last email and pinned
// certificates in QSettings; never the password or the token.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QSettings>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <functional>
#include <optional>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;
struct ApiError;
struct ProofOfWorkAnswer;

class Session : public QObject {
    Q_OBJECT
public:
    enum class State { SignedOut, Busy, NeedsTotp, SignedIn };
    Q_ENUM(State)

    // `settings` outlives the session; `caFile` (optional) is a PEM file of CAs to trust.
    Session(ApiClient* api, QSettings* settings, QObject* parent = nullptr);

    ApiClient* api() const { return m_api; }
    State state() const { return m_state; }
    bool isSignedIn() const { return m_state == State::SignedIn; }
    const User& user() const { return m_user; }
    Role role() const { return m_user.role; }
    bool isCounterStaff() const { return m_user.role == Role::Clerk || m_user.role == Role::Admin; }
    bool canOrganize() const {
        return m_user.role == Role::Organizer || m_user.role == Role::Admin;
    }
    // When this sign-in succeeded (local clock): where a clerk's shift starts by default.
    QDateTime signedInAt() const { return m_signedInAt; }

    // The server address, as typed ("host:port" or a URL; https:// is added); remembered.
    QString serverAddress() const;
    QString rememberedEmail() const;
    // False (with errorOccurred) when the address is not an https URL one can use.
    bool setServerAddress(const QString& address);
    void addCaFile(const QString& path);

    void signIn(const QString& email, const QString& password, const QString& totpCode = QString());
    void registerAccount(const QString& email, const QString& password, const QString& name);
    void signOut();

    // The certificate the server presented when the last call failed its TLS check.
    const QSslCertificate& pendingCertificate() const { return m_pendingCertificate; }
    // Pins the pending certificate for this server (remembered) and repeats the step that met
    // it.
    void trustPendingCertificate();
    void rejectPendingCertificate();

Q_SIGNALS:
    void stateChanged(bilheteria::client::Session::State state);
    void signedIn();
    void signedOut();
    void registered(const QString& email);
    void totpRequired();
    // A message for the person: wrong password, server unreachable, ...
    void errorOccurred(const QString& message);
    // The server's certificate is not trusted yet (or changed since it was pinned): show the
    // fingerprint and ask. `changed`: a different certificate than the one pinned before.
    void certificateNeedsConfirmation(const QString& fingerprint, const QString& subject,
                                      bool changed);

private:
    void setState(State state);
    void handleFailure(const ApiError& error);
    void loadPin();
    QString pinKey() const;
    void doRegister(const std::optional<ProofOfWorkAnswer>& proof);

    ApiClient* m_api;
    QSettings* m_settings;
    State m_state = State::SignedOut;
    User m_user;
    QDateTime m_signedInAt;
    QSslCertificate m_pendingCertificate;
    // The step to repeat once the certificate is confirmed.
    std::function<void()> m_retry;
    QString m_pendingEmail;
    QString m_pendingPassword;
    QString m_pendingName;
};

} // namespace bilheteria::client
