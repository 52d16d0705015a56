// The door screen: the event and the gate at the top, one big answer in the middle (green
// ADMITTED, red with the reason, with the ticket's place) readable from metres away, and the
// scan field below that always has the focus — a keyboard-wedge scanner types the ticket and
// Enter, and the screen is ready for the next one at once. The counts (admitted of sold) and
// whether the scanner works offline (and how many scans wait to be sent) are always in view.
#pragma once

#include <QWidget>

#include "shared/protocol.h"

class QCheckBox;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSettings;

namespace bilheteria::client {

class DoorModel;
class EventListModel;
struct ScanVerdict;

class DoorPage : public QWidget {
    Q_OBJECT
public:
    // `settings` (the gate's name, sound on or off) outlives the page.
    DoorPage(DoorModel* door, EventListModel* events, QSettings* settings,
             QWidget* parent = nullptr);

    // Shows this event (0: keep the current one) and puts the focus in the scan field.
    void open(bilheteria::Id eventId = 0);

    // The verdict as the screen says it: title (ADMITTED, ...), place and detail lines.
    static QString verdictTitle(const ScanVerdict& verdict);
    static QString verdictPlace(const ScanVerdict& verdict);
    static QString verdictDetail(const ScanVerdict& verdict);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void showVerdict(const ScanVerdict& verdict);
    void beepFor(const ScanVerdict& verdict);
    void fitTitle();
    void showReady();
    void updateStatus();
    void updateCounts();
    void updateNotes();
    void chooseEvent(int row);
    void retranslate();

    DoorModel* m_door;
    EventListModel* m_events;
    QSettings* m_settings;
    QLabel* m_title;
    QLabel* m_eventCaption;
    QComboBox* m_eventPicker;
    QLabel* m_gateCaption;
    QLineEdit* m_gate;
    QCheckBox* m_sound;
    QCheckBox* m_offline;
    QPushButton* m_download;
    QPushButton* m_sync;
    QLabel* m_status;
    QLabel* m_problem;
    QFrame* m_verdict;
    QLabel* m_verdictTitle;
    QLabel* m_verdictPlace;
    QLabel* m_verdictDetail;
    QLabel* m_scanCaption;
    QLineEdit* m_scan;
    QLabel* m_counts;
    QLabel* m_notesCaption;
    QListWidget* m_notes;
    bool m_showingReady = true;
};

} // namespace bilheteria::client
