#include "client-qt/ui/mainwindow.h"

#include <QAction>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolBar>

#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/seatmapmodel.h"
#include "client-qt/models/session.h"
#include "client-qt/ui/eventlistpage.h"
#include "client-qt/ui/eventpage.h"
#include "client-qt/ui/loginpage.h"
#include "client-qt/ui/trustdialog.h"

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
    m_header->setFloatable(false);
    m_header->toggleViewAction()->setEnabled(false);
    m_eventsAction = m_header->addAction(QString(), this, &MainWindow::showEvents);
    m_eventsAction->setObjectName(QStringLiteral("eventsAction"));
    auto* spacer = new QWidget(m_header);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_header->addWidget(spacer);
    m_who = new QLabel(m_header);
    m_who->setObjectName(QStringLiteral("whoLabel"));
    m_header->addWidget(m_who);
    m_signOutAction = m_header->addAction(QString(), m_session, &Session::signOut);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));

    m_loginPage = new LoginPage(m_session, m_pages);
    m_eventListPage = new EventListPage(m_events, m_pages);
    m_pages->addWidget(m_loginPage);
    m_pages->addWidget(m_eventListPage);

    // The event page and its seat map.
    m_seatMap = new SeatMapModel(m_session->api(), this);
    m_eventPage = new EventPage(m_seatMap, m_pages);
    m_pages->addWidget(m_eventPage);
    connect(m_eventListPage, &EventListPage::eventChosen, this, &MainWindow::showEventPage);
    connect(m_eventPage, &EventPage::backRequested, this, &MainWindow::showEvents);

    connect(m_session, &Session::signedIn, this, &MainWindow::onSignedIn);
    connect(m_session, &Session::signedOut, this, &MainWindow::showLogin);
    connect(m_session, &Session::certificateNeedsConfirmation, this,
            &MainWindow::onCertificateQuestion);

    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        if (!m_session->isSignedIn()) return;
        showEvents();
    });

    retranslate();
    showLogin();
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

void MainWindow::showEventPage(Id eventId) {
    // Buyers are held to the event's per-customer limit; the counter sells to many people.
    m_seatMap->setCustomerLimitApplies(!m_session->isCounterStaff());
    m_pages->setCurrentWidget(m_eventPage);
    m_eventPage->open(eventId);
    updateHeader();
}

void MainWindow::onSignedIn() {
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
    updateHeader();
}

} // namespace bilheteria::client
