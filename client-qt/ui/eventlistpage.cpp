#include "client-qt/ui/eventlistpage.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "client-qt/models/eventlistmodel.h"

namespace bilheteria::client {

namespace {
constexpr int kRefreshIntervalMs = 30'000;
}

EventListPage::EventListPage(EventListModel* events, QWidget* parent)
    : QWidget(parent)
    , m_events(events)
    , m_filter(new EventFilterModel(this)) {
    setObjectName(QStringLiteral("eventListPage"));
    m_filter->setSourceModel(m_events);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("eventSearch"));
    m_search->setClearButtonEnabled(true);
    m_fromEnabled = new QCheckBox(this);
    m_from = new QDateEdit(QDate::currentDate(), this);
    m_from->setCalendarPopup(true);
    m_from->setEnabled(false);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(EventListModel::DateColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Figures are read whole; the name takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(EventListModel::NameColumn,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setTabKeyNavigation(false);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("openEventButton"));
    m_open->setDefault(true);
    m_refresh = new QPushButton(this);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 3);
    filters->addWidget(m_fromEnabled);
    filters->addWidget(m_from);
    filters->addWidget(m_refresh);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_open);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_search, &QLineEdit::textChanged, m_filter, &EventFilterModel::setSearchText);
    connect(m_fromEnabled, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_filter->setFromDate(on ? m_from->date() : QDate());
    });
    connect(m_from, &QDateEdit::dateChanged, this, [this](QDate date) {
        if (m_fromEnabled->isChecked()) m_filter->setFromDate(date);
    });
    connect(m_table, &QTableView::activated, this, [this] { openCurrent(); });
    connect(m_open, &QPushButton::clicked, this, &EventListPage::openCurrent);
    connect(m_refresh, &QPushButton::clicked, m_events, &EventListModel::refresh);
    connect(m_events, &EventListModel::loadFailed, this,
            [this](const QString& message) { m_status->setText(message); });
    // The count follows the filtered rows however they change: a load's rows arrive in a model
    // reset just after loadingChanged(false).
    const auto showCount = [this] {
        m_status->setText(tr("%n event(s)", nullptr, m_filter->rowCount()));
    };
    connect(m_events, &EventListModel::loadingChanged, this, [this, showCount](bool loading) {
        if (loading)
            m_status->setText(tr("Loading events…"));
        else
            showCount();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, showCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, showCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, showCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_table->currentIndex().isValid() && m_filter->rowCount() > 0)
            m_table->setCurrentIndex(m_filter->index(0, 0));
    });
    // Down from the search box goes to the list; typing in the list goes to the search box.
    m_search->installEventFilter(this);
    auto* refreshKey = new QShortcut(QKeySequence::Refresh, this);
    connect(refreshKey, &QShortcut::activated, m_events, &EventListModel::refresh);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(kRefreshIntervalMs);
    connect(m_refreshTimer, &QTimer::timeout, m_events, &EventListModel::refresh);

    retranslate();
}

void EventListPage::activate() {
    m_events->refresh();
    m_refreshTimer->start();
    m_search->setFocus();
    m_search->selectAll();
}

void EventListPage::openCurrent() {
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid()) {
        m_status->setText(tr("Choose an event first."));
        return;
    }
    Q_EMIT eventChosen(index.data(EventListModel::EventIdRole).toLongLong());
}

void EventListPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

bool EventListPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_PageDown) {
            m_table->setFocus();
            if (!m_table->currentIndex().isValid() && m_filter->rowCount() > 0)
                m_table->setCurrentIndex(m_filter->index(0, 0));
            return true;
        }
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            if (!m_table->currentIndex().isValid() && m_filter->rowCount() > 0)
                m_table->setCurrentIndex(m_filter->index(0, 0));
            openCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void EventListPage::retranslate() {
    m_title->setText(tr("Events"));
    m_search->setPlaceholderText(tr("Search by event or venue (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search events"));
    m_fromEnabled->setText(tr("From"));
    m_from->setAccessibleName(tr("Show events from this day"));
    m_table->setAccessibleName(tr("Events"));
    m_open->setText(tr("&Open"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the list again (F5)"));
}

} // namespace bilheteria::client
