#include "client-qt/ui/doorpage.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include "client-qt/models/doormodel.h"
#include "client-qt/models/eventlistmodel.h"

namespace bilheteria::client {

namespace {

const QString kGateSetting = QStringLiteral("door/gate");
const QString kSoundSetting = QStringLiteral("door/sound");
constexpr int kLargestTitlePoints = 96;
constexpr int kSmallestTitlePoints = 28;

QString timeText(const QDateTime& time) {
    return QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
}

void setVerdictStyle(QFrame* frame, const QString& style) {
    frame->setProperty("verdict", style);
    frame->style()->unpolish(frame);
    frame->style()->polish(frame);
    for (QLabel* label : frame->findChildren<QLabel*>()) {
        label->style()->unpolish(label);
        label->style()->polish(label);
    }
}

} // namespace

DoorPage::DoorPage(DoorModel* door, EventListModel* events, QSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_door(door)
    , m_events(events)
    , m_settings(settings) {
    setObjectName(QStringLiteral("doorPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_eventCaption = new QLabel(this);
    m_eventPicker = new QComboBox(this);
    m_eventPicker->setObjectName(QStringLiteral("doorEventPicker"));
    m_eventPicker->setModel(m_events);
    m_eventPicker->setModelColumn(EventListModel::NameColumn);
    m_eventPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_eventPicker->setMinimumContentsLength(20);
    m_eventCaption->setBuddy(m_eventPicker);
    m_gateCaption = new QLabel(this);
    m_gate = new QLineEdit(this);
    m_gate->setObjectName(QStringLiteral("doorGateEdit"));
    m_gate->setMaxLength(64);
    m_gate->setText(m_settings->value(kGateSetting).toString());
    m_gateCaption->setBuddy(m_gate);
    m_sound = new QCheckBox(this);
    m_sound->setObjectName(QStringLiteral("doorSound"));
    m_sound->setChecked(m_settings->value(kSoundSetting, true).toBool());
    m_offline = new QCheckBox(this);
    m_offline->setObjectName(QStringLiteral("doorWorkOffline"));
    m_download = new QPushButton(this);
    m_download->setObjectName(QStringLiteral("doorDownload"));
    m_sync = new QPushButton(this);
    m_sync->setObjectName(QStringLiteral("doorSync"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("doorStatus"));
    m_status->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("errorLabel"));
    m_problem->setWordWrap(true);
    m_problem->hide();

    // Where the scanner stands, then how it works (and its state): two rows, so a longer
    // language still fits a small screen.
    m_gate->setMinimumWidth(160);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addSpacing(16);
    top->addWidget(m_eventCaption);
    top->addWidget(m_eventPicker, 1);
    top->addSpacing(8);
    top->addWidget(m_gateCaption);
    top->addWidget(m_gate);
    top->addSpacing(8);
    top->addWidget(m_sound);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_status, 1);
    modeRow->addWidget(m_offline);
    modeRow->addWidget(m_download);
    modeRow->addWidget(m_sync);

    // The answer: one colour and a word, the place under it, the why under that.
    m_verdict = new QFrame(this);
    m_verdict->setObjectName(QStringLiteral("doorVerdict"));
    m_verdict->setMinimumHeight(320);
    m_verdictTitle = new QLabel(m_verdict);
    m_verdictTitle->setObjectName(QStringLiteral("doorVerdictTitle"));
    m_verdictTitle->setAlignment(Qt::AlignCenter);
    m_verdictPlace = new QLabel(m_verdict);
    m_verdictPlace->setObjectName(QStringLiteral("doorVerdictPlace"));
    m_verdictPlace->setAlignment(Qt::AlignCenter);
    m_verdictDetail = new QLabel(m_verdict);
    m_verdictDetail->setObjectName(QStringLiteral("doorVerdictDetail"));
    m_verdictDetail->setAlignment(Qt::AlignCenter);
    m_verdictDetail->setWordWrap(true);
    auto* verdictColumn = new QVBoxLayout(m_verdict);
    verdictColumn->setContentsMargins(24, 24, 24, 24);
    verdictColumn->addStretch(1);
    verdictColumn->addWidget(m_verdictTitle);
    verdictColumn->addWidget(m_verdictPlace);
    verdictColumn->addWidget(m_verdictDetail);
    verdictColumn->addStretch(1);

    m_scanCaption = new QLabel(this);
    m_scan = new QLineEdit(this);
    m_scan->setObjectName(QStringLiteral("doorScanEdit"));
    m_scan->setClearButtonEnabled(true);
    m_scanCaption->setBuddy(m_scan);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("doorCounts"));
    m_counts->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* scanRow = new QHBoxLayout;
    scanRow->addWidget(m_scanCaption);
    scanRow->addWidget(m_scan, 1);
    scanRow->addSpacing(24);
    scanRow->addWidget(m_counts);

    m_notesCaption = new QLabel(this);
    m_notes = new QListWidget(this);
    m_notes->setObjectName(QStringLiteral("doorSyncNotes"));
    m_notes->setMaximumHeight(110);
    m_notes->setFocusPolicy(Qt::NoFocus);

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(16, 12, 16, 12);
    column->addLayout(top);
    column->addLayout(modeRow);
    column->addWidget(m_problem);
    column->addWidget(m_verdict, 1);
    column->addLayout(scanRow);
    column->addWidget(m_notesCaption);
    column->addWidget(m_notes);

    // The scanner types the ticket and Enter: the field empties at once for the next one.
    connect(m_scan, &QLineEdit::returnPressed, this, [this] {
        const QString text = m_scan->text();
        m_scan->clear();
        m_door->scan(text);
    });
    connect(m_gate, &QLineEdit::textChanged, this, [this](const QString& gate) {
        m_door->setGate(gate);
        m_settings->setValue(kGateSetting, gate.trimmed());
    });
    connect(m_gate, &QLineEdit::returnPressed, m_scan, qOverload<>(&QWidget::setFocus));
    connect(m_sound, &QCheckBox::toggled, this,
            [this](bool on) { m_settings->setValue(kSoundSetting, on); });
    connect(m_offline, &QCheckBox::toggled, this, [this](bool on) {
        m_door->setWorkOffline(on);
        m_scan->setFocus();
    });
    connect(m_download, &QPushButton::clicked, this, [this] {
        m_door->downloadBundle();
        m_scan->setFocus();
    });
    connect(m_sync, &QPushButton::clicked, this, [this] {
        m_door->syncNow();
        m_scan->setFocus();
    });
    connect(m_eventPicker, &QComboBox::activated, this, &DoorPage::chooseEvent);
    // The list reloads under the picker: keep showing the event the door works for.
    connect(m_events, &QAbstractItemModel::modelReset, this,
            [this] { m_eventPicker->setCurrentIndex(m_events->rowOfEvent(m_door->eventId())); });

    connect(m_door, &DoorModel::scanned, this, [this](const ScanVerdict& verdict) {
        showVerdict(verdict);
        beepFor(verdict);
    });
    connect(m_door, &DoorModel::offlineChanged, this, &DoorPage::updateStatus);
    connect(m_door, &DoorModel::eventLoaded, this, &DoorPage::updateStatus);
    connect(m_door, &DoorModel::bundleChanged, this, &DoorPage::updateStatus);
    connect(m_door, &DoorModel::pendingChanged, this, &DoorPage::updateStatus);
    connect(m_door, &DoorModel::countsChanged, this, &DoorPage::updateCounts);
    connect(m_door, &DoorModel::synced, this, &DoorPage::updateNotes);
    // A download or a sync that failed, or a file that cannot be written: said until the next
    // download or sync goes through.
    connect(m_door, &DoorModel::failed, this, [this](const QString& message) {
        m_problem->setText(message);
        m_problem->show();
    });
    connect(m_door, &DoorModel::bundleChanged, m_problem, &QWidget::hide);
    connect(m_door, &DoorModel::synced, m_problem, &QWidget::hide);
    connect(m_door, &DoorModel::offlineChanged, this, [this](bool offline) {
        // The box says what the person chose; an automatic switch shows in the status line.
        if (!offline || m_door->isOfflineByHand()) {
            const QSignalBlocker blocker(m_offline);
            m_offline->setChecked(m_door->isOfflineByHand());
        }
    });

    m_door->setGate(m_gate->text());
    retranslate();
    showReady();
}

void DoorPage::open(Id eventId) {
    m_events->refresh();
    if (eventId > 0 && eventId != m_door->eventId()) m_door->setEvent(eventId);
    m_eventPicker->setCurrentIndex(m_events->rowOfEvent(m_door->eventId()));
    updateStatus();
    updateCounts();
    updateNotes();
    if (m_gate->text().trimmed().isEmpty())
        m_gate->setFocus();
    else
        m_scan->setFocus();
}

void DoorPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    m_scan->setFocus();
}

void DoorPage::chooseEvent(int row) {
    const EventSummary* event = m_events->eventAt(row);
    if (!event || event->id == m_door->eventId()) return;
    m_door->setEvent(event->id);
    showReady();
    updateNotes();
    m_scan->setFocus();
}

QString DoorPage::verdictTitle(const ScanVerdict& verdict) {
    switch (verdict.kind) {
    case ScanVerdict::Kind::Admitted:
        return tr("ADMITTED");
    case ScanVerdict::Kind::AlreadyIn:
        return tr("ALREADY IN");
    case ScanVerdict::Kind::Void:
        return tr("NOT VALID");
    case ScanVerdict::Kind::Unknown:
        return tr("UNKNOWN TICKET");
    case ScanVerdict::Kind::Failed:
        return tr("NOT CHECKED");
    }
    return {};
}

QString DoorPage::verdictPlace(const ScanVerdict& verdict) {
    if (verdict.section.isEmpty()) return {};
    if (!verdict.row.isEmpty())
        return tr("%1 · Row %2 · Seat %3").arg(verdict.section, verdict.row).arg(verdict.number);
    return tr("%1 · General admission").arg(verdict.section);
}

QString DoorPage::verdictDetail(const ScanVerdict& verdict) {
    QString detail;
    switch (verdict.kind) {
    case ScanVerdict::Kind::Admitted:
        detail = tr("Welcome!");
        break;
    case ScanVerdict::Kind::AlreadyIn:
        if (!verdict.at.isValid())
            detail = tr("Checked in before this scanner's offline data was read.");
        else if (verdict.gate.isEmpty())
            detail = tr("Checked in at %1.").arg(timeText(verdict.at));
        else
            detail = tr("Checked in at %1 through %2.").arg(timeText(verdict.at), verdict.gate);
        break;
    case ScanVerdict::Kind::Void:
        if (verdict.reason == QLatin1String("cancelled"))
            detail = tr("The event was cancelled: the ticket was refunded.");
        else if (verdict.reason == QLatin1String("exchanged"))
            detail = tr("Exchanged for another ticket: this one is void.");
        else
            detail = tr("Refunded: this ticket is void.");
        break;
    case ScanVerdict::Kind::Unknown:
        if (verdict.reason == QLatin1String("bad_signature"))
            detail = tr("Forged or altered: the signature does not match.");
        else if (verdict.reason == QLatin1String("unknown_key"))
            detail = tr("Signed with a key this event does not have.");
        else if (verdict.reason == QLatin1String("other_event"))
            detail = tr("A ticket for another event.");
        else if (verdict.reason == QLatin1String("malformed"))
            detail = tr("This is not a ticket.");
        else
            detail = tr("No ticket of this event has this code.");
        break;
    case ScanVerdict::Kind::Failed:
        detail = verdict.message;
        break;
    }
    if (verdict.offline && verdict.kind != ScanVerdict::Kind::Failed)
        detail += QLatin1Char(' ') + tr("(checked offline)");
    return detail;
}

void DoorPage::showVerdict(const ScanVerdict& verdict) {
    const bool admitted = verdict.kind == ScanVerdict::Kind::Admitted;
    setVerdictStyle(m_verdict, admitted ? QStringLiteral("admitted")
                               : verdict.kind == ScanVerdict::Kind::Failed
                                   ? QStringLiteral("failed")
                                   : QStringLiteral("refused"));
    m_verdictTitle->setText(verdictTitle(verdict));
    fitTitle();
    m_verdictPlace->setText(verdictPlace(verdict));
    m_verdictPlace->setVisible(!m_verdictPlace->text().isEmpty());
    m_verdictDetail->setText(verdictDetail(verdict));
    m_verdict->setAccessibleName(m_verdictTitle->text());
    m_verdict->setAccessibleDescription(m_verdictPlace->text() + QLatin1Char(' ') +
                                        m_verdictDetail->text());
    m_showingReady = false;
    m_scan->setFocus();
}

void DoorPage::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitTitle();
}

