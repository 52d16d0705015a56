#include "client-qt/ui/mainwindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QEvent>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include "client-qt/models/aftersalemodel.h"
#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/doormodel.h"
#include "client-qt/models/eventdraftmodel.h"
#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/exchangemodel.h"
#include "client-qt/models/salesreportmodel.h"
#include "client-qt/models/seatmapmodel.h"
#include "client-qt/models/session.h"
#include "client-qt/models/shiftsummarymodel.h"
#include "client-qt/models/waitingroommodel.h"
#include "client-qt/ui/aftersalepage.h"
#include "client-qt/ui/confirmationpage.h"
#include "client-qt/ui/doorpage.h"
#include "client-qt/ui/eventeditorpage.h"
#include "client-qt/ui/eventlistpage.h"
#include "client-qt/ui/eventpage.h"
#include "client-qt/ui/holdbar.h"
#include "client-qt/ui/kioskguard.h"
#include "client-qt/ui/loginpage.h"
#include "client-qt/ui/paymentpage.h"
#include "client-qt/ui/salespage.h"
#include "client-qt/ui/shiftsummarydialog.h"
#include "client-qt/ui/trustdialog.h"
#include "client-qt/ui/waitingroompage.h"

namespace bilheteria::client {

MainWindow::MainWindow(Session* session, EventListModel* events, MainWindowOptions options,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_events(events)
    , m_options(options) {
    setObjectName(QStringLiteral("mainWindow"));
    m_pages = new QStackedWidget(this);
    setCentralWidget(m_pages);

    m_header = addToolBar(QString());
    m_header->setObjectName(QStringLiteral("header"));
    m_header->setMovable(false);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setFloatable(false);
    m_header->toggleViewAction()->setEnabled(false);
    m_eventsAction = m_header->addAction(QIcon(QStringLiteral(":/icons/events.svg")), QString(),
                                         this, &MainWindow::showEvents);
    m_eventsAction->setObjectName(QStringLiteral("eventsAction"));
    // Organizer and counter actions: shown by role in updateHeader().
    m_newEventAction = m_header->addAction(QIcon(QStringLiteral(":/icons/new-event.svg")),
                                           QString(), this, &MainWindow::showEventEditor);
    m_newEventAction->setObjectName(QStringLiteral("newEventAction"));
    // Ctrl+N is "new sale" on the confirmation page; a new event is rarer.
    m_newEventAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_salesAction = m_header->addAction(QIcon(QStringLiteral(":/icons/sales.svg")), QString(), this,
                                        [this] { showSales(); });
    m_salesAction->setObjectName(QStringLiteral("salesAction"));
    m_shiftAction = m_header->addAction(QIcon(QStringLiteral(":/icons/shift.svg")), QString(), this,
                                        &MainWindow::showShiftSummary);
    m_shiftAction->setObjectName(QStringLiteral("shiftSummaryAction"));
    m_shiftAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_afterSaleAction = m_header->addAction(QIcon(QStringLiteral(":/icons/refund.svg")), QString(),
                                            this, &MainWindow::showAfterSale);
    m_afterSaleAction->setObjectName(QStringLiteral("afterSaleAction"));
    m_afterSaleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_doorAction = m_header->addAction(QIcon(QStringLiteral(":/icons/door.svg")), QString(), this,
                                       [this] { showDoor(); });
    m_doorAction->setObjectName(QStringLiteral("doorAction"));
    m_doorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    auto* spacer = new QWidget(m_header);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_header->addWidget(spacer);
    m_who = new QLabel(m_header);
    m_who->setObjectName(QStringLiteral("whoLabel"));
    m_header->addWidget(m_who);
    m_signOutAction = m_header->addAction(QIcon(QStringLiteral(":/icons/sign-out.svg")), QString(),
                                          m_session, &Session::signOut);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));

    m_loginPage = new LoginPage(m_session, m_pages);
    m_eventListPage = new EventListPage(m_events, m_pages);
    m_pages->addWidget(m_loginPage);
    m_pages->addWidget(m_eventListPage);

