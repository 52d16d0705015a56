// The event editor's model: its checks give the server's field paths for the server's limits,
// the sections tree passes QAbstractItemModelTester through every edit, the rows generator,
// and a draft made in the editor is what the real server accepts and reads back; a field the
// server refuses lands on its cell.
#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include "client-qt/models/eventdraftmodel.h"
#include "client-qt/ui/eventeditorpage.h"
#include "shared/jsonmapping.h"
#include "tests/client/clientfixture.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;

namespace {

const QDateTime kNow(QDate(2030, 1, 10), QTime(12, 0), Qt::UTC);

EventForm validForm() {
    EventForm form;
    form.name = QStringLiteral("Rock Night");
    form.venue = QStringLiteral("Arena");
    form.startsAt = kNow.addDays(30);
    form.saleStartsAt = kNow;
    form.saleEndsAt = kNow.addDays(29);
    return form;
}

QList<SectionForm> validSections() {
    SectionForm seated;
    seated.name = QStringLiteral("Plateia");
    seated.priceCents = 25000;
    seated.rows = {{QStringLiteral("A"), 20}, {QStringLiteral("B"), 22}};
    SectionForm general;
    general.name = QStringLiteral("Pista");
    general.priceCents = 15000;
    general.kind = SectionKind::General;
    general.capacity = 500;
    return {seated, general};
}

// One change to a valid event, named by the field it touches.
void apply(const QString& change, EventForm& form, QList<SectionForm>& sections) {
    if (change == QStringLiteral("none")) return;
    if (change == QStringLiteral("empty name")) form.name = QStringLiteral("   ");
    if (change == QStringLiteral("long name")) form.name = QString(201, u'x');
    if (change == QStringLiteral("longest name")) form.name = QString(200, u'é');
    if (change == QStringLiteral("no venue")) form.venue.clear();
    if (change == QStringLiteral("past start")) {
        form.startsAt = kNow.addSecs(-60);
        form.saleStartsAt = kNow.addDays(-2);
        form.saleEndsAt = kNow.addDays(-1);
    }
    if (change == QStringLiteral("sale after start")) form.saleEndsAt = form.startsAt.addSecs(1);
    if (change == QStringLiteral("sale ends at start")) form.saleEndsAt = form.startsAt;
    if (change == QStringLiteral("sale ends before it opens")) form.saleEndsAt = form.saleStartsAt;
    // The server keeps whole seconds: 500 ms later is the same second there.
    if (change == QStringLiteral("sale ends within its opening second")) {
        form.saleStartsAt = kNow.addMSecs(100);
        form.saleEndsAt = kNow.addMSecs(900);
    }
    if (change == QStringLiteral("lower-case currency")) form.currency = QStringLiteral("brl");
    if (change == QStringLiteral("long currency")) form.currency = QStringLiteral("BRLX");
    if (change == QStringLiteral("no tickets per customer")) form.maxPerCustomer = 0;
    if (change == QStringLiteral("101 per customer")) form.maxPerCustomer = 101;
    if (change == QStringLiteral("100 per customer")) form.maxPerCustomer = 100;
    if (change == QStringLiteral("1001 per card")) form.maxPerCard = 1001;
    if (change == QStringLiteral("hold 59 s")) form.holdSeconds = 59;
    if (change == QStringLiteral("hold 1801 s")) form.holdSeconds = 1801;
    if (change == QStringLiteral("hold 1800 s")) form.holdSeconds = 1800;
    if (change == QStringLiteral("admit 0")) form.admitPerMinute = 0;
    if (change == QStringLiteral("pow 29")) form.powBits = 29;
    if (change == QStringLiteral("no sections")) sections.clear();
    if (change == QStringLiteral("unnamed section")) sections[1].name.clear();
    if (change == QStringLiteral("same section names")) sections[1].name = sections[0].name;
    if (change == QStringLiteral("price too high")) sections[1].priceCents = 100'000'001;
    if (change == QStringLiteral("no capacity")) sections[1].capacity = 0;
    if (change == QStringLiteral("capacity too high")) sections[1].capacity = 500'001;
    if (change == QStringLiteral("no rows")) sections[0].rows.clear();
    if (change == QStringLiteral("row without seats")) sections[0].rows[1].seats = 0;
    if (change == QStringLiteral("row too long")) sections[0].rows[0].seats = 10'001;
    if (change == QStringLiteral("same row labels"))
        sections[0].rows[1].label = QStringLiteral("A");
    if (change == QStringLiteral("long row label")) sections[0].rows[1].label = QString(17, u'B');
    if (change == QStringLiteral("too many seats")) {
        sections[0].rows.clear();
        for (const QString& label :
             EventDraftModel::rowLabels(QStringLiteral("1"), QStringLiteral("51")))
            sections[0].rows.append(RowForm{label, 10'000});
    }
}

} // namespace

class TestEventDraftModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_server = std::make_unique<LiveServer>(); }
    void cleanupTestCase() { m_server.reset(); }

