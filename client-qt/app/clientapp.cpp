#include "client-qt/app/clientapp.h"

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/doormodel.h"
#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/scannerstore.h"
#include "client-qt/models/session.h"
#include "client-qt/models/waitingroommodel.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/ui/mainwindow.h"

namespace bilheteria::client {

ClientApp::ClientApp(QSettings* settings, const ClientOptions& options)
    : m_api(std::make_unique<ApiClient>())
    , m_session(std::make_unique<Session>(m_api.get(), settings))
    , m_events(std::make_unique<EventListModel>(m_api.get()))
    , m_checkout(std::make_unique<CheckoutModel>(m_api.get()))
    , m_waitingRoom(std::make_unique<WaitingRoomModel>(m_api.get()))
    , m_doorStore(std::make_unique<ScannerStore>(options.doorFolder))
    , m_door(std::make_unique<DoorModel>(m_api.get(), m_doorStore.get()))
    , m_kiosk(options.kiosk)
    , m_settings(settings)
    , m_translators(options.translators) {
    if (!options.server.isEmpty()) m_session->setServerAddress(options.server);
    if (!options.caFile.isEmpty()) m_session->addCaFile(options.caFile);
    MainWindowOptions windowOptions;
    windowOptions.kiosk = options.kiosk;
    windowOptions.kioskIdleMs = options.kioskIdleMs;
    m_window = std::make_unique<MainWindow>(m_session.get(), m_events.get(), windowOptions);
    m_window->attachCheckout(m_checkout.get());
    m_window->attachWaitingRoom(m_waitingRoom.get());
    m_window->attachDoor(m_door.get(), settings);
    m_window->setLanguage(settings->value(QStringLiteral("ui/language")).toString());
    QObject::connect(m_window.get(), &MainWindow::languageChosen, m_window.get(),
                     [this](const QString& code) { changeLanguage(code); });
}

void ClientApp::changeLanguage(const QString& code) {
    // Older translators go first: one left behind would answer for the strings the new one
    // leaves to the source text (English has only its plural forms).
    for (QTranslator* translator : std::as_const(m_translators)) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    m_settings->setValue(QStringLiteral("ui/language"), code);
    m_translators = installTranslations(code, *m_settings);
}

ClientApp::~ClientApp() {
    // The window's pages hold pointers into the models: it goes first.
    m_window.reset();
}

void ClientApp::show() {
    if (m_kiosk) {
        m_window->showFullScreen();
        return;
    }
    m_window->resize(1200, 800);
    m_window->show();
}

QList<QTranslator*> installTranslations(const QString& requested, QSettings& settings) {
    QString language = requested;
    if (language.isEmpty()) language = settings.value(QStringLiteral("ui/language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    QList<QTranslator*> installed;
    auto* ours = new QTranslator(qApp);
    // A language without a translation gets English, whose file holds the plural forms.
    const bool loaded = ours->load(locale, QStringLiteral("bilheteria"), QStringLiteral("_"),
                                   QStringLiteral(":/i18n")) ||
                        ours->load(QStringLiteral(":/i18n/bilheteria_en.qm"));
    if (loaded && QCoreApplication::installTranslator(ours))
        installed.append(ours);
    else
        delete ours;
    auto* qt = new QTranslator(qApp);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
        QCoreApplication::installTranslator(qt))
        installed.append(qt);
    else
        delete qt;
    return installed;
}

QString styleSheet(bool kiosk) {
    QString sheet;
    QStringList names{QStringLiteral(":/styles/bilheteria.qss")};
    if (kiosk) names.append(QStringLiteral(":/styles/kiosk.qss"));
    for (const QString& name : names) {
        QFile file(name);
        if (file.open(QIODevice::ReadOnly)) sheet += QString::fromUtf8(file.readAll());
    }
    return sheet;
}

} // namespace bilheteria::client
