#include "server/core/livehub.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace bilheteria {

namespace {

using SteadyClock = std::chrono::steady_clock;
using StatePtr = std::shared_ptr<LiveSubscription::State>;

// How long subscribe() waits for the reader thread to take a new subscription in (it does so
// at the event's next batch, at most batchInterval away unless the database is stuck).
constexpr auto kJoinTimeout = std::chrono::seconds{10};
// How long subscribe() waits for the reader to reach a Last-Event-ID ahead of its cursor.
constexpr auto kCatchUpTimeout = std::chrono::seconds{2};

} // namespace

struct LiveSubscription::State {
    State(Id event, std::optional<Id> customer, std::optional<Id> lastEventId,
          std::optional<std::string> session, const Clock& wallClock)
        : eventId(event)
        , customerId(customer)
        , sessionKey(std::move(session))
        , clock(wallClock)
        , seenThrough(lastEventId.value_or(0)) {}

    const Id eventId;
    const std::optional<Id> customerId;
    const std::optional<std::string> sessionKey;
    const Clock& clock;
    // The client's Last-Event-ID. Past the cursor when it comes from an instance whose hub is
    // ahead of this one: batches may then repeat seat states it has (harmless, they are
    // states), but not private events it has, and its id never goes back.
    Id seenThrough = 0;

    std::mutex mutex;
    std::condition_variable wake;
    std::vector<LiveEventPtr> pending;
    std::optional<Id> pendingId;
    bool joined = false;
    Id joinedAt = 0; // the cursor it joined at: the replay goes up to it, the live batches after
    bool overflowed = false;
    bool ended = false;
    std::optional<TimePoint> expiresAt;     // the session's, once the reader looked it up
    std::optional<SessionEnd> sessionEnded; // its last delivery is the session_ended event
};

namespace {

using State = LiveSubscription::State;

// What one event's subscribers are owed: the changes read since its last batch.
struct Window {
    std::unordered_set<StatePtr> subscribers;
    // Subscriptions that arrived while changes were waiting for a batch: they join when it
    // goes out, so that each change reaches them once, by replay or by batch.
    std::vector<StatePtr> joiners;

    std::map<Id, SeatState> seats; // seat id -> latest state
    std::set<Id> sections;         // sections whose availability moved
    std::set<Id> admitted;         // sections with tickets checked in or out at the door
    struct Private {
        Id customerId = 0;
        Id changeId = 0;
        LiveEventPtr event;
    };
    std::vector<Private> privates;
    bool reset = false;
    std::optional<CancelledChange> cancelled; // the event was cancelled

    std::optional<SteadyClock::time_point> due;
    SteadyClock::time_point lastBatch{};
    bool publishing = false;

    bool hasChanges() const {
        return !seats.empty() || !sections.empty() || !admitted.empty() || !privates.empty() ||
               reset || cancelled;
    }
    bool unused() const { return subscribers.empty() && joiners.empty() && !publishing; }
};

void endSubscription(State& state) {
    std::lock_guard lock(state.mutex);
    state.ended = true;
    state.wake.notify_all();
}

// What is pending goes: a session that ended gets none of its private events any more.
void endSessionOf(State& state, SessionEnd reason) {
    std::lock_guard lock(state.mutex);
    if (state.ended || state.sessionEnded) return;
    state.sessionEnded = reason;
    state.pending.clear();
    state.overflowed = false;
    state.wake.notify_all();
}

std::string_view reasonName(SessionEnd reason) {
    return reason == SessionEnd::Expired ? "expired" : "logged_out";
}

// Sessions looked up per store call in the periodic check.
constexpr std::size_t kSessionsPerLookup = 1000;

} // namespace

struct LiveHub::Impl {
    Impl(ChangeSource& s, EventStore& ev, ChangeStore& ch, AccountStore& ac, const Clock& c,
         LiveSettings l)
        : source(s)
        , eventStore(ev)
        , changeStore(ch)
        , accountStore(ac)
        , clock(c)
        , settings(l) {}

