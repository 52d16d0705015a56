// The door: a scanner (a keyboard-wedge reader types the ticket's code or signed token and
// Enter, or a person types the code) at a gate of one event. Each scan gets one verdict —
// admitted, already in (when, at which gate), void (why), unknown — with the ticket's place.
//
// Online, the server decides (POST /checkins). Offline — chosen by hand, or at once when the
// server cannot be reached — the scanner decides alone from the check-in bundle it downloaded
// (keys, void tickets, every ticket) by the door's shared offline rule (OfflineDoor,
// shared/offlinedoor.h): a token must verify with the event's keys, a code must be one of the
// event's tickets, a void ticket is refused and so is a second scan of a ticket this scanner let
// in. Offline scans are
// kept on disk (ScannerStore) and sent to the server (POST /checkins/sync) when it answers again;
// its verdicts on them (a ticket another gate let in first) are shown.
//
// The counts ("admitted N of M sold") come from the bundle and stay live through the event's
// stream (`checkin` gives a section's admitted; `availability`, a sale or refund, reads the
// bundle again).
#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <optional>

#include "client-qt/models/scannerstore.h"
#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;
class EventStream;
struct ApiError;

struct ScanVerdict {
    enum class Kind {
        Admitted,  // let the person in
        AlreadyIn, // the ticket entered before: `at` and `gate` say when and where
        Void,      // refunded, its event cancelled, exchanged: `reason`
        Unknown,   // no such ticket, forged, altered, another event's: `reason`
        Failed,    // no verdict: the server cannot be reached and there is no bundle, ...
    };
    Kind kind = Kind::Unknown;
    bool offline = false; // decided by this scanner alone
    Id ticketId = 0;
    QString section;
    QString row;     // seated tickets
    int number = 0;  // seated tickets
    QDateTime at;    // AlreadyIn: the first entry
    QString gate;    // AlreadyIn: the first entry's gate
    QString reason;  // Void: refunded, cancelled, exchanged; Unknown: not_found (offline),
                     // other_event, and for a forged token malformed, bad_signature, unknown_key
    QString message; // Failed: what went wrong
};

class DoorModel : public QObject {
    Q_OBJECT
public:
    // `store` outlives the model.
    DoorModel(ApiClient* api, ScannerStore* store, QObject* parent = nullptr);
    ~DoorModel() override;

    // Which event (loads its names, the stored bundle and scans, and downloads a fresh
    // bundle when online); 0 closes it.
    void setEvent(Id eventId);
    Id eventId() const { return m_eventId; }
    QString eventName() const { return m_eventName; }
    void setGate(const QString& gate) { m_gate = gate.trimmed(); }
    QString gate() const { return m_gate; }

    // The scan of what the scanner typed (a code or a BLH1. token); the verdict comes with
    // scanned(), at once offline, after the server's answer online.
    void scan(const QString& text);
    bool isBusy() const { return m_busy; }
    const std::optional<ScanVerdict>& lastVerdict() const { return m_lastVerdict; }

    bool isOffline() const { return m_offline; }
    // By hand: offline until switched back. Back online, pending scans are sent.
    void setWorkOffline(bool offline);
    bool isOfflineByHand() const { return m_offlineByHand; }
    // While offline on its own, how often to ask whether the server is back.
    void setProbeIntervalMs(int ms) { m_probe.setInterval(ms); }

    bool hasBundle() const { return m_store->bundle() != nullptr; }
    QDateTime bundleTime() const;
    void downloadBundle();
    qsizetype pendingCount() const { return m_store->pending().size(); }
    // Sends the offline scans (in batches); the server's verdicts arrive with synced().
    void syncNow();
    // What the last syncs said about scans this scanner admitted offline but the server did not
    // (newest first).
    QStringList syncNotes() const { return m_syncNotes; }

    qint64 admittedCount() const;
    qint64 soldCount() const;

    // The verdict of `text` from the bundle alone (what offline scanning does; for tests too).
    // Records nothing.
    ScanVerdict verifyLocally(const QString& text) const;

Q_SIGNALS:
    void eventLoaded();
    void scanned(const bilheteria::client::ScanVerdict& verdict);
    void busyChanged(bool busy);
    void offlineChanged(bool offline);
    void bundleChanged();
    void pendingChanged(qsizetype pending);
    void countsChanged();
    void synced(int sent, const QStringList& notes);
    void failed(const QString& message);

private:
    struct SectionCount {
        qint64 sold = 0;
        qint64 admitted = 0;
    };
    void loadEvent();
    void finishScan(ScanVerdict verdict);
    void kept(bool written);
    void scanOffline(const QString& text);
    void onOnlineFailure(const QString& text, const ApiError& error);
    void setOffline(bool offline);
    void probe();
    void countFromBundle();
    void scheduleBundleRefresh();
    QString sectionName(Id sectionId) const;

    ApiClient* m_api;
    ScannerStore* m_store;
    std::unique_ptr<EventStream> m_stream;
    Id m_eventId = 0;
    QString m_eventName;
    QHash<Id, QString> m_sectionNames;
    QString m_gate;
    bool m_busy = false;
    bool m_offline = false;
    bool m_offlineByHand = false;
    bool m_syncing = false;
    QTimer m_probe;
    QTimer m_bundleRefresh;
    std::optional<ScanVerdict> m_lastVerdict;
    QStringList m_syncNotes;
    QHash<Id, SectionCount> m_counts;
    // Tickets admitted here since the bundle was read (its statuses do not show them yet).
    QSet<Id> m_admittedSinceBundle;
    // Bumped by setEvent: answers about another event are dropped.
    quint64 m_generation = 0;
};

} // namespace bilheteria::client
