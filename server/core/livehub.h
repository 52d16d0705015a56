// Live notifications for one server instance: ONE thread reads the change outbox in id order
// (core/changefeed.h) and fans what it reads out, in memory, to the subscriptions of the open
// streams. Per event it publishes at most one batch per LiveSettings::batchInterval — the seats
// that changed, each in its latest state; the availability of the sections touched, read once
// for every subscriber of the event; the private order and queue events of their customers —
// and the first change after a quiet spell goes out at once.
//
// Ids: a batch is sent with the hub's cursor as its SSE id, meaning "every change of this event
// up to this id is in". A client that reconnects (to any instance) with that Last-Event-ID gets
// the changes after it replayed from the outbox, each once, before the live ones; when they
// cannot be replayed (pruned, too many, or a change that committed after the hub gave up
// waiting for it) it gets a `reset` event instead and reloads the seat map.
//
// Sessions: a subscription opened with a bearer token belongs to that token's session. It ends,
// with a final `session_ended` event, at once when the session is ended here (endSession, the
// logout), and otherwise within sessionCheckInterval: the reader looks every open session up in
// one store call (a logout on another instance), and knows when each expires — the expiry as
// the requests' renewals move it (AccountService::authenticate), not the sign-in's.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/core/changefeed.h"
#include "server/core/clock.h"
#include "server/core/liveevents.h"
#include "server/core/store/accountstore.h"
#include "server/core/store/changestore.h"
#include "server/core/store/eventstore.h"

namespace bilheteria {

struct LiveSettings {
    // At most one batch per event per this interval; it also bounds how often a stream wakes.
    std::chrono::milliseconds batchInterval{250};
    // ...and a hot event with many subscribers gets its batches less often, so that it costs at
    // most about this many stream writes per second: each batch wakes every subscriber's
    // thread for a TLS write. 5,000 subscribers at the default: a batch per second. 0: no bound.
    int writesPerSecond = 5000;
    // How long a missing change id (PostgreSQL: a transaction that took its id but has not
    // committed yet) holds back the changes after it before the hub gives up waiting for it.
    std::chrono::milliseconds gapGrace{2000};
    // The outbox is read at least this often, whether or not anything announced a change...
    std::chrono::milliseconds pollInterval{1000};
    // ...and at most this often, however many commits announce one: during a flash sale the
    // reads stay a few per batch interval instead of one per transaction.
    std::chrono::milliseconds minReadInterval{10};
    // Ids given up on are looked for again this long; one that turns up after all means its
    // event's subscribers missed it, and they get a reset.
    std::chrono::milliseconds lateWindow{120'000};
    int fetchLimit = 1000;
    // A reconnect replays at most this many changes of its event, from at most maxReplaySpan
    // ids back; beyond either it gets a reset.
    int maxReplay = 10'000;
    Id maxReplaySpan = 200'000;
    // Events waiting for one stream that does not keep up; beyond them it gets a reset.
    std::size_t maxPending = 20'000;
    // How often the open streams' sessions are looked up (one store call for all of them): a
    // session logged out on another instance ends its streams within this.
    std::chrono::milliseconds sessionCheckInterval{2000};
};

// Why a stream's session ended: its `session_ended` event's reason.
enum class SessionEnd { LoggedOut, Expired };

struct LiveDelivery {
    std::vector<LiveEventPtr> events;
    // The SSE id to send with the last event (every change of the event up to it is in).
    std::optional<Id> lastId;
    // End the stream after `events`: the hub stopped, or its session ended (then `events` is
    // the one `session_ended` event, without an id).
    bool ended = false;
};

class LiveHub;

// One stream's subscription; unsubscribes when destroyed.
class LiveSubscription {
public:
    ~LiveSubscription();
    LiveSubscription(const LiveSubscription&) = delete;
    LiveSubscription& operator=(const LiveSubscription&) = delete;

    // What is pending, or once something is, the hub stops or `until` passes (then nothing).
    // Each call also checks the session's expiry, when the subscription has a session.
    LiveDelivery next(std::chrono::steady_clock::time_point until);

    struct State; // internal

private:
    friend class LiveHub;
    LiveSubscription(LiveHub& hub, std::shared_ptr<State> state);

    LiveHub& m_hub;
    std::shared_ptr<State> m_state;
};

class LiveHub {
public:
    // `events` and `changes` give a new subscription its sections' availability; `accounts`
    // the sessions of the subscriptions that have one.
    LiveHub(ChangeSource& source, EventStore& events, ChangeStore& changes, AccountStore& accounts,
            const Clock& clock, LiveSettings settings = {});
    ~LiveHub(); // stop()
    LiveHub(const LiveHub&) = delete;
    LiveHub& operator=(const LiveHub&) = delete;

    // Starts reading after the newest committed change.
    Result<void> start();
    // Ends every subscription (their next() returns ended) and the reader thread.
    void stop();

    // Subscribes to `eventId`; `customerId` receives their private events too, for as long as
    // the session `sessionKey` (AccountService::sessionKey of the token they authenticated
    // with) lasts. The first delivery holds the replay after `lastEventId` (or a reset), then
    // one availability event per section of the event. not_found for an unknown event;
    // unavailable once stopped.
    Result<std::unique_ptr<LiveSubscription>>
    subscribe(Id eventId, std::optional<Id> customerId, std::optional<Id> lastEventId,
              std::optional<std::string> sessionKey = std::nullopt);

    // Ends every subscription of the session at once: its next delivery is the one
    // `session_ended` event, and the end.
    void endSession(const std::string& sessionKey, SessionEnd reason);

    std::size_t subscriptionCount() const;
    // Every change with an id up to this has been read (or given up on).
    Id cursor() const;
    // Called on the reader thread with the errors it meets (the database unreachable, a
    // malformed row); it goes on and retries.
    void setErrorHandler(std::function<void(const Error&)> handler);

private:
    friend class LiveSubscription;
    void unsubscribe(const std::shared_ptr<LiveSubscription::State>& state);

    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bilheteria
