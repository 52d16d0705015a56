#include "client-qt/ui/waitingroompage.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "client-qt/models/waitingroommodel.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

namespace {

QString formatWait(qint64 seconds) {
    if (seconds < 60) return WaitingRoomPage::tr("less than a minute");
    const qint64 minutes = (seconds + 59) / 60;
    if (minutes < 60) return WaitingRoomPage::tr("about %n minute(s)", nullptr, int(minutes));
    return WaitingRoomPage::tr("about %1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

// A whole number of minutes, rounded up, or hours and minutes: "12 min", "1 h 5 min".
QString formatMinutes(qint64 seconds) {
    const qint64 minutes = (seconds + 59) / 60;
    if (minutes < 60) return WaitingRoomPage::tr("%1 min").arg(minutes);
    return WaitingRoomPage::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

// The opening draw's honest range, read as a person would say it: "less than a minute", "up to
// about 3 min", "about 12 min", "about 10 to 14 min".
QString formatWaitRange(qint64 minSeconds, qint64 maxSeconds) {
    if (maxSeconds < 60) return WaitingRoomPage::tr("less than a minute");
    if (minSeconds < 60)
        return WaitingRoomPage::tr("up to about %1").arg(formatMinutes(maxSeconds));
    if ((minSeconds + 59) / 60 == (maxSeconds + 59) / 60)
        return WaitingRoomPage::tr("about %1").arg(formatMinutes(maxSeconds));
    return WaitingRoomPage::tr("about %1 to %2")
        .arg(formatMinutes(minSeconds), formatMinutes(maxSeconds));
}

} // namespace

WaitingRoomPage::WaitingRoomPage(WaitingRoomModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model) {
    setObjectName(QStringLiteral("waitingRoomPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_title->setAlignment(Qt::AlignCenter);
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("queuePosition"));
    m_position->setAlignment(Qt::AlignCenter);
    m_ahead = new QLabel(this);
    m_ahead->setObjectName(QStringLiteral("queueAhead"));
    m_ahead->setAlignment(Qt::AlignCenter);
    m_wait = new QLabel(this);
    m_wait->setObjectName(QStringLiteral("queueWait"));
    m_wait->setAlignment(Qt::AlignCenter);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(false);
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("queueExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setAlignment(Qt::AlignCenter);
    m_leave = new QPushButton(this);
    m_leave->setObjectName(QStringLiteral("leaveQueueButton"));

    // One centred column; wrapped text gets the column's width (alignment flags on wrapped
    // labels would give them their one-line height and let them overlap).
    auto* column = new QWidget(this);
    column->setMaximumWidth(560);
    auto* layout = new QVBoxLayout(column);
    layout->addWidget(m_title);
    layout->addWidget(m_position);
    layout->addWidget(m_ahead);
    layout->addWidget(m_wait);
    layout->addWidget(m_progress);
    layout->addWidget(m_explanation);
    layout->addWidget(m_leave, 0, Qt::AlignHCenter);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 4);
    row->addStretch(1);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    connect(m_model, &WaitingRoomModel::statusChanged, this, &WaitingRoomPage::refresh);
    connect(m_model, &WaitingRoomModel::stateChanged, this, &WaitingRoomPage::refresh);
    connect(m_model, &WaitingRoomModel::failed, this,
            [this](const QString& message) { m_explanation->setText(message); });
    connect(m_model, &WaitingRoomModel::admitted, this,
            [this] { Q_EMIT admitted(m_model->eventId()); });
    connect(m_leave, &QPushButton::clicked, this, [this] {
        m_model->leave();
        Q_EMIT leaveRequested();
    });
    retranslate();
}

void WaitingRoomPage::setEventName(const QString& name) {
    m_eventName = name;
    m_firstAhead = -1;
    retranslate();
}

void WaitingRoomPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void WaitingRoomPage::retranslate() {
    m_title->setText(m_eventName.isEmpty() ? tr("Waiting room")
                                           : tr("Waiting room · %1").arg(m_eventName));
    m_leave->setText(tr("Leave the waiting room"));
    m_progress->setAccessibleName(tr("Progress in the waiting room"));
    refresh();
}

void WaitingRoomPage::refresh() {
    const QueueStatus& status = m_model->status();
    using State = WaitingRoomModel::State;
    switch (m_model->state()) {
    case State::Idle:
    case State::Joining:
        m_position->setText(tr("Getting your place…"));
        m_ahead->clear();
        m_wait->clear();
        m_progress->setRange(0, 0); // busy
        m_explanation->setText(tr("Everyone gets a place in the order they arrive."));
        return;
    case State::Failed:
        m_position->setText(tr("Could not join the waiting room"));
        m_ahead->clear();
        m_wait->clear();
        m_progress->setRange(0, 1);
        return;
    case State::Lapsed:
        m_position->setText(tr("Your turn has passed"));
        m_ahead->clear();
        m_wait->clear();
        m_progress->setRange(0, 1);
        m_progress->setValue(1);
        m_explanation->setText(tr("You were let in, but the time to choose seats ran out. "
                                  "Each place in the waiting room is let in once."));
        return;
    case State::Admitted:
        m_position->setText(tr("It's your turn!"));
        m_ahead->clear();
        m_wait->setText(
            tr("Choose your seats before %1.")
                .arg(QLocale().toString(m_model->admittedUntil().time(), QLocale::ShortFormat)));
        m_progress->setRange(0, 1);
        m_progress->setValue(1);
        return;
    case State::Waiting:
        break;
    }
    if (status.draw) return showDraw(*status.draw);
    m_position->setText(tr("You are number %L1 in line").arg(status.position));
    m_ahead->setText(tr("%Ln person(s) ahead of you", nullptr, int(status.ahead)));
    if (status.estimatedWaitSeconds)
        m_wait->setText(tr("Estimated wait: %1").arg(formatWait(*status.estimatedWaitSeconds)));
    else
        m_wait->clear();
    if (m_firstAhead < status.ahead) m_firstAhead = status.ahead;
    m_progress->setRange(0, int(std::max<qint64>(m_firstAhead, 1)));
    m_progress->setValue(int(m_firstAhead - status.ahead));
    m_explanation->setText(tr("Keep this window open: the seat map opens by itself when it is "
                              "your turn. Leaving and coming back keeps your place."));
}

// Joined before the sale opens: no number yet, the order is drawn at the opening.
void WaitingRoomPage::showDraw(const QueueDraw& draw) {
    const QLocale locale;
    const QDateTime at = toQDateTime(draw.at).toLocalTime();
    m_position->setText(tr("You are in the opening draw"));
    m_ahead->setText(tr("%Ln person(s) in the draw so far", nullptr, int(draw.entrants)));
    m_wait->setText(
        tr("Estimated wait: %1").arg(formatWaitRange(draw.waitMinSeconds, draw.waitMaxSeconds)));
    m_progress->setRange(0, 0); // busy until the draw gives a place
    const QString when = at.date() == QDate::currentDate()
                             ? locale.toString(at.time(), QLocale::ShortFormat)
                             : locale.toString(at, QLocale::ShortFormat);
    m_explanation->setText(
        tr("At %1, when the sale opens, everyone who joined before then is put in a random "
           "order: arriving early gives no edge, and neither does a fast connection. Keep this "
           "window open: the seat map opens by itself when it is your turn.")
            .arg(when));
}

} // namespace bilheteria::client
