#include "tests/client/clientfixture.h"

#include <QDate>

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

CardPayment approvedCard() {
    return CardPayment{"4242 4242 4242 4242", 12, QDate::currentDate().year() + 2, "123",
                       "Test Holder"};
}

} // namespace bilheteria::testing