    // Organizer and counter screens.
    m_eventDraft = new EventDraftModel(m_session->api(), this);
    m_eventEditorPage = new EventEditorPage(m_eventDraft, m_pages);
    m_salesReport = new SalesReportModel(m_session->api(), this);
    m_salesPage = new SalesPage(m_salesReport, m_events, m_pages);
    m_shift = new ShiftSummaryModel(m_session->api(), this);
    m_pages->addWidget(m_eventEditorPage);
    m_pages->addWidget(m_salesPage);
    m_afterSale = new AfterSaleModel(m_session->api(), this);
    m_exchange = new ExchangeModel(m_session->api(), this);
    m_afterSalePage = new AfterSalePage(m_afterSale, m_exchange, m_pages);
    m_pages->addWidget(m_afterSalePage);
    connect(m_eventEditorPage, &EventEditorPage::eventCreated, this,
            [this](Id eventId) { showSales(eventId); });
    connect(m_eventEditorPage, &EventEditorPage::cancelled, this, &MainWindow::showEvents);

    // The event page and its seat map.
    m_seatMap = new SeatMapModel(m_session->api(), this);
    m_eventPage = new EventPage(m_seatMap, m_pages);
    m_pages->addWidget(m_eventPage);
    connect(m_eventListPage, &EventListPage::eventChosen, this, &MainWindow::enterEvent);
    connect(m_eventPage, &EventPage::backRequested, this, &MainWindow::showEvents);

    connect(m_loginPage, &LoginPage::languageChosen, this, &MainWindow::languageChosen);
    connect(m_session, &Session::signedIn, this, &MainWindow::onSignedIn);
    connect(m_session, &Session::signedOut, this, &MainWindow::showLogin);
    connect(m_session, &Session::certificateNeedsConfirmation, this,
            &MainWindow::onCertificateQuestion);

    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        if (!m_session->isSignedIn()) return;
        showEvents();
    });

    if (m_options.kiosk) {
        // Kiosk: full screen without window decorations; the next person starts fresh after
        // a minute without a touch.
        setWindowFlags(windowFlags() | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint);
        setProperty("kiosk", true);
        m_kioskGuard = new KioskGuard(this, m_options.kioskIdleMs);
        connect(m_kioskGuard, &KioskGuard::idle, this, &MainWindow::resetKiosk);
    }

    retranslate();
    showLogin();
}

