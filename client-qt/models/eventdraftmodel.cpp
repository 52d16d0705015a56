#include "client-qt/models/eventdraftmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include "client-qt/models/money.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

using Limits = EventFormLimits;

namespace {

QString sectionPath(int section) {
    return QStringLiteral("sections[%1]").arg(section);
}

QString rowPath(int section, int row) {
    return QStringLiteral("sections[%1].rows[%2]").arg(section).arg(row);
}

// Spreadsheet numbering: A = 1, Z = 26, AA = 27. 0 when `text` is not letters only.
qint64 lettersToNumber(const QString& text) {
    if (text.isEmpty() || text.size() > 4) return 0;
    qint64 number = 0;
    for (const QChar c : text) {
        const QChar upper = c.toUpper();
        if (upper < u'A' || upper > u'Z') return 0;
        number = number * 26 + (upper.unicode() - u'A' + 1);
    }
    return number;
}

QString numberToLetters(qint64 number) {
    QString out;
    while (number > 0) {
        --number;
        out.prepend(QChar(u'A' + static_cast<char16_t>(number % 26)));
        number /= 26;
    }
    return out;
}

// The label after `last`: "F" after "E", "AA" after "Z", "13" after "12"; "A" to begin.
QString nextRowLabel(const QString& last) {
    if (last.isEmpty()) return QStringLiteral("A");
    bool isNumber = false;
    const qint64 number = last.toLongLong(&isNumber);
    if (isNumber) return QString::number(number + 1);
    if (const qint64 letters = lettersToNumber(last); letters > 0) {
        const QString next = numberToLetters(letters + 1);
        return last == last.toLower() ? next.toLower() : next;
    }
    return last + QStringLiteral("+");
}

// Internal ids: 0 for a section's cell, section + 1 for the cells of that section's rows.
constexpr quintptr kSectionLevel = 0;

} // namespace

qint64 SectionForm::places() const {
    if (kind == SectionKind::General) return capacity;
    qint64 total = 0;
    for (const RowForm& row : rows)
        total += row.seats;
    return total;
}

// ---- SectionListModel ----

SectionListModel::SectionListModel(QObject* parent)
    : QAbstractItemModel(parent) {}

void SectionListModel::setSections(QList<SectionForm> sections) {
    beginResetModel();
    m_sections = std::move(sections);
    m_errors.clear();
    endResetModel();
    touched();
}

QString SectionListModel::uniqueName(const QString& wanted) const {
    QSet<QString> names;
    for (const SectionForm& section : m_sections)
        names.insert(section.name.trimmed());
    if (wanted.trimmed().isEmpty()) {
        for (int n = static_cast<int>(m_sections.size()) + 1;; ++n) {
            const QString name = tr("Section %1").arg(n);
            if (!names.contains(name)) return name;
        }
    }
    const QString base = wanted.trimmed();
    if (!names.contains(base)) return base;
    for (int n = 2;; ++n) {
        const QString name = QStringLiteral("%1 (%2)").arg(base).arg(n);
        if (!names.contains(name)) return name;
    }
}

int SectionListModel::addSeated(const QString& name, qint64 priceCents, QList<RowForm> rows) {
    SectionForm section;
    section.name = uniqueName(name);
    section.priceCents = priceCents;
    section.kind = SectionKind::Seated;
    if (rows.isEmpty())
        for (const QString& label :
             EventDraftModel::rowLabels(QStringLiteral("A"), QStringLiteral("E")))
            rows.append(RowForm{label, 10});
    section.rows = std::move(rows);
    const int at = static_cast<int>(m_sections.size());
    beginInsertRows({}, at, at);
    m_sections.append(std::move(section));
    endInsertRows();
    touched();
    return at;
}

int SectionListModel::addGeneral(const QString& name, qint64 priceCents, qint64 capacity) {
    SectionForm section;
    section.name = uniqueName(name);
    section.priceCents = priceCents;
    section.kind = SectionKind::General;
    section.capacity = capacity;
    const int at = static_cast<int>(m_sections.size());
    beginInsertRows({}, at, at);
    m_sections.append(std::move(section));
    endInsertRows();
    touched();
    return at;
}

