// bilheteria: the desktop client. Reads the command line, loads the translation and the style
// sheet, builds the ApiClient and the models, and shows the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include "client-qt/models/checkoutmodel.h"
#include "client-qt/models/eventlistmodel.h"
#include "client-qt/models/session.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/ui/mainwindow.h"

using namespace bilheteria::client;

namespace {

// The language: --language, else the setting, else the system's; English when there is no
// translation for it.
void installTranslators(QApplication& app, const QString& requested, QSettings& settings) {
    QString language = requested;
    if (language.isEmpty()) language = settings.value(QStringLiteral("ui/language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("bilheteria"), QStringLiteral("_"),
                   QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

void loadStyleSheet(QApplication& app, bool kiosk) {
    QString sheet;
    for (const QString& name : {QStringLiteral(":/styles/bilheteria.qss"),
                                kiosk ? QStringLiteral(":/styles/kiosk.qss") : QString()}) {
        if (name.isEmpty()) continue;
        QFile file(name);
        if (file.open(QIODevice::ReadOnly)) sheet += QString::fromUtf8(file.readAll());
    }
    app.setStyleSheet(sheet);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Bilheteria"));
    QApplication::setApplicationName(QStringLiteral("bilheteria"));
    QApplication::setApplicationDisplayName(QStringLiteral("Bilheteria"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/bilheteria.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Bilheteria box office: sell and buy tickets, run events."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("Server address (https://host:port)."),
                                    QStringLiteral("url"));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        QStringLiteral("Trust the certificate authorities in this PEM file."),
        QStringLiteral("path"));
    const QCommandLineOption kiosk(
        QStringLiteral("kiosk"),
        QStringLiteral("Full screen, touch-friendly, resets after a sale or 60 s idle."));
    const QCommandLineOption language(QStringLiteral("language"),
                                      QStringLiteral("Language: en or pt_BR (default: the "
                                                     "system's, or the setting)."),
                                      QStringLiteral("code"));
    const QCommandLineOption settingsFile(
        QStringLiteral("settings"),
        QStringLiteral("Keep settings in this INI file instead of the user's."),
        QStringLiteral("path"));
    parser.addOptions({server, caFile, kiosk, language, settingsFile});
    parser.process(app);

    QSettings settings = parser.isSet(settingsFile)
                             ? QSettings(parser.value(settingsFile), QSettings::IniFormat)
                             : QSettings();
    installTranslators(app, parser.value(language), settings);
    loadStyleSheet(app, parser.isSet(kiosk));

    ApiClient api;
    Session session(&api, &settings);
    if (parser.isSet(server)) session.setServerAddress(parser.value(server));
    if (parser.isSet(caFile)) session.addCaFile(parser.value(caFile));
    EventListModel events(&api);
    CheckoutModel checkout(&api);

    MainWindowOptions options;
    options.kiosk = parser.isSet(kiosk);
    MainWindow window(&session, &events, options);
    window.attachCheckout(&checkout);
    if (options.kiosk)
        window.showFullScreen();
    else {
        window.resize(1200, 800);
        window.show();
    }
    return QApplication::exec();
}
