// The door: one scanner at one gate of one event. A scan (a code or a signed token, as a
// keyboard-wedge scanner types it) is answered by the server while it is reachable
// (POST /checkins), and here when it is not, by the door's shared offline rule
// (shared/offlinedoor.h: the token verified with the event's published keys, void tickets and
// repeat scans on this scanner refused), each
// admission kept on disk (scanlog.h) and synced later (POST /events/{id}/checkins/sync), whose
// verdicts are the settled ones. An unanswered scan switches to offline by itself; so may the
// person at the gate. The counts ("admitted N of M sold") come from the check-in bundle and
// then from the event stream's `checkin` changes.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client-term/models/scanlog.h"
#include "client-term/net/apiclient.h"
#include "shared/offlinedoor.h"

namespace bilheteria::term {

// What the gate shows after a scan.
struct DoorAnswer {
    enum class Verdict {
        Admitted,
        AlreadyIn, // checked in before: `at` and `gate` say when and where (if known)
        Void,      // refunded, cancelled, exchanged: `reason`
        Unknown,   // no such ticket (for this event); offline `reason` not_found or other_event
        Forged,    // a token that does not verify: `reason` (malformed, unknown_key, bad_signature)
        Failed,    // could not decide: `reason` (no_bundle: offline with nothing to verify with)
    };
    Verdict verdict = Verdict::Failed;
    bool offline = false; // decided here, to be confirmed by the sync
    std::optional<Id> ticketId;
    std::optional<Id> sectionId;
    std::string section; // its name, when known
    std::optional<std::string> row;
    std::optional<int> number;
    std::optional<TimePoint> at;     // AlreadyIn: the first entry's time
    std::optional<std::string> gate; // AlreadyIn: the first entry's gate
    std::string reason;
    bool admitted() const { return verdict == Verdict::Admitted; }
};

// What one sync settled.
struct SyncOutcome {
    std::vector<LoggedScan> scans; // the scans sent, each with the server's verdict
    std::size_t admitted = 0;
    std::size_t refused = 0; // duplicate, void or not_found: tell the gate's supervisor
};

class Door {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    // `event` gives the section names; scans are kept under `dataFolder` (ScanLog).
    Door(ApiClient& api, Event event, std::string gate,
         std::filesystem::path dataFolder = ScanLog::defaultDataFolder(), Clock clock = {});

    const Event& event() const { return m_event; }
    const std::string& gate() const { return m_gate; }
    void setGate(std::string gate) { m_gate = std::move(gate); }
    const ScanLog& log() const { return m_log; }

    // Downloads the check-in bundle (keys, revoked and all tickets) and keeps it on disk; a
    // bundle saved by an earlier run stands in until then.
    ApiResult<void> refreshBundle();
    void setBundle(CheckinBundle bundle);
    bool hasBundle() const { return m_bundle.has_value(); }
    std::optional<TimePoint> bundleTime() const;

    // Checks one scan in: what the scanner typed, spaces around it ignored.
    DoorAnswer scan(std::string_view typed);

    bool offline() const { return m_offline; }
    // By the person at the gate: stays offline until they switch back.
    bool forcedOffline() const { return m_forced; }
    void goOffline(bool forced);
    void goOnline();
    // Offline by itself (no answer): asks the server whether it answers again, and if so goes
    // back online. True when it did.
    bool reconnect();

    std::size_t pendingCount() const { return m_log.pendingCount(); }
    // Sends the pending scans; their verdicts are kept with them.
    ApiResult<SyncOutcome> sync();

    // Tickets checked in (as the server last said, plus the ones admitted here and not yet
    // synced) and tickets sold (not void), for "admitted N of M sold".
    std::int64_t admitted() const;
    std::int64_t sold() const { return m_sold; }
    // Applies a stream event: `checkin` {section_id, admitted} sets a section's count. True
    // when it changed a count.
    bool apply(const StreamEvent& event);

private:
    DoorAnswer online(const std::string& text, bool isToken);
    DoorAnswer offlineScan(const std::string& text, bool isToken);
    void describe(DoorAnswer& answer, std::optional<Id> ticketId, const std::string& text,
                  bool isToken) const;
    // The listed ticket a code names (nullptr without a bundle or for a code not listed).
    const BundleTicket* listedByCode(const std::string& code) const;
    std::string sectionName(Id sectionId) const;
    std::chrono::system_clock::time_point now() const;

    ApiClient& m_api;
    Event m_event;
    std::string m_gate;
    Clock m_clock;
    ScanLog m_log;
    std::optional<OfflineDoor> m_bundle; // the check-in bundle, indexed for the offline rule
    std::map<Id, std::int64_t> m_admittedBySection;
    std::int64_t m_sold = 0;
    bool m_offline = false;
    bool m_forced = false;
};

} // namespace bilheteria::term