int SectionListModel::duplicate(int section) {
    if (section < 0 || section >= m_sections.size()) return -1;
    SectionForm copy = m_sections.at(section);
    copy.name = uniqueName(copy.name);
    const int at = section + 1;
    beginInsertRows({}, at, at);
    m_sections.insert(at, std::move(copy));
    endInsertRows();
    // Paths of the sections after it moved: their old problems no longer point right.
    setErrors({});
    touched();
    return at;
}

bool SectionListModel::removeSection(int section) {
    if (section < 0 || section >= m_sections.size()) return false;
    beginRemoveRows({}, section, section);
    m_sections.removeAt(section);
    endRemoveRows();
    setErrors({});
    touched();
    return true;
}

int SectionListModel::addRow(int section, const QString& label, qint64 seats) {
    if (section < 0 || section >= m_sections.size()) return -1;
    SectionForm& target = m_sections[section];
    if (target.kind != SectionKind::Seated) return -1;
    QString name = label.trimmed();
    if (name.isEmpty())
        name = nextRowLabel(target.rows.isEmpty() ? QString() : target.rows.last().label);
    const int at = static_cast<int>(target.rows.size());
    beginInsertRows(index(section, 0), at, at);
    target.rows.append(RowForm{name, seats});
    endInsertRows();
    const QModelIndex places = index(section, PlacesColumn);
    Q_EMIT dataChanged(places, index(section, RowsColumn));
    touched();
    return at;
}

bool SectionListModel::removeSeatRow(int section, int row) {
    if (section < 0 || section >= m_sections.size()) return false;
    SectionForm& target = m_sections[section];
    if (row < 0 || row >= target.rows.size()) return false;
    beginRemoveRows(index(section, 0), row, row);
    target.rows.removeAt(row);
    endRemoveRows();
    Q_EMIT dataChanged(index(section, PlacesColumn), index(section, RowsColumn));
    setErrors({});
    touched();
    return true;
}

bool SectionListModel::setRows(int section, const QStringList& labels, qint64 seatsPerRow) {
    if (section < 0 || section >= m_sections.size() || labels.isEmpty()) return false;
    SectionForm& target = m_sections[section];
    if (target.kind != SectionKind::Seated) return false;
    const QModelIndex parent = index(section, 0);
    if (!target.rows.isEmpty()) {
        beginRemoveRows(parent, 0, static_cast<int>(target.rows.size()) - 1);
        target.rows.clear();
        endRemoveRows();
    }
    beginInsertRows(parent, 0, static_cast<int>(labels.size()) - 1);
    for (const QString& label : labels)
        target.rows.append(RowForm{label, seatsPerRow});
    endInsertRows();
    Q_EMIT dataChanged(index(section, PlacesColumn), index(section, RowsColumn));
    setErrors({});
    touched();
    return true;
}

void SectionListModel::setCurrency(const QString& currency) {
    if (m_currency == currency) return;
    m_currency = currency;
    if (!m_sections.isEmpty())
        Q_EMIT dataChanged(index(0, PriceColumn),
                           index(static_cast<int>(m_sections.size()) - 1, PriceColumn));
}

qint64 SectionListModel::totalPlaces() const {
    return totalSeats() + totalGeneral();
}

qint64 SectionListModel::totalSeats() const {
    qint64 total = 0;
    for (const SectionForm& section : m_sections)
        if (section.kind == SectionKind::Seated) total += section.places();
    return total;
}

qint64 SectionListModel::totalGeneral() const {
    qint64 total = 0;
    for (const SectionForm& section : m_sections)
        if (section.kind == SectionKind::General) total += section.capacity;
    return total;
}

