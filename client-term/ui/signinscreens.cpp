// Connecting, trusting the server's certificate on first use, and signing in.
#include <curses.h>

#include "client-term/models/translations.h"
#include "client-term/ui/form.h"
#include "client-term/ui/screens.h"
#include "client-term/ui/shell.h"

namespace bilheteria::term {

namespace {

class ConnectScreen : public Screen {
public:
    explicit ConnectScreen(Shell& shell)
        : m_shell(shell) {}

    std::string title() const override { return m_shell.tr("Connecting"); }
    std::vector<Hint> hints() const override { return {{"F5", m_shell.tr("Try again")}}; }

    void draw(Terminal& t, const Area& area) override {
        t.text(area.top + 1, area.left + 2,
               trArgs(m_shell.language(), "Connecting to %1 …",
                      {"https://" + m_shell.signIn().address().host + ":" +
                       std::to_string(m_shell.signIn().address().port)}));
    }

    void key(const Key& key) override {
        if (key.code == KEY_F(5)) m_tried = false;
    }

    void tick() override {
        if (m_tried) return;
        m_tried = true;
        auto health = m_shell.api().health();
        if (!health) {
            if (health.error().kind == ApiError::Kind::Tls && !m_shell.signIn().hasPin()) {
                auto certificate = m_shell.signIn().fetchCertificate();
                if (certificate) {
                    m_shell.replaceAll(trustScreen(m_shell, std::move(*certificate)));
                    return;
                }
                m_shell.say(certificate.error().message, Look::Bad);
                return;
            }
            if (health.error().kind == ApiError::Kind::Tls)
                m_shell.say(m_shell.tr("The server's certificate is not the one pinned for it: "
                                       "refusing to connect."),
                            Look::Bad);
            else
                m_shell.sayError(health.error());
            return;
        }
        if (!m_shell.api().token().empty()) {
            auto me = m_shell.api().me();
            if (me) {
                m_shell.setUser(*me);
                m_shell.replaceAll(eventListScreen(m_shell));
                return;
            }
        }
        m_shell.replaceAll(signInScreen(m_shell));
    }

private:
    Shell& m_shell;
    bool m_tried = false;
};

class TrustScreen : public Screen {
public:
    TrustScreen(Shell& shell, ServerCertificate certificate)
        : m_shell(shell)
        , m_certificate(std::move(certificate)) {}

    std::string title() const override { return m_shell.tr("Trust this server?"); }
    std::vector<Hint> hints() const override {
        return {{"y", m_shell.tr("Trust it")}, {"n", m_shell.tr("Refuse")}};
    }

    void draw(Terminal& t, const Area& area) override {
        int row = area.top + 1;
        const int left = area.left + 2;
        t.text(row++, left,
               trArgs(m_shell.language(), "This is the first time you connect to %1.",
                      {m_shell.signIn().address().host + ":" +
                       std::to_string(m_shell.signIn().address().port)}),
               Look::Strong);
        t.text(row++, left,
               m_shell.tr("Its certificate is not signed by an authority this machine trusts."));
        ++row;
        t.text(row++, left, m_shell.tr("Certificate"), Look::Dim);
        t.text(row++, left + 2, m_certificate.subject);
        t.text(row++, left, m_shell.tr("SHA-256 fingerprint"), Look::Dim);
        // Four groups of eight bytes a line: easy to compare with the server's log.
        const std::string& fp = m_certificate.fingerprint;
        for (std::size_t at = 0; at < fp.size(); at += 24)
            t.text(row++, left + 2, fp.substr(at, 23), Look::Strong);
        ++row;
        row += t.paragraph(row, left,
                           m_shell.tr("Compare it with the fingerprint the server printed when "
                                      "it started (or ask its operator)."),
                           Look::Normal, area.width - 4);
        t.paragraph(row, left,
                    m_shell.tr("Trust it only if every character matches: from then on this "
                               "client accepts exactly this certificate for this server."),
                    Look::Normal, area.width - 4);
    }

