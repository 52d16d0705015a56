#include "client-qt/models/holdcountdown.h"

#include <QDateTime>
#include <QTimer>

namespace bilheteria::client {

HoldCountdown::HoldCountdown(QObject* parent, Clock clock)
    : QObject(parent)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(kTickMs);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &HoldCountdown::tick);
}

void HoldCountdown::start(TimePoint expiresAt, qint64 serverOffsetMs) {
    // The deadline on this machine's clock: the server's moment minus its lead.
    m_expiresAtLocalMs = expiresAt.time_since_epoch().count() * 1000 - serverOffsetMs;
    m_running = true;
    m_warned = false;
    m_expired = false;
    m_lastSeconds = -1;
    m_totalSeconds = remainingSeconds();
    m_timer->start();
    tick();
}

void HoldCountdown::stop() {
    m_running = false;
    m_timer->stop();
}

qint64 HoldCountdown::remainingMs() const {
    if (!m_running && !m_expired) return 0;
    return std::max<qint64>(0, m_expiresAtLocalMs - m_clock());
}

int HoldCountdown::remainingSeconds() const {
    return static_cast<int>((remainingMs() + 999) / 1000);
}

QString HoldCountdown::format(int seconds) {
    seconds = std::max(0, seconds);
    const int hours = seconds / 3600;
    const int minutes = seconds % 3600 / 60;
    const int secs = seconds % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(secs, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

void HoldCountdown::tick() {
    if (!m_running) return;
    const int seconds = remainingSeconds();
    if (seconds != m_lastSeconds) {
        m_lastSeconds = seconds;
        Q_EMIT remainingChanged(seconds);
    }
    if (!m_warned && seconds <= kWarningSeconds) {
        m_warned = true;
        Q_EMIT warningStarted();
    }
    if (remainingMs() <= 0) {
        stop();
        m_expired = true;
        Q_EMIT expired();
    }
}

} // namespace bilheteria::client
