#include "client-qt/ui/eventeditorpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "client-qt/models/eventdraftmodel.h"

namespace bilheteria::client {

namespace {

// The rows table shows one section's children: the same model, with the rows' own headers
// (a header cannot ask which parent it belongs to).
class RowHeaders : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return QIdentityProxyModel::headerData(section, orientation, role);
        return section == SectionListModel::LabelColumn ? EventEditorPage::tr("Row")
                                                        : EventEditorPage::tr("Seats");
    }
};

const QString kName = QStringLiteral("name");
const QString kVenue = QStringLiteral("venue");
const QString kStartsAt = QStringLiteral("starts_at");
const QString kSaleStartsAt = QStringLiteral("sale_starts_at");
const QString kSaleEndsAt = QStringLiteral("sale_ends_at");
const QString kCurrency = QStringLiteral("currency");
const QString kPerCustomer = QStringLiteral("max_tickets_per_customer");
const QString kPerCard = QStringLiteral("max_tickets_per_card");
const QString kHold = QStringLiteral("hold_seconds");
const QString kAdmit = QStringLiteral("queue.admit_per_minute");
const QString kPow = QStringLiteral("queue.pow_bits");
const QString kSections = QStringLiteral("sections");

QDateTimeEdit* newDateTimeEdit(QWidget* parent) {
    auto* edit = new QDateTimeEdit(parent);
    edit->setCalendarPopup(true);
    edit->setTimeSpec(Qt::LocalTime);
    edit->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
    return edit;
}

QSpinBox* newSpinBox(int minimum, int maximum, QWidget* parent) {
    auto* spin = new QSpinBox(parent);
    spin->setRange(minimum, maximum);
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    return spin;
}

} // namespace