    void key(const Key& key) override {
        if (key.is('y') || key.is('Y') || key.is('s') || key.is('S')) {
            auto pinned = m_shell.signIn().pin(m_certificate);
            if (!pinned) {
                m_shell.say(pinned.error().message, Look::Bad);
                return;
            }
            m_shell.resetApi();
            m_shell.say(m_shell.tr("Certificate pinned."), Look::Good);
            m_shell.replaceAll(connectScreen(m_shell));
        } else if (key.is('n') || key.is('N') || key.code == 27) {
            m_shell.quit(1);
        }
    }

private:
    Shell& m_shell;
    ServerCertificate m_certificate;
};

class SignInScreen : public Screen {
public:
    explicit SignInScreen(Shell& shell)
        : m_shell(shell) {
        m_email = m_form.add(shell.tr("Email"), LineEdit(LineEdit::Accept::Any, 254));
        m_password = m_form.add(shell.tr("Password"), LineEdit(LineEdit::Accept::Any, 200, true));
        m_code = m_form.add(shell.tr("Authenticator code"), LineEdit(LineEdit::Accept::Digits, 6));
        m_form.field(m_code).visible = false;
    }

    std::string title() const override { return m_shell.tr("Sign in"); }
    std::vector<Hint> hints() const override {
        return {{"Enter", m_shell.tr("Sign in")}, {"Tab", m_shell.tr("Next field")}};
    }

    void draw(Terminal& t, const Area& area) override {
        const int left = area.left + 2;
        t.text(area.top + 1, left, m_shell.tr("Sign in to sell or buy tickets."), Look::Strong);
        const int end = m_form.draw(t, area.top + 3, left, 22, std::min(40, area.width - 26));
        if (m_form.field(m_code).visible)
            t.paragraph(end, left,
                        m_shell.tr("This account has two-step sign-in: type the code your "
                                   "authenticator app shows now."),
                        Look::Dim, area.width - 4);
    }

    void key(const Key& key) override {
        if (key.code == KEY_ENTER) {
            submit();
            return;
        }
        m_form.handle(key);
    }

private:
    void submit() {
        const std::string email = m_form.text(m_email);
        if (email.empty() || m_form.text(m_password).empty()) {
            m_shell.say(m_shell.tr("Type your email and password."), Look::Warn);
            return;
        }
        std::optional<std::string> code;
        if (m_form.field(m_code).visible) code = m_form.text(m_code);
        m_shell.say(m_shell.tr("Signing in …"));
        auto session = m_shell.signIn().login(m_shell.api(), email, m_form.text(m_password), code);
        if (!session) {
            const ApiError& error = session.error();
            if (error.is(ErrorCode::TotpRequired)) {
                m_form.field(m_code).visible = true;
                m_form.setFocus(m_code);
                m_shell.say(m_shell.tr("Type the authenticator code."), Look::Warn);
            } else if (error.is(ErrorCode::TotpInvalid)) {
                m_form.field(m_code).edit.clear();
                m_form.setFocus(m_code);
                m_shell.say(m_shell.tr("That code is not right; type the current one."), Look::Bad);
            } else if (error.is(ErrorCode::InvalidCredentials)) {
                m_form.field(m_password).edit.wipe();
                m_form.setFocus(m_password);
                m_shell.say(m_shell.tr("Wrong email or password."), Look::Bad);
            } else {
                m_shell.sayError(error);
            }
            return;
        }
        m_form.field(m_password).edit.wipe();
        m_shell.setUser(session->user);
        m_shell.say(trArgs(m_shell.language(), "Signed in as %1.", {session->user.name}),
                    Look::Good);
        m_shell.replaceAll(eventListScreen(m_shell));
    }

    Shell& m_shell;
    Form m_form;
    int m_email = 0, m_password = 0, m_code = 0;
};

} // namespace

std::unique_ptr<Screen> connectScreen(Shell& shell) {
    return std::make_unique<ConnectScreen>(shell);
}

std::unique_ptr<Screen> trustScreen(Shell& shell, ServerCertificate certificate) {
    return std::make_unique<TrustScreen>(shell, std::move(certificate));
}

std::unique_ptr<Screen> signInScreen(Shell& shell) {
    return std::make_unique<SignInScreen>(shell);
}

} // namespace bilheteria::term