    ChangeSource& source;
    EventStore& eventStore;
    ChangeStore& changeStore;
    AccountStore& accountStore;
    const Clock& clock;
    const LiveSettings settings;

    mutable std::mutex mutex;
    std::unordered_map<Id, Window> windows;
    // The subscriptions of each session (its key), joined or not.
    std::unordered_map<std::string, std::unordered_set<StatePtr>> sessions;
    Id cursor = 0;
    std::size_t subscriptions = 0;
    // Subscriptions waiting for the cursor to reach their Last-Event-ID (see subscribe()).
    std::size_t catchingUp = 0;
    std::condition_variable progressed;
    bool started = false;
    bool stopping = false;
    std::function<void(const Error&)> onError;
    std::thread reader;

    // The reader thread's own bookkeeping (no lock needed).
    // (highest id read so far, when it was first read), ascending: a missing id m has been
    // missing since the first entry whose id is above m.
    std::deque<std::pair<Id, SteadyClock::time_point>> seen;
    Id highestSeen = 0;
    std::optional<SteadyClock::time_point> gapDeadline;
    bool more = false; // the last read was full: read again at once
    SteadyClock::time_point lastRead{};
    struct GivenUp {
        Id from = 0;
        Id to = 0;
        SteadyClock::time_point at;
    };
    std::vector<GivenUp> givenUp;
    SteadyClock::time_point nextLateCheck{};
    SteadyClock::time_point nextSessionCheck{};

    void report(const Error& error) {
        std::function<void(const Error&)> handler;
        {
            std::lock_guard lock(mutex);
            handler = onError;
        }
        if (handler) handler(error);
    }

    void run() {
        for (;;) {
            const auto now = SteadyClock::now();
            auto deadline = now + settings.pollInterval;
            {
                std::lock_guard lock(mutex);
                if (stopping) return;
                for (const auto& [id, window] : windows)
                    if (window.due && !window.publishing)
                        deadline = std::min(deadline, *window.due);
                if (!sessions.empty()) deadline = std::min(deadline, nextSessionCheck);
            }
            if (gapDeadline) deadline = std::min(deadline, *gapDeadline);
            if (!more && deadline > now) {
                source.waitForChanges(std::chrono::ceil<std::chrono::milliseconds>(deadline - now));
                // Commits that come meanwhile are read together.
                std::this_thread::sleep_until(lastRead + settings.minReadInterval);
            }
            bool nobody = false;
            {
                std::lock_guard lock(mutex);
                if (stopping) return;
                nobody = subscriptions == 0 && catchingUp == 0;
            }
            // Nobody listens: the cursor need only keep roughly up (a subscription joins where
            // it stands and gets what follows), so the sale's commits cost no read each.
            if (nobody && !more && SteadyClock::now() < lastRead + settings.pollInterval) continue;
            lastRead = SteadyClock::now();
            readChanges();
            lookForLateChanges();
            publishDue();
            checkSessions();
        }
    }

    // Looks every open session up, in one store call per kSessionsPerLookup, and ends the
    // subscriptions of those logged out (here or on another instance) or expired.
    void checkSessions() {
        const auto now = SteadyClock::now();
        if (now < nextSessionCheck) return;
        std::vector<std::string> keys;
        {
            std::lock_guard lock(mutex);
            keys.reserve(sessions.size());
            for (const auto& [key, states] : sessions)
                keys.push_back(key);
        }
        // Without sessions the clock does not start: the first one is looked up at once.
        if (keys.empty()) return;
        nextSessionCheck = now + settings.sessionCheckInterval;
        std::unordered_map<std::string, TimePoint> expiry;
        for (std::size_t i = 0; i < keys.size(); i += kSessionsPerLookup) {
            const auto begin = keys.begin() + static_cast<std::ptrdiff_t>(i);
            const auto end = keys.begin() + static_cast<std::ptrdiff_t>(
                                                std::min(keys.size(), i + kSessionsPerLookup));
            auto found = accountStore.findSessions(std::vector<std::string>(begin, end));
            if (!found) return report(found.error());
            for (const SessionRecord& session : *found)
                expiry[session.tokenHash] = session.expiresAt;
        }
        const auto wallNow = clock.now();
        std::lock_guard lock(mutex);
        for (const auto& key : keys) {
            const auto it = sessions.find(key);
            if (it == sessions.end()) continue;
            const auto found = expiry.find(key);
            for (const auto& state : it->second) {
                if (found == expiry.end()) {
                    endSessionOf(*state, SessionEnd::LoggedOut);
                } else if (found->second <= wallNow) {
                    endSessionOf(*state, SessionEnd::Expired);
                } else {
                    std::lock_guard stateLock(state->mutex);
                    state->expiresAt = found->second;
                }
            }
        }
    }