EventEditorPage::EventEditorPage(EventDraftModel* draft, QWidget* parent)
    : QWidget(parent)
    , m_draft(draft) {
    setObjectName(QStringLiteral("eventEditorPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitle"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(buildEventFields());
    splitter->addWidget(scroll);
    splitter->addWidget(buildSections());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("capacityTotal"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_save = new QPushButton(this);
    m_save->setObjectName(QStringLiteral("saveEventButton"));
    // A QShortcut, not the button's: setText() replaces a button's shortcut with its mnemonic.
    auto* saveKey = new QShortcut(QKeySequence::Save, this);
    connect(saveKey, &QShortcut::activated, this, &EventEditorPage::save);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_cancel);
    bottom->addWidget(m_save);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_totals);
    layout->addLayout(bottom);

    connect(m_save, &QPushButton::clicked, this, &EventEditorPage::save);
    connect(m_cancel, &QPushButton::clicked, this, &EventEditorPage::cancelled);
    connect(m_draft, &EventDraftModel::errorsChanged, this, &EventEditorPage::showErrors);
    connect(m_draft, &EventDraftModel::busyChanged, this, [this](bool busy) {
        m_save->setEnabled(!busy);
        if (busy) m_status->setText(tr("Saving the event…"));
    });
    connect(m_draft, &EventDraftModel::created, this, [this](Id eventId, const QString& name) {
        m_status->setText(tr("“%1” was created.").arg(name));
        Q_EMIT eventCreated(eventId);
    });
    connect(m_draft, &EventDraftModel::failed, this,
            [this](const QString& message, const QString& field) {
                m_status->setText(message);
                if (!field.isEmpty()) focusField(field);
            });
    connect(m_draft->sections(), &SectionListModel::sectionsChanged, this,
            &EventEditorPage::updateTotals);

    setTabOrder(m_name, m_venue);
    setTabOrder(m_venue, m_startsAt);
    setTabOrder(m_startsAt, m_saleStartsAt);
    setTabOrder(m_saleStartsAt, m_saleEndsAt);
    setTabOrder(m_saleEndsAt, m_currency);
    setTabOrder(m_currency, m_maxPerCustomer);
    setTabOrder(m_maxPerCustomer, m_maxPerCard);
    setTabOrder(m_maxPerCard, m_holdMinutes);
    setTabOrder(m_holdMinutes, m_queue);
    setTabOrder(m_queue, m_admitPerMinute);
    setTabOrder(m_admitPerMinute, m_powBits);
    setTabOrder(m_powBits, m_sectionTable);
    setTabOrder(m_sectionTable, m_addSeated);
    setTabOrder(m_addSeated, m_addGeneral);
    setTabOrder(m_addGeneral, m_duplicate);
    setTabOrder(m_duplicate, m_remove);
    setTabOrder(m_remove, m_rowTable);
    setTabOrder(m_rowTable, m_rowsFrom);
    setTabOrder(m_rowsFrom, m_rowsTo);
    setTabOrder(m_rowsTo, m_seatsPerRow);
    setTabOrder(m_seatsPerRow, m_generate);
    setTabOrder(m_generate, m_addRow);
    setTabOrder(m_addRow, m_removeRow);
    setTabOrder(m_removeRow, m_cancel);
    setTabOrder(m_cancel, m_save);

    retranslate();
    // The fields scroll down on a small screen, never sideways: as wide as they need, once
    // their labels are in.
    scroll->setMinimumWidth(scroll->widget()->sizeHint().width() +
                            scroll->verticalScrollBar()->sizeHint().width());
    writeForm(m_draft->form());
    sectionChosen();
    updateTotals();
}

QLabel* EventEditorPage::addField(QFormLayout* form, QLabel* label, QWidget* field,
                                  const QString& path) {
    label->setBuddy(field);
    form->addRow(label, field);
    auto* error = new QLabel(field->parentWidget());
    error->setObjectName(QStringLiteral("error_") + path);
    error->setProperty("role", QStringLiteral("error"));
    error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    error->setWordWrap(true);
    error->hide();
    form->addRow(error);
    m_fieldLabels.insert(path, label);
    m_fieldWidgets.insert(path, field);
    m_errorLabels.insert(path, error);
    return error;
}

QWidget* EventEditorPage::buildEventFields() {
    auto* panel = new QWidget;
    auto* box = new QGroupBox(panel);
    m_eventBox = box;
    box->setObjectName(QStringLiteral("eventFields"));
    auto* form = new QFormLayout(box);
    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("eventName"));
    m_name->setMaxLength(EventFormLimits::kMaxNameLength);
    m_venue = new QLineEdit(box);
    m_venue->setObjectName(QStringLiteral("eventVenue"));
    m_venue->setMaxLength(EventFormLimits::kMaxNameLength);
    m_startsAt = newDateTimeEdit(box);
    m_startsAt->setObjectName(QStringLiteral("eventStartsAt"));
    m_saleStartsAt = newDateTimeEdit(box);
    m_saleStartsAt->setObjectName(QStringLiteral("saleStartsAt"));
    m_saleEndsAt = newDateTimeEdit(box);
    m_saleEndsAt->setObjectName(QStringLiteral("saleEndsAt"));
    m_currency = new QComboBox(box);
    m_currency->setObjectName(QStringLiteral("currency"));
    m_currency->setEditable(true);
    m_currency->addItems({QStringLiteral("BRL"), QStringLiteral("USD"), QStringLiteral("EUR")});
    m_maxPerCustomer = newSpinBox(1, EventFormLimits::kMaxPerCustomer, box);
    m_maxPerCustomer->setObjectName(QStringLiteral("maxPerCustomer"));
    // 0 shows as "same as per customer": the server's default when the field is left out.
    m_maxPerCard = newSpinBox(0, EventFormLimits::kMaxPerCard, box);
    m_maxPerCard->setObjectName(QStringLiteral("maxPerCard"));
    m_holdMinutes = newSpinBox(EventFormLimits::kMinHoldSeconds / 60,
                               EventFormLimits::kMaxHoldSeconds / 60, box);
    m_holdMinutes->setObjectName(QStringLiteral("holdMinutes"));
    for (auto [path, field] : {std::pair{kName, static_cast<QWidget*>(m_name)},
                               {kVenue, m_venue},
                               {kStartsAt, m_startsAt},
                               {kSaleStartsAt, m_saleStartsAt},
                               {kSaleEndsAt, m_saleEndsAt},
                               {kCurrency, m_currency},
                               {kPerCustomer, m_maxPerCustomer},
                               {kPerCard, m_maxPerCard},
                               {kHold, m_holdMinutes}})
        addField(form, new QLabel(box), field, path);

    m_queue = new QGroupBox(panel);
    m_queue->setObjectName(QStringLiteral("queueBox"));
    m_queue->setCheckable(true);
    m_queue->setChecked(false);
    auto* queueForm = new QFormLayout(m_queue);
    m_admitPerMinute = newSpinBox(1, EventFormLimits::kMaxAdmitPerMinute, m_queue);
    m_admitPerMinute->setObjectName(QStringLiteral("admitPerMinute"));
    m_powBits = newSpinBox(0, EventFormLimits::kMaxPowBits, m_queue);
    m_powBits->setObjectName(QStringLiteral("powBits"));
    addField(queueForm, new QLabel(m_queue), m_admitPerMinute, kAdmit);
    addField(queueForm, new QLabel(m_queue), m_powBits, kPow);

    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addWidget(m_queue);
    layout->addStretch(1);

    connect(m_name, &QLineEdit::textEdited, this, &EventEditorPage::formEdited);
    connect(m_venue, &QLineEdit::textEdited, this, &EventEditorPage::formEdited);
    for (QDateTimeEdit* edit : {m_startsAt, m_saleStartsAt, m_saleEndsAt})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &EventEditorPage::formEdited);
    connect(m_currency, &QComboBox::currentTextChanged, this, &EventEditorPage::formEdited);
    for (QSpinBox* spin :
         {m_maxPerCustomer, m_maxPerCard, m_holdMinutes, m_admitPerMinute, m_powBits})
        connect(spin, &QSpinBox::valueChanged, this, &EventEditorPage::formEdited);
    connect(m_queue, &QGroupBox::toggled, this, &EventEditorPage::formEdited);
    // The sale closes when the event starts unless the organizer said otherwise.
    connect(m_startsAt, &QDateTimeEdit::dateTimeChanged, this, [this](const QDateTime& startsAt) {
        if (m_writing) return;
        if (m_saleEndsAt->dateTime() > startsAt || !m_saleEndsAt->property("edited").toBool())
            m_saleEndsAt->setDateTime(startsAt);
    });
    connect(m_saleEndsAt, &QDateTimeEdit::editingFinished, this,
            [this] { m_saleEndsAt->setProperty("edited", true); });
    return panel;
}

