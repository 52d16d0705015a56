// One event: a header (name, venue, date, sale status, whether the map is live), the seat map,
// and a side panel with the price legend, the seat shapes' legend, the general-admission
// quantity picker, "best available" (Ctrl+B), the selection with its running total and
// "Hold seats" (Ctrl+Enter).
//
// The page only asks: "Hold seats" emits holdRequested with at most two requests — every
// selected seat in one, then the general-admission section and its quantity (one section at a
// time: choosing another replaces it). Whoever makes the holds (the checkout) answers with
// setMine() once they exist, or showError() when they could not be made. Escape goes back.
#pragma once

#include <QWidget>
#include <vector>

#include "shared/protocol.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QToolButton;

namespace bilheteria::client {

class SeatMapModel;
class SeatMapView;

class EventPage : public QWidget {
    Q_OBJECT
public:
    explicit EventPage(SeatMapModel* model, QWidget* parent = nullptr);

    // Loads the event (the model opens its stream first) and focuses the map.
    void open(Id eventId);
    Id eventId() const;
    SeatMapModel* model() const { return m_model; }
    SeatMapView* seatMap() const { return m_map; }

public Q_SLOTS:
    // The seats of the hold just made (or restored): drawn as yours, and the selection is
    // emptied.
    void setMine(const std::vector<bilheteria::Id>& seatIds);
    void clearSelection();
    // A red banner over the map until closed or the next success; also ends a pending hold.
    void showError(const QString& message);

Q_SIGNALS:
    void holdRequested(bilheteria::Id eventId,
                       const std::vector<bilheteria::HoldRequest>& requests);
    void backRequested();

protected:
    void changeEvent(QEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QWidget* buildSidePanel();
    void retranslate();
    void updateHeader();
    void updateConnection();
    void rebuildSections();
    void updateSectionFigures();
    void updateSelection();
    void requestHold();
    void bestAvailable();
    void addGeneral();
    void showNotice(const QString& message);

    SeatMapModel* m_model;
    SeatMapView* m_map;

    QLabel* m_title;
    QLabel* m_details;
    QLabel* m_connection;
    QWidget* m_banner;
    QLabel* m_bannerText;
    QToolButton* m_bannerClose;
    QToolButton* m_zoomOut;
    QToolButton* m_zoomIn;
    QToolButton* m_fit;

    QLabel* m_pricesTitle;
    QTableWidget* m_prices;
    QLabel* m_shapesTitle;
    std::vector<QLabel*> m_shapeLabels;
    QWidget* m_generalBox;
    QLabel* m_generalTitle;
    QComboBox* m_generalSection;
    QSpinBox* m_generalQuantity;
    QPushButton* m_generalAdd;
    QLabel* m_bestTitle;
    QComboBox* m_bestSection;
    QSpinBox* m_bestCount;
    QPushButton* m_bestButton;
    QLabel* m_selectionTitle;
    QListWidget* m_selection;
    QLabel* m_total;
    QLabel* m_notice;
    QPushButton* m_clear;
    QPushButton* m_hold;
};

} // namespace bilheteria::client
