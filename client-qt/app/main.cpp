// bilheteria: the desktop client. Reads the command line, loads the translation and the style
// sheet, and shows the wired app (client-qt/app/clientapp.h).
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <memory>

#include "client-qt/app/clientapp.h"

using namespace bilheteria::client;

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

    auto settings =
        parser.isSet(settingsFile)
            ? std::make_unique<QSettings>(parser.value(settingsFile), QSettings::IniFormat)
            : std::make_unique<QSettings>();
    const auto translators = installTranslations(parser.value(language), *settings);
    app.setStyleSheet(styleSheet(parser.isSet(kiosk)));

    ClientOptions options;
    options.server = parser.value(server);
    options.caFile = parser.value(caFile);
    options.kiosk = parser.isSet(kiosk);
    options.translators = translators;
    ClientApp client(settings.get(), options);
    client.show();
    return QApplication::exec();
}
