#include "client-qt/net/eventstream.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

namespace {
constexpr int kDefaultSilenceTimeoutMs = 40'000; // more than two 15 s heartbeats
constexpr int kMaxBackoffMs = 30'000;
} // namespace

EventStream::EventStream(ApiClient* api, QObject* parent)
    : QObject(parent)
    , m_api(api) {
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EventStream::connectNow);
    m_silenceTimer.setSingleShot(true);
    m_silenceTimer.setInterval(kDefaultSilenceTimeoutMs);
    connect(&m_silenceTimer, &QTimer::timeout, this, [this] {
        if (m_reply) m_reply->abort(); // onFinished reconnects
    });
}

EventStream::~EventStream() {
    close();
}

void EventStream::setSilenceTimeoutMs(int ms) {
    m_silenceTimer.setInterval(ms);
}

void EventStream::open(Id eventId, const QString& lastEventId) {
    close();
    m_eventId = eventId;
    m_lastEventId = lastEventId;
    m_failures = 0;
    connectNow();
}

void EventStream::resumeFrom(Id position) {
    if (position > m_lastEventId.toLongLong()) m_lastEventId = QString::number(position);
}

void EventStream::close() {
    m_reconnectTimer.stop();
    m_silenceTimer.stop();
    if (m_reply) {
        QNetworkReply* reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_eventId = 0;
    setConnected(false);
}

void EventStream::connectNow() {
    if (m_eventId == 0) return;
    QNetworkRequest request =
        m_api->newRequest(QStringLiteral("/api/v1/events/%1/stream").arg(m_eventId));
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (!m_lastEventId.isEmpty()) request.setRawHeader("Last-Event-ID", m_lastEventId.toLatin1());
    request.setTransferTimeout(0); // a stream lasts; silence is watched below instead
    m_parser = std::make_unique<EventStreamParser>();
    m_token = m_api->token();
    m_reply = m_api->network()->get(request);
    m_api->applyTrust(m_reply);
    connect(m_reply, &QNetworkReply::readyRead, this, &EventStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &EventStream::onFinished);
    m_silenceTimer.start();
}

void EventStream::onReadyRead() {
    if (!m_reply) return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) return; // the error body is read in onFinished
    m_silenceTimer.start();
    if (!m_connected) {
        m_failures = 0;
        setConnected(true);
    }
    const QByteArray bytes = m_reply->readAll();
    for (const StreamEvent& event : m_parser->feed(std::string_view(bytes.data(), bytes.size()))) {
        if (!event.lastEventId.empty()) m_lastEventId = toQString(event.lastEventId);
        dispatch(event);
    }
    if (const auto retry = m_parser->retryMs()) m_reconnectDelayMs = static_cast<int>(*retry);
}

void EventStream::onFinished() {
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    if (reply) reply->deleteLater();
    m_silenceTimer.stop();
    setConnected(false);
    if (m_eventId == 0) return;
    const int status =
        reply ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
    if (status == 404) return; // the event is gone: nothing to wait for
    if (status == 401) {
        // The token died while the stream was away: the session is over; go on without it.
        m_api->noticeSessionEnded(m_token);
        if (m_api->token().isEmpty()) m_failures = 0;
    }
    if (status == 400 && !m_lastEventId.isEmpty()) {
        // A Last-Event-ID this server refuses: start over with a fresh picture.
        m_lastEventId.clear();
        Q_EMIT resetRequired(QStringLiteral("unknown_id"));
    }
    ++m_failures;
    scheduleReconnect();
}

void EventStream::scheduleReconnect() {
    // The server's delay first, doubling while it keeps failing: a restarting cluster is not
    // hammered by every kiosk at once.
    const int shift = std::min(m_failures - 1, 4);
    const int delay = std::min(kMaxBackoffMs, m_reconnectDelayMs << std::max(shift, 0));
    m_reconnectTimer.start(delay);
}

void EventStream::setConnected(bool connected) {
    if (m_connected == connected) return;
    m_connected = connected;
    Q_EMIT connectedChanged(connected);
}

void EventStream::dispatch(const StreamEvent& event) {
    const auto data = nlohmann::json::parse(event.data, nullptr, false);
    if (!data.is_object()) return;
    try {
        if (event.type == "seats") {
            const auto state = seatStateFromName(data.at("state").get<std::string>());
            if (!state) return;
            QList<qint64> ids;
            for (const auto& id : data.at("seat_ids"))
                ids.append(id.get<qint64>());
            Q_EMIT seatsChanged(ids, *state);
        } else if (event.type == "availability") {
            Q_EMIT availabilityChanged(data.at("section_id").get<qint64>(),
                                       data.at("available").get<qint64>());
        } else if (event.type == "order") {
            Q_EMIT orderChanged(data.at("order_id").get<qint64>(),
                                toQString(data.at("status").get<std::string>()));
        } else if (event.type == "queue") {
            Q_EMIT queueChanged(data.at("position").get<qint64>(), data.at("admitted").get<bool>());
        } else if (event.type == "checkin") {
            Q_EMIT checkinChanged(data.at("section_id").get<qint64>(),
                                  data.at("admitted").get<qint64>());
        } else if (event.type == "session_ended") {
            m_api->noticeSessionEnded(m_token);
        } else if (event.type == "reset") {
            Q_EMIT resetRequired(toQString(data.value("reason", std::string("unknown"))));
        }
    } catch (const nlohmann::json::exception&) {
        // An event of a shape this build does not know: skip it, the next batch carries states.
    }
}

} // namespace bilheteria::client
