// The window: a header (who is signed in, the role's actions, sign out) over one page at a
// time. It wires pages to each other and to the models; the pages do the work.
#pragma once

#include <QMainWindow>

#include "shared/protocol.h"

class QLabel;
class QStackedWidget;
class QToolBar;
class QAction;

namespace bilheteria::client {

class Session;
class EventListModel;
class LoginPage;
class EventListPage;
class EventPage;
class SeatMapModel;

struct MainWindowOptions {
    bool kiosk = false;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(Session* session, EventListModel* events, MainWindowOptions options,
               QWidget* parent = nullptr);

    void showLogin();
    void showEvents();
    // The event's page with its seat map (the stream opens with it).
    void showEventPage(bilheteria::Id eventId);
    QWidget* currentPage() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void onSignedIn();
    void onCertificateQuestion(const QString& fingerprint, const QString& subject, bool changed);
    void retranslate();
    void updateHeader();

    Session* m_session;
    EventListModel* m_events;
    MainWindowOptions m_options;
    QStackedWidget* m_pages;
    QToolBar* m_header;
    QLabel* m_who;
    QAction* m_eventsAction;
    QAction* m_signOutAction;
    LoginPage* m_loginPage;
    EventListPage* m_eventListPage;
    SeatMapModel* m_seatMap;
    EventPage* m_eventPage;
};

} // namespace bilheteria::client