void SectionListModel::setErrors(const FieldErrors& errors) {
    FieldErrors mine;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        if (it.key().startsWith(QStringLiteral("sections"))) mine.insert(it.key(), it.value());
    if (mine == m_errors) return;
    // Repaint the cells that had a problem and those that have one now.
    QList<QModelIndex> cells;
    for (const QString& field : m_errors.keys() + mine.keys())
        if (const QModelIndex cell = indexForField(field); cell.isValid()) cells.append(cell);
    m_errors = std::move(mine);
    for (const QModelIndex& cell : cells)
        Q_EMIT dataChanged(cell, cell, {ErrorRole, Qt::ToolTipRole, Qt::BackgroundRole});
}

QModelIndex SectionListModel::indexForField(const QString& field) const {
    static const QRegularExpression pattern(QStringLiteral(
        R"(^sections\[(\d+)\](?:\.(name|price_cents|capacity|rows)(?:\[(\d+)\](?:\.(label|seats))?)?)?$)"));
    const auto match = pattern.match(field);
    if (!match.hasMatch()) return {};
    const int section = match.captured(1).toInt();
    if (section < 0 || section >= m_sections.size()) return {};
    const QString what = match.captured(2);
    if (!match.captured(3).isEmpty()) {
        const int row = match.captured(3).toInt();
        if (row < 0 || row >= m_sections.at(section).rows.size()) return index(section, RowsColumn);
        return index(row, match.captured(4) == QStringLiteral("seats") ? SeatsColumn : LabelColumn,
                     index(section, 0));
    }
    if (what == QStringLiteral("price_cents")) return index(section, PriceColumn);
    if (what == QStringLiteral("capacity")) return index(section, PlacesColumn);
    if (what == QStringLiteral("rows")) return index(section, RowsColumn);
    return index(section, NameColumn);
}

QString SectionListModel::fieldForIndex(const QModelIndex& index) const {
    if (!index.isValid()) return {};
    if (isSectionIndex(index)) {
        const QString path = sectionPath(index.row());
        switch (index.column()) {
        case NameColumn:
            return path + QStringLiteral(".name");
        case PriceColumn:
            return path + QStringLiteral(".price_cents");
        case PlacesColumn:
            return m_sections.at(index.row()).kind == SectionKind::General
                       ? path + QStringLiteral(".capacity")
                       : path + QStringLiteral(".rows");
        case RowsColumn:
            return path + QStringLiteral(".rows");
        default:
            return path;
        }
    }
    const int section = static_cast<int>(index.internalId() - 1);
    return rowPath(section, index.row()) +
           (index.column() == SeatsColumn ? QStringLiteral(".seats") : QStringLiteral(".label"));
}

bool SectionListModel::isSectionIndex(const QModelIndex& index) const {
    return index.isValid() && index.internalId() == kSectionLevel;
}

QModelIndex SectionListModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, kSectionLevel);
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex SectionListModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kSectionLevel) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kSectionLevel);
}

int SectionListModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(m_sections.size());
    if (!isSectionIndex(parent) || parent.column() != 0) return 0;
    return static_cast<int>(m_sections.at(parent.row()).rows.size());
}

int SectionListModel::columnCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return ColumnCount;
    return isSectionIndex(parent) ? RowColumnCount : 0;
}

