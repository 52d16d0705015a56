// The organizer's event editor: the event's fields (dates, sale window, currency, limits, hold
// time, waiting room), its sections in a table (add seated or general, duplicate, remove) and
// the rows of the chosen seated section (edit, add, remove, or generate "A to J × 20 seats"),
// with the total of places as it grows. Save (Ctrl+S) checks every field first and says what is
// wrong next to it; a field the server still refuses is marked the same way.
#pragma once

#include <QHash>
#include <QWidget>

#include "shared/protocol.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace bilheteria::client {

class EventDraftModel;
struct EventForm;

class EventEditorPage : public QWidget {
    Q_OBJECT
public:
    explicit EventEditorPage(EventDraftModel* draft, QWidget* parent = nullptr);

    // Starts a new event (a blank draft) and puts the focus on its name.
    void startNew();
    // Reads the fields into the draft and submits it (what Save does).
    void save();

Q_SIGNALS:
    void eventCreated(bilheteria::Id eventId);
    void cancelled();

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildEventFields();
    QWidget* buildSections();
    QLabel* addField(QFormLayout* form, QLabel* label, QWidget* field, const QString& path);
    EventForm readForm() const;
    void writeForm(const EventForm& form);
    void formEdited();
    int currentSection() const;
    void sectionChosen();
    void generateRows();
    void updateTotals();
    void showErrors();
    void focusField(const QString& field);
    void retranslate();

    EventDraftModel* m_draft;
    bool m_writing = false;
    QLabel* m_title;
    QGroupBox* m_eventBox;
    QLineEdit* m_name;
    QLineEdit* m_venue;
    QDateTimeEdit* m_startsAt;
    QDateTimeEdit* m_saleStartsAt;
    QDateTimeEdit* m_saleEndsAt;
    QComboBox* m_currency;
    QSpinBox* m_maxPerCustomer;
    QSpinBox* m_maxPerCard;
    QSpinBox* m_holdMinutes;
    QGroupBox* m_queue;
    QSpinBox* m_admitPerMinute;
    QSpinBox* m_powBits;
    QHash<QString, QLabel*> m_fieldLabels;
    QHash<QString, QWidget*> m_fieldWidgets;
    QHash<QString, QLabel*> m_errorLabels;

    QGroupBox* m_sectionsBox;
    QTableView* m_sectionTable;
    QLabel* m_sectionsError;
    QPushButton* m_addSeated;
    QPushButton* m_addGeneral;
    QPushButton* m_duplicate;
    QPushButton* m_remove;
    QGroupBox* m_rowsBox;
    QTableView* m_rowTable;
    QLabel* m_rowsFromLabel;
    QLineEdit* m_rowsFrom;
    QLabel* m_rowsToLabel;
    QLineEdit* m_rowsTo;
    QSpinBox* m_seatsPerRow;
    QPushButton* m_generate;
    QPushButton* m_addRow;
    QPushButton* m_removeRow;
    QLabel* m_totals;
    QLabel* m_status;
    QPushButton* m_cancel;
    QPushButton* m_save;
};

} // namespace bilheteria::client
