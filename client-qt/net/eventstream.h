// One event's live stream (GET /api/v1/events/{id}/stream, Server-Sent Events), kept open:
// it reconnects by itself after a drop, with Last-Event-ID so no change is missed, and treats
// a stream that stays silent past two heartbeats as dropped. Signals carry the events. When
// the server ends the stream's session (a logout elsewhere, an expiry: `session_ended`, or 401
// on reconnecting) the ApiClient hears of it and the stream goes on without the token.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <memory>

#include "shared/eventstreamparser.h"
#include "shared/protocol.h"

class QNetworkReply;

namespace bilheteria::client {

class ApiClient;

class EventStream : public QObject {
    Q_OBJECT
public:
    explicit EventStream(ApiClient* api, QObject* parent = nullptr);
    ~EventStream() override;

    // Opens the stream of `eventId` (closing any other); with the ApiClient's token when it has
    // one, so the caller's own order and queue events come too. With `lastEventId` (a seat
    // map's position) it starts there: the changes after it are replayed first.
    void open(Id eventId, const QString& lastEventId = {});
    // Where the next reconnection resumes, when `position` is past the last id seen (the seat
    // map caught up without the stream, by ?since=).
    void resumeFrom(Id position);
    void close();
    Id eventId() const { return m_eventId; }
    bool isConnected() const { return m_connected; }
    QString lastEventId() const { return m_lastEventId; }

    // Reconnection delay before the server's `retry:` arrives, and the silence after which the
    // stream counts as dropped (the server sends a heartbeat every 15 s).
    void setReconnectDelayMs(int ms) { m_reconnectDelayMs = ms; }
    void setSilenceTimeoutMs(int ms);

Q_SIGNALS:
    void connectedChanged(bool connected);
    void seatsChanged(const QList<qint64>& seatIds, bilheteria::SeatState state);
    void availabilityChanged(qint64 sectionId, qint64 available);
    void orderChanged(qint64 orderId, const QString& status);
    void queueChanged(qint64 position, bool admitted);
    // The door: how many of a section's tickets are checked in now.
    void checkinChanged(qint64 sectionId, qint64 admitted);
    // The stream cannot bring the client up to date change by change: reload what it shows.
    void resetRequired(const QString& reason);

private:
    void connectNow();
    void onReadyRead();
    void onFinished();
    void dispatch(const StreamEvent& event);
    void scheduleReconnect();
    void setConnected(bool connected);

    ApiClient* m_api;
    Id m_eventId = 0;
    QPointer<QNetworkReply> m_reply;
    QString m_token; // the one the open stream was asked with
    std::unique_ptr<EventStreamParser> m_parser;
    QString m_lastEventId;
    bool m_connected = false;
    int m_reconnectDelayMs = 3000;
    int m_failures = 0;
    QTimer m_reconnectTimer;
    QTimer m_silenceTimer;
};

} // namespace bilheteria::client
