// A buyer's turn in an event's waiting room: joins (solving the server's proof of work on a
// worker thread, unnoticed), then follows the place live — the stream's private `queue` event
// says "admitted" the moment it happens, and a poll every few seconds refreshes the number
// ahead and the estimated wait (the server does not push those).
#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <optional>

#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;
class EventStream;
struct ApiError;
struct ProofOfWorkAnswer;

class WaitingRoomModel : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Joining, Waiting, Admitted, Lapsed, Failed };
    Q_ENUM(State)

    explicit WaitingRoomModel(ApiClient* api, QObject* parent = nullptr);
    ~WaitingRoomModel() override;

    // Takes (or finds again) a place in `eventId`'s waiting room.
    void join(Id eventId);
    void leave();
    void setPollIntervalMs(int ms) { m_poll.setInterval(ms); }

    State state() const { return m_state; }
    Id eventId() const { return m_eventId; }
    const QueueStatus& status() const { return m_status; }
    // Until when the admission lets the customer hold seats (local clock).
    QDateTime admittedUntil() const;

Q_SIGNALS:
    void stateChanged(bilheteria::client::WaitingRoomModel::State state);
    void statusChanged();
    void admitted();
    void failed(const QString& message);

private:
    void onStatus(const QueueStatus& status);
    void onFailure(const ApiError& error);
    void sendJoin(const std::optional<ProofOfWorkAnswer>& proof);
    void solveAndJoin();
    void poll();
    void setState(State state);

    ApiClient* m_api;
    EventStream* m_stream;
    QTimer m_poll;
    Id m_eventId = 0;
    State m_state = State::Idle;
    QueueStatus m_status;
    int m_generation = 0; // answers for an earlier join() are dropped
};

} // namespace bilheteria::client
