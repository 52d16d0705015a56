#include "client-qt/ui/eventpage.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "client-qt/models/money.h"
#include "client-qt/models/seatmapmodel.h"
#include "client-qt/ui/seatmapview.h"

namespace bilheteria::client {

namespace {

constexpr int kListedSeats = 200; // more would only slow the list; the total says the rest
constexpr int kMaxBest = 20;

using Look = SeatMapModel::SeatLook;
constexpr Look kLooks[] = {Look::Free, Look::Selected, Look::Mine, Look::Held, Look::Sold};

// A bold label, `scale` times the usual size: titles and the running total.
QLabel* boldLabel(QWidget* parent, const char* objectName, qreal scale = 1.0) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    QFont bold = label->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * scale);
    label->setFont(bold);
    return label;
}

} // namespace

EventPage::EventPage(SeatMapModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model) {
    setObjectName(QStringLiteral("eventPage"));

    m_title = boldLabel(this, "eventTitle", 1.5);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("eventDetails"));
    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionLabel"));

    m_banner = new QWidget(this);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    bannerPalette.setColor(QPalette::WindowText, QColor(0xb7, 0x1c, 0x1c));
    m_banner->setPalette(bannerPalette);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("errorText"));
    m_bannerText->setWordWrap(true);
    m_bannerClose = new QToolButton(m_banner);
    m_bannerClose->setText(QStringLiteral("✕"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerClose);
    m_banner->hide();

    m_map = new SeatMapView(m_model, this);
    m_zoomOut = new QToolButton(this);
    m_zoomIn = new QToolButton(this);
    m_fit = new QToolButton(this);
    m_zoomOut->setText(QStringLiteral("−"));
    m_zoomIn->setText(QStringLiteral("+"));

    auto* header = new QHBoxLayout;
    auto* titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_details);
    header->addLayout(titles, 1);
    header->addWidget(m_connection, 0, Qt::AlignTop);

    auto* zoom = new QHBoxLayout;
    zoom->addStretch(1);
    zoom->addWidget(m_zoomOut);
    zoom->addWidget(m_zoomIn);
    zoom->addWidget(m_fit);

    auto* centre = new QVBoxLayout;
    centre->addWidget(m_banner);
    centre->addWidget(m_map, 1);
    centre->addLayout(zoom);

    auto* body = new QHBoxLayout;
    body->addLayout(centre, 1);
    body->addWidget(buildSidePanel());

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(body, 1);

    connect(m_bannerClose, &QToolButton::clicked, m_banner, &QWidget::hide);
    connect(m_zoomIn, &QToolButton::clicked, m_map, [this] { m_map->zoomBy(1.25); });
    connect(m_zoomOut, &QToolButton::clicked, m_map, [this] { m_map->zoomBy(1 / 1.25); });
    connect(m_fit, &QToolButton::clicked, m_map, &SeatMapView::fitToView);
    connect(m_map, &SeatMapView::generalSectionActivated, this, [this](Id sectionId) {
        const int at = m_generalSection->findData(QVariant::fromValue<qint64>(sectionId));
        if (at >= 0) m_generalSection->setCurrentIndex(at);
        m_generalQuantity->setFocus();
        m_generalQuantity->selectAll();
    });

    connect(m_model, &SeatMapModel::layoutChanged, this, [this] {
        updateHeader();
        rebuildSections();
    });
    connect(m_model, &SeatMapModel::sectionsChanged, this, &EventPage::updateSectionFigures);
    connect(m_model, &SeatMapModel::selectionChanged, this, &EventPage::updateSelection);
    connect(m_model, &SeatMapModel::liveChanged, this, &EventPage::updateConnection);
    connect(m_model, &SeatMapModel::loadingChanged, this, &EventPage::updateConnection);
    connect(m_model, &SeatMapModel::loadFailed, this, &EventPage::showError);
    connect(m_model, &SeatMapModel::selectionTaken, this, [this](const QList<qint64>& ids) {
        showNotice(tr("%n seat(s) you chose were taken by someone else and left your selection.",
                      nullptr, static_cast<int>(ids.size())));
    });
    connect(m_model, &SeatMapModel::generalQuantityReduced, this, [this](qint64, qint64 quantity) {
        showNotice(tr("Only %n general-admission place(s) are left: your quantity was lowered.",
                      nullptr, static_cast<int>(quantity)));
    });
    connect(m_model, &SeatMapModel::limitReached, this, [this](int limit) {
        showNotice(tr("At most %n ticket(s) per customer for this event.", nullptr, limit));
    });
    connect(m_model, &SeatMapModel::resetApplied, this,
            [this] { showNotice(tr("The seat map was read again to catch up.")); });

    auto* holdKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    auto* holdKeyPad = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    auto* bestKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_B), this);
    for (QShortcut* key : {holdKey, holdKeyPad, bestKey})
        key->setContext(Qt::WidgetWithChildrenShortcut);
    connect(holdKey, &QShortcut::activated, this, &EventPage::requestHold);
    connect(holdKeyPad, &QShortcut::activated, this, &EventPage::requestHold);
    connect(bestKey, &QShortcut::activated, this, &EventPage::bestAvailable);

    setTabOrder(m_map, m_prices);
    setTabOrder(m_prices, m_generalSection);
    setTabOrder(m_generalSection, m_generalQuantity);
    setTabOrder(m_generalQuantity, m_generalAdd);
    setTabOrder(m_generalAdd, m_bestSection);
    setTabOrder(m_bestSection, m_bestCount);
    setTabOrder(m_bestCount, m_bestButton);
    setTabOrder(m_bestButton, m_selection);
    setTabOrder(m_selection, m_clear);
    setTabOrder(m_clear, m_hold);

    retranslate();
    updateSelection();
    updateConnection();
}

