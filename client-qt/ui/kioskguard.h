// Kiosk mode's watchman: notices any touch, click or key anywhere in the app and says when
// nobody has touched it for a while (60 s by default), so the kiosk can go back to the start
// and forget the last person's session.
#pragma once

#include <QObject>
#include <QTimer>

namespace bilheteria::client {

class KioskGuard : public QObject {
    Q_OBJECT
public:
    explicit KioskGuard(QObject* parent = nullptr, int idleMs = 60'000);
    void setIdleMs(int ms);
    // Starts counting again (after a reset, say).
    void restart();

Q_SIGNALS:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTimer m_timer;
};

} // namespace bilheteria::client