void MainWindow::resetKiosk() {
    // Seats the person walked away from go back on sale at once, not when the hold expires.
    // Signing out waits for the release's answer: a logout that reached the server first would
    // make it refuse the release, and the seats would stay held until they expire.
    if (m_checkout && m_checkout->state() == CheckoutModel::State::Held) {
        m_checkout->releaseThen([session = QPointer<Session>(m_session)] {
            if (session) session->signOut();
        });
    } else {
        m_session->signOut();
    }
    if (m_checkout) m_checkout->reset();
    showLogin();
    if (m_kioskGuard) m_kioskGuard->restart();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // A kiosk is not closed by the person in front of it (Alt+F4, a gesture): it runs until
    // the machine's service manager stops it.
    if (m_options.kiosk && !property("allowClose").toBool()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::setLanguage(const QString& code) {
    m_loginPage->setLanguage(code);
}

QWidget* MainWindow::currentPage() const {
    return m_pages->currentWidget();
}

void MainWindow::showLogin() {
    m_loginPage->reset();
    m_pages->setCurrentWidget(m_loginPage);
    updateHeader();
}

void MainWindow::showEvents() {
    m_pages->setCurrentWidget(m_eventListPage);
    m_eventListPage->activate();
    updateHeader();
}

void MainWindow::attachCheckout(CheckoutModel* checkout) {
    m_checkout = checkout;
    m_paymentPage = new PaymentPage(m_checkout, m_session, m_pages);
    m_confirmationPage = new ConfirmationPage(m_checkout, m_pages);
    m_pages->addWidget(m_paymentPage);
    m_pages->addWidget(m_confirmationPage);

    // The hold bar sits above the pages, in view on every page while seats are held (it hides
    // itself otherwise).
    m_holdBar = new HoldBar(m_checkout, this);
    QWidget* pages = takeCentralWidget();
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_holdBar);
    column->addWidget(pages, 1);
    setCentralWidget(central);
    connect(m_holdBar, &HoldBar::continueRequested, this, &MainWindow::showPayment);
    connect(m_pages, &QStackedWidget::currentChanged, this,
            [this] { m_holdBar->setContinueVisible(m_pages->currentWidget() != m_paymentPage); });

    // The event page asks; the checkout holds. The map then shows the seats as ours, or says
    // why not in its banner (and lets go of the seats others took).
    connect(m_eventPage, &EventPage::holdRequested, this,
            [this](Id eventId, const std::vector<HoldRequest>& requests) {
                if (!requests.empty()) startCheckout(eventId, requests.front());
            });
    connect(m_checkout, &CheckoutModel::holdCreated, this, [this] {
        std::vector<Id> mine;
        for (const HeldSeat& seat : m_checkout->hold().seats)
            mine.push_back(seat.id);
        m_eventPage->setMine(mine);
        showPayment();
    });
    connect(m_checkout, &CheckoutModel::holdFailed, this,
            [this](const QString& message) { m_eventPage->showError(message); });
    connect(m_checkout, &CheckoutModel::holdReleased, this, [this] {
        if (m_pages->currentWidget() == m_paymentPage) showEvents();
    });
    connect(m_checkout, &CheckoutModel::holdExpired, this, [this](const QString& message) {
        showEvents();
        auto* box = new QMessageBox(QMessageBox::Information, tr("Time is up"), message,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("holdExpiredMessage"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(m_checkout, &CheckoutModel::orderCompleted, this, &MainWindow::showConfirmation);
    connect(m_confirmationPage, &ConfirmationPage::newSaleRequested, this, [this] {
        m_checkout->reset();
        // A kiosk's next sale is the next person's: back to the start, signed out.
        if (m_options.kiosk)
            resetKiosk();
        else
            showEvents();
    });
    connect(m_session, &Session::signedOut, m_checkout, &CheckoutModel::reset);
}

void MainWindow::startCheckout(Id eventId, const HoldRequest& request) {
    if (m_checkout) m_checkout->createHold(eventId, request);
}

void MainWindow::showPayment() {
    if (!m_checkout || !m_checkout->hasHold()) return;
    m_pages->setCurrentWidget(m_paymentPage);
    m_paymentPage->activate();
    updateHeader();
}

void MainWindow::showConfirmation() {
    m_pages->setCurrentWidget(m_confirmationPage);
    m_confirmationPage->activate();
    updateHeader();
}

void MainWindow::showEventEditor() {
    if (!m_session->canOrganize()) return;
    m_eventEditorPage->startNew();
    m_pages->setCurrentWidget(m_eventEditorPage);
    updateHeader();
}

void MainWindow::showSales(Id eventId) {
    if (!m_session->canOrganize()) return;
    m_pages->setCurrentWidget(m_salesPage);
    m_salesPage->openEvent(eventId);
    updateHeader();
}

void MainWindow::showShiftSummary() {
    if (!m_session->isCounterStaff()) return;
    // The shift starts when the clerk signed in, else at midnight; the dialog lets it change.
    QDateTime since = m_session->signedInAt();
    if (!since.isValid()) since = QDateTime(QDate::currentDate(), QTime(0, 0));
    const User& user = m_session->user();
    ShiftSummaryDialog dialog(
        m_shift,
        tr("%1 (%2)").arg(QString::fromStdString(user.name), QString::fromStdString(user.email)),
        since, this);
    dialog.exec();
}

void MainWindow::attachDoor(DoorModel* door, QSettings* settings) {
    m_door = door;
    m_doorPage = new DoorPage(m_door, m_events, settings, m_pages);
    m_pages->addWidget(m_doorPage);
    // A scanner left signed out keeps its offline scans on disk, not the event in memory.
    connect(m_session, &Session::signedOut, m_door, [this] { m_door->setEvent(0); });
}

bool MainWindow::canUseDoor() const {
    return m_session->isSignedIn() && m_session->role() != Role::Buyer;
}

void MainWindow::showDoor(Id eventId) {
    if (!m_doorPage || !canUseDoor()) return;
    m_pages->setCurrentWidget(m_doorPage);
    m_doorPage->open(eventId);
    updateHeader();
}

void MainWindow::showAfterSale() {
    if (!m_session->isCounterStaff() && !m_session->canOrganize()) return;
    m_pages->setCurrentWidget(m_afterSalePage);
    m_afterSalePage->activate();
    updateHeader();
}

void MainWindow::enterEvent(Id eventId) {
    // Buyers go through the event's waiting room when it has one; the counter is exempt.
    const EventSummary* event = m_events->eventAt(m_events->rowOfEvent(eventId));
    if (m_waitingRoom && event && event->queueEnabled && !m_session->isCounterStaff()) {
        m_waitingRoomPage->setEventName(QString::fromStdString(event->name));
        m_pages->setCurrentWidget(m_waitingRoomPage);
        m_waitingRoom->join(eventId);
        updateHeader();
        return;
    }
    showEventPage(eventId);
}

void MainWindow::showEventPage(Id eventId) {
    // Buyers are held to the event's per-customer limit; the counter sells to many people.
    m_seatMap->setCustomerLimitApplies(!m_session->isCounterStaff());
    m_pages->setCurrentWidget(m_eventPage);
    m_eventPage->open(eventId);
    updateHeader();
}

void MainWindow::onSignedIn() {
    // Door staff only scan: their screen is the door's.
    if (m_session->role() == Role::Door && m_doorPage) {
        showDoor();
        return;
    }
    showEvents();
}

void MainWindow::onCertificateQuestion(const QString& fingerprint, const QString& subject,
                                       bool changed) {
    TrustDialog dialog(m_session->serverAddress(), fingerprint, subject, changed, this);
    if (dialog.exec() == QDialog::Accepted)
        m_session->trustPendingCertificate();
    else
        m_session->rejectPendingCertificate();
}

void MainWindow::updateHeader() {
    const bool signedIn = m_session->isSignedIn();
    m_header->setVisible(signedIn);
    // Hidden actions keep their shortcuts off too.
    m_newEventAction->setVisible(signedIn && m_session->canOrganize());
    m_salesAction->setVisible(signedIn && m_session->canOrganize());
    m_shiftAction->setVisible(signedIn && m_session->isCounterStaff());
    m_afterSaleAction->setVisible(signedIn &&
                                  (m_session->isCounterStaff() || m_session->canOrganize()));
    m_afterSalePage->setCashAllowed(m_session->isCounterStaff());
    m_doorAction->setVisible(m_doorPage && canUseDoor());
    // Door staff do not sell: the event list is not theirs.
    m_eventsAction->setVisible(signedIn && m_session->role() != Role::Door);
    if (!signedIn) return;
    const User& user = m_session->user();
    QString role;
    switch (user.role) {
    case Role::Buyer:
        role = tr("Buyer");
        break;
    case Role::Clerk:
        role = tr("Box office");
        break;
    case Role::Organizer:
        role = tr("Organizer");
        break;
    case Role::Admin:
        role = tr("Administrator");
        break;
    case Role::Door:
        role = tr("Door");
        break;
    }
    m_who->setText(tr("%1 · %2").arg(QString::fromStdString(user.name), role));
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("Bilheteria"));
    m_eventsAction->setText(tr("&Events"));
    m_eventsAction->setToolTip(tr("All events (Ctrl+F to search)"));
    m_signOutAction->setText(tr("Sign &out"));
    m_newEventAction->setText(tr("&New event"));
    m_newEventAction->setToolTip(
        tr("Create an event: sections, prices, sale window (Ctrl+Shift+N)"));
    m_salesAction->setText(tr("&Sales"));
    m_salesAction->setToolTip(tr("Your events' sales, live"));
    m_shiftAction->setText(tr("S&hift summary"));
    m_shiftAction->setToolTip(tr("Your sales since you signed in, to print (Ctrl+Shift+S)"));
    m_afterSaleAction->setText(tr("&Refunds"));
    m_afterSaleAction->setToolTip(
        tr("Find an order by a ticket or its number, and refund it (Ctrl+Shift+R)"));
    m_doorAction->setText(tr("&Door"));
    m_doorAction->setToolTip(tr("Check tickets in at a gate (Ctrl+Shift+D)"));
    updateHeader();
}

} // namespace bilheteria::client

namespace bilheteria::client {

void MainWindow::attachWaitingRoom(WaitingRoomModel* waitingRoom) {
    m_waitingRoom = waitingRoom;
    m_waitingRoomPage = new WaitingRoomPage(m_waitingRoom, m_pages);
    m_pages->addWidget(m_waitingRoomPage);
    connect(m_waitingRoomPage, &WaitingRoomPage::leaveRequested, this, &MainWindow::showEvents);
    connect(m_waitingRoomPage, &WaitingRoomPage::admitted, this, &MainWindow::showEventPage);
    connect(m_session, &Session::signedOut, m_waitingRoom, &WaitingRoomModel::leave);
}

} // namespace bilheteria::client