QWidget* EventPage::buildSidePanel() {
    auto* panel = new QWidget(this);
    panel->setObjectName(QStringLiteral("eventSidePanel"));
    panel->setMinimumWidth(300);
    panel->setMaximumWidth(380);

    m_pricesTitle = boldLabel(panel, "pricesTitle");
    m_prices = new QTableWidget(0, 3, panel);
    m_prices->setObjectName(QStringLiteral("priceLegend"));
    m_prices->verticalHeader()->hide();
    m_prices->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_prices->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_prices->setSelectionMode(QAbstractItemView::SingleSelection);
    m_prices->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_prices->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_prices->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_prices->setTabKeyNavigation(false);
    m_prices->setMaximumHeight(180);

    m_shapesTitle = boldLabel(panel, "shapesTitle");
    auto* shapes = new QGridLayout;
    const qreal dpr = devicePixelRatioF();
    int column = 0;
    int row = 0;
    for (const Look look : kLooks) {
        auto* icon = new QLabel(panel);
        icon->setPixmap(SeatMapView::seatShape(look, static_cast<int>(16 * dpr), dpr));
        auto* text = new QLabel(panel);
        m_shapeLabels.push_back(text);
        shapes->addWidget(icon, row, column);
        shapes->addWidget(text, row, column + 1);
        column += 2;
        if (column >= 6) {
            column = 0;
            ++row;
        }
    }
    shapes->setColumnStretch(5, 1);

    m_generalBox = new QWidget(panel);
    m_generalTitle = boldLabel(m_generalBox, "generalTitle");
    m_generalSection = new QComboBox(m_generalBox);
    m_generalSection->setObjectName(QStringLiteral("generalSection"));
    m_generalQuantity = new QSpinBox(m_generalBox);
    m_generalQuantity->setObjectName(QStringLiteral("generalQuantity"));
    m_generalQuantity->setRange(0, 1000);
    m_generalQuantity->setValue(1);
    m_generalAdd = new QPushButton(m_generalBox);
    m_generalAdd->setObjectName(QStringLiteral("generalAddButton"));
    auto* generalRow = new QHBoxLayout;
    generalRow->addWidget(m_generalSection, 1);
    generalRow->addWidget(m_generalQuantity);
    generalRow->addWidget(m_generalAdd);
    auto* generalLayout = new QVBoxLayout(m_generalBox);
    generalLayout->setContentsMargins(0, 0, 0, 0);
    generalLayout->addWidget(m_generalTitle);
    generalLayout->addLayout(generalRow);

    m_bestTitle = boldLabel(panel, "bestTitle");
    m_bestSection = new QComboBox(panel);
    m_bestSection->setObjectName(QStringLiteral("bestSection"));
    m_bestCount = new QSpinBox(panel);
    m_bestCount->setObjectName(QStringLiteral("bestCount"));
    m_bestCount->setRange(1, kMaxBest);
    m_bestCount->setValue(2);
    m_bestButton = new QPushButton(panel);
    m_bestButton->setObjectName(QStringLiteral("bestAvailableButton"));
    auto* bestRow = new QHBoxLayout;
    bestRow->addWidget(m_bestCount);
    bestRow->addWidget(m_bestButton, 1);

    m_selectionTitle = boldLabel(panel, "selectionTitle");
    m_selection = new QListWidget(panel);
    m_selection->setObjectName(QStringLiteral("selectionList"));
    m_total = boldLabel(panel, "totalLabel", 1.2);
    m_notice = new QLabel(panel);
    m_notice->setObjectName(QStringLiteral("noticeLabel"));
    m_notice->setWordWrap(true);
    m_clear = new QPushButton(panel);
    m_clear->setObjectName(QStringLiteral("clearSelectionButton"));
    m_hold = new QPushButton(panel);
    m_hold->setObjectName(QStringLiteral("holdButton"));
    m_hold->setDefault(true);
    m_hold->setMinimumHeight(m_hold->sizeHint().height() * 3 / 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_clear);
    buttons->addWidget(m_hold, 1);

    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pricesTitle);
    layout->addWidget(m_prices);
    layout->addWidget(m_shapesTitle);
    layout->addLayout(shapes);
    layout->addWidget(m_generalBox);
    layout->addWidget(m_bestTitle);
    layout->addWidget(m_bestSection);
    layout->addLayout(bestRow);
    layout->addWidget(m_selectionTitle);
    layout->addWidget(m_selection, 1);
    layout->addWidget(m_total);
    layout->addWidget(m_notice);
    layout->addLayout(buttons);

    connect(m_generalAdd, &QPushButton::clicked, this, &EventPage::addGeneral);
    connect(m_bestButton, &QPushButton::clicked, this, &EventPage::bestAvailable);
    connect(m_clear, &QPushButton::clicked, this, &EventPage::clearSelection);
    connect(m_hold, &QPushButton::clicked, this, &EventPage::requestHold);
    // Choosing a section in the legend shows it on the map (or offers its quantity).
    connect(m_prices, &QTableWidget::cellActivated, this, [this](int row, int) {
        const auto& sections = m_model->sections();
        if (row < 0 || row >= static_cast<int>(sections.size())) return;
        const SeatMapModel::Section& section = sections[static_cast<std::size_t>(row)];
        if (section.kind == SectionKind::General) {
            Q_EMIT m_map->generalSectionActivated(section.id);
            return;
        }
        m_map->setScale(16.0);
        m_map->centreOn(section.bounds.center());
    });
    return panel;
}

