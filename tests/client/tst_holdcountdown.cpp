// HoldCountdown on a fake clock: the time left to the server's expires_at, corrected by the
// server's clock offset; the warning at one minute; expiry exactly once.
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include "client-qt/models/holdcountdown.h"

using namespace bilheteria;
using namespace bilheteria::client;

namespace {

constexpr qint64 kStartMs = 1'800'000'000'000; // some moment, ms since the epoch

TimePoint secondsAfterStart(qint64 seconds) {
    return TimePoint(std::chrono::seconds(kStartMs / 1000 + seconds));
}

} // namespace

class TestHoldCountdown : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { m_now = kStartMs; }

    void countsDownToExpiresAt() {
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        QSignalSpy remaining(&countdown, &HoldCountdown::remainingChanged);
        countdown.start(secondsAfterStart(600), 0);
        QVERIFY(countdown.isRunning());
        QCOMPARE(countdown.remainingSeconds(), 600);
        QCOMPARE(countdown.totalSeconds(), 600);
        QCOMPARE(remaining.count(), 1);
        QCOMPARE(remaining.last().at(0).toInt(), 600);

        m_now += 250; // a part of a second still shows the whole second (rounded up)
        countdown.tick();
        QCOMPARE(countdown.remainingSeconds(), 600);
        QCOMPARE(remaining.count(), 1); // no change, no signal

        m_now += 750;
        countdown.tick();
        QCOMPARE(countdown.remainingSeconds(), 599);
        QCOMPARE(remaining.count(), 2);
        QCOMPARE(HoldCountdown::format(countdown.remainingSeconds()), QStringLiteral("9:59"));
    }

    void appliesTheServerClockOffset() {
        // The server's clock is 90 s ahead of ours: its expires_at 600 s after *our* start is
        // only 510 s away.
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        countdown.start(secondsAfterStart(600), 90'000);
        QCOMPARE(countdown.remainingSeconds(), 510);
        // And 30 s behind: 630 s.
        countdown.start(secondsAfterStart(600), -30'000);
        QCOMPARE(countdown.remainingSeconds(), 630);
    }

    void warnsOnceInTheLastMinute() {
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        QSignalSpy warning(&countdown, &HoldCountdown::warningStarted);
        countdown.start(secondsAfterStart(120), 0);
        m_now += 59'000; // 61 s left
        countdown.tick();
        QCOMPARE(warning.count(), 0);
        QVERIFY(!countdown.isWarning());
        m_now += 1'000; // 60 s left
        countdown.tick();
        QCOMPARE(warning.count(), 1);
        QVERIFY(countdown.isWarning());
        m_now += 10'000;
        countdown.tick();
        QCOMPARE(warning.count(), 1);
    }

    void warnsAtOnceWhenAHoldStartsShort() {
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        QSignalSpy warning(&countdown, &HoldCountdown::warningStarted);
        countdown.start(secondsAfterStart(45), 0);
        QCOMPARE(warning.count(), 1);
    }

    void expiresExactlyOnce() {
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        QSignalSpy expired(&countdown, &HoldCountdown::expired);
        QSignalSpy remaining(&countdown, &HoldCountdown::remainingChanged);
        countdown.start(secondsAfterStart(60), 0);
        m_now += 59'999;
        countdown.tick();
        QCOMPARE(expired.count(), 0);
        QCOMPARE(countdown.remainingSeconds(), 1);
        m_now += 1;
        countdown.tick();
        QCOMPARE(expired.count(), 1);
        QCOMPARE(remaining.last().at(0).toInt(), 0);
        QVERIFY(!countdown.isRunning());
        QVERIFY(countdown.hasExpired());
        m_now += 5'000;
        countdown.tick();
        countdown.tick();
        QCOMPARE(expired.count(), 1);
        QCOMPARE(countdown.remainingSeconds(), 0);
    }

    void aDeadlineAlreadyPastExpiresAtStart() {
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        QSignalSpy expired(&countdown, &HoldCountdown::expired);
        countdown.start(secondsAfterStart(-5), 0);
        QCOMPARE(expired.count(), 1);
    }

    void aStoppedCountdownSaysNothing() {
        HoldCountdown countdown(nullptr, [this] { return m_now; });
        QSignalSpy expired(&countdown, &HoldCountdown::expired);
        countdown.start(secondsAfterStart(10), 0);
        countdown.stop();
        QVERIFY(!countdown.timer()->isActive());
        m_now += 20'000;
        countdown.tick();
        QCOMPARE(expired.count(), 0);
    }

    void ticksOnItsOwnTimer() {
        // The real clock and timer: a one-second hold ends within a couple of ticks of a second.
        HoldCountdown countdown;
        QSignalSpy expired(&countdown, &HoldCountdown::expired);
        QCOMPARE(countdown.timer()->interval(), HoldCountdown::kTickMs);
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch());
        countdown.start(TimePoint(now + std::chrono::seconds(2)), 0);
        QVERIFY(countdown.timer()->isActive());
        QVERIFY(expired.wait(4000));
        QCOMPARE(expired.count(), 1);
    }

    void formatsMinutesAndHours() {
        QCOMPARE(HoldCountdown::format(0), QStringLiteral("0:00"));
        QCOMPARE(HoldCountdown::format(61), QStringLiteral("1:01"));
        QCOMPARE(HoldCountdown::format(1800), QStringLiteral("30:00"));
        QCOMPARE(HoldCountdown::format(3723), QStringLiteral("1:02:03"));
    }

private:
    qint64 m_now = kStartMs;
};

QTEST_GUILESS_MAIN(TestHoldCountdown)
#include "tst_holdcountdown.moc"