    void readChanges() {
        Id from;
        {
            std::lock_guard lock(mutex);
            from = cursor;
        }
        auto rows = source.changesAfter(from, settings.fetchLimit);
        more = false;
        if (!rows) return report(rows.error());
        const auto now = SteadyClock::now();
        if (!rows->empty() && rows->back().id > highestSeen) {
            highestSeen = rows->back().id;
            seen.emplace_back(highestSeen, now);
        }
        gapDeadline.reset();
        bool blocked = false;
        std::vector<Change> malformed;
        {
            std::lock_guard lock(mutex);
            for (const Change& change : *rows) {
                if (change.id <= cursor) continue;
                if (change.id > cursor + 1) {
                    // Ids cursor+1 .. change.id-1 are missing: taken by transactions that have
                    // not committed yet, or that rolled back. Wait for them, up to the grace.
                    const Id missing = cursor + 1;
                    while (!seen.empty() && seen.front().first <= missing)
                        seen.pop_front();
                    const auto since = seen.empty() ? now : seen.front().second;
                    if (now - since < settings.gapGrace) {
                        gapDeadline = since + settings.gapGrace;
                        blocked = true;
                        break;
                    }
                    givenUp.push_back(GivenUp{missing, change.id - 1, now});
                }
                cursor = change.id;
                if (!accept(change, now)) malformed.push_back(change);
            }
        }
        progressed.notify_all();
        more = !blocked && static_cast<int>(rows->size()) == settings.fetchLimit;
        for (const Change& change : malformed)
            report(Error::internal("change " + std::to_string(change.id) +
                                   " has a malformed payload; skipped"));
    }

    // Adds a change to its event's window, if anyone watches the event. Under the lock.
    bool accept(const Change& change, SteadyClock::time_point now) {
        const auto it = windows.find(change.eventId);
        if (it == windows.end()) return true;
        Window& window = it->second;
        if (window.subscribers.empty() && window.joiners.empty()) return true;
        switch (change.kind) {
        case ChangeKind::Seats: {
            auto seats = parseSeatsChange(change.payload);
            if (!seats) return false;
            for (Id seat : seats->seatIds)
                window.seats[seat] = seats->state;
            for (const auto& [section, places] : seats->sections)
                window.sections.insert(section);
            break;
        }
        case ChangeKind::Order: {
            auto order = parseOrderChange(change.payload);
            if (!order) return false;
            window.privates.push_back({order->customerId, change.id, orderEvent(*order)});
            break;
        }
        case ChangeKind::Queue: {
            auto queue = parseQueueChange(change.payload);
            if (!queue) return false;
            window.privates.push_back({queue->customerId, change.id, queueEvent(*queue)});
            break;
        }
        case ChangeKind::Checkin: {
            auto checkin = parseCheckinChange(change.payload);
            if (!checkin) return false;
            window.admitted.insert(checkin->sectionIds.begin(), checkin->sectionIds.end());
            break;
        }
        case ChangeKind::Cancelled: {
            auto cancelled = parseCancelledChange(change.payload);
            if (!cancelled) return false;
            window.cancelled = *cancelled;
            break;
        }
        }
        schedule(window, now);
        return true;
    }

