#include "client-qt/models/waitingroommodel.h"

#include "client-qt/net/apiclient.h"
#include "client-qt/net/eventstream.h"
#include "client-qt/net/proofofworksolver.h"
#include "client-qt/net/qtconversion.h"

namespace bilheteria::client {

namespace {
constexpr int kPollIntervalMs = 3000;
}

WaitingRoomModel::WaitingRoomModel(ApiClient* api, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_stream(new EventStream(api, this)) {
    m_poll.setInterval(kPollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &WaitingRoomModel::poll);
    // The admission arrives on the stream at once; the poll confirms it with the full status.
    connect(m_stream, &EventStream::queueChanged, this, [this](qint64, bool admittedNow) {
        if (admittedNow && m_state == State::Waiting) poll();
    });
    // A stream that came back may have missed the admission: ask.
    connect(m_stream, &EventStream::connectedChanged, this, [this](bool connected) {
        if (connected && m_state == State::Waiting) poll();
    });
}

WaitingRoomModel::~WaitingRoomModel() = default;

QDateTime WaitingRoomModel::admittedUntil() const {
    if (!m_status.admittedUntil) return {};
    return toQDateTime(*m_status.admittedUntil)
        .addMSecs(-m_api->serverClockOffsetMs())
        .toLocalTime();
}

void WaitingRoomModel::setState(State state) {
    if (m_state == state) return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void WaitingRoomModel::join(Id eventId) {
    leave();
    m_eventId = eventId;
    m_status = QueueStatus{};
    const int generation = ++m_generation;
    setState(State::Joining);
    // Stream first, so an admission between the join and the first poll is not missed.
    m_stream->open(eventId);
    // Someone who joined before (another window, a restart) gets the same place back without
    // solving anything.
    m_api->queueStatus(eventId, this, [this, generation](ApiResult<QueueStatus> result) {
        if (generation != m_generation) return;
        if (result) return onStatus(*result);
        if (result.error().is(ErrorCode::NotFound)) return sendJoin(std::nullopt);
        onFailure(result.error());
    });
}

void WaitingRoomModel::leave() {
    ++m_generation;
    m_poll.stop();
    m_stream->close();
    m_eventId = 0;
    setState(State::Idle);
}

void WaitingRoomModel::sendJoin(const std::optional<ProofOfWorkAnswer>& proof) {
    const int generation = m_generation;
    m_api->joinQueue(m_eventId, proof, this,
                     [this, generation, proof](ApiResult<QueueStatus> result) {
                         if (generation != m_generation) return;
                         if (result) return onStatus(*result);
                         const bool puzzle = result.error().is(ErrorCode::ChallengeRequired) ||
                                             result.error().is(ErrorCode::ChallengeInvalid);
                         if (puzzle && !proof) return solveAndJoin();
                         onFailure(result.error());
                     });
}

void WaitingRoomModel::solveAndJoin() {
    const int generation = m_generation;
    m_api->challenge(QStringLiteral("queue"), m_eventId, this,
                     [this, generation](ApiResult<Challenge> challenge) {
                         if (generation != m_generation) return;
                         if (!challenge) return onFailure(challenge.error());
                         const QString text = challenge->challenge;
                         ProofOfWorkSolver::solve(text, challenge->bits, this,
                                                  [this, generation, text](QString answer) {
                                                      if (generation != m_generation) return;
                                                      sendJoin(ProofOfWorkAnswer{text, answer});
                                                  });
                     });
}

void WaitingRoomModel::poll() {
    if (m_eventId == 0) return;
    const int generation = m_generation;
    m_api->queueStatus(m_eventId, this, [this, generation](ApiResult<QueueStatus> result) {
        if (generation != m_generation) return;
        if (result) return onStatus(*result);
        // A poll that fails leaves the place as it was; the next one tries again. Only a
        // lost session or a vanished event ends the wait.
        if (result.error().kind == ApiError::Kind::Http &&
            (result.error().is(ErrorCode::NotFound) ||
             result.error().is(ErrorCode::Unauthenticated)))
            onFailure(result.error());
    });
}

void WaitingRoomModel::onStatus(const QueueStatus& status) {
    // A poll of the timer's and one the stream asked for can both be answering: the wait ends
    // once, with the first answer that ends it.
    if (m_state == State::Admitted || m_state == State::Lapsed) return;
    m_status = status;
    Q_EMIT statusChanged();
    if (status.admitted) {
        m_poll.stop();
        m_stream->close();
        setState(State::Admitted);
        Q_EMIT admitted();
        return;
    }
    if (status.lapsed) {
        m_poll.stop();
        m_stream->close();
        setState(State::Lapsed);
        return;
    }
    setState(State::Waiting);
    if (!m_poll.isActive()) m_poll.start();
}

void WaitingRoomModel::onFailure(const ApiError& error) {
    m_poll.stop();
    m_stream->close();
    setState(State::Failed);
    Q_EMIT failed(error.message());
}

} // namespace bilheteria::client
