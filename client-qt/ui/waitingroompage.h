// The waiting room as the buyer sees it: their place, how many are ahead, the estimated wait,
// all live; it hands over to the seat map by itself the moment they are admitted.
#pragma once

#include <QWidget>

#include "shared/protocol.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace bilheteria::client {

class WaitingRoomModel;

class WaitingRoomPage : public QWidget {
    Q_OBJECT
public:
    explicit WaitingRoomPage(WaitingRoomModel* model, QWidget* parent = nullptr);
    void setEventName(const QString& name);

Q_SIGNALS:
    void admitted(bilheteria::Id eventId);
    void leaveRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void showDraw(const QueueDraw& draw);
    void retranslate();

    WaitingRoomModel* m_model;
    QString m_eventName;
    QLabel* m_title;
    QLabel* m_position;
    QLabel* m_ahead;
    QLabel* m_wait;
    QLabel* m_explanation;
    QProgressBar* m_progress;
    QPushButton* m_leave;
    qint64 m_firstAhead = -1; // the number ahead when the wait began: the bar's start
};

} // namespace bilheteria::client
