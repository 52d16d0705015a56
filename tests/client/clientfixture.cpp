#include "tests/client/clientfixture.h"

#include <QDate>
#include <QTcpServer>

#include "tests/support/builders.h"

namespace bilheteria::testing {

void saveScreenshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("BILHETERIA_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

LiveServer::LiveServer(std::vector<std::string> extraArgs)
    : m_database(std::make_unique<TestDatabase>(Backend::Sqlite)) {
    for (const char* email : {kClerk, kOrganizer, kBuyer, kAdmin}) {
        const std::string role = email == kClerk       ? "clerk"
                                 : email == kOrganizer ? "organizer"
                                 : email == kAdmin     ? "admin"
                                                       : "buyer";
        addUser(m_database->url(), email, "Test " + role, role, kTestPassword);
    }
    m_server = std::make_unique<ServerProcess>(m_database->url(), std::move(extraArgs));
    m_http = std::make_unique<HttpsClient>(m_server->port(), m_server->caCertPath());
    m_organizerToken = m_http->login(kOrganizer, kTestPassword);
    m_demoEventId = createEvent(demoEventBody());
}

LiveServer::~LiveServer() = default;

QString LiveServer::url() const {
    return QStringLiteral("https://127.0.0.1:%1").arg(m_server->port());
}

QString LiveServer::caCertPath() const {
    return QString::fromStdString(m_server->caCertPath());
}

Id LiveServer::createEvent(const nlohmann::json& body) {
    const HttpReply reply = m_http->post("/api/v1/events", body, m_organizerToken);
    if (reply.status != 201) throw std::runtime_error("cannot create the event: " + reply.raw);
    return reply.body.at("event").at("id").get<Id>();
}

std::unique_ptr<client::ApiClient> LiveServer::client(const char* email) {
    auto api = std::make_unique<client::ApiClient>();
    api->setBaseUrl(QUrl(url()));
    client::ServerTrust trust;
    trust.addCaFile(caCertPath());
    api->setTrust(trust);
    // A purchase whose outcome is unknown is asked again for up to 30 s in the app; the suites
    // that cut the network off want their "outcome unknown" within their waits.
    api->setOutcomeRetryPolicy(kTestOutcomeRetry);
    if (email) api->setToken(QString::fromStdString(m_http->login(email, kTestPassword)));
    return api;
}

client::ApiResult<Order> sellAtCounter(client::ApiClient& api, Id eventId,
                                       const HoldRequest& request, const PaymentRequest& payment) {
    const auto hold =
        await<Hold>([&](QObject* c, auto done) { api.createHold(eventId, request, c, done); });
    if (!hold) return std::unexpected(hold.error());
    PaymentRequest paid = payment;
    // Cash of 0 stands for "exactly the total".
    if (auto* cash = std::get_if<CashPayment>(&paid); cash && cash->tenderedCents == 0)
        cash->tenderedCents = hold->totalCents;
    static int sale = 0;
    const QString key = QStringLiteral("counter-sale-%1").arg(++sale);
    return await<Order>([&](QObject* c, auto done) { api.purchase(hold->id, paid, key, c, done); });
}

client::ApiResult<Order> sellFreeSeats(client::ApiClient& api, Id eventId, int count) {
    const auto seats =
        await<std::vector<Seat>>([&](QObject* c, auto done) { api.seats(eventId, c, done); });
    if (!seats) return std::unexpected(seats.error());
    std::vector<Id> chosen;
    for (const Seat& seat : *seats)
        if (seat.state == SeatState::Free && std::ssize(chosen) < count) chosen.push_back(seat.id);
    return sellAtCounter(api, eventId, HoldRequest{chosen, {}, 0}, CashPayment{0});
}

QUrl unreachableUrl() {
    // A port the system just handed out and took back: nobody listens there.
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
}

CardPayment approvedCard() {
    return CardPayment{"4242 4242 4242 4242", 12, QDate::currentDate().year() + 2, "123",
                       "Test Holder"};
}

} // namespace bilheteria::testing
