// The window: a header (who is signed in, the role's actions, sign out) over one page at a
// time. It wires pages to each other and to the models; the pages do the work.
#pragma once

#include <QMainWindow>

class QSettings;

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
class KioskGuard;
class CheckoutModel;
class WaitingRoomModel;
class WaitingRoomPage;
class HoldBar;
class PaymentPage;
class ConfirmationPage;
class EventDraftModel;
class EventEditorPage;
class SalesReportModel;
class SalesPage;
class ShiftSummaryModel;
class EventPage;
class SeatMapModel;
class DoorModel;
class DoorPage;
class AfterSaleModel;
class ExchangeModel;
class AfterSalePage;

struct MainWindowOptions {
    bool kiosk = false;
    int kioskIdleMs = 60'000;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(Session* session, EventListModel* events, MainWindowOptions options,
               QWidget* parent = nullptr);

    void showLogin();
    void showEvents();
    // From the event list: the waiting room first when the event has one (buyers), else the
    // event page.
    void enterEvent(bilheteria::Id eventId);
    // The event's page with its seat map (the stream opens with it).
    void showEventPage(bilheteria::Id eventId);
    QWidget* currentPage() const;
    // The language the login page shows as chosen ("" for the system's).
    void setLanguage(const QString& code);

    // Kiosk: back to the start for the next person (signs out, forgets what was typed).
    void resetKiosk();

    // Checkout: the payment and confirmation pages and the hold bar, over `checkout` (made by
    // the app). startCheckout holds the seats (EventPage's holdRequested) and, once held,
    // shows the payment page; the hold bar stays in view while seats are held.
    void attachCheckout(CheckoutModel* checkout);
    void startCheckout(bilheteria::Id eventId, const bilheteria::HoldRequest& request);
    void showPayment();
    // The waiting room (over `waitingRoom`, made by the app): buyers entering an event that has
    // one wait there first and go on to the seat map when admitted; counter staff skip it.
    void attachWaitingRoom(WaitingRoomModel* waitingRoom);
    void showConfirmation();

    // Organizers and admins: a new event, and an event's sales (0: the last one watched).
    void showEventEditor();
    void showSales(bilheteria::Id eventId = 0);
    // Counter staff: the shift's sales, to print at the end of the day.
    void showShiftSummary();
    // The door screen (over `door`, made by the app; `settings` keep the gate and the sound):
    // door staff land on it, clerks, organizers and admins reach it from the header.
    void attachDoor(DoorModel* door, QSettings* settings);
    void showDoor(bilheteria::Id eventId = 0);
    // Clerks, organizers, admins: find an order by a ticket and refund it.
    void showAfterSale();

Q_SIGNALS:
    void languageChosen(const QString& code);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void onSignedIn();
    bool canUseDoor() const;
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
    KioskGuard* m_kioskGuard = nullptr;

    CheckoutModel* m_checkout = nullptr;
    WaitingRoomModel* m_waitingRoom = nullptr;
    WaitingRoomPage* m_waitingRoomPage = nullptr;
    HoldBar* m_holdBar = nullptr;
    PaymentPage* m_paymentPage = nullptr;
    ConfirmationPage* m_confirmationPage = nullptr;

    // Organizer and counter screens.
    QAction* m_newEventAction;
    QAction* m_salesAction;
    QAction* m_shiftAction;
    QAction* m_doorAction;
    QAction* m_afterSaleAction;
    DoorModel* m_door = nullptr;
    DoorPage* m_doorPage = nullptr;
    AfterSaleModel* m_afterSale;
    ExchangeModel* m_exchange;
    AfterSalePage* m_afterSalePage;
    EventDraftModel* m_eventDraft;
    EventEditorPage* m_eventEditorPage;
    SalesReportModel* m_salesReport;
    SalesPage* m_salesPage;
    ShiftSummaryModel* m_shift;

    SeatMapModel* m_seatMap;
    EventPage* m_eventPage;
};

} // namespace bilheteria::client
