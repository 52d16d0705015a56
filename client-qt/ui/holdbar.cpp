#include "client-qt/ui/holdbar.h"

#include <QAccessible>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>

#include "client-qt/models/checkoutmodel.h"

namespace bilheteria::client {

HoldBar::HoldBar(CheckoutModel* checkout, QWidget* parent)
    : QWidget(parent)
    , m_checkout(checkout) {
    setObjectName(QStringLiteral("holdBar"));
    setAttribute(Qt::WA_StyledBackground, true);
    m_title = new QLabel(this);
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("holdTimeLabel"));
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("00:00")) * 2);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("holdProgress"));
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("holdNotice"));
    m_notice->setWordWrap(true);
    m_continue = new QPushButton(this);
    m_continue->setObjectName(QStringLiteral("continuePaymentButton"));
    m_continue->setProperty("primary", true);
    m_continue->hide();
    m_release = new QPushButton(this);
    m_release->setObjectName(QStringLiteral("releaseSeatsButton"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_time);
    layout->addWidget(m_progress, 1);
    layout->addWidget(m_notice, 2);
    layout->addWidget(m_continue);
    layout->addWidget(m_release);

    connect(m_release, &QPushButton::clicked, m_checkout, &CheckoutModel::release);
    connect(m_continue, &QPushButton::clicked, this, &HoldBar::continueRequested);
    HoldCountdown* countdown = m_checkout->countdown();
    connect(countdown, &HoldCountdown::remainingChanged, this, &HoldBar::onRemaining);
    connect(countdown, &HoldCountdown::warningStarted, this, [this] { setWarning(true); });
    connect(m_checkout, &CheckoutModel::stateChanged, this, &HoldBar::refresh);
    retranslate();
    refresh();
}

QString HoldBar::timeText() const {
    return m_time->text();
}

void HoldBar::setContinueVisible(bool visible) {
    m_continue->setVisible(visible);
}

void HoldBar::refresh() {
    const bool held = m_checkout->hasHold();
    setVisible(held);
    m_release->setEnabled(m_checkout->state() == CheckoutModel::State::Held);
    if (!held) setWarning(false);
    onRemaining(m_checkout->countdown()->remainingSeconds());
}

void HoldBar::onRemaining(int seconds) {
    const HoldCountdown* countdown = m_checkout->countdown();
    m_time->setText(HoldCountdown::format(seconds));
    m_progress->setRange(0, std::max(1, countdown->totalSeconds()));
    m_progress->setValue(seconds);
    // The time in words for screen readers; the digits alone read badly.
    m_time->setAccessibleName(tr("Time left to pay: %n minute(s)", nullptr, seconds / 60) +
                              tr(", %n second(s)", nullptr, seconds % 60));
}

void HoldBar::setWarning(bool warning) {
    if (m_warning == warning) return;
    m_warning = warning;
    updateNotice();
    // The style sheet colours the bar by this property; re-polish so it applies at once.
    for (QWidget* widget : {static_cast<QWidget*>(this), static_cast<QWidget*>(m_time)}) {
        widget->setProperty("warning", warning);
        widget->style()->unpolish(widget);
        widget->style()->polish(widget);
    }
    if (warning) {
        QAccessibleEvent announce(m_notice, QAccessible::Alert);
        QAccessible::updateAccessibility(&announce);
    }
    Q_EMIT warningChanged(warning);
}

void HoldBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void HoldBar::retranslate() {
    m_title->setText(tr("Seats held"));
    m_progress->setAccessibleName(tr("Time left on the hold"));
    m_continue->setText(tr("Go to &payment"));
    m_release->setText(tr("&Release seats"));
    m_release->setAccessibleName(tr("Release the held seats"));
    m_release->setToolTip(tr("Give the seats back now and cancel this sale"));
    updateNotice();
}

void HoldBar::updateNotice() {
    m_notice->setText(m_warning ? tr("Less than a minute left: finish paying now or the seats "
                                     "will be released.")
                                : tr("Your seats are held for you while you pay."));
}

} // namespace bilheteria::client
