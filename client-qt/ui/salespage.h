// An event's sales for its organizer: pick the event, read the big figures (sold of capacity,
// revenue, held, available, card and cash), tickets over time (per minute, hour or day, and
// the running total) and by section (sold, held and available making up the capacity), plus
// the sections as a table. Refreshed every few seconds while the page is visible.
#pragma once

#include <QWidget>

#include "shared/protocol.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace bilheteria::client {

class EventListModel;
class SalesReportModel;

class SalesPage : public QWidget {
    Q_OBJECT
public:
    SalesPage(SalesReportModel* report, EventListModel* events, QWidget* parent = nullptr);

    // Shows this event's sales (0: keep the current one) and reads the event list again.
    void openEvent(bilheteria::Id eventId = 0);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void pickFromList();
    void confirmCancel();
    void restorePick();
    void updateFigures();
    void updateTimeline();
    void updateSections();
    void retranslate();

    SalesReportModel* m_report;
    EventListModel* m_events;
    QLabel* m_title;
    QComboBox* m_eventPicker;
    QComboBox* m_bucket;
    QPushButton* m_refresh;
    QLabel* m_updated;
    QLabel* m_message;
    QLabel* m_soldCaption;
    QLabel* m_sold;
    QProgressBar* m_soldBar;
    QLabel* m_revenueCaption;
    QLabel* m_revenue;
    QLabel* m_heldCaption;
    QLabel* m_held;
    QLabel* m_availableCaption;
    QLabel* m_available;
    QLabel* m_cardCaption;
    QLabel* m_card;
    QLabel* m_cashCaption;
    QLabel* m_cash;
    QLabel* m_admittedCaption;
    QLabel* m_admitted;
    QPushButton* m_cancel;
    QChart* m_timeline;
    QChartView* m_timelineView;
    QChart* m_bySection;
    QChartView* m_bySectionView;
    QTableView* m_sections;
};

} // namespace bilheteria::client