QVariant SectionListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const QString error = m_errors.value(fieldForIndex(index));
    switch (role) {
    case ErrorRole:
        return error;
    case Qt::ToolTipRole:
        return error.isEmpty() ? QVariant() : QVariant(error);
    case Qt::BackgroundRole:
        return error.isEmpty() ? QVariant() : QVariant(QBrush(QColor(0xfd, 0xe2, 0xe1)));
    case Qt::TextAlignmentRole:
        if ((isSectionIndex(index) &&
             (index.column() == PriceColumn || index.column() == PlacesColumn)) ||
            (!isSectionIndex(index) && index.column() == SeatsColumn))
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        break;
    }
    if (!isSectionIndex(index)) {
        const SectionForm& section = m_sections.at(static_cast<int>(index.internalId() - 1));
        const RowForm& row = section.rows.at(index.row());
        if (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::AccessibleTextRole) {
            if (index.column() == LabelColumn) return row.label;
            if (role == Qt::DisplayRole) return QLocale().toString(row.seats);
            return static_cast<int>(row.seats);
        }
        if (role == ValueRole)
            return index.column() == LabelColumn ? QVariant(row.label)
                                                 : QVariant::fromValue<qint64>(row.seats);
        return {};
    }
    const SectionForm& section = m_sections.at(index.row());
    if (role == KindRole) return static_cast<int>(section.kind);
    const bool general = section.kind == SectionKind::General;
    if (role == ValueRole) {
        switch (index.column()) {
        case NameColumn:
            return section.name;
        case KindColumn:
            return static_cast<int>(section.kind);
        case PriceColumn:
            return QVariant::fromValue<qint64>(section.priceCents);
        case PlacesColumn:
            return QVariant::fromValue<qint64>(section.places());
        case RowsColumn:
            return static_cast<int>(section.rows.size());
        }
        return {};
    }
    if (role == Qt::EditRole) {
        switch (index.column()) {
        case NameColumn:
            return section.name;
        case PriceColumn:
            // Typed like the clerk's amounts: "250,00" or "250.00", read by parseMoneyCents.
            return QLocale().toString(static_cast<double>(section.priceCents) / 100.0, 'f', 2);
        case PlacesColumn:
            return general ? QVariant(static_cast<int>(section.capacity)) : QVariant();
        }
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole) return {};
    switch (index.column()) {
    case NameColumn:
        return section.name;
    case KindColumn:
        return general ? tr("General admission") : tr("Seated");
    case PriceColumn:
        return formatMoney(section.priceCents, m_currency);
    case PlacesColumn:
        return QLocale().toString(section.places());
    case RowsColumn:
        return general ? tr("no rows")
                       : tr("%n row(s)", nullptr, static_cast<int>(section.rows.size()));
    }
    return {};
}

bool SectionListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole && role != ValueRole) return false;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return false;
    bool ok = true;
    if (!isSectionIndex(index)) {
        const int sectionRow = static_cast<int>(index.internalId() - 1);
        RowForm& row = m_sections[sectionRow].rows[index.row()];
        if (index.column() == LabelColumn) {
            row.label = value.toString().trimmed();
        } else {
            const qint64 seats = value.toLongLong(&ok);
            if (!ok) return false;
            row.seats = seats;
            Q_EMIT dataChanged(this->index(sectionRow, PlacesColumn),
                               this->index(sectionRow, PlacesColumn));
        }
        clearErrorAt(index);
        Q_EMIT dataChanged(index, index);
        touched();
        return true;
    }
    SectionForm& section = m_sections[index.row()];
    switch (index.column()) {
    case NameColumn:
        section.name = value.toString().trimmed();
        break;
    case PriceColumn: {
        qint64 cents = -1;
        if (role == ValueRole)
            cents = value.toLongLong(&ok);
        else
            cents = parseMoneyCents(value.toString());
        if (!ok || cents < 0) return false;
        section.priceCents = cents;
        break;
    }
    case PlacesColumn: {
        if (section.kind != SectionKind::General) return false;
        const qint64 capacity = value.toLongLong(&ok);
        if (!ok) return false;
        section.capacity = capacity;
        break;
    }
    default:
        return false;
    }
    clearErrorAt(index);
    Q_EMIT dataChanged(index, index);
    touched();
    return true;
}

void SectionListModel::clearErrorAt(const QModelIndex& index) {
    if (m_errors.remove(fieldForIndex(index)) > 0)
        Q_EMIT dataChanged(index, index, {ErrorRole, Qt::ToolTipRole, Qt::BackgroundRole});
}

void SectionListModel::touched() {
    Q_EMIT sectionsChanged();
}

Qt::ItemFlags SectionListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (isSectionIndex(index)) {
        flags &= ~Qt::ItemNeverHasChildren;
        const SectionForm& section = m_sections.at(index.row());
        const bool editable =
            index.column() == NameColumn || index.column() == PriceColumn ||
            (index.column() == PlacesColumn && section.kind == SectionKind::General);
        if (editable) flags |= Qt::ItemIsEditable;
        return flags;
    }
    return flags | Qt::ItemIsEditable;
}

