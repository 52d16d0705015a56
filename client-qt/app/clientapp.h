// The whole client wired together: the ApiClient, the models and the main window, built from
// the command line's options. main.cpp makes one; the flow tests make one against a real
// server, so they drive exactly what a person uses.
#pragma once

#include <QList>
#include <QString>
#include <memory>

class QSettings;
class QTranslator;

namespace bilheteria::client {

class ApiClient;
class CheckoutModel;
class DoorModel;
class ScannerStore;
class EventListModel;
class MainWindow;
class Session;
class WaitingRoomModel;

struct ClientOptions {
    QString server; // remembered in the settings when given
    QString caFile; // PEM certificates to trust
    bool kiosk = false;
    int kioskIdleMs = 60'000;
    // Where the door keeps its offline data (empty: QStandardPaths::AppDataLocation/door).
    QString doorFolder;
    // The translators installTranslations() put in, replaced when the person picks a language.
    QList<QTranslator*> translators;
};

class ClientApp {
public:
    // `settings` outlives the app.
    ClientApp(QSettings* settings, const ClientOptions& options);
    ~ClientApp();

    ApiClient& api() { return *m_api; }
    Session& session() { return *m_session; }
    EventListModel& events() { return *m_events; }
    CheckoutModel& checkout() { return *m_checkout; }
    WaitingRoomModel& waitingRoom() { return *m_waitingRoom; }
    DoorModel& door() { return *m_door; }
    MainWindow& window() { return *m_window; }

    // Shows the window: full screen for a kiosk, 1200×800 otherwise.
    void show();
    // Switches the app's language now and remembers it (setting ui/language; "" = system's).
    void changeLanguage(const QString& code);

private:
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<EventListModel> m_events;
    std::unique_ptr<CheckoutModel> m_checkout;
    std::unique_ptr<WaitingRoomModel> m_waitingRoom;
    std::unique_ptr<ScannerStore> m_doorStore;
    std::unique_ptr<DoorModel> m_door;
    std::unique_ptr<MainWindow> m_window;
    bool m_kiosk;
    QSettings* m_settings;
    QList<QTranslator*> m_translators;
};

// Loads the app's translation and Qt's own for `language` ("pt_BR", "en"; empty: the setting
// ui/language, else the system's) and sets the default locale. Returns the translators
// installed (owned by the application), so a test can remove them again.
QList<QTranslator*> installTranslations(const QString& language, QSettings& settings);
// The style sheet: the app's, plus the kiosk's large touch targets.
QString styleSheet(bool kiosk);

} // namespace bilheteria::client
