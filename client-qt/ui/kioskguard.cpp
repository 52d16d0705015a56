#include "client-qt/ui/kioskguard.h"

#include <QCoreApplication>
#include <QEvent>

namespace bilheteria::client {

KioskGuard::KioskGuard(QObject* parent, int idleMs)
    : QObject(parent) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(idleMs);
    connect(&m_timer, &QTimer::timeout, this, &KioskGuard::idle);
    QCoreApplication::instance()->installEventFilter(this);
    m_timer.start();
}

void KioskGuard::setIdleMs(int ms) {
    m_timer.setInterval(ms);
    m_timer.start();
}

void KioskGuard::restart() {
    m_timer.start();
}

bool KioskGuard::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::KeyPress:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::Wheel:
        m_timer.start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace bilheteria::client
