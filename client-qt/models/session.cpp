#include "client-qt/models/session.h"

#include "client-qt/net/apiclient.h"
#include "client-qt/net/proofofworksolver.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

namespace {
const auto kServerKey = QStringLiteral("session/server");
const auto kEmailKey = QStringLiteral("session/email");
} // namespace

Session::Session(ApiClient* api, QSettings* settings, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_settings(settings) {
    const QString remembered = serverAddress();
    if (!remembered.isEmpty()) {
        m_api->setBaseUrl(QUrl(remembered));
        loadPin();
    }
    connect(m_api, &ApiClient::sessionExpired, this, [this] {
        if (m_state != State::SignedIn) return;
        m_api->setToken(QString());
        m_user = User{};
        setState(State::SignedOut);
        Q_EMIT errorOccurred(tr("Your session has ended. Please sign in again."));
        Q_EMIT signedOut();
    });
}

QString Session::serverAddress() const {
    return m_settings->value(kServerKey).toString();
}

QString Session::rememberedEmail() const {
    return m_settings->value(kEmailKey).toString();
}

bool Session::setServerAddress(const QString& address) {
    QString text = address.trimmed();
    if (!text.contains(QStringLiteral("://"))) text.prepend(QStringLiteral("https://"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QStringLiteral("https") || url.host().isEmpty()) {
        Q_EMIT errorOccurred(tr("The server address must look like https://host:port."));
        return false;
    }
    const QString normalized = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery |
                                            QUrl::RemoveFragment | QUrl::StripTrailingSlash)
                                   .toString();
    m_settings->setValue(kServerKey, normalized);
    m_api->setBaseUrl(QUrl(normalized));
    loadPin();
    return true;
}

void Session::addCaFile(const QString& path) {
    ServerTrust trust = m_api->trust();
    if (!trust.addCaFile(path))
        Q_EMIT errorOccurred(tr("No certificate could be read from %1.").arg(path));
    m_api->setTrust(trust);
}

QString Session::pinKey() const {
    const QUrl url = m_api->baseUrl();
    return QStringLiteral("trust/%1_%2/certificate").arg(url.host()).arg(url.port(443));
}

void Session::loadPin() {
    ServerTrust trust = m_api->trust();
    trust.clearPin();
    const QByteArray pem = m_settings->value(pinKey()).toByteArray();
    if (!pem.isEmpty()) {
        const auto certificates = QSslCertificate::fromData(pem, QSsl::Pem);
        if (!certificates.isEmpty()) trust.pin(certificates.first());
    }
    m_api->setTrust(trust);
}

void Session::setState(State state) {
    if (m_state == state) return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Session::handleFailure(const ApiError& error) {
    if (error.kind == ApiError::Kind::Tls && !error.certificate.isNull()) {
        m_pendingCertificate = error.certificate;
        setState(State::SignedOut);
        const bool changed =
            !m_api->trust().pinned().isNull() && m_api->trust().pinned() != error.certificate;
        const QString subject =
            error.certificate.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "));
        Q_EMIT certificateNeedsConfirmation(ServerTrust::fingerprint(error.certificate), subject,
                                            changed);
        return;
    }
    if (error.is(ErrorCode::TotpRequired) || error.is(ErrorCode::TotpInvalid)) {
        setState(State::NeedsTotp);
        Q_EMIT totpRequired();
        if (error.is(ErrorCode::TotpInvalid)) Q_EMIT errorOccurred(error.message());
        return;
    }
    m_retry = nullptr; // holds the password: nothing left to repeat
    setState(State::SignedOut);
    Q_EMIT errorOccurred(error.message());
}

void Session::signIn(const QString& email, const QString& password, const QString& totpCode) {
    if (m_api->baseUrl().isEmpty()) {
        Q_EMIT errorOccurred(tr("Enter the server address first."));
        return;
    }
    const bool wasTotp = m_state == State::NeedsTotp;
    setState(State::Busy);
    LoginRequest request{toStdString(email.trimmed()), toStdString(password), std::nullopt};
    if (!totpCode.trimmed().isEmpty()) request.totpCode = toStdString(totpCode.trimmed());
    m_retry = [this, email, password, totpCode] { signIn(email, password, totpCode); };
    m_api->login(request, this, [this, email, wasTotp](ApiResult<LoginSession> result) {
        if (!result) {
            // A wrong code keeps the person on the code step.
            if (wasTotp && result.error().is(ErrorCode::TotpInvalid)) {
                setState(State::NeedsTotp);
                Q_EMIT errorOccurred(result.error().message());
                return;
            }
            handleFailure(result.error());
            return;
        }
        m_retry = nullptr;
        m_api->setToken(result->token);
        m_user = result->user;
        m_signedInAt = QDateTime::currentDateTime();
        m_settings->setValue(kEmailKey, email.trimmed());
        setState(State::SignedIn);
        Q_EMIT signedIn();
    });
}

void Session::registerAccount(const QString& email, const QString& password, const QString& name) {
    m_pendingEmail = email.trimmed();
    m_pendingPassword = password;
    m_pendingName = name.trimmed();
    setState(State::Busy);
    doRegister(std::nullopt);
}

void Session::doRegister(const std::optional<ProofOfWorkAnswer>& proof) {
    m_retry = [this, proof] { doRegister(proof); };
    const RegisterRequest request{toStdString(m_pendingEmail), toStdString(m_pendingPassword),
                                  toStdString(m_pendingName)};
    m_api->registerAccount(request, proof, this, [this, proof](ApiResult<User> result) {
        if (!result && !proof && result.error().is(ErrorCode::ChallengeRequired)) {
            // The server wants proof of work: solve it quietly and send again.
            m_api->challenge(QStringLiteral("register"), std::nullopt, this,
                             [this](ApiResult<Challenge> challenge) {
                                 if (!challenge) return handleFailure(challenge.error());
                                 const QString text = challenge->challenge;
                                 ProofOfWorkSolver::solve(
                                     text, challenge->bits, this, [this, text](QString solution) {
                                         doRegister(ProofOfWorkAnswer{text, solution});
                                     });
                             });
            return;
        }
        if (!result) return handleFailure(result.error());
        m_retry = nullptr;
        const QString email = m_pendingEmail;
        const QString password = m_pendingPassword;
        m_pendingPassword.clear();
        setState(State::SignedOut);
        Q_EMIT registered(email);
        signIn(email, password);
    });
}

void Session::signOut() {
    if (m_state != State::SignedIn) return;
    m_api->logout(this, [](ApiResult<void>) {});
    m_api->setToken(QString());
    m_user = User{};
    setState(State::SignedOut);
    Q_EMIT signedOut();
}

void Session::trustPendingCertificate() {
    if (m_pendingCertificate.isNull()) return;
    ServerTrust trust = m_api->trust();
    trust.pin(m_pendingCertificate);
    m_api->setTrust(trust);
    m_settings->setValue(pinKey(), m_pendingCertificate.toPem());
    m_pendingCertificate = QSslCertificate();
    if (auto retry = std::move(m_retry)) retry();
}

void Session::rejectPendingCertificate() {
    m_pendingCertificate = QSslCertificate();
    m_retry = nullptr;
    m_pendingPassword.clear();
    setState(State::SignedOut);
}

} // namespace bilheteria::client
