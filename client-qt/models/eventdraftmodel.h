// The event editor's state, without widgets: the event's fields (EventForm), its sections and
// their rows (SectionListModel, a tree: sections, and under a seated one its rows), the checks
// the server makes (docs/api.md "Events") run here first so each field says what is wrong
// before anything is sent, and the submit through ApiClient::createEvent. Problems are keyed by
// the server's own field paths ("sections[1].rows[0].seats"), so a 400 the server still gives
// lands on the same field as a local check.
#pragma once

#include <QAbstractItemModel>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;

// Field paths: problems are reported per path, as the server names fields.
using FieldErrors = QMap<QString, QString>;

struct RowForm {
    QString label;
    qint64 seats = 0;
    bool operator==(const RowForm&) const = default;
};

struct SectionForm {
    QString name;
    qint64 priceCents = 0;
    SectionKind kind = SectionKind::Seated;
    QList<RowForm> rows;   // seated
    qint64 capacity = 0;   // general admission
    qint64 places() const; // seats or capacity
    bool operator==(const SectionForm&) const = default;
};

// The event's own fields. Times are absolute (UTC or with an offset; the editor shows local).
struct EventForm {
    QString name;
    QString venue;
    QDateTime startsAt;
    QDateTime saleStartsAt;
    QDateTime saleEndsAt;
    QString currency = QStringLiteral("BRL");
    int maxPerCustomer = 6;
    int maxPerCard = 0; // 0: as many as one customer may buy (the server's default)
    int holdSeconds = 600;
    bool queueEnabled = false;
    int admitPerMinute = 600;
    int powBits = 0;
    bool operator==(const EventForm&) const = default;
};

// The server's limits (docs/api.md "Events").
struct EventFormLimits {
    static constexpr int kMaxNameLength = 200;
    static constexpr int kMaxRowLabelLength = 16;
    static constexpr int kMaxSections = 1'000;
    static constexpr int kMaxRowsPerSection = 2'000;
    static constexpr qint64 kMaxSeatsPerRow = 10'000;
    static constexpr qint64 kMaxSeatsPerEvent = 500'000;
    static constexpr qint64 kMaxGeneralCapacity = 500'000;
    static constexpr qint64 kMaxPlacesPerEvent = 1'000'000;
    static constexpr qint64 kMaxPriceCents = 100'000'000;
    static constexpr int kMinHoldSeconds = 60;
    static constexpr int kMaxHoldSeconds = 1'800;
    static constexpr int kMaxPerCustomer = 100;
    static constexpr int kMaxPerCard = 1'000;
    static constexpr int kMaxAdmitPerMinute = 1'000'000;
    static constexpr int kMaxPowBits = 28;
};

// The sections as a tree: top-level rows are sections (columns below); a seated section's
// children are its rows (LabelColumn, SeatsColumn). Names, prices, capacities, row labels and
// seats are editable in place.
class SectionListModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, PriceColumn, PlacesColumn, RowsColumn, ColumnCount };
    enum RowColumn { LabelColumn, SeatsColumn, RowColumnCount };
    enum Role {
        ErrorRole = Qt::UserRole + 1, // the problem with this cell, empty when none
        KindRole,                     // SectionKind as int (section level)
        ValueRole,                    // the raw value: cents, counts
    };

    explicit SectionListModel(QObject* parent = nullptr);

    const QList<SectionForm>& sections() const { return m_sections; }
    void setSections(QList<SectionForm> sections);
    // Each returns the new section's row. Names are made unique ("Section 2", "Plateia (2)").
    int addSeated(const QString& name = QString(), qint64 priceCents = 0, QList<RowForm> rows = {});
    int addGeneral(const QString& name = QString(), qint64 priceCents = 0, qint64 capacity = 100);
    int duplicate(int section);
    bool removeSection(int section);
    int addRow(int section, const QString& label = QString(), qint64 seats = 10);
    bool removeSeatRow(int section, int row);
    // Replaces a seated section's rows with `labels` × `seatsPerRow`.
    bool setRows(int section, const QStringList& labels, qint64 seatsPerRow);
    // The currency prices are shown in.
    void setCurrency(const QString& currency);

    qint64 totalPlaces() const;
    qint64 totalSeats() const;   // numbered
    qint64 totalGeneral() const; // general admission

    // Problems per field path; those under "sections" show on their cells.
    void setErrors(const FieldErrors& errors);
    // The cell a field path names ("sections[1].rows[0].seats" → that row's seats); invalid
    // when the path is not a section's.
    QModelIndex indexForField(const QString& field) const;
    // The inverse: the path of a cell, as the server would name it.
    QString fieldForIndex(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Any change of the sections' content (for totals and validation).
    void sectionsChanged();

private:
    bool isSectionIndex(const QModelIndex& index) const;
    QString uniqueName(const QString& wanted) const;
    void clearErrorAt(const QModelIndex& index);
    void touched();

    QList<SectionForm> m_sections;
    QString m_currency = QStringLiteral("BRL");
    FieldErrors m_errors;
};

class EventDraftModel : public QObject {
    Q_OBJECT
public:
    explicit EventDraftModel(ApiClient* api, QObject* parent = nullptr);

    // A fresh draft: a date a month ahead at 20:00 local, sale from now until it starts, one
    // seated section.
    void reset();
    const EventForm& form() const { return m_form; }
    void setForm(const EventForm& form);
    SectionListModel* sections() const { return m_sections; }

    // Checks everything the server checks; stores and returns the problems (empty: valid).
    FieldErrors validate();
    static FieldErrors validate(const EventForm& form, const QList<SectionForm>& sections,
                                const QDateTime& now);
    const FieldErrors& errors() const { return m_errors; }
    QString errorFor(const QString& field) const { return m_errors.value(field); }

    EventDraft toDraft() const;
    static EventDraft toDraft(const EventForm& form, const QList<SectionForm>& sections);

    // Validates, then sends. created() or failed() follows (nothing when invalid: see
    // errorsChanged).
    bool submit();
    bool isBusy() const { return m_busy; }
    // Marks `field` (a server path) with the server's reason for refusing it; submit() does
    // this with a 400's details.field.
    void applyRefusal(const QString& field, const QString& message);

    // Row labels from `from` to `to`: letters as a spreadsheet counts them (A..Z, AA, AB..) or
    // numbers (1..40); empty when the range is not one (or longer than the server allows).
    static QStringList rowLabels(const QString& from, const QString& to);

Q_SIGNALS:
    void errorsChanged();
    void busyChanged(bool busy);
    void created(bilheteria::Id eventId, const QString& name);
    // Not sent or refused; `field` is the server's details.field when it named one.
    void failed(const QString& message, const QString& field);

private:
    void setErrors(FieldErrors errors);
    void setBusy(bool busy);

    ApiClient* m_api;
    EventForm m_form;
    SectionListModel* m_sections;
    FieldErrors m_errors;
    bool m_busy = false;
};

} // namespace bilheteria::client