void DoorPage::fitTitle() {
    // As large as the answer's box allows ("INGRESSO DESCONHECIDO" is long): read from afar.
    QFont font = m_verdictTitle->font();
    font.setBold(true);
    const int room = m_verdict->width() - 64;
    int points = kLargestTitlePoints;
    for (; points > kSmallestTitlePoints; points -= 4) {
        font.setPointSize(points);
        if (QFontMetrics(font).horizontalAdvance(m_verdictTitle->text()) <= room) break;
    }
    font.setPointSize(points);
    m_verdictTitle->setFont(font);
}

void DoorPage::beepFor(const ScanVerdict& verdict) {
    if (!m_sound->isChecked()) return;
    // One beep lets in; two stop.
    QApplication::beep();
    if (verdict.kind != ScanVerdict::Kind::Admitted)
        QTimer::singleShot(180, this, [] { QApplication::beep(); });
}

void DoorPage::showReady() {
    m_showingReady = true;
    setVerdictStyle(m_verdict, QString());
    m_verdictTitle->setText(tr("Ready"));
    fitTitle();
    m_verdictPlace->setText(m_door->eventId() > 0 ? m_door->eventName() : QString());
    m_verdictPlace->setVisible(!m_verdictPlace->text().isEmpty());
    m_verdictDetail->setText(m_door->eventId() > 0 ? tr("Scan a ticket, or type its code and "
                                                        "press Enter.")
                                                   : tr("Choose the event and name this gate."));
}

