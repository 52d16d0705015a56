// The first screen: server address, email and password; the TOTP code as a second step when
// the account asks for it; "Create an account" for buyers. Talks to the Session model only.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace bilheteria::client {

class Session;

class LoginPage : public QWidget {
    Q_OBJECT
public:
    explicit LoginPage(Session* session, QWidget* parent = nullptr);
    // Back to the first step with the password cleared (after sign-out or a kiosk reset).
    void reset();
    // The language shown as chosen ("", "en", "pt_BR"; "": the system's).
    void setLanguage(const QString& code);

Q_SIGNALS:
    // The person picked a language ("" for the system's).
    void languageChosen(const QString& code);

protected:
    void changeEvent(QEvent* event) override;

private:
    void submit();
    void showTotpStep();
    void setRegisterMode(bool on);
    void setBusy(bool busy);
    void showError(const QString& message);
    void retranslate();

    Session* m_session;
    bool m_registerMode = false;
    QLabel* m_title;
    QLabel* m_intro;
    QLineEdit* m_server;
    QLineEdit* m_name;
    QLabel* m_nameLabel;
    QLineEdit* m_email;
    QLineEdit* m_password;
    QLineEdit* m_totp;
    QLabel* m_totpLabel;
    QLabel* m_serverLabel;
    QLabel* m_emailLabel;
    QLabel* m_passwordLabel;
    QLabel* m_error;
    QPushButton* m_submit;
    QPushButton* m_switchMode;
    QComboBox* m_language;
    QLabel* m_languageLabel;
};

} // namespace bilheteria::client
