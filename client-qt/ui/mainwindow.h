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
class EventDraftModel;
class EventEditorPage;
class SalesReportModel;
class SalesPage;
class ShiftSummaryModel;

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
    QWidget* currentPage() const;

    // Organizers and admins: a new event, and an event's sales (0: the last one watched).
    void showEventEditor();
    void showSales(bilheteria::Id eventId = 0);
    // Counter staff: the shift's sales, to print at the end of the day.
    void showShiftSummary();

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

    // Organizer and counter screens.
    QAction* m_newEventAction;
    QAction* m_salesAction;
    QAction* m_shiftAction;
    EventDraftModel* m_eventDraft;
    EventEditorPage* m_eventEditorPage;
    SalesReportModel* m_salesReport;
    SalesPage* m_salesPage;
    ShiftSummaryModel* m_shift;
};

} // namespace bilheteria::client
