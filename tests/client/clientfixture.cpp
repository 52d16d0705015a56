#include "tests/client/clientfixture.h"

#include "tests/support/builders.h"

namespace bilheteria::testing {

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

} // namespace bilheteria::testing