QWidget* EventEditorPage::buildSections() {
    auto* panel = new QWidget;
    SectionListModel* sections = m_draft->sections();

    m_sectionsBox = new QGroupBox(panel);
    m_sectionTable = new QTableView(m_sectionsBox);
    m_sectionTable->setObjectName(QStringLiteral("sectionTable"));
    m_sectionTable->setModel(sections);
    m_sectionTable->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_sectionTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sectionTable->setEditTriggers(QAbstractItemView::DoubleClicked |
                                    QAbstractItemView::EditKeyPressed |
                                    QAbstractItemView::AnyKeyPressed);
    m_sectionTable->verticalHeader()->hide();
    m_sectionTable->horizontalHeader()->setSectionResizeMode(SectionListModel::NameColumn,
                                                             QHeaderView::Stretch);
    m_sectionTable->setWordWrap(false);
    m_sectionTable->setTabKeyNavigation(false);
    m_sectionsError = new QLabel(m_sectionsBox);
    m_sectionsError->setObjectName(QStringLiteral("error_sections"));
    m_sectionsError->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_sectionsError->setWordWrap(true);
    m_sectionsError->hide();
    m_errorLabels.insert(kSections, m_sectionsError);
    m_addSeated = new QPushButton(m_sectionsBox);
    m_addSeated->setObjectName(QStringLiteral("addSeatedButton"));
    m_addGeneral = new QPushButton(m_sectionsBox);
    m_addGeneral->setObjectName(QStringLiteral("addGeneralButton"));
    m_duplicate = new QPushButton(m_sectionsBox);
    m_duplicate->setObjectName(QStringLiteral("duplicateSectionButton"));
    m_remove = new QPushButton(m_sectionsBox);
    m_remove->setObjectName(QStringLiteral("removeSectionButton"));
    m_fieldWidgets.insert(kSections, m_addSeated);

    auto* sectionButtons = new QHBoxLayout;
    sectionButtons->addWidget(m_addSeated);
    sectionButtons->addWidget(m_addGeneral);
    sectionButtons->addWidget(m_duplicate);
    sectionButtons->addStretch(1);
    sectionButtons->addWidget(m_remove);
    auto* sectionsLayout = new QVBoxLayout(m_sectionsBox);
    sectionsLayout->addWidget(m_sectionTable, 1);
    sectionsLayout->addWidget(m_sectionsError);
    sectionsLayout->addLayout(sectionButtons);

    m_rowsBox = new QGroupBox(panel);
    m_rowTable = new QTableView(m_rowsBox);
    m_rowTable->setObjectName(QStringLiteral("rowTable"));
    auto* rowModel = new RowHeaders(m_rowTable);
    rowModel->setSourceModel(sections);
    m_rowTable->setModel(rowModel);
    m_rowTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_rowTable->setEditTriggers(m_sectionTable->editTriggers());
    m_rowTable->verticalHeader()->hide();
    m_rowTable->horizontalHeader()->setStretchLastSection(true);
    m_rowTable->setTabKeyNavigation(false);
    m_rowsFrom = new QLineEdit(QStringLiteral("A"), m_rowsBox);
    m_rowsFrom->setObjectName(QStringLiteral("rowsFrom"));
    m_rowsFrom->setMaxLength(4);
    m_rowsTo = new QLineEdit(QStringLiteral("J"), m_rowsBox);
    m_rowsTo->setObjectName(QStringLiteral("rowsTo"));
    m_rowsTo->setMaxLength(4);
    m_seatsPerRow = newSpinBox(1, static_cast<int>(EventFormLimits::kMaxSeatsPerRow), m_rowsBox);
    m_seatsPerRow->setObjectName(QStringLiteral("seatsPerRow"));
    m_seatsPerRow->setValue(20);
    m_generate = new QPushButton(m_rowsBox);
    m_generate->setObjectName(QStringLiteral("generateRowsButton"));
    m_addRow = new QPushButton(m_rowsBox);
    m_addRow->setObjectName(QStringLiteral("addRowButton"));
    m_removeRow = new QPushButton(m_rowsBox);
    m_removeRow->setObjectName(QStringLiteral("removeRowButton"));

    m_rowsFromLabel = new QLabel(m_rowsBox);
    m_rowsFromLabel->setBuddy(m_rowsFrom);
    m_rowsToLabel = new QLabel(m_rowsBox);
    m_rowsToLabel->setBuddy(m_rowsTo);
    const int labelWidth = m_rowsFrom->fontMetrics().horizontalAdvance(QStringLiteral("MMMMMM"));
    m_rowsFrom->setMaximumWidth(labelWidth);
    m_rowsTo->setMaximumWidth(labelWidth);
    auto* generator = new QHBoxLayout;
    generator->addWidget(m_rowsFromLabel);
    generator->addWidget(m_rowsFrom);
    generator->addWidget(m_rowsToLabel);
    generator->addWidget(m_rowsTo);
    generator->addWidget(new QLabel(QStringLiteral("×"), m_rowsBox));
    generator->addWidget(m_seatsPerRow);
    generator->addWidget(m_generate);
    generator->addStretch(1);
    auto* rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_addRow);
    rowButtons->addStretch(1);
    rowButtons->addWidget(m_removeRow);
    auto* rowsLayout = new QVBoxLayout(m_rowsBox);
    rowsLayout->addLayout(generator);
    rowsLayout->addWidget(m_rowTable, 1);
    rowsLayout->addLayout(rowButtons);

    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sectionsBox, 3);
    layout->addWidget(m_rowsBox, 2);

    const auto choose = [this](int row) {
        m_sectionTable->setCurrentIndex(m_draft->sections()->index(row, 0));
        m_sectionTable->setFocus();
    };
    connect(m_addSeated, &QPushButton::clicked, this,
            [this, choose] { choose(m_draft->sections()->addSeated()); });
    connect(m_addGeneral, &QPushButton::clicked, this,
            [this, choose] { choose(m_draft->sections()->addGeneral()); });
    connect(m_duplicate, &QPushButton::clicked, this, [this, choose] {
        const int row = m_draft->sections()->duplicate(currentSection());
        if (row >= 0) choose(row);
    });
    connect(m_remove, &QPushButton::clicked, this, [this, choose] {
        const int row = currentSection();
        if (!m_draft->sections()->removeSection(row)) return;
        if (m_draft->sections()->rowCount() > 0)
            choose(std::min(row, m_draft->sections()->rowCount() - 1));
        sectionChosen();
    });
    connect(m_generate, &QPushButton::clicked, this, &EventEditorPage::generateRows);
    connect(m_rowsTo, &QLineEdit::returnPressed, this, &EventEditorPage::generateRows);
    connect(m_addRow, &QPushButton::clicked, this, [this] {
        const int section = currentSection();
        const int row = m_draft->sections()->addRow(section, QString(), m_seatsPerRow->value());
        if (row < 0) return;
        m_rowTable->setCurrentIndex(m_rowTable->model()->index(row, 0, m_rowTable->rootIndex()));
        m_rowTable->setFocus();
    });
    connect(m_removeRow, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_rowTable->currentIndex();
        if (!current.isValid()) return;
        m_draft->sections()->removeSeatRow(currentSection(), current.row());
    });
    connect(m_sectionTable->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &EventEditorPage::sectionChosen);
    // The rows table's root is a section: after the sections change, point it again.
    connect(sections, &QAbstractItemModel::modelReset, this, &EventEditorPage::sectionChosen);
    connect(sections, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex& parent) {
        if (!parent.isValid()) sectionChosen();
    });
    connect(sections, &QAbstractItemModel::dataChanged, this, [this] {
        if (currentSection() >= 0) sectionChosen();
    });
    return panel;
}