void EventPage::open(Id eventId) {
    m_banner->hide();
    m_notice->clear();
    if (!m_model->hasEvent() || m_model->event().summary.id != eventId) m_model->setMine({});
    m_model->load(eventId);
    updateHeader();
    updateConnection();
    m_map->setFocus();
}

Id EventPage::eventId() const {
    return m_model->eventId();
}

void EventPage::setMine(const std::vector<Id>& seatIds) {
    m_model->setMine(seatIds);
    m_model->clearSelection();
    m_banner->hide();
    showNotice(tr("Held: %n seat(s) are yours until the hold ends.", nullptr,
                  static_cast<int>(seatIds.size())));
    updateSelection();
}

void EventPage::clearSelection() {
    m_model->clearSelection();
}

void EventPage::showError(const QString& message) {
    m_model->setHoldPending(false);
    m_bannerText->setText(message);
    m_banner->show();
    m_bannerText->setAccessibleName(message);
    updateSelection();
}

void EventPage::showNotice(const QString& message) {
    m_notice->setText(message);
    m_notice->setAccessibleName(message);
}

void EventPage::requestHold() {
    if (m_model->isHoldPending()) return;
    const std::vector<HoldRequest> requests = m_model->holdRequests();
    if (requests.empty()) {
        showNotice(tr("Choose seats on the map, or a quantity of general admission, first."));
        return;
    }
    if (requests.size() > 1) {
        // One hold is one checkout: numbered seats and general admission are bought apart.
        showNotice(tr("Numbered seats and general admission are held and paid separately: "
                      "clear one of them first."));
        return;
    }
    m_banner->hide();
    m_model->setHoldPending(true);
    updateSelection();
    Q_EMIT holdRequested(m_model->eventId(), requests);
}

void EventPage::bestAvailable() {
    const QVariant data = m_bestSection->currentData();
    const std::optional<Id> section =
        data.isValid() ? std::optional<Id>(data.toLongLong()) : std::nullopt;
    const int n = m_bestCount->value();
    if (m_model->selectBestAvailable(section, n)) {
        const std::vector<int> seats = m_model->selectedSeats();
        m_map->setScale(std::max(m_map->scale(), 16.0));
        if (!seats.empty()) m_map->centreOn(m_model->seatRect(seats.front()).center());
        showNotice(tr("Best available: %1.").arg(m_model->describeSeat(seats.front())));
    } else {
        showNotice(tr("No %n adjacent free seat(s) in one row there.", nullptr, n));
    }
}

