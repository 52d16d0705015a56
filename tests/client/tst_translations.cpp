// The shipped translations are complete and safe: every string of the app has a finished
// Brazilian Portuguese translation (and English plural forms), with the same placeholders
// (%1, %L2, %n) and, where the source has one, a keyboard accelerator (&).
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

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
            if (name == QLatin1String("name")) context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                current = Message{};
                current.context = context;
                current.numerus = xml.attributes().value(QLatin1String("numerus")) ==
                                  QLatin1String("yes");
            } else if (name == QLatin1String("source")) current.source = xml.readElementText();
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
                const bool accelerator = m.source.contains(QRegularExpression(QStringLiteral("&[^ ;]")));
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
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