QVariant SectionListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn:
        return tr("Section");
    case KindColumn:
        return tr("Kind");
    case PriceColumn:
        return tr("Price");
    case PlacesColumn:
        return tr("Places");
    case RowsColumn:
        return tr("Rows");
    }
    return {};
}

// ---- EventDraftModel ----

EventDraftModel::EventDraftModel(ApiClient* api, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_sections(new SectionListModel(this)) {
    reset();
}

void EventDraftModel::reset() {
    EventForm form;
    const QDateTime now = QDateTime::currentDateTime();
    form.startsAt = QDateTime(now.date().addMonths(1), QTime(20, 0));
    // Whole minutes: the editor shows no seconds, and the server keeps whole seconds.
    form.saleStartsAt = QDateTime(now.date(), QTime(now.time().hour(), now.time().minute()));
    form.saleEndsAt = form.startsAt;
    m_form = form;
    m_sections->setSections({});
    m_sections->setCurrency(form.currency);
    m_sections->addSeated();
    setErrors({});
}

void EventDraftModel::setForm(const EventForm& form) {
    m_form = form;
    m_sections->setCurrency(form.currency);
    // Drop the problems of the fields that changed: they were about the old values.
    if (!m_errors.isEmpty()) {
        FieldErrors kept = m_errors;
        const FieldErrors now =
            validate(m_form, m_sections->sections(), QDateTime::currentDateTimeUtc());
        for (auto it = m_errors.begin(); it != m_errors.end(); ++it)
            if (!it.key().startsWith(QStringLiteral("sections")) && !now.contains(it.key()))
                kept.remove(it.key());
        if (kept != m_errors) setErrors(kept);
    }
}

FieldErrors EventDraftModel::validate() {
    setErrors(validate(m_form, m_sections->sections(), QDateTime::currentDateTimeUtc()));
    return m_errors;
}

namespace {

QString checkName(const QString& text, int maxLength, const QString& missing) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return missing;
    // The server counts characters (code points), not UTF-16 units.
    if (trimmed.toUcs4().size() > maxLength)
        return EventDraftModel::tr("At most %n characters.", nullptr, maxLength);
    return {};
}

} // namespace

