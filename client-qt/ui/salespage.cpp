#include "client-qt/ui/salespage.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QPercentBarSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/money.h"
#include "client-qt/models/salesreportmodel.h"

namespace bilheteria::client {

namespace {

const QColor kSoldColor(0x2e, 0x7d, 0x32);
const QColor kHeldColor(0xf9, 0xa8, 0x25);
const QColor kAvailableColor(0xcf, 0xd8, 0xdc);
const QColor kCumulativeColor(0x15, 0x65, 0xc0);

// A figure: a small caption over a big number.
QLabel* addFigure(QGridLayout* grid, int column, QLabel** caption, const QString& name,
                  QWidget* parent) {
    *caption = new QLabel(parent);
    auto* value = new QLabel(parent);
    value->setObjectName(name);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    value->setFont(big);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    (*caption)->setBuddy(value);
    grid->addWidget(*caption, 0, column);
    grid->addWidget(value, 1, column);
    return value;
}

void clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

QChart* newChart() {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

} // namespace

SalesPage::SalesPage(SalesReportModel* report, EventListModel* events, QWidget* parent)
    : QWidget(parent)
    , m_report(report)
    , m_events(events) {
    setObjectName(QStringLiteral("salesPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_eventPicker = new QComboBox(this);
    m_eventPicker->setObjectName(QStringLiteral("salesEventPicker"));
    m_eventPicker->setModel(m_events);
    m_eventPicker->setModelColumn(EventListModel::NameColumn);
    m_eventPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_eventPicker->setMinimumContentsLength(24);
    m_bucket = new QComboBox(this);
    m_bucket->setObjectName(QStringLiteral("salesBucket"));
    for (const int seconds : {60, 3'600, 86'400})
        m_bucket->addItem(QString(), seconds);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("salesRefresh"));
    m_updated = new QLabel(this);
    m_updated->setObjectName(QStringLiteral("salesUpdated"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("salesMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->hide();

    auto* figures = new QWidget(this);
    figures->setObjectName(QStringLiteral("salesFigures"));
    auto* grid = new QGridLayout(figures);
    m_sold = addFigure(grid, 0, &m_soldCaption, QStringLiteral("figureSold"), figures);
    m_soldBar = new QProgressBar(figures);
    m_soldBar->setObjectName(QStringLiteral("soldBar"));
    m_soldBar->setTextVisible(true);
    grid->addWidget(m_soldBar, 2, 0);
    m_revenue = addFigure(grid, 1, &m_revenueCaption, QStringLiteral("figureRevenue"), figures);
    m_held = addFigure(grid, 2, &m_heldCaption, QStringLiteral("figureHeld"), figures);
    m_available =
        addFigure(grid, 3, &m_availableCaption, QStringLiteral("figureAvailable"), figures);
    m_card = addFigure(grid, 4, &m_cardCaption, QStringLiteral("figureCard"), figures);
    m_cash = addFigure(grid, 5, &m_cashCaption, QStringLiteral("figureCash"), figures);
    m_admitted = addFigure(grid, 6, &m_admittedCaption, QStringLiteral("figureAdmitted"), figures);
    for (int column = 0; column < 7; ++column)
        grid->setColumnStretch(column, 1);

    m_timeline = newChart();
    m_timelineView = new QChartView(m_timeline, this);
    m_timelineView->setObjectName(QStringLiteral("timelineChart"));
    m_timelineView->setRenderHint(QPainter::Antialiasing);
    m_timelineView->setMinimumHeight(220);
    m_bySection = newChart();
    m_bySectionView = new QChartView(m_bySection, this);
    m_bySectionView->setObjectName(QStringLiteral("sectionChart"));
    m_bySectionView->setRenderHint(QPainter::Antialiasing);
    m_bySectionView->setMinimumHeight(220);
    m_sections = new QTableView(this);
    m_sections->setObjectName(QStringLiteral("salesSectionTable"));
    m_sections->setModel(m_report);
    m_sections->verticalHeader()->hide();
    m_sections->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sections->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sections->setAlternatingRowColors(true);
    m_sections->horizontalHeader()->setSectionResizeMode(SalesReportModel::SectionColumn,
                                                         QHeaderView::Stretch);
    m_sections->setTabKeyNavigation(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addSpacing(16);
    top->addWidget(m_eventPicker, 1);
    top->addWidget(m_bucket);
    top->addWidget(m_refresh);
    top->addWidget(m_updated);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelEventButton"));
    top->addWidget(m_cancel);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_timelineView);
    charts->addWidget(m_bySectionView);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    auto* body = new QSplitter(Qt::Vertical, this);
    body->addWidget(charts);
    body->addWidget(m_sections);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 1);
    body->setSizes({480, 160});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(figures);
    layout->addWidget(body, 1);

    connect(m_eventPicker, &QComboBox::activated, this, &SalesPage::pickFromList);
    // The list is read again now and then; keep showing the event being watched.
    connect(m_events, &QAbstractItemModel::modelReset, this, &SalesPage::restorePick);
    connect(m_bucket, &QComboBox::currentIndexChanged, this,
            [this] { m_report->setBucketSeconds(m_bucket->currentData().toInt()); });
    connect(m_refresh, &QPushButton::clicked, m_report, &SalesReportModel::refresh);
    auto* refreshKey = new QShortcut(QKeySequence::Refresh, this);
    connect(refreshKey, &QShortcut::activated, m_report, &SalesReportModel::refresh);
    connect(m_report, &SalesReportModel::reportChanged, this, [this] {
        updateFigures();
        updateTimeline();
        updateSections();
    });
    connect(m_report, &SalesReportModel::failed, this, [this](const QString& message) {
        m_message->setText(message);
        m_message->show();
    });

    connect(m_cancel, &QPushButton::clicked, this, &SalesPage::confirmCancel);
    connect(m_report, &SalesReportModel::cancelFailed, this, [this](const QString& message) {
        m_message->setText(message);
        m_message->show();
    });
    connect(m_report, &SalesReportModel::eventCancelled, this,
            [this](qint64 orders, qint64 cents, const QString& currency) {
                auto* box = new QMessageBox(
                    QMessageBox::Information, tr("Event cancelled"),
                    tr("The event is cancelled and its sale closed. %n order(s) refunded: %1 "
                       "paid back.",
                       nullptr, static_cast<int>(orders))
                        .arg(formatMoney(cents, currency)),
                    QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("eventCancelledMessage"));
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            });

    setTabOrder(m_eventPicker, m_bucket);
    setTabOrder(m_bucket, m_refresh);
    setTabOrder(m_refresh, m_sections);

    retranslate();
    updateFigures();
    updateTimeline();
    updateSections();
}

void SalesPage::openEvent(Id eventId) {
    if (eventId > 0) m_report->setEventId(eventId);
    m_events->refresh();
    restorePick();
    m_eventPicker->setFocus();
}

void SalesPage::confirmCancel() {
    const int row = m_events->rowOfEvent(m_report->eventId());
    const EventSummary* event = m_events->eventAt(row);
    if (!event) return;
    const QString name = QString::fromStdString(event->name);
    // Nothing undoes a cancellation: the organizer types the event's name to confirm it.
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("cancelEventDialog"));
    dialog.setWindowTitle(tr("Cancel the event"));
    auto* text = new QLabel(tr("Cancelling “%1” closes its sale and refunds every order (cash "
                               "orders are settled at once, cards through the gateway). The "
                               "tickets become void. This cannot be undone.\n\nType the "
                               "event's name to confirm:")
                                .arg(name),
                            &dialog);
    text->setWordWrap(true);
    auto* typed = new QLineEdit(&dialog);
    typed->setObjectName(QStringLiteral("cancelEventName"));
    typed->setPlaceholderText(name);
    auto* reasonCaption = new QLabel(tr("Reason (optional, shown with the refunds):"), &dialog);
    auto* reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("cancelEventReason"));
    reason->setMaxLength(500);
    reasonCaption->setBuddy(reason);
    auto* buttons = new QDialogButtonBox(&dialog);
    QPushButton* confirm = buttons->addButton(tr("Cancel the event and refund everyone"),
                                              QDialogButtonBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("confirmCancelEventButton"));
    confirm->setEnabled(false);
    buttons->addButton(tr("Keep the event"), QDialogButtonBox::RejectRole);
    connect(typed, &QLineEdit::textChanged, confirm, [confirm, name](const QString& value) {
        confirm->setEnabled(value.trimmed() == name);
    });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* column = new QVBoxLayout(&dialog);
    column->addWidget(text);
    column->addWidget(typed);
    column->addWidget(reasonCaption);
    column->addWidget(reason);
    column->addWidget(buttons);
    dialog.resize(520, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted || typed->text().trimmed() != name) return;
    m_message->hide();
    m_report->cancelEvent(reason->text().trimmed());
}

void SalesPage::pickFromList() {
    const Id eventId = m_eventPicker->currentData(EventListModel::EventIdRole).toLongLong();
    if (eventId > 0) m_report->setEventId(eventId);
}

void SalesPage::restorePick() {
    const QSignalBlocker blocker(m_eventPicker);
    if (m_report->eventId() <= 0) {
        // Nothing chosen yet: the first event in the list.
        if (m_events->rowCount() > 0) {
            m_eventPicker->setCurrentIndex(0);
            pickFromList();
        }
        return;
    }
    m_eventPicker->setCurrentIndex(m_events->rowOfEvent(m_report->eventId()));
}

void SalesPage::updateFigures() {
    const auto& report = m_report->report();
    const bool shown = report.has_value();
    if (shown || m_report->errorMessage().isEmpty()) m_message->hide();
    if (m_report->isForbidden()) {
        m_message->setText(m_report->errorMessage());
        m_message->show();
    }
    const QString none = QStringLiteral("—");
    if (!shown) {
        for (QLabel* label : {m_sold, m_revenue, m_held, m_available, m_card, m_cash, m_admitted})
            label->setText(none);
        m_soldBar->setRange(0, 1);
        m_soldBar->setValue(0);
        m_updated->clear();
        return;
    }
    const QLocale locale;
    m_sold->setText(tr("%L1 / %L2").arg(report->sold).arg(report->capacity));
    // A progress bar counts in int: the capacity (at most a million places) fits.
    m_soldBar->setRange(0, static_cast<int>(std::max<std::int64_t>(report->capacity, 1)));
    m_soldBar->setValue(static_cast<int>(report->sold));
    m_soldBar->setFormat(report->capacity > 0
                             ? tr("%1% sold")
                                   .arg(locale.toString(100.0 * static_cast<double>(report->sold) /
                                                            static_cast<double>(report->capacity),
                                                        'f', 1))
                             : tr("no places"));
    m_admitted->setText(tr("%L1 / %L2").arg(m_report->admitted()).arg(report->sold));
    m_admitted->setToolTip(tr("Checked in at the door, of the tickets sold; live"));
    m_revenue->setText(formatMoney(report->revenueCents, report->currency));
    m_revenue->setToolTip(tr("%n paid order(s)", nullptr, static_cast<int>(report->orders)));
    m_held->setText(locale.toString(report->held));
    m_available->setText(locale.toString(report->available));
    m_card->setText(formatMoney(report->byPayment.cardCents, report->currency));
    m_card->setToolTip(
        tr("%n order(s) by card", nullptr, static_cast<int>(report->byPayment.cardOrders)));
    m_cash->setText(formatMoney(report->byPayment.cashCents, report->currency));
    m_cash->setToolTip(
        tr("%n order(s) in cash", nullptr, static_cast<int>(report->byPayment.cashOrders)));
    m_updated->setText(tr("Updated %1")
                           .arg(locale.toString(m_report->generatedAt().toLocalTime().time(),
                                                QLocale::ShortFormat)));
    m_updated->setToolTip(tr("Read every %n second(s) while this page is open", nullptr,
                             SalesReportModel::kDefaultPollMs / 1000));
}

void SalesPage::updateTimeline() {
    clearChart(m_timeline);
    const auto& report = m_report->report();
    const QList<QPointF> perBucket = m_report->ticketsPerBucket();
    if (!report || perBucket.isEmpty()) {
        m_timeline->setTitle(report ? tr("No tickets sold yet") : QString());
        return;
    }
    const int bucket = report->bucketSeconds;
    m_timeline->setTitle(bucket >= 86'400  ? tr("Tickets per day")
                         : bucket >= 3'600 ? tr("Tickets per hour")
                                           : tr("Tickets per minute"));
    const qreal widthMs = static_cast<qreal>(bucket) * 1000;
    // Steps: each bucket's count spans its whole interval, so a lone busy minute is a block,
    // not a needle; the running total rises at each bucket's end.
    auto* upper = new QLineSeries;
    auto* cumulative = new QLineSeries;
    cumulative->append(perBucket.first().x(), 0);
    qreal total = 0;
    for (const QPointF& point : perBucket) {
        upper->append(point.x(), point.y());
        upper->append(point.x() + widthMs, point.y());
        total += point.y();
        cumulative->append(point.x() + widthMs, total);
    }
    auto* area = new QAreaSeries(upper);
    upper->setParent(area);
    area->setName(tr("Tickets"));
    area->setColor(kSoldColor.lighter(150));
    area->setBorderColor(kSoldColor);
    cumulative->setName(tr("Running total"));
    cumulative->setColor(kCumulativeColor);
    cumulative->setPointsVisible(perBucket.size() < 40);
    m_timeline->addSeries(area);
    m_timeline->addSeries(cumulative);

    auto* x = new QDateTimeAxis;
    x->setFormat(bucket >= 86'400  ? QStringLiteral("dd/MM")
                 : bucket >= 3'600 ? QStringLiteral("dd/MM HH:mm")
                                   : QStringLiteral("HH:mm"));
    const qint64 width = static_cast<qint64>(bucket) * 1000;
    const qint64 first = static_cast<qint64>(perBucket.first().x());
    const qint64 last = static_cast<qint64>(perBucket.last().x()) + width;
    // A little room either side when there are only a few buckets.
    const qint64 margin = (last - first) / width < 4 ? width : 0;
    x->setRange(QDateTime::fromMSecsSinceEpoch(first - margin),
                QDateTime::fromMSecsSinceEpoch(last + margin));
    x->setTickCount(std::clamp(static_cast<int>((last - first + 2 * margin) / width) + 1, 2, 7));
    x->setTitleText(tr("Local time"));
    m_timeline->addAxis(x, Qt::AlignBottom);
    qreal peak = 1;
    for (const QPointF& point : perBucket)
        peak = std::max(peak, point.y());
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%d"));
    y->setRange(0, peak);
    y->applyNiceNumbers();
    y->setTitleText(tr("Tickets"));
    m_timeline->addAxis(y, Qt::AlignLeft);
    auto* totalAxis = new QValueAxis;
    totalAxis->setLabelFormat(QStringLiteral("%d"));
    totalAxis->setRange(0, std::max<qreal>(1, total));
    totalAxis->applyNiceNumbers();
    totalAxis->setTitleText(tr("Total"));
    totalAxis->setLinePenColor(kCumulativeColor);
    totalAxis->setLabelsColor(kCumulativeColor);
    m_timeline->addAxis(totalAxis, Qt::AlignRight);
    area->attachAxis(x);
    area->attachAxis(y);
    cumulative->attachAxis(x);
    cumulative->attachAxis(totalAxis);
}

void SalesPage::updateSections() {
    clearChart(m_bySection);
    const auto& report = m_report->report();
    if (!report || report->sections.empty()) return;
    m_bySection->setTitle(tr("By section"));
    auto* sold = new QBarSet(tr("Sold"));
    auto* held = new QBarSet(tr("Held"));
    auto* available = new QBarSet(tr("Available"));
    sold->setColor(kSoldColor);
    held->setColor(kHeldColor);
    available->setColor(kAvailableColor);
    QStringList names;
    for (const SalesSection& section : report->sections) {
        names.append(QString::fromStdString(section.name));
        sold->append(static_cast<qreal>(section.sold));
        held->append(static_cast<qreal>(section.held));
        available->append(static_cast<qreal>(section.available));
    }
    // Each bar is a section's capacity, split into sold, held and available: sections of any
    // size compare by how full they are (the table gives the counts).
    auto* series = new QPercentBarSeries;
    series->append({sold, held, available});
    m_bySection->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(names);
    m_bySection->addAxis(x, Qt::AlignBottom);
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%d"));
    y->setRange(0, 100);
    y->setTitleText(tr("% of capacity"));
    m_bySection->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

void SalesPage::showEvent(QShowEvent* event) {
    m_report->setActive(true);
    QWidget::showEvent(event);
}

void SalesPage::hideEvent(QHideEvent* event) {
    m_report->setActive(false);
    QWidget::hideEvent(event);
}

void SalesPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void SalesPage::retranslate() {
    m_title->setText(tr("Sales"));
    m_eventPicker->setAccessibleName(tr("Event"));
    m_eventPicker->setToolTip(tr("Events you created (others' sales are not shown to you)"));
    m_bucket->setAccessibleName(tr("Group sales by"));
    m_bucket->setItemText(0, tr("Per minute"));
    m_bucket->setItemText(1, tr("Per hour"));
    m_bucket->setItemText(2, tr("Per day"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the figures again (F5)"));
    m_soldCaption->setText(tr("Sold of capacity"));
    m_revenueCaption->setText(tr("Revenue"));
    m_heldCaption->setText(tr("Held now"));
    m_availableCaption->setText(tr("Available"));
    m_cardCaption->setText(tr("Card"));
    m_cashCaption->setText(tr("Cash"));
    m_admittedCaption->setText(tr("Admitted of sold"));
    m_cancel->setText(tr("Cancel event…"));
    m_cancel->setToolTip(tr("Close the sale and refund every order"));
    m_timelineView->setAccessibleName(tr("Tickets sold over time"));
    m_bySectionView->setAccessibleName(tr("Tickets by section"));
    m_sections->setAccessibleName(tr("Sales by section"));
    updateFigures();
}

} // namespace bilheteria::client