    void schedule(Window& window, SteadyClock::time_point now) {
        if (!window.due) window.due = std::max(now, window.lastBatch + interval(window));
    }

    // The batch interval of an event: the setting's, or longer when writing a batch to every
    // subscriber that often would pass writesPerSecond.
    std::chrono::milliseconds interval(const Window& window) const {
        if (settings.writesPerSecond <= 0) return settings.batchInterval;
        const auto subscribers = static_cast<std::int64_t>(window.subscribers.size());
        return std::max(settings.batchInterval,
                        std::chrono::milliseconds{subscribers * 1000 / settings.writesPerSecond});
    }

    // Ids given up on that committed after all: their subscribers missed them.
    void lookForLateChanges() {
        const auto now = SteadyClock::now();
        if (givenUp.empty() || now < nextLateCheck) return;
        nextLateCheck = now + settings.pollInterval;
        std::erase_if(givenUp, [&](const GivenUp& g) { return now - g.at > settings.lateWindow; });
        std::vector<GivenUp> still;
        for (const GivenUp& range : givenUp) {
            auto late = source.changesBetween(range.from, range.to);
            if (!late) {
                report(late.error());
                return;
            }
            Id next = range.from;
            for (const Change& change : *late) {
                {
                    std::lock_guard lock(mutex);
                    const auto it = windows.find(change.eventId);
                    if (it != windows.end() &&
                        !(it->second.subscribers.empty() && it->second.joiners.empty())) {
                        it->second.reset = true;
                        schedule(it->second, now);
                    }
                }
                if (change.id > next) still.push_back(GivenUp{next, change.id - 1, range.at});
                next = change.id + 1;
            }
            if (next <= range.to) still.push_back(GivenUp{next, range.to, range.at});
        }
        givenUp = std::move(still);
    }

    void publishDue() {
        for (;;) {
            Id eventId = 0;
            Window batch;
            Id upTo = 0;
            const auto now = SteadyClock::now();
            {
                std::lock_guard lock(mutex);
                auto it = std::find_if(windows.begin(), windows.end(), [&](const auto& entry) {
                    return entry.second.due && *entry.second.due <= now && !entry.second.publishing;
                });
                if (it == windows.end()) return;
                eventId = it->first;
                Window& window = it->second;
                batch.seats.swap(window.seats);
                batch.sections.swap(window.sections);
                batch.admitted.swap(window.admitted);
                batch.privates.swap(window.privates);
                batch.reset = std::exchange(window.reset, false);
                batch.cancelled = std::exchange(window.cancelled, std::nullopt);
                window.due.reset();
                window.lastBatch = now;
                window.publishing = true;
                upTo = cursor;
            }
            publish(eventId, batch, upTo);
        }
    }

