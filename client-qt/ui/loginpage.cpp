#include "client-qt/ui/loginpage.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "client-qt/models/session.h"

namespace bilheteria::client {

LoginPage::LoginPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session) {
    setObjectName(QStringLiteral("loginPage"));
    auto* card = new QWidget(this);
    card->setObjectName(QStringLiteral("loginCard"));
    card->setMaximumWidth(460);

    m_title = new QLabel(card);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_intro = new QLabel(card);
    m_intro->setWordWrap(true);

    m_server = new QLineEdit(m_session->serverAddress(), card);
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_server->setPlaceholderText(QStringLiteral("https://bilheteria.example:8443"));
    m_name = new QLineEdit(card);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_email = new QLineEdit(m_session->rememberedEmail(), card);
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setInputMethodHints(Qt::ImhEmailCharactersOnly | Qt::ImhNoAutoUppercase);
    m_password = new QLineEdit(card);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_totp = new QLineEdit(card);
    m_totp->setObjectName(QStringLiteral("totpEdit"));
    m_totp->setInputMask(QStringLiteral("999999;_"));
    m_totp->setInputMethodHints(Qt::ImhDigitsOnly);

    m_serverLabel = new QLabel(card);
    m_nameLabel = new QLabel(card);
    m_emailLabel = new QLabel(card);
    m_passwordLabel = new QLabel(card);
    m_totpLabel = new QLabel(card);
    m_serverLabel->setBuddy(m_server);
    m_nameLabel->setBuddy(m_name);
    m_emailLabel->setBuddy(m_email);
    m_passwordLabel->setBuddy(m_password);
    m_totpLabel->setBuddy(m_totp);

    m_error = new QLabel(card);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Error"));
    m_error->hide();

    m_submit = new QPushButton(card);
    m_submit->setObjectName(QStringLiteral("signInButton"));
    m_submit->setDefault(true);
    m_submit->setAutoDefault(true);
    m_switchMode = new QPushButton(card);
    m_switchMode->setObjectName(QStringLiteral("switchModeButton"));
    m_switchMode->setFlat(true);

    // Language names in their own language, so anyone can find theirs.
    m_language = new QComboBox(card);
    m_language->setObjectName(QStringLiteral("languageBox"));
    m_language->addItem(QString(), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Português (Brasil)"), QStringLiteral("pt_BR"));
    m_languageLabel = new QLabel(card);
    m_languageLabel->setBuddy(m_language);

    auto* form = new QFormLayout;
    form->addRow(m_serverLabel, m_server);
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_emailLabel, m_email);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(m_totpLabel, m_totp);
    form->addRow(m_languageLabel, m_language);

    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->addWidget(m_title);
    cardLayout->addWidget(m_intro);
    cardLayout->addLayout(form);
    cardLayout->addWidget(m_error);
    cardLayout->addWidget(m_submit);
    cardLayout->addWidget(m_switchMode, 0, Qt::AlignHCenter);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 2);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    for (QLineEdit* edit : {m_server, m_name, m_email, m_password, m_totp})
        connect(edit, &QLineEdit::returnPressed, this, &LoginPage::submit);
    connect(m_submit, &QPushButton::clicked, this, &LoginPage::submit);
    connect(m_language, &QComboBox::activated, this,
            [this](int index) { Q_EMIT languageChosen(m_language->itemData(index).toString()); });
    connect(m_switchMode, &QPushButton::clicked, this,
            [this] { setRegisterMode(!m_registerMode); });
    connect(m_session, &Session::totpRequired, this, &LoginPage::showTotpStep);
    connect(m_session, &Session::errorOccurred, this, &LoginPage::showError);
    connect(m_session, &Session::stateChanged, this,
            [this](Session::State state) { setBusy(state == Session::State::Busy); });
    connect(m_session, &Session::signedIn, this, [this] {
        m_password->clear();
        m_totp->clear();
        m_error->hide();
    });

    retranslate();
    reset();
}

void LoginPage::reset() {
    setRegisterMode(false);
    m_password->clear();
    m_totp->clear();
    m_totp->hide();
    m_totpLabel->hide();
    m_server->setText(m_session->serverAddress());
    m_email->setText(m_session->rememberedEmail());
    m_error->hide();
    setBusy(false);
    (m_server->text().isEmpty()  ? m_server
     : m_email->text().isEmpty() ? m_email
                                 : m_password)
        ->setFocus();
}

void LoginPage::setLanguage(const QString& code) {
    const int index = m_language->findData(code);
    m_language->setCurrentIndex(index < 0 ? 0 : index);
}

void LoginPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void LoginPage::retranslate() {
    m_title->setText(m_registerMode ? tr("Create your account") : tr("Sign in to Bilheteria"));
    m_intro->setText(m_registerMode
                         ? tr("Buy tickets for yourself. Box-office staff get their accounts "
                              "from the venue.")
                         : tr("Box office, organizers and buyers sign in here."));
    m_serverLabel->setText(tr("&Server"));
    m_nameLabel->setText(tr("&Name"));
    m_emailLabel->setText(tr("&Email"));
    m_passwordLabel->setText(tr("&Password"));
    m_totpLabel->setText(tr("Authenticator &code"));
    m_languageLabel->setText(tr("&Language"));
    m_language->setItemText(0, tr("System language"));
    m_submit->setText(m_registerMode ? tr("Create account") : tr("Sign in"));
    m_switchMode->setText(m_registerMode ? tr("I already have an account")
                                         : tr("Create an account"));
    m_password->setPlaceholderText(m_registerMode ? tr("8 characters or more") : QString());
    m_server->setAccessibleName(tr("Server address"));
    m_totp->setAccessibleName(tr("Six-digit authenticator code"));
}

void LoginPage::setRegisterMode(bool on) {
    m_registerMode = on;
    m_name->setVisible(on);
    m_nameLabel->setVisible(on);
    if (on) {
        m_totp->hide();
        m_totpLabel->hide();
    }
    m_error->hide();
    retranslate();
}

void LoginPage::showTotpStep() {
    m_totp->show();
    m_totpLabel->show();
    m_totp->clear();
    m_totp->setFocus();
    setBusy(false);
}

void LoginPage::setBusy(bool busy) {
    m_submit->setEnabled(!busy);
    if (busy)
        m_submit->setText(tr("Please wait…"));
    else
        retranslate();
}

void LoginPage::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
    setBusy(false);
}

void LoginPage::submit() {
    if (!m_submit->isEnabled()) return;
    m_error->hide();
    if (!m_session->setServerAddress(m_server->text())) {
        m_server->setFocus();
        return;
    }
    if (m_email->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your email and password."));
        (m_email->text().trimmed().isEmpty() ? m_email : m_password)->setFocus();
        return;
    }
    if (m_registerMode) {
        if (m_name->text().trimmed().isEmpty()) {
            showError(tr("Enter your name."));
            m_name->setFocus();
            return;
        }
        if (m_password->text().size() < 8) {
            showError(tr("The password needs at least 8 characters."));
            m_password->setFocus();
            return;
        }
        m_session->registerAccount(m_email->text(), m_password->text(), m_name->text());
        return;
    }
    m_session->signIn(m_email->text(), m_password->text(),
                      m_totp->isVisible() ? m_totp->text() : QString());
}

} // namespace bilheteria::client
