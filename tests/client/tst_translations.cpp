// The shipped translations are complete and safe: every string of the app has a finished
// Brazilian Portuguese translation (and English plural forms), with the same placeholders
// (%1, %L2, %n) and, where the source has one, a keyboard accelerator (&).
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "client-qt/app/clientapp.h"

namespace {

struct Message {
    QString context;
    QString source;
    bool numerus = false;
    bool finished = false;
    QStringList translations; // one per plural form, or one
};

QList<Message> readTs(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
    QXmlStreamReader xml(&file);
    QList<Message> out;
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                current = Message{};
                current.context = context;
                current.numerus =
                    xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source"))
                current.source = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                const auto type = xml.attributes().value(QLatin1String("type"));
                current.finished = type.isEmpty();
                if (!current.numerus) current.translations.append(xml.readElementText());
            } else if (name == QLatin1String("numerusform"))
                current.translations.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            out.append(current);
        }
    }
    if (xml.hasError()) qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return out;
}

QSet<QString> placeholders(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("%L?[0-9n]"));
    QSet<QString> out;
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        QString found = it.next().captured();
        found.remove(u'L'); // %L1 and %1 are the same argument, localized or not
        out.insert(found);
    }
    return out;
}

QString tsPath(const char* language) {
    return QStringLiteral(BILHETERIA_SOURCE_DIR "/assets/translations/bilheteria_%1.ts")
        .arg(QLatin1String(language));
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void portugueseIsCompleteAndKeepsPlaceholders() {
        const auto messages = readTs(tsPath("pt_BR"));
        QVERIFY(messages.size() > 50);
        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            if (!m.finished || m.translations.isEmpty() ||
                std::any_of(m.translations.begin(), m.translations.end(),
                            [](const QString& t) { return t.trimmed().isEmpty(); })) {
                problems << QStringLiteral("untranslated: ") + where;
                continue;
            }
            for (const QString& t : m.translations) {
                QSet<QString> expected = placeholders(m.source);
                QSet<QString> got = placeholders(t);
                // A plural form may say "one" in words instead of %n.
                if (m.numerus) {
                    expected.remove(QStringLiteral("%n"));
                    got.remove(QStringLiteral("%n"));
                }
                if (expected != got) problems << QStringLiteral("placeholders differ: ") + where;
                const bool accelerator =
                    m.source.contains(QRegularExpression(QStringLiteral("&[^ ;]")));
                if (accelerator && !t.contains(u'&'))
                    problems << QStringLiteral("accelerator lost: ") + where;
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void englishHasItsPluralForms() {
        QStringList problems;
        for (const Message& m : readTs(tsPath("en"))) {
            if (!m.numerus) continue;
            if (m.translations.size() != 2 ||
                std::any_of(m.translations.begin(), m.translations.end(),
                            [](const QString& t) { return t.trimmed().isEmpty(); }))
                problems << m.context + QStringLiteral(": ") + m.source;
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // The compiled translations the app loads: Portuguese for pt_BR, English (with its plural
    // forms) for a language the app has no translation for.
    void theAppLoadsItsCompiledTranslations_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("two");
        QTest::addColumn<QString>("one");
        QTest::newRow("pt_BR") << QStringLiteral("pt_BR") << QStringLiteral("2 eventos")
                               << QStringLiteral("1 evento");
        QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("2 events")
                            << QStringLiteral("1 event");
        QTest::newRow("no translation")
            << QStringLiteral("ja") << QStringLiteral("2 events") << QStringLiteral("1 event");
    }
    void theAppLoadsItsCompiledTranslations() {
        QFETCH(QString, language);
        QFETCH(QString, two);
        QFETCH(QString, one);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        const auto installed = bilheteria::client::installTranslations(language, settings);
        const char* context = "bilheteria::client::EventListPage";
        const QString gotTwo = QCoreApplication::translate(context, "%n event(s)", nullptr, 2);
        const QString gotOne = QCoreApplication::translate(context, "%n event(s)", nullptr, 1);
        for (QTranslator* t : installed)
            QCoreApplication::removeTranslator(t);
        QCOMPARE(gotTwo, two);
        QCOMPARE(gotOne, one);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