FieldErrors EventDraftModel::validate(const EventForm& form, const QList<SectionForm>& sections,
                                      const QDateTime& now) {
    FieldErrors errors;
    const auto put = [&errors](const QString& field, const QString& message) {
        if (!message.isEmpty() && !errors.contains(field)) errors.insert(field, message);
    };
    put(QStringLiteral("name"),
        checkName(form.name, Limits::kMaxNameLength, tr("Give the event a name.")));
    put(QStringLiteral("venue"),
        checkName(form.venue, Limits::kMaxNameLength, tr("Say where the event takes place.")));

    if (!form.startsAt.isValid())
        put(QStringLiteral("starts_at"), tr("Choose when the event starts."));
    else if (form.startsAt <= now)
        put(QStringLiteral("starts_at"), tr("The event must start in the future."));
    if (!form.saleStartsAt.isValid())
        put(QStringLiteral("sale_starts_at"), tr("Choose when the sale opens."));
    if (!form.saleEndsAt.isValid())
        put(QStringLiteral("sale_ends_at"), tr("Choose when the sale closes."));
    // The server keeps whole seconds: compare what it will see.
    else if (form.saleStartsAt.isValid() &&
             form.saleEndsAt.toSecsSinceEpoch() <= form.saleStartsAt.toSecsSinceEpoch())
        put(QStringLiteral("sale_ends_at"), tr("The sale must close after it opens."));
    else if (form.startsAt.isValid() &&
             form.saleEndsAt.toSecsSinceEpoch() > form.startsAt.toSecsSinceEpoch())
        put(QStringLiteral("sale_ends_at"),
            tr("The sale must close by the time the event starts."));

    static const QRegularExpression currency(QStringLiteral("^[A-Z]{3}$"));
    if (!currency.match(form.currency).hasMatch())
        put(QStringLiteral("currency"), tr("Three capital letters, such as BRL."));
    if (form.maxPerCustomer < 1 || form.maxPerCustomer > Limits::kMaxPerCustomer)
        put(QStringLiteral("max_tickets_per_customer"),
            tr("From 1 to %1 tickets.").arg(Limits::kMaxPerCustomer));
    if (form.maxPerCard < 0 || form.maxPerCard > Limits::kMaxPerCard)
        put(QStringLiteral("max_tickets_per_card"),
            tr("From 1 to %L1 tickets.").arg(Limits::kMaxPerCard));
    if (form.holdSeconds < Limits::kMinHoldSeconds || form.holdSeconds > Limits::kMaxHoldSeconds)
        put(QStringLiteral("hold_seconds"), tr("From 1 to 30 minutes (60 to 1,800 seconds)."));
    if (form.admitPerMinute < 1 || form.admitPerMinute > Limits::kMaxAdmitPerMinute)
        put(QStringLiteral("queue.admit_per_minute"),
            tr("From 1 to %L1 people a minute.").arg(Limits::kMaxAdmitPerMinute));
    if (form.powBits < 0 || form.powBits > Limits::kMaxPowBits)
        put(QStringLiteral("queue.pow_bits"), tr("From 0 to %1 bits.").arg(Limits::kMaxPowBits));

    if (sections.isEmpty()) put(QStringLiteral("sections"), tr("Add at least one section."));
    if (sections.size() > Limits::kMaxSections)
        put(QStringLiteral("sections"), tr("At most %L1 sections.").arg(Limits::kMaxSections));

    QSet<QString> names;
    qint64 seats = 0;
    qint64 places = 0;
    for (int i = 0; i < sections.size(); ++i) {
        const SectionForm& section = sections.at(i);
        const QString path = sectionPath(i);
        const QString nameProblem =
            checkName(section.name, Limits::kMaxNameLength, tr("Give the section a name."));
        put(path + QStringLiteral(".name"), nameProblem);
        if (nameProblem.isEmpty() && names.contains(section.name.trimmed()))
            put(path + QStringLiteral(".name"), tr("Another section already has this name."));
        names.insert(section.name.trimmed());
        if (section.priceCents < 0 || section.priceCents > Limits::kMaxPriceCents)
            put(path + QStringLiteral(".price_cents"),
                tr("At most %1.").arg(formatMoney(Limits::kMaxPriceCents, form.currency)));

        if (section.kind == SectionKind::General) {
            if (section.capacity < 1 || section.capacity > Limits::kMaxGeneralCapacity)
                put(path + QStringLiteral(".capacity"),
                    tr("From 1 to %L1 places.").arg(Limits::kMaxGeneralCapacity));
        } else {
            if (section.rows.isEmpty())
                put(path + QStringLiteral(".rows"), tr("Add at least one row."));
            if (section.rows.size() > Limits::kMaxRowsPerSection)
                put(path + QStringLiteral(".rows"),
                    tr("At most %L1 rows.").arg(Limits::kMaxRowsPerSection));
            QSet<QString> labels;
            for (int j = 0; j < section.rows.size(); ++j) {
                const RowForm& row = section.rows.at(j);
                const QString at = rowPath(i, j);
                const QString labelProblem =
                    checkName(row.label, Limits::kMaxRowLabelLength, tr("Give the row a label."));
                put(at + QStringLiteral(".label"), labelProblem);
                if (labelProblem.isEmpty() && labels.contains(row.label.trimmed()))
                    put(at + QStringLiteral(".label"),
                        tr("Another row of this section has this label."));
                labels.insert(row.label.trimmed());
                if (row.seats < 1 || row.seats > Limits::kMaxSeatsPerRow)
                    put(at + QStringLiteral(".seats"),
                        tr("From 1 to %L1 seats.").arg(Limits::kMaxSeatsPerRow));
            }
            seats += section.places();
            if (seats > Limits::kMaxSeatsPerEvent)
                put(path + QStringLiteral(".rows"),
                    tr("An event may have at most %L1 numbered seats.")
                        .arg(Limits::kMaxSeatsPerEvent));
        }
        places += std::max<qint64>(0, section.places());
        if (places > Limits::kMaxPlacesPerEvent)
            put(path, tr("An event may have at most %L1 places, seated and general together.")
                          .arg(Limits::kMaxPlacesPerEvent));
    }
    return errors;
}