    // Sends one event's batch to its subscribers and lets the joiners in. The availability is
    // read without the lock; `publishing` keeps the window (and its joiners waiting) meanwhile.
    void publish(Id eventId, Window& batch, Id upTo) {
        std::vector<LiveEventPtr> common;
        if (batch.reset) common.push_back(resetEvent("missed_changes"));
        if (batch.cancelled) common.push_back(cancelledEvent(eventId, *batch.cancelled));
        std::map<SeatState, std::vector<Id>> byState;
        for (const auto& [seat, state] : batch.seats)
            byState[state].push_back(seat);
        for (const auto& [state, seats] : byState)
            common.push_back(seatsEvent(seats, state));
        if (!batch.sections.empty()) {
            auto available = changeStore.sectionAvailability(
                eventId, std::vector<Id>(batch.sections.begin(), batch.sections.end()),
                clock.now());
            if (available) {
                for (const auto& section : *available)
                    common.push_back(availabilityEvent(section.sectionId, section.available));
            } else {
                report(available.error());
            }
        }
        if (!batch.admitted.empty()) {
            const std::vector<Id> sections(batch.admitted.begin(), batch.admitted.end());
            auto admitted = changeStore.sectionAdmitted(eventId, sections);
            if (admitted) {
                // Sections left with nobody inside (after exits) are not in the answer.
                for (Id section : sections) {
                    std::int64_t count = 0;
                    for (const auto& a : *admitted)
                        if (a.sectionId == section) count = a.admitted;
                    common.push_back(checkinEvent(section, count));
                }
            } else {
                report(admitted.error());
            }
        }

        // By customer (each one's in change order), so that every subscriber finds its own in
        // a search: an opening's draw puts a private event for each of up to 100,000 customers
        // in one batch, for thousands of subscribers, and scanning them all per subscriber
        // would hold the hub's lock for seconds.
        std::ranges::stable_sort(batch.privates, {}, &Window::Private::customerId);

        std::lock_guard lock(mutex);
        const auto it = windows.find(eventId);
        if (it == windows.end()) return;
        Window& window = it->second;
        for (const auto& subscriber : window.subscribers)
            deliver(*subscriber, common, batch.privates, upTo);
        for (const auto& joiner : window.joiners) {
            {
                std::lock_guard joinLock(joiner->mutex);
                joiner->joined = true;
                joiner->joinedAt = upTo;
                joiner->wake.notify_all();
            }
            window.subscribers.insert(joiner);
        }
        window.joiners.clear();
        window.publishing = false;
        if (window.unused()) windows.erase(it);
    }

    void deliver(State& state, const std::vector<LiveEventPtr>& common,
                 const std::vector<Window::Private>& privates, Id upTo) {
        std::lock_guard lock(state.mutex);
        if (state.ended || state.sessionEnded) return;
        const bool idle = state.pending.empty() && !state.overflowed;
        state.pending.insert(state.pending.end(), common.begin(), common.end());
        if (state.customerId) {
            // `privates` are by customer (publish sorts them).
            const auto own = std::ranges::equal_range(privates, *state.customerId, {},
                                                      &Window::Private::customerId);
            for (const auto& item : own)
                if (item.changeId > state.seenThrough) state.pending.push_back(item.event);
        }
        state.pendingId = std::max(upTo, state.seenThrough);
        if (state.pending.size() > settings.maxPending) {
            state.pending.clear();
            state.overflowed = true;
        }
        if (idle && (!state.pending.empty() || state.overflowed)) state.wake.notify_all();
    }

    // The first delivery of a subscription that joined at `upTo`: the replay after
    // `lastEventId` (or a reset), then the availability of every section.
    Result<std::vector<LiveEventPtr>> initialEvents(State& state, std::optional<Id> lastEventId,
                                                    Id upTo) {
        std::vector<LiveEventPtr> events;
        // A Last-Event-ID at or a little past the cursor: the client has seen as much (perhaps
        // on an instance whose hub is ahead of this one), nothing to replay.
        if (lastEventId && *lastEventId > upTo + settings.maxReplaySpan) {
            // Far beyond anything this database has handed out (restored from a backup?):
            // not an id to trust.
            {
                std::lock_guard lock(state.mutex);
                state.seenThrough = 0;
            }
            events.push_back(resetEvent("unknown_id"));
        } else if (lastEventId && *lastEventId < upTo) {
            const Id after = std::max<Id>(*lastEventId, 0);
            std::optional<std::string> resetReason;
            if (upTo - after > settings.maxReplaySpan) {
                resetReason = "too_far_behind";
            } else {
                BILHETERIA_TRY(replay,
                               source.replay(state.eventId, after, upTo, settings.maxReplay + 1));
                if (after < replay.prunedThrough)
                    resetReason = "pruned";
                else if (static_cast<int>(replay.changes.size()) > settings.maxReplay)
                    resetReason = "too_far_behind";
                else
                    for (const Change& change : replay.changes)
                        replayed(state, change, events);
            }
            if (resetReason) {
                events.clear();
                events.push_back(resetEvent(*resetReason));
            }
        }
        BILHETERIA_TRY(event, eventStore.getEvent(state.eventId, clock.now()));
        for (const SectionInfo& section : event.sections)
            events.push_back(availabilityEvent(section.id, section.available));
        return events;
    }