void DoorPage::updateStatus() {
    QStringList parts;
    if (!m_door->isOffline())
        parts << tr("Online: the server checks every ticket.");
    else if (m_door->isOfflineByHand())
        parts << tr("Offline (chosen): this scanner checks tickets alone.");
    else
        parts << tr("Offline: the server does not answer; this scanner checks tickets alone "
                    "and keeps trying.");
    if (m_door->eventId() > 0)
        parts << (m_door->hasBundle()
                      ? tr("Offline data from %1.")
                            .arg(QLocale().toString(m_door->bundleTime().toLocalTime(),
                                                    QLocale::ShortFormat))
                      : tr("No offline data yet."));
    parts << tr("%n scan(s) waiting to be sent.", nullptr,
                static_cast<int>(m_door->pendingCount()));
    m_status->setText(parts.join(QLatin1Char(' ')));
    m_status->setProperty("offline", m_door->isOffline());
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
    m_sync->setEnabled(m_door->pendingCount() > 0 && !m_door->isOffline());
    m_download->setEnabled(m_door->eventId() > 0 && !m_door->isOffline());
    if (m_showingReady) showReady();
}

void DoorPage::updateCounts() {
    m_counts->setText(
        tr("Admitted %L1 of %L2 sold").arg(m_door->admittedCount()).arg(m_door->soldCount()));
}