int EventEditorPage::currentSection() const {
    QModelIndex current = m_sectionTable->currentIndex();
    if (!current.isValid()) return -1;
    return current.row();
}

void EventEditorPage::sectionChosen() {
    SectionListModel* sections = m_draft->sections();
    const int row = currentSection();
    const bool any = row >= 0 && row < sections->rowCount();
    const bool seated = any && sections->index(row, 0).data(SectionListModel::KindRole).toInt() ==
                                   static_cast<int>(SectionKind::Seated);
    m_duplicate->setEnabled(any);
    m_remove->setEnabled(any);
    m_rowsBox->setEnabled(seated);
    m_rowTable->setVisible(any);
    auto* proxy = static_cast<QIdentityProxyModel*>(m_rowTable->model());
    if (any) {
        const QModelIndex root = proxy->mapFromSource(sections->index(row, 0));
        if (m_rowTable->rootIndex() != root) m_rowTable->setRootIndex(root);
        const QString name = sections->index(row, 0).data().toString();
        m_rowsBox->setTitle(seated ? tr("Rows of “%1”").arg(name)
                                   : tr("“%1” is general admission: no rows").arg(name));
    } else {
        m_rowsBox->setTitle(tr("Rows"));
    }
}

void EventEditorPage::generateRows() {
    const QStringList labels = EventDraftModel::rowLabels(m_rowsFrom->text(), m_rowsTo->text());
    if (labels.isEmpty()) {
        m_status->setText(tr("Rows go from a first to a last label: letters (A to Z, AA…) or "
                             "numbers (1 to 40), at most %L1 rows.")
                              .arg(EventFormLimits::kMaxRowsPerSection));
        m_rowsFrom->setFocus();
        return;
    }
    if (m_draft->sections()->setRows(currentSection(), labels, m_seatsPerRow->value()))
        m_status->setText(tr("%n row(s) of %L1 seats.", nullptr, static_cast<int>(labels.size()))
                              .arg(m_seatsPerRow->value()));
}