void EventPage::addGeneral() {
    const QVariant data = m_generalSection->currentData();
    if (!data.isValid()) return;
    const int wanted = m_generalQuantity->value();
    const std::int64_t kept = m_model->setGeneralQuantity(data.toLongLong(), wanted);
    if (kept < wanted && kept > 0)
        showNotice(tr("Only %n place(s) could be added.", nullptr, static_cast<int>(kept)));
}

void EventPage::updateHeader() {
    if (!m_model->hasEvent()) {
        m_title->setText(tr("Loading…"));
        m_details->clear();
        return;
    }
    const QLocale locale;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString status;
    if (now >= m_model->saleEndsAt())
        status = tr("Sale ended");
    else if (now < m_model->saleStartsAt())
        status =
            tr("On sale from %1")
                .arg(locale.toString(m_model->saleStartsAt().toLocalTime(), QLocale::ShortFormat));
    else if (m_model->totalAvailable() <= 0)
        status = tr("Sold out");
    else
        status = tr("On sale");
    m_title->setText(m_model->eventName());
    m_details->setText(
        tr("%1 · %2 · %3")
            .arg(m_model->venue(),
                 locale.toString(m_model->startsAt().toLocalTime(), QLocale::LongFormat), status));
    setAccessibleName(tr("Event %1").arg(m_model->eventName()));
}

void EventPage::updateConnection() {
    // Words and a symbol, not colour alone.
    if (m_model->isLive()) {
        m_connection->setText(tr("● live"));
        m_connection->setToolTip(tr("Seats and availability update as they change."));
    } else if (m_model->isLoading()) {
        m_connection->setText(tr("○ connecting…"));
        m_connection->setToolTip(QString());
    } else {
        m_connection->setText(tr("○ reconnecting…"));
        m_connection->setToolTip(
            tr("The live connection dropped; it comes back by itself and catches up."));
    }
    m_connection->setAccessibleName(m_connection->text());
}

void EventPage::rebuildSections() {
    const auto& sections = m_model->sections();
    m_prices->setRowCount(static_cast<int>(sections.size()));
    const QVariant bestChoice = m_bestSection->currentData();
    const QVariant generalChoice = m_generalSection->currentData();
    m_bestSection->clear();
    m_bestSection->addItem(tr("Any section (cheapest first)"));
    m_generalSection->clear();
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const SeatMapModel::Section& section = sections[i];
        const QString price = formatMoney(section.priceCents, m_model->currency());
        const auto row = static_cast<int>(i);
        m_prices->setItem(row, 0, new QTableWidgetItem(section.name));
        auto* priceItem = new QTableWidgetItem(price);
        priceItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_prices->setItem(row, 1, priceItem);
        auto* left = new QTableWidgetItem;
        left->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_prices->setItem(row, 2, left);
        const QString label = tr("%1 (%2)").arg(section.name, price);
        if (section.kind == SectionKind::General)
            m_generalSection->addItem(label, QVariant::fromValue<qint64>(section.id));
        else
            m_bestSection->addItem(label, QVariant::fromValue<qint64>(section.id));
    }
    if (const int at = m_bestSection->findData(bestChoice); at >= 0)
        m_bestSection->setCurrentIndex(at);
    if (const int at = m_generalSection->findData(generalChoice); at >= 0)
        m_generalSection->setCurrentIndex(at);
    m_generalBox->setVisible(m_generalSection->count() > 0);
    updateSectionFigures();
}

void EventPage::updateSectionFigures() {
    const auto& sections = m_model->sections();
    if (m_prices->rowCount() != static_cast<int>(sections.size())) return;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const SeatMapModel::Section& section = sections[i];
        QTableWidgetItem* left = m_prices->item(static_cast<int>(i), 2);
        left->setText(section.available > 0 ? tr("%L1 left").arg(section.available)
                                            : tr("sold out"));
        for (int column = 0; column < 3; ++column)
            m_prices->item(static_cast<int>(i), column)
                ->setToolTip(
                    tr("%1: %2, %L3 of %L4 left")
                        .arg(section.name, formatMoney(section.priceCents, m_model->currency()))
                        .arg(section.available)
                        .arg(section.capacity));
    }
    updateHeader();
}