    void replayed(const State& state, const Change& change, std::vector<LiveEventPtr>& out) {
        switch (change.kind) {
        case ChangeKind::Seats:
            if (auto seats = parseSeatsChange(change.payload); seats && !seats->seatIds.empty())
                out.push_back(seatsEvent(seats->seatIds, seats->state));
            break;
        case ChangeKind::Order:
            if (auto order = parseOrderChange(change.payload);
                order && state.customerId == order->customerId)
                out.push_back(orderEvent(*order));
            break;
        case ChangeKind::Queue:
            if (auto queue = parseQueueChange(change.payload);
                queue && state.customerId == queue->customerId)
                out.push_back(queueEvent(*queue));
            break;
        case ChangeKind::Checkin:
            // Counts, not steps: the availability-like events a new subscription gets are
            // enough; a replay has nothing to add.
            break;
        case ChangeKind::Cancelled:
            if (auto cancelled = parseCancelledChange(change.payload))
                out.push_back(cancelledEvent(change.eventId, *cancelled));
            break;
        }
    }
};

LiveSubscription::LiveSubscription(LiveHub& hub, std::shared_ptr<State> state)
    : m_hub(hub)
    , m_state(std::move(state)) {}

LiveSubscription::~LiveSubscription() {
    m_hub.unsubscribe(m_state);
}

LiveDelivery LiveSubscription::next(std::chrono::steady_clock::time_point until) {
    State& s = *m_state;
    std::unique_lock lock(s.mutex);
    s.wake.wait_until(lock, until, [&] {
        return !s.pending.empty() || s.overflowed || s.ended || s.sessionEnded;
    });
    LiveDelivery delivery;
    if (s.ended) {
        delivery.ended = true;
        return delivery;
    }
    // The session's expiry, known since the reader's last look: checked at every heartbeat
    // without asking the store.
    if (!s.sessionEnded && s.expiresAt && *s.expiresAt <= s.clock.now())
        s.sessionEnded = SessionEnd::Expired;
    if (s.sessionEnded) {
        s.ended = true;
        s.pending.clear();
        delivery.events.push_back(sessionEndedEvent(reasonName(*s.sessionEnded)));
        delivery.ended = true;
        return delivery;
    }
    if (s.overflowed) {
        // It fell too far behind: what it missed is gone, the client reloads instead.
        s.overflowed = false;
        delivery.events.push_back(resetEvent("too_far_behind"));
    }
    delivery.events.insert(delivery.events.end(), std::make_move_iterator(s.pending.begin()),
                           std::make_move_iterator(s.pending.end()));
    s.pending.clear();
    if (!delivery.events.empty()) delivery.lastId = s.pendingId;
    return delivery;
}

LiveHub::LiveHub(ChangeSource& source, EventStore& events, ChangeStore& changes,
                 AccountStore& accounts, const Clock& clock, LiveSettings settings)
    : m_impl(std::make_unique<Impl>(source, events, changes, accounts, clock, settings)) {}

LiveHub::~LiveHub() {
    stop();
}

Result<void> LiveHub::start() {
    auto& impl = *m_impl;
    BILHETERIA_TRY(latest, impl.source.latestChangeId());
    {
        std::lock_guard lock(impl.mutex);
        if (impl.started || impl.stopping) return {};
        impl.cursor = latest;
        impl.highestSeen = latest;
        impl.started = true;
    }
    impl.reader = std::thread([&impl] { impl.run(); });
    return {};
}

void LiveHub::stop() {
    auto& impl = *m_impl;
    {
        std::lock_guard lock(impl.mutex);
        impl.stopping = true;
        impl.progressed.notify_all();
        for (auto& [id, window] : impl.windows) {
            for (const auto& subscriber : window.subscribers)
                endSubscription(*subscriber);
            for (const auto& joiner : window.joiners)
                endSubscription(*joiner);
        }
    }
    impl.source.interrupt();
    if (impl.reader.joinable()) impl.reader.join();
}