void EventEditorPage::startNew() {
    m_draft->reset();
    m_saleEndsAt->setProperty("edited", false);
    writeForm(m_draft->form());
    m_status->clear();
    m_sectionTable->setCurrentIndex(m_draft->sections()->index(0, 0));
    sectionChosen();
    updateTotals();
    showErrors();
    m_name->setFocus();
}

EventForm EventEditorPage::readForm() const {
    EventForm form;
    form.name = m_name->text();
    form.venue = m_venue->text();
    form.startsAt = m_startsAt->dateTime();
    form.saleStartsAt = m_saleStartsAt->dateTime();
    form.saleEndsAt = m_saleEndsAt->dateTime();
    form.currency = m_currency->currentText().trimmed().toUpper();
    form.maxPerCustomer = m_maxPerCustomer->value();
    form.maxPerCard = m_maxPerCard->value();
    form.holdSeconds = m_holdMinutes->value() * 60;
    form.queueEnabled = m_queue->isChecked();
    form.admitPerMinute = m_admitPerMinute->value();
    form.powBits = m_powBits->value();
    return form;
}

void EventEditorPage::writeForm(const EventForm& form) {
    m_writing = true;
    m_name->setText(form.name);
    m_venue->setText(form.venue);
    m_startsAt->setDateTime(form.startsAt.toLocalTime());
    m_saleStartsAt->setDateTime(form.saleStartsAt.toLocalTime());
    m_saleEndsAt->setDateTime(form.saleEndsAt.toLocalTime());
    m_currency->setCurrentText(form.currency);
    m_maxPerCustomer->setValue(form.maxPerCustomer);
    m_maxPerCard->setValue(form.maxPerCard);
    m_holdMinutes->setValue(form.holdSeconds / 60);
    m_queue->setChecked(form.queueEnabled);
    m_admitPerMinute->setValue(form.admitPerMinute);
    m_powBits->setValue(form.powBits);
    m_writing = false;
}

