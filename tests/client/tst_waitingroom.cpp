// The waiting room model against the real server: a buyer joins an event with a waiting room
// and proof of work (solved without being asked), is told its place, and is admitted by itself;
// joining again gives the same place; the page says it in words; an early joiner is told of
// the opening's draw.
#include <QLabel>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "client-qt/app/clientapp.h"
#include "client-qt/models/waitingroommodel.h"
#include "client-qt/ui/waitingroompage.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::LiveServer;

class TestWaitingRoom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<LiveServer>();
        auto body = bilheteria::testing::demoEventBody("Queue Night");
        // 60 a minute: one admission a second, so the wait is visible before the turn comes.
        body["queue"] = {{"enabled", true}, {"admit_per_minute", 60}, {"pow_bits", 10}};
        m_eventId = m_server->createEvent(body);
    }

    void joinsSolvesAndIsAdmitted() {
        auto api = m_server->client(LiveServer::kBuyer);
        WaitingRoomModel model(api.get());
        model.setPollIntervalMs(200);
        WaitingRoomPage page(&model);
        page.setEventName(QStringLiteral("Queue Night"));
        QSignalSpy admitted(&model, &WaitingRoomModel::admitted);
        QSignalSpy pageAdmitted(&page, &WaitingRoomPage::admitted);
        QSignalSpy failed(&model, &WaitingRoomModel::failed);
        model.join(m_eventId);
        QTRY_VERIFY_WITH_TIMEOUT(model.status().position > 0 || !failed.isEmpty(), 15'000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QCOMPARE(model.status().position, 1);
        QTRY_COMPARE_WITH_TIMEOUT(admitted.count(), 1, 15'000);
        QCOMPARE(model.state(), WaitingRoomModel::State::Admitted);
        QCOMPARE(pageAdmitted.count(), 1);
        QCOMPARE(pageAdmitted.first().at(0).toLongLong(), m_eventId);
        QVERIFY(model.admittedUntil() > QDateTime::currentDateTime());
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("queuePosition"))->text(),
                 QStringLiteral("It's your turn!"));

        // Coming back keeps the place and needs no new proof.
        WaitingRoomModel again(api.get());
        QSignalSpy againAdmitted(&again, &WaitingRoomModel::admitted);
        again.join(m_eventId);
        QTRY_COMPARE_WITH_TIMEOUT(againAdmitted.count(), 1, 10'000);
        QCOMPARE(again.status().position, 1);
    }

    void waitsInLineBehindOthers() {
        // Several buyers join at once; the later ones see people ahead and a wait.
        std::vector<std::unique_ptr<ApiClient>> apis;
        std::vector<std::unique_ptr<WaitingRoomModel>> models;
        for (int i = 0; i < 4; ++i) {
            const std::string email = "queue" + std::to_string(i) + "@bilheteria.test";
            bilheteria::testing::addUser(m_server->databaseUrl(), email, "Q", "buyer",
                                         bilheteria::testing::kTestPassword);
            auto api = m_server->client();
            api->setToken(QString::fromStdString(
                m_server->http().login(email, bilheteria::testing::kTestPassword)));
            auto model = std::make_unique<WaitingRoomModel>(api.get());
            model->setPollIntervalMs(200);
            model->join(m_eventId);
            apis.push_back(std::move(api));
            models.push_back(std::move(model));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(models.begin(), models.end(),
                        [](const auto& m) { return m->status().position > 0; }),
            20'000);
        std::vector<std::int64_t> positions;
        bool someoneWaited = false;
        for (const auto& m : models) {
            positions.push_back(m->status().position);
            if (m->status().ahead > 0 && m->status().estimatedWaitSeconds) someoneWaited = true;
        }
        std::sort(positions.begin(), positions.end());
        QCOMPARE(positions, (std::vector<std::int64_t>{2, 3, 4, 5}));
        QVERIFY(someoneWaited);
        // All of them get in, in turn.
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(models.begin(), models.end(),
                                             [](const auto& m) {
                                                 return m->state() ==
                                                        WaitingRoomModel::State::Admitted;
                                             }),
                                 30'000);
    }

    void anEarlyJoinerSeesTheOpeningDrawThenItsTurn() {
        // The sale opens in a few seconds; joining now gives a provisional place in the draw.
        const QDateTime opening = QDateTime::currentDateTimeUtc().addSecs(8);
        auto body = bilheteria::testing::demoEventBody("Presale Night");
        body["queue"] = {{"enabled", true}, {"admit_per_minute", 60}};
        body["sale_starts_at"] = opening.toString(Qt::ISODate).toStdString();
        const Id eventId = m_server->createEvent(body);

        // In English, as the app loads it (its plural forms come from the compiled translation).
        QTemporaryDir settingsDir;
        QSettings settings(settingsDir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        const auto translators = installTranslations(QStringLiteral("en"), settings);
        const auto removeTranslators = qScopeGuard([&translators] {
            for (QTranslator* t : translators)
                QCoreApplication::removeTranslator(t);
        });
        auto api = m_server->client(LiveServer::kBuyer);
        WaitingRoomModel model(api.get());
        model.setPollIntervalMs(200);
        WaitingRoomPage page(&model);
        QSignalSpy admitted(&model, &WaitingRoomModel::admitted);
        model.join(eventId);
        QTRY_VERIFY_WITH_TIMEOUT(model.status().position > 0, 10'000);
        QVERIFY2(model.status().draw, "joined after the opening: the machine was too slow");
        QCOMPARE(model.status().draw->entrants, 1);
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("queuePosition"))->text(),
                 QStringLiteral("You are in the opening draw"));
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("queueAhead"))->text(),
                 QStringLiteral("1 person in the draw so far"));
        // Alone in the draw: let in at the opening, a few seconds away.
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("queueWait"))->text(),
                 QStringLiteral("Estimated wait: less than a minute"));
        const QString explanation =
            page.findChild<QLabel*>(QStringLiteral("queueExplanation"))->text();
        QVERIFY2(explanation.contains(
                     QLocale().toString(opening.toLocalTime().time(), QLocale::ShortFormat)),
                 qPrintable(explanation));
        page.resize(720, 480);
        page.show();
        bilheteria::testing::saveScreenshot(&page, QStringLiteral("waiting-room-draw"));

        // At the opening the draw is made; the only entrant is first and let in.
        QTRY_COMPARE_WITH_TIMEOUT(admitted.count(), 1, 30'000);
        QVERIFY(!model.status().draw);
        QCOMPARE(model.status().position, 1);
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("queuePosition"))->text(),
                 QStringLiteral("It's your turn!"));
    }

private:
    std::unique_ptr<LiveServer> m_server;
    Id m_eventId = 0;
};

QTEST_MAIN(TestWaitingRoom)
#include "tst_waitingroom.moc"