void EventPage::updateSelection() {
    m_selection->clear();
    const std::vector<int> seats = m_model->selectedSeats();
    int listed = 0;
    for (const int index : seats) {
        if (++listed > kListedSeats) {
            m_selection->addItem(tr("… and %n more seat(s)", nullptr,
                                    static_cast<int>(seats.size()) - kListedSeats));
            break;
        }
        auto* item = new QListWidgetItem(m_model->describeSeat(index), m_selection);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(m_model->seatId(index)));
    }
    if (const auto general = m_model->generalSection()) {
        const SeatMapModel::Section* section = m_model->sectionById(*general);
        if (section)
            m_selection->addItem(
                tr("%1 — %n place(s) × %2", nullptr, static_cast<int>(m_model->generalQuantity()))
                    .arg(section->name, formatMoney(section->priceCents, m_model->currency())));
    }
    const auto tickets = static_cast<int>(m_model->selectedTicketCount());
    const QString total = formatMoney(m_model->selectedTotalCents(), m_model->currency());
    m_total->setText(tr("%n ticket(s) · total %1", nullptr, tickets).arg(total));
    m_total->setAccessibleName(m_total->text());
    m_hold->setEnabled(tickets > 0 && !m_model->isHoldPending());
    m_clear->setEnabled(tickets > 0);
    if (m_model->isHoldPending())
        m_hold->setText(tr("Holding…"));
    else
        m_hold->setText(tr("&Hold seats"));
}

void EventPage::retranslate() {
    m_zoomOut->setToolTip(tr("Zoom out (-)"));
    m_zoomOut->setAccessibleName(tr("Zoom out"));
    m_zoomIn->setToolTip(tr("Zoom in (+)"));
    m_zoomIn->setAccessibleName(tr("Zoom in"));
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Show the whole venue (0)"));
    m_fit->setAccessibleName(tr("Show the whole venue"));
    m_bannerClose->setAccessibleName(tr("Close the message"));
    m_map->setToolTip(QString());
    m_map->setWhatsThis(tr("Click a seat to choose it, Shift+drag to choose the free seats in a "
                           "rectangle, drag to move, the wheel or + and - to zoom."));
    m_pricesTitle->setText(tr("Prices"));
    m_prices->setHorizontalHeaderLabels({tr("Section"), tr("Price"), tr("Left")});
    m_prices->setAccessibleName(tr("Prices by section"));
    m_shapesTitle->setText(tr("Seats"));
    const QString lookNames[] = {tr("free"), tr("selected"), tr("yours"), tr("held"), tr("sold")};
    for (std::size_t i = 0; i < m_shapeLabels.size(); ++i)
        m_shapeLabels[i]->setText(lookNames[i]);
    m_generalTitle->setText(tr("General admission"));
    m_generalSection->setAccessibleName(tr("General admission section"));
    m_generalQuantity->setAccessibleName(tr("Number of general-admission places"));
    m_generalAdd->setText(tr("&Add"));
    m_generalAdd->setAccessibleName(tr("Add general-admission places"));
    m_bestTitle->setText(tr("Best available"));
    m_bestSection->setItemText(0, tr("Any section (cheapest first)"));
    m_bestSection->setAccessibleName(tr("Section for best available"));
    m_bestCount->setAccessibleName(tr("Number of seats side by side"));
    m_bestButton->setText(tr("&Best available"));
    m_bestButton->setToolTip(
        tr("Choose that many free seats side by side, front rows first, nearest the centre "
           "(Ctrl+B)"));
    m_selectionTitle->setText(tr("Your selection"));
    m_selection->setAccessibleName(tr("Selected seats"));
    m_clear->setText(tr("&Clear"));
    m_clear->setAccessibleName(tr("Clear the selection"));
    m_hold->setToolTip(tr("Hold the selection for checkout (Ctrl+Enter)"));
    m_hold->setAccessibleName(tr("Hold seats"));
    updateHeader();
    updateConnection();
    updateSelection();
}

void EventPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void EventPage::hideEvent(QHideEvent* event) {
    // Leaving the page closes the stream; a minimized window keeps it.
    if (!event->spontaneous()) m_model->close();
    QWidget::hideEvent(event);
}

void EventPage::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT backRequested();
        return;
    }
    if (event->key() == Qt::Key_Delete && m_selection->hasFocus()) {
        if (QListWidgetItem* item = m_selection->currentItem()) {
            const QVariant id = item->data(Qt::UserRole);
            if (id.isValid())
                m_model->deselectSeat(m_model->indexOfSeat(id.toLongLong()));
            else
                m_model->setGeneralQuantity(m_model->generalSection().value_or(0), 0);
        }
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace bilheteria::client