    void checksEachFieldAsTheServerDoes_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("field"); // empty: valid
        const auto row = [](const char* change, const char* field) {
            QTest::newRow(change) << QString::fromUtf8(change) << QString::fromUtf8(field);
        };
        row("none", "");
        row("empty name", "name");
        row("long name", "name");
        row("longest name", "");
        row("no venue", "venue");
        row("past start", "starts_at");
        row("sale after start", "sale_ends_at");
        row("sale ends at start", "");
        row("sale ends before it opens", "sale_ends_at");
        row("sale ends within its opening second", "sale_ends_at");
        row("lower-case currency", "currency");
        row("long currency", "currency");
        row("no tickets per customer", "max_tickets_per_customer");
        row("101 per customer", "max_tickets_per_customer");
        row("100 per customer", "");
        row("1001 per card", "max_tickets_per_card");
        row("hold 59 s", "hold_seconds");
        row("hold 1801 s", "hold_seconds");
        row("hold 1800 s", "");
        row("admit 0", "queue.admit_per_minute");
        row("pow 29", "queue.pow_bits");
        row("no sections", "sections");
        row("unnamed section", "sections[1].name");
        row("same section names", "sections[1].name");
        row("price too high", "sections[1].price_cents");
        row("no capacity", "sections[1].capacity");
        row("capacity too high", "sections[1].capacity");
        row("no rows", "sections[0].rows");
        row("row without seats", "sections[0].rows[1].seats");
        row("row too long", "sections[0].rows[0].seats");
        row("same row labels", "sections[0].rows[1].label");
        row("long row label", "sections[0].rows[1].label");
        row("too many seats", "sections[0].rows");
    }

    void checksEachFieldAsTheServerDoes() {
        QFETCH(QString, change);
        QFETCH(QString, field);
        EventForm form = validForm();
        QList<SectionForm> sections = validSections();
        apply(change, form, sections);
        const FieldErrors errors = EventDraftModel::validate(form, sections, kNow);
        if (field.isEmpty()) {
            QVERIFY2(errors.isEmpty(), qPrintable(errors.keys().join(u',')));
            return;
        }
        QCOMPARE(errors.keys(), QStringList{field});
        QVERIFY(!errors.value(field).isEmpty());
    }

    void sectionsAreATreeThatPassesTheTester() {
        SectionListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &SectionListModel::sectionsChanged);
        const int seated = model.addSeated(QStringLiteral("Plateia"), 25000);
        QCOMPARE(model.rowCount(model.index(seated, 0)), 5); // A–E by default
        QCOMPARE(model.columnCount(model.index(seated, 0)), int(SectionListModel::RowColumnCount));
        const int general = model.addGeneral(QString(), 15000, 300);
        QCOMPARE(model.index(general, SectionListModel::NameColumn).data().toString(),
                 QStringLiteral("Section 2"));
        QCOMPARE(model.rowCount(model.index(general, 0)), 0);
        QCOMPARE(model.totalSeats(), 50);
        QCOMPARE(model.totalGeneral(), 300);

        QVERIFY(model.setRows(
            seated, EventDraftModel::rowLabels(QStringLiteral("A"), QStringLiteral("J")), 20));
        QCOMPARE(model.rowCount(model.index(seated, 0)), 10);
        QCOMPARE(model.index(seated, SectionListModel::PlacesColumn)
                     .data(SectionListModel::ValueRole)
                     .toLongLong(),
                 200);
        QCOMPARE(model.addRow(seated), 10);
        QCOMPARE(model.index(10, SectionListModel::LabelColumn, model.index(seated, 0))
                     .data()
                     .toString(),
                 QStringLiteral("K"));
        QVERIFY(model.setData(model.index(0, SectionListModel::SeatsColumn, model.index(seated, 0)),
                              25));
        QCOMPARE(model.totalSeats(), 200 + 10 + 5);
        QVERIFY(model.removeSeatRow(seated, 10));
        QCOMPARE(model.totalSeats(), 205);

        // Prices are typed as amounts, either decimal separator.
        QVERIFY(model.setData(model.index(general, SectionListModel::PriceColumn),
                              QStringLiteral("99,90")));
        QCOMPARE(model.sections().at(general).priceCents, 9990);
        QVERIFY(!model.setData(model.index(general, SectionListModel::PriceColumn),
                               QStringLiteral("abc")));
        QVERIFY(model.setData(model.index(general, SectionListModel::PlacesColumn), 450));
        QCOMPARE(model.totalGeneral(), 450);
        // A seated section's places are its rows': not typed in.
        QVERIFY(!(model.flags(model.index(seated, SectionListModel::PlacesColumn)) &
                  Qt::ItemIsEditable));
        QVERIFY(!model.setData(model.index(seated, SectionListModel::PlacesColumn), 9));

        const int copy = model.duplicate(seated);
        QCOMPARE(copy, seated + 1);
        QCOMPARE(model.sections().at(copy).name, QStringLiteral("Plateia (2)"));
        QCOMPARE(model.rowCount(model.index(copy, 0)), 10);
        QCOMPARE(model.totalPlaces(), 205 * 2 + 450);
        QVERIFY(model.removeSection(copy));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(changed.count() >= 10);

        model.setErrors({{QStringLiteral("sections[0].rows[3].seats"), QStringLiteral("bad")},
                         {QStringLiteral("name"), QStringLiteral("not mine")}});
        const QModelIndex cell =
            model.index(3, SectionListModel::SeatsColumn, model.index(seated, 0));
        QCOMPARE(cell.data(SectionListModel::ErrorRole).toString(), QStringLiteral("bad"));
        QCOMPARE(cell.data(Qt::ToolTipRole).toString(), QStringLiteral("bad"));
        // Editing the cell clears its problem.
        QVERIFY(model.setData(cell, 12));
        QVERIFY(cell.data(SectionListModel::ErrorRole).toString().isEmpty());
        model.setSections({});
        QCOMPARE(model.rowCount(), 0);
    }

    void mapsFieldPathsToCellsAndBack_data() {
        QTest::addColumn<QString>("field");
        for (const char* field :
             {"sections[0].name", "sections[0].price_cents", "sections[0].rows",
              "sections[0].rows[1].label", "sections[0].rows[0].seats", "sections[1].capacity"})
            QTest::newRow(field) << QString::fromUtf8(field);
    }

    void mapsFieldPathsToCellsAndBack() {
        QFETCH(QString, field);
        SectionListModel model;
        model.setSections(validSections());
        const QModelIndex cell = model.indexForField(field);
        QVERIFY(cell.isValid());
        QCOMPARE(model.fieldForIndex(cell), field);
        QVERIFY(!model.indexForField(QStringLiteral("sections[7].name")).isValid());
        QVERIFY(!model.indexForField(QStringLiteral("name")).isValid());
    }

    void generatesRowLabels_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("letters") << "A"
                                 << "E" << QStringList{"A", "B", "C", "D", "E"};
        QTest::newRow("lower case") << "a"
                                    << "c" << QStringList{"a", "b", "c"};
        QTest::newRow("past Z") << "Y"
                                << "AB" << QStringList{"Y", "Z", "AA", "AB"};
        QTest::newRow("numbers") << "9"
                                 << "11" << QStringList{"9", "10", "11"};
        QTest::newRow("one") << "K"
                             << "K" << QStringList{"K"};
        QTest::newRow("backwards") << "E"
                                   << "A" << QStringList{};
        QTest::newRow("mixed") << "A"
                               << "5" << QStringList{};
        QTest::newRow("symbols") << "A!"
                                 << "C" << QStringList{};
        QTest::newRow("empty") << ""
                               << "C" << QStringList{};
    }

    void generatesRowLabels() {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QStringList, labels);
        QCOMPARE(EventDraftModel::rowLabels(from, to), labels);
    }

    void generatesAtMostTheRowsASectionMayHave() {
        QCOMPARE(EventDraftModel::rowLabels(QStringLiteral("1"), QStringLiteral("2000")).size(),
                 EventFormLimits::kMaxRowsPerSection);
        QVERIFY(EventDraftModel::rowLabels(QStringLiteral("1"), QStringLiteral("2001")).isEmpty());
    }

    void aFreshDraftIsValid() {
        EventDraftModel model(nullptr);
        // All but what only the organizer can say: the event's name and venue.
        QCOMPARE(model.validate().keys(),
                 (QStringList{QStringLiteral("name"), QStringLiteral("venue")}));
        EventForm form = model.form();
        form.name = QStringLiteral("Named");
        form.venue = QStringLiteral("Somewhere");
        model.setForm(form);
        QVERIFY(model.errors().isEmpty()); // the messages went with the fixes
        QVERIFY2(model.validate().isEmpty(), qPrintable(model.errors().keys().join(u',')));
        QCOMPARE(model.sections()->rowCount(), 1);
        QVERIFY(model.form().saleEndsAt <= model.form().startsAt);
    }

    void anInvalidDraftIsNotSent() {
        EventDraftModel model(nullptr); // no ApiClient: sending would crash
        EventForm form = model.form();
        form.name.clear();
        form.venue = QStringLiteral("Somewhere");
        model.setForm(form);
        QSignalSpy errors(&model, &EventDraftModel::errorsChanged);
        QVERIFY(!model.submit());
        QCOMPARE(errors.count(), 1);
        QCOMPARE(model.errors().keys(), QStringList{QStringLiteral("name")});
        // Fixing the field drops its message at once.
        form.name = QStringLiteral("Named");
        model.setForm(form);
        QVERIFY(model.errors().isEmpty());
    }

    void createsWhatTheServerReadsBack() {
        auto api = m_server->client(LiveServer::kOrganizer);
        EventDraftModel model(api.get());
        EventForm form = validForm();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        form.startsAt =
            QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() + 86'400 * 40, Qt::UTC);
        form.saleStartsAt = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() - 60, Qt::UTC);
        form.saleEndsAt = form.startsAt.addSecs(-3600);
        form.currency = QStringLiteral("USD");
        form.maxPerCustomer = 8;
        form.maxPerCard = 12;
        form.holdSeconds = 900;
        form.queueEnabled = true;
        form.admitPerMinute = 120;
        form.powBits = 3;
        model.setForm(form);
        model.sections()->setSections(validSections());
        model.sections()->addSeated(
            QStringLiteral("Balcão"), 9000,
            {RowForm{QStringLiteral("AA"), 3}, RowForm{QStringLiteral(" BB "), 4}});

        QSignalSpy created(&model, &EventDraftModel::created);
        QSignalSpy failed(&model, &EventDraftModel::failed);
        QVERIFY(model.submit());
        QVERIFY(model.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(created.count() + failed.count() > 0, 20'000);
        QVERIFY2(failed.isEmpty(),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().at(0).toString()));
        const Id eventId = created.first().at(0).value<Id>();
        QCOMPARE(created.first().at(1).toString(), form.name);

        const auto event =
            await<Event>([&](QObject* c, auto done) { api->event(eventId, c, done); });
        QVERIFY(event);
        QCOMPARE(QString::fromStdString(event->summary.name), form.name);
        QCOMPARE(QString::fromStdString(event->summary.venue), form.venue);
        QCOMPARE(event->summary.startsAt.time_since_epoch().count(),
                 form.startsAt.toSecsSinceEpoch());
        QCOMPARE(event->summary.saleStartsAt.time_since_epoch().count(),
                 form.saleStartsAt.toSecsSinceEpoch());
        QCOMPARE(event->summary.saleEndsAt.time_since_epoch().count(),
                 form.saleEndsAt.toSecsSinceEpoch());
        QCOMPARE(event->summary.currency, std::string("USD"));
        QCOMPARE(event->maxTicketsPerCustomer, 8);
        QCOMPARE(event->maxTicketsPerCard, 12);
        QCOMPARE(event->holdSeconds, 900);
        QVERIFY(event->summary.queueEnabled);
        QCOMPARE(event->admitPerMinute, 120);
        QCOMPARE(event->queuePowBits, 3);
        QCOMPARE(event->sections.size(), std::size_t{3});
        const auto& sections = model.sections()->sections();
        for (std::size_t i = 0; i < event->sections.size(); ++i) {
            const SectionForm& sent = sections.at(static_cast<int>(i));
            QCOMPARE(QString::fromStdString(event->sections[i].name), sent.name);
            QCOMPARE(event->sections[i].kind, sent.kind);
            QCOMPARE(event->sections[i].priceCents, sent.priceCents);
            QCOMPARE(event->sections[i].capacity, sent.places());
        }
        QCOMPARE(event->summary.capacity, model.sections()->totalPlaces());
        const auto seats =
            await<std::vector<Seat>>([&](QObject* c, auto done) { api->seats(eventId, c, done); });
        QVERIFY(seats);
        QCOMPARE(static_cast<qint64>(seats->size()), model.sections()->totalSeats());
        // Labels go trimmed, as the editor shows them.
        QCOMPARE(seats->back().row, std::string("BB"));
        // Per card left at "same as per customer": the field is not sent.
        model.setForm(EventForm{form.name, form.venue, form.startsAt, form.saleStartsAt,
                                form.saleEndsAt, form.currency, 8, 0, 900, false, 600, 0});
        QVERIFY(!toJson(model.toDraft()).contains("max_tickets_per_card"));
    }

    void aFieldTheServerRefusesLandsOnItsCell() {
        auto api = m_server->client(LiveServer::kOrganizer);
        // What the server says about a row without seats, asked directly (the editor would not
        // send it).
        EventDraft draft = EventDraftModel::toDraft(validForm(), validSections());
        draft.sections[0].rows[1].seats = 0;
        const auto refused =
            await<Event>([&](QObject* c, auto done) { api->createEvent(draft, c, done); });
        QVERIFY(!refused);
        QVERIFY(refused.error().is(ErrorCode::InvalidRequest));
        const QString field =
            QString::fromStdString(refused.error().error.details.at("field").get<std::string>());
        QCOMPARE(field, QStringLiteral("sections[0].rows[1].seats"));

        EventDraftModel model(api.get());
        model.sections()->setSections(validSections());
        QSignalSpy errors(&model, &EventDraftModel::errorsChanged);
        model.applyRefusal(field, QString::fromStdString(refused.error().error.message));
        QCOMPARE(errors.count(), 1);
        const QModelIndex cell = model.sections()->indexForField(field);
        QCOMPARE(cell.row(), 1);
        QCOMPARE(cell.column(), int(SectionListModel::SeatsColumn));
        QCOMPARE(cell.parent().row(), 0);
        QCOMPARE(cell.data(SectionListModel::ErrorRole).toString(),
                 QString::fromStdString(refused.error().error.message));
    }

    void aBuyerIsRefusedAsAValue() {
        auto api = m_server->client(LiveServer::kBuyer);
        EventDraftModel model(api.get());
        EventForm form = model.form();
        form.name = QStringLiteral("Not allowed");
        form.venue = QStringLiteral("Nowhere");
        model.setForm(form);
        QSignalSpy failed(&model, &EventDraftModel::failed);
        QVERIFY(model.submit());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20'000);
        QVERIFY(failed.first().at(1).toString().isEmpty()); // no field: the account may not
        QVERIFY(!failed.first().at(0).toString().isEmpty());
        QVERIFY(!model.isBusy());
    }

    // The page as an organizer meets it: a missing name is said next to the field before
    // anything is sent; with it filled in, Save (Ctrl+S) creates the event.
    void theEditorPageMarksFieldsAndSaves() {
        auto api = m_server->client(LiveServer::kOrganizer);
        EventDraftModel model(api.get());
        EventEditorPage page(&model);
        page.resize(1200, 760);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.startNew();
        QSignalSpy created(&page, &EventEditorPage::eventCreated);
        auto* save = page.findChild<QPushButton*>(QStringLiteral("saveEventButton"));
        QVERIFY(save);
        QTest::mouseClick(save, Qt::LeftButton);
        auto* nameError = page.findChild<QLabel*>(QStringLiteral("error_name"));
        QVERIFY(nameError);
        QVERIFY(nameError->isVisible());
        QVERIFY(!nameError->text().isEmpty());
        auto* name = page.findChild<QLineEdit*>(QStringLiteral("eventName"));
        QVERIFY(name->hasFocus());
        QCOMPARE(created.count(), 0);

        QTest::keyClicks(name, QStringLiteral("Jazz at Noon"));
        QVERIFY(!nameError->isVisible()); // fixed as it is typed
        QTest::keyClicks(page.findChild<QLineEdit*>(QStringLiteral("eventVenue")),
                         QStringLiteral("Teatro"));
        // Make rows A to H × 12 in the first (seated) section, add a general section.
        page.findChild<QLineEdit*>(QStringLiteral("rowsTo"))->setText(QStringLiteral("H"));
        page.findChild<QSpinBox*>(QStringLiteral("seatsPerRow"))->setValue(12);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("generateRowsButton")),
                          Qt::LeftButton);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("addGeneralButton")),
                          Qt::LeftButton);
        QCOMPARE(model.sections()->totalSeats(), 8 * 12);
        QCOMPARE(model.sections()->rowCount(), 2);
        const QString total = page.findChild<QLabel*>(QStringLiteral("capacityTotal"))->text();
        QVERIFY2(total.contains(QLocale().toString(8 * 12 + 100)), qPrintable(total));
        if (const QString dir = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR"); !dir.isEmpty()) {
            SectionListModel* sections = model.sections();
            sections->setData(sections->index(0, SectionListModel::NameColumn),
                              QStringLiteral("Plateia"));
            sections->setData(sections->index(0, SectionListModel::PriceColumn),
                              QStringLiteral("120.00"));
            sections->setData(sections->index(1, SectionListModel::NameColumn),
                              QStringLiteral("Pista"));
            sections->setData(sections->index(1, SectionListModel::PriceColumn),
                              QStringLiteral("80.00"));
            page.findChild<QTableView*>(QStringLiteral("sectionTable"))
                ->setCurrentIndex(sections->index(0, 0));
            QTest::qWait(100); // the layout settles after the error labels hid
            QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("event-editor.png"))));
        }

        QTest::keySequence(&page, QKeySequence::Save);
        QTRY_VERIFY2_WITH_TIMEOUT(
            created.count() == 1,
            qPrintable(page.findChild<QLabel*>(QStringLiteral("statusLabel"))->text()), 20'000);
        const Id eventId = created.first().at(0).value<Id>();
        const auto event =
            await<Event>([&](QObject* c, auto done) { api->event(eventId, c, done); });
        QVERIFY(event);
        QCOMPARE(event->summary.name, std::string("Jazz at Noon"));
        QCOMPARE(event->summary.capacity, 8 * 12 + 100);
    }

private:
    std::unique_ptr<LiveServer> m_server;
};

QTEST_MAIN(TestEventDraftModel)
#include "tst_eventdraftmodel.moc"