void EventEditorPage::formEdited() {
    if (m_writing) return;
    m_draft->setForm(readForm());
}

void EventEditorPage::save() {
    m_draft->setForm(readForm());
    if (m_draft->submit()) return;
    if (m_draft->isBusy()) return;
    const FieldErrors& errors = m_draft->errors();
    if (errors.isEmpty()) return;
    m_status->setText(tr("%n field(s) need attention; see the messages in red.", nullptr,
                         static_cast<int>(errors.size())));
    // The first problem in the order the page reads: the event's fields, then the sections.
    for (const QString& field : {kName, kVenue, kStartsAt, kSaleStartsAt, kSaleEndsAt, kCurrency,
                                 kPerCustomer, kPerCard, kHold, kAdmit, kPow})
        if (errors.contains(field)) return focusField(field);
    focusField(errors.firstKey());
}

void EventEditorPage::focusField(const QString& field) {
    if (QWidget* widget = m_fieldWidgets.value(field)) {
        widget->setFocus();
        return;
    }
    SectionListModel* sections = m_draft->sections();
    const QModelIndex cell = sections->indexForField(field);
    if (!cell.isValid()) return;
    if (!cell.parent().isValid()) {
        m_sectionTable->setCurrentIndex(cell);
        m_sectionTable->setFocus();
        m_status->setText(m_status->text() + u' ' +
                          cell.data(SectionListModel::ErrorRole).toString());
        return;
    }
    m_sectionTable->setCurrentIndex(sections->index(cell.parent().row(), 0));
    sectionChosen();
    auto* proxy = static_cast<QIdentityProxyModel*>(m_rowTable->model());
    m_rowTable->setCurrentIndex(proxy->mapFromSource(cell));
    m_rowTable->setFocus();
    m_status->setText(
        m_status->text() + u' ' +
        tr("Row %1: %2")
            .arg(cell.siblingAtColumn(SectionListModel::LabelColumn).data().toString(),
                 cell.data(SectionListModel::ErrorRole).toString()));
}

void EventEditorPage::showErrors() {
    const FieldErrors& errors = m_draft->errors();
    for (auto it = m_errorLabels.begin(); it != m_errorLabels.end(); ++it) {
        const QString message = errors.value(it.key());
        it.value()->setText(message);
        it.value()->setVisible(!message.isEmpty());
        if (QWidget* field = m_fieldWidgets.value(it.key()))
            field->setAccessibleDescription(message);
    }
    // A problem with a whole section (too many places) has no cell of its own: say it here.
    if (errors.value(kSections).isEmpty()) {
        for (auto it = errors.begin(); it != errors.end(); ++it)
            if (it.key().startsWith(kSections) && !it.key().contains(u'.')) {
                m_sectionsError->setText(it.value());
                m_sectionsError->show();
                break;
            }
    }
}

