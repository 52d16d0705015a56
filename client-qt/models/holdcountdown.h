// The time left on a hold, counted to the server's expires_at: this machine's clock corrected by
// the server's clock offset (ApiClient::serverClockOffsetMs), so a wrong local clock neither
// hides the deadline nor ends a hold early. Ticks every 250 ms on its own timer; tests give it a
// fake clock and call tick() themselves.
#pragma once

#include <QObject>
#include <functional>

#include "shared/timeformat.h"

class QTimer;

namespace bilheteria::client {

class HoldCountdown : public QObject {
    Q_OBJECT
public:
    // Milliseconds since the epoch on this machine's clock.
    using Clock = std::function<qint64()>;
    static constexpr int kWarningSeconds = 60;
    static constexpr int kTickMs = 250;

    explicit HoldCountdown(QObject* parent = nullptr, Clock clock = {});

    // Starts counting to `expiresAt` (server time); `serverOffsetMs` is how far the server's
    // clock is ahead of this machine's. Emits the first remainingChanged at once.
    void start(TimePoint expiresAt, qint64 serverOffsetMs);
    void stop();
    bool isRunning() const { return m_running; }

    qint64 remainingMs() const;
    // Whole seconds left, rounded up: 10:00 right after a 600 s hold starts, 0 only once over.
    int remainingSeconds() const;
    // The seconds there were when start() was called: the full length of a progress bar.
    int totalSeconds() const { return m_totalSeconds; }
    bool isWarning() const { return m_warned; }
    bool hasExpired() const { return m_expired; }
    // "9:59"; "1:02:03" past an hour.
    static QString format(int seconds);

    QTimer* timer() const { return m_timer; }

public Q_SLOTS:
    // Reads the clock and emits what changed; the timer calls it.
    void tick();

Q_SIGNALS:
    void remainingChanged(int seconds);
    // Once per hold, when a minute or less is left.
    void warningStarted();
    // Once per hold, when the time is up; the countdown stops.
    void expired();

private:
    Clock m_clock;
    QTimer* m_timer;
    qint64 m_expiresAtLocalMs = 0;
    int m_totalSeconds = 0;
    int m_lastSeconds = -1;
    bool m_running = false;
    bool m_warned = false;
    bool m_expired = false;
};

} // namespace bilheteria::client
