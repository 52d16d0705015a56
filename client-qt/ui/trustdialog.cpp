#include "client-qt/ui/trustdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace bilheteria::client {

TrustDialog::TrustDialog(const QString& server, const QString& fingerprint, const QString& subject,
                         bool changed, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("trustDialog"));
    setWindowTitle(changed ? tr("The server's certificate has changed")
                           : tr("Confirm the server's certificate"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        changed ? tr("<b>%1 now presents a different certificate than the one you trusted "
                     "before.</b> This happens when the server was reinstalled — or when "
                     "someone is intercepting the connection. Trust it only if the venue's "
                     "administrator confirms the new fingerprint.")
                      .arg(server.toHtmlEscaped())
                : tr("This is the first connection to <b>%1</b>. Its certificate is not signed "
                     "by an authority this computer knows. Compare the fingerprint below with "
                     "the one the server printed when it started (or ask the administrator).")
                      .arg(server.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    if (!subject.isEmpty()) layout->addWidget(new QLabel(tr("Issued to: %1").arg(subject), this));
    auto* label = new QLabel(tr("SHA-256 fingerprint:"), this);
    layout->addWidget(label);
    auto* value = new QLabel(fingerprint, this);
    value->setObjectName(QStringLiteral("fingerprintLabel"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setAccessibleName(tr("Certificate fingerprint"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    value->setFont(mono);
    label->setBuddy(value);
    layout->addWidget(value);

    auto* buttons = new QDialogButtonBox(this);
    auto* trust = buttons->addButton(tr("&Trust this certificate"), QDialogButtonBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustButton"));
    trust->setAutoDefault(false);
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setDefault(true); // never trust by pressing Enter without reading
    cancel->setFocus();
    setMinimumWidth(560);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace bilheteria::client