void EventEditorPage::updateTotals() {
    const SectionListModel* sections = m_draft->sections();
    const qint64 seats = sections->totalSeats();
    const qint64 general = sections->totalGeneral();
    m_totals->setText(tr("Capacity: %L1 places — %L2 numbered seats, %L3 general admission, "
                         "in %n section(s)",
                         nullptr, sections->rowCount())
                          .arg(seats + general)
                          .arg(seats)
                          .arg(general));
    const bool over = seats > EventFormLimits::kMaxSeatsPerEvent ||
                      seats + general > EventFormLimits::kMaxPlacesPerEvent;
    m_totals->setStyleSheet(over ? QStringLiteral("color: #b3261e; font-weight: bold;")
                                 : QStringLiteral("font-weight: bold;"));
}

void EventEditorPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void EventEditorPage::retranslate() {
    m_title->setText(tr("New event"));
    const QList<std::pair<QString, QString>> labels = {
        {kName, tr("&Name")},
        {kVenue, tr("&Venue")},
        {kStartsAt, tr("&Starts")},
        {kSaleStartsAt, tr("Sale &opens")},
        {kSaleEndsAt, tr("Sale &closes")},
        {kCurrency, tr("C&urrency")},
        {kPerCustomer, tr("Tickets per cus&tomer")},
        {kPerCard, tr("Tickets per car&d")},
        {kHold, tr("&Hold time")},
        {kAdmit, tr("&Let in per minute")},
        {kPow, tr("&Proof of work")},
    };
    for (const auto& [path, text] : labels) {
        m_fieldLabels.value(path)->setText(text);
        m_fieldWidgets.value(path)->setAccessibleName(QString(text).remove(u'&'));
    }
    m_name->setPlaceholderText(tr("Rock Night"));
    m_venue->setPlaceholderText(tr("Arena"));
    m_maxPerCard->setSpecialValueText(tr("Same as per customer"));
    m_maxPerCard->setToolTip(tr("The most tickets one payment card may buy, whoever uses it"));
    m_holdMinutes->setSuffix(tr(" min"));
    m_holdMinutes->setToolTip(tr("How long chosen seats stay reserved while the buyer pays"));
    m_admitPerMinute->setSuffix(tr(" people"));
    m_powBits->setSuffix(tr(" bits"));
    m_powBits->setToolTip(tr("A small computing cost to join the waiting room, against bots "
                             "(0: none; 20 takes a phone about a second)"));
    m_queue->setTitle(tr("&Waiting room"));
    m_queue->setAccessibleName(tr("Waiting room"));
    m_eventBox->setTitle(tr("Event"));
    m_sectionsBox->setTitle(tr("Sections and prices"));
    m_sectionTable->setAccessibleName(tr("Sections"));
    // Room for the longer kind, whichever rows there are yet.
    m_sectionTable->horizontalHeader()->resizeSection(
        SectionListModel::KindColumn,
        m_sectionTable->fontMetrics().horizontalAdvance(SectionListModel::tr("General admission")) +
            m_sectionTable->fontMetrics().averageCharWidth() * 3);
    m_addSeated->setText(tr("Add s&eated"));
    m_addGeneral->setText(tr("Add &general"));
    m_duplicate->setText(tr("Dupl&icate"));
    m_remove->setText(tr("&Remove"));
    m_rowTable->setAccessibleName(tr("Rows of the section"));
    m_rowsFromLabel->setText(tr("Rows &from"));
    m_rowsToLabel->setText(tr("to"));
    m_rowsFrom->setAccessibleName(tr("First row"));
    m_rowsTo->setAccessibleName(tr("Last row"));
    m_seatsPerRow->setAccessibleName(tr("Seats per row"));
    m_seatsPerRow->setSuffix(tr(" seats"));
    m_generate->setText(tr("&Make rows"));
    m_generate->setToolTip(tr("Replace the rows with these: first to last, each with this many "
                              "seats"));
    m_addRow->setText(tr("&Add row"));
    m_removeRow->setText(tr("Remove row"));
    m_cancel->setText(tr("Cancel"));
    m_save->setText(tr("Save (Ctrl+S)"));
    m_save->setAccessibleName(tr("Save the event"));
    sectionChosen();
}

} // namespace bilheteria::client