void DoorPage::updateNotes() {
    m_notes->clear();
    m_notes->addItems(m_door->syncNotes());
    m_notes->setVisible(m_notes->count() > 0);
    m_notesCaption->setVisible(m_notes->count() > 0);
}

void DoorPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void DoorPage::retranslate() {
    m_title->setText(tr("Door"));
    m_eventCaption->setText(tr("&Event:"));
    m_gateCaption->setText(tr("&Gate:"));
    m_gate->setPlaceholderText(tr("e.g. Gate A"));
    m_sound->setText(tr("&Sound"));
    m_sound->setToolTip(tr("One beep lets in, two stop"));
    m_offline->setText(tr("Work &offline"));
    m_offline->setToolTip(tr("Check tickets on this scanner alone, from the downloaded data; "
                             "the scans are sent when you switch back"));
    m_download->setText(tr("&Download for offline"));
    m_download->setToolTip(tr("The event's keys, void tickets and tickets, to check tickets "
                              "without the server"));
    m_sync->setText(tr("Send scans &now"));
    m_scanCaption->setText(tr("&Ticket:"));
    m_scan->setPlaceholderText(tr("Scan the QR code, or type the code and press Enter"));
    m_notesCaption->setText(tr("What the server said about offline scans:"));
    if (m_door->lastVerdict())
        showVerdict(*m_door->lastVerdict());
    else
        showReady();
    updateStatus();
    updateCounts();
}

} // namespace bilheteria::client
