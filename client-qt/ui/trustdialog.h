// Asks the person to confirm a server certificate by its SHA-256 fingerprint before the app
// pins it; a changed certificate gets a plain warning.
#pragma once

#include <QDialog>

namespace bilheteria::client {

class TrustDialog : public QDialog {
    Q_OBJECT
public:
    TrustDialog(const QString& server, const QString& fingerprint, const QString& subject,
                bool changed, QWidget* parent = nullptr);
};

} // namespace bilheteria::client
