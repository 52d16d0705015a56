// The events, searchable and sortable: name, venue, date, price from, tickets left, and
// whether the sale is open, not yet open or sold out, said in words. Enter opens one.
#pragma once

#include <QWidget>

#include "shared/protocol.h"

class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace bilheteria::client {

class EventListModel;
class EventFilterModel;

class EventListPage : public QWidget {
    Q_OBJECT
public:
    explicit EventListPage(EventListModel* events, QWidget* parent = nullptr);
    // Reads the list again and puts the focus on the search box.
    void activate();
    QLineEdit* searchBox() const { return m_search; }

Q_SIGNALS:
    void eventChosen(bilheteria::Id eventId);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void openCurrent();
    void retranslate();

    EventListModel* m_events;
    EventFilterModel* m_filter;
    QLabel* m_title;
    QLineEdit* m_search;
    QCheckBox* m_fromEnabled;
    QDateEdit* m_from;
    QTableView* m_table;
    QLabel* m_status;
    QPushButton* m_open;
    QPushButton* m_refresh;
    QTimer* m_refreshTimer;
};

} // namespace bilheteria::client