EventDraft EventDraftModel::toDraft() const {
    return toDraft(m_form, m_sections->sections());
}

EventDraft EventDraftModel::toDraft(const EventForm& form, const QList<SectionForm>& sections) {
    EventDraft draft;
    draft.name = toStdString(form.name.trimmed());
    draft.venue = toStdString(form.venue.trimmed());
    draft.startsAt = toTimePoint(form.startsAt);
    if (form.saleStartsAt.isValid()) draft.saleStartsAt = toTimePoint(form.saleStartsAt);
    if (form.saleEndsAt.isValid()) draft.saleEndsAt = toTimePoint(form.saleEndsAt);
    draft.currency = toStdString(form.currency);
    draft.maxTicketsPerCustomer = form.maxPerCustomer;
    if (form.maxPerCard > 0) draft.maxTicketsPerCard = form.maxPerCard;
    draft.holdSeconds = form.holdSeconds;
    draft.queueEnabled = form.queueEnabled;
    draft.admitPerMinute = form.admitPerMinute;
    draft.queuePowBits = form.powBits;
    for (const SectionForm& in : sections) {
        SectionDraft section;
        section.name = toStdString(in.name.trimmed());
        section.priceCents = in.priceCents;
        if (in.kind == SectionKind::General)
            section.capacity = in.capacity;
        else
            for (const RowForm& row : in.rows)
                section.rows.push_back(RowDraft{toStdString(row.label.trimmed()), row.seats});
        draft.sections.push_back(std::move(section));
    }
    return draft;
}

bool EventDraftModel::submit() {
    if (m_busy) return false;
    if (!validate().isEmpty()) return false;
    setBusy(true);
    m_api->createEvent(toDraft(), this, [this](ApiResult<Event> result) {
        setBusy(false);
        if (result) {
            Q_EMIT created(result->summary.id, toQString(result->summary.name));
            return;
        }
        const ApiError& error = result.error();
        QString field;
        if (error.is(ErrorCode::InvalidRequest) && error.error.details.is_object() &&
            error.error.details.contains("field") && error.error.details.at("field").is_string())
            field = toQString(error.error.details.at("field").get<std::string>());
        if (!field.isEmpty()) applyRefusal(field, toQString(error.error.message));
        Q_EMIT failed(error.message(), field);
    });
    return true;
}

void EventDraftModel::applyRefusal(const QString& field, const QString& message) {
    setErrors({{field, message}});
}

void EventDraftModel::setErrors(FieldErrors errors) {
    if (errors == m_errors) return;
    m_errors = std::move(errors);
    m_sections->setErrors(m_errors);
    Q_EMIT errorsChanged();
}

void EventDraftModel::setBusy(bool busy) {
    if (m_busy == busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

QStringList EventDraftModel::rowLabels(const QString& from, const QString& to) {
    const QString first = from.trimmed();
    const QString last = to.trimmed();
    QStringList out;
    bool firstIsNumber = false;
    bool lastIsNumber = false;
    const qint64 a = first.toLongLong(&firstIsNumber);
    const qint64 b = last.toLongLong(&lastIsNumber);
    if (firstIsNumber && lastIsNumber) {
        if (a < 0 || b < a || b - a >= Limits::kMaxRowsPerSection) return {};
        for (qint64 n = a; n <= b; ++n)
            out.append(QString::number(n));
        return out;
    }
    const qint64 x = lettersToNumber(first);
    const qint64 y = lettersToNumber(last);
    if (x == 0 || y < x || y - x >= Limits::kMaxRowsPerSection) return {};
    const bool lower = first == first.toLower() && last == last.toLower();
    for (qint64 n = x; n <= y; ++n)
        out.append(lower ? numberToLetters(n).toLower() : numberToLetters(n));
    return out;
}

} // namespace bilheteria::client