Result<std::unique_ptr<LiveSubscription>>
LiveHub::subscribe(Id eventId, std::optional<Id> customerId, std::optional<Id> lastEventId,
                   std::optional<std::string> sessionKey) {
    auto& impl = *m_impl;
    auto state = std::make_shared<State>(eventId, customerId, lastEventId, std::move(sessionKey),
                                         impl.clock);
    {
        std::unique_lock lock(impl.mutex);
        if (!impl.started || impl.stopping)
            return fail(Error::unavailable("live notifications are not running"));
        // The first subscription: the reader may have read only once a poll interval.
        if (impl.subscriptions == 0) impl.source.interrupt();
        // A client coming from a server whose reader is ahead of this one's (or this one's
        // reader, idle, has not read for a while): wait a moment for the cursor to get there,
        // so that the client gets each change once rather than some seat states again.
        if (lastEventId && *lastEventId > impl.cursor &&
            *lastEventId <= impl.cursor + impl.settings.maxReplaySpan) {
            ++impl.catchingUp;
            impl.source.interrupt();
            impl.progressed.wait_for(lock, kCatchUpTimeout,
                                     [&] { return impl.cursor >= *lastEventId || impl.stopping; });
            --impl.catchingUp;
            if (impl.stopping) return fail(Error::unavailable("live notifications stopped"));
        }
        Window& window = impl.windows[eventId];
        if (!window.hasChanges() && !window.publishing) {
            state->joined = true;
            state->joinedAt = impl.cursor;
            window.subscribers.insert(state);
        } else {
            window.joiners.push_back(state);
        }
        // A session ended between the caller's check and here: the next periodic check sees it.
        if (state->sessionKey) impl.sessions[*state->sessionKey].insert(state);
        ++impl.subscriptions;
    }
    // From here on the subscription's destructor takes it out again, whatever happens.
    std::unique_ptr<LiveSubscription> subscription(new LiveSubscription(*this, state));
    Id upTo = 0;
    {
        std::unique_lock lock(state->mutex);
        if (!state->wake.wait_for(lock, kJoinTimeout,
                                  [&] { return state->joined || state->ended; }) ||
            !state->joined)
            return fail(Error::unavailable("live notifications are busy; try again"));
        upTo = state->joinedAt;
    }
    BILHETERIA_TRY(initial, impl.initialEvents(*state, lastEventId, upTo));
    {
        std::lock_guard lock(state->mutex);
        state->pending.insert(state->pending.begin(), initial.begin(), initial.end());
        if (!state->pendingId) state->pendingId = std::max(upTo, state->seenThrough);
    }
    return subscription;
}

void LiveHub::unsubscribe(const std::shared_ptr<LiveSubscription::State>& state) {
    auto& impl = *m_impl;
    std::lock_guard lock(impl.mutex);
    --impl.subscriptions;
    if (state->sessionKey) {
        const auto session = impl.sessions.find(*state->sessionKey);
        if (session != impl.sessions.end()) {
            session->second.erase(state);
            if (session->second.empty()) impl.sessions.erase(session);
        }
    }
    const auto it = impl.windows.find(state->eventId);
    if (it == impl.windows.end()) return;
    Window& window = it->second;
    window.subscribers.erase(state);
    std::erase(window.joiners, state);
    if (window.unused()) impl.windows.erase(it);
}

void LiveHub::endSession(const std::string& sessionKey, SessionEnd reason) {
    std::lock_guard lock(m_impl->mutex);
    const auto it = m_impl->sessions.find(sessionKey);
    if (it == m_impl->sessions.end()) return;
    for (const auto& state : it->second)
        endSessionOf(*state, reason);
}

std::size_t LiveHub::subscriptionCount() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->subscriptions;
}

Id LiveHub::cursor() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->cursor;
}

void LiveHub::setErrorHandler(std::function<void(const Error&)> handler) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->onError = std::move(handler);
}

} // namespace bilheteria
