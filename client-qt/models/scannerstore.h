// What a door scanner keeps on disk, so it can work offline and survive a restart: this
// scanner's id, and per event the last check-in bundle (keys, void tickets, every ticket), the
// tickets this scanner let in (when and at which gate) and the scans made offline that the
// server has not seen yet. One JSON file per event in a folder of its own (by default
// QStandardPaths::AppDataLocation/door); every change is written at once (QSaveFile).
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <optional>

#include "shared/offlinedoor.h"
#include "shared/protocol.h"

namespace bilheteria::client {

// A ticket this scanner admitted: a second scan of it here is refused even offline.
struct LocalEntry {
    QDateTime at;
    QString gate;
};

class ScannerStore {
public:
    // `folder` empty: QStandardPaths::AppDataLocation + "/door".
    explicit ScannerStore(const QString& folder = QString());

    QString folder() const { return m_folder; }
    // This scanner's name for the server (scanner_id): made once, kept in the folder.
    QString scannerId();

    // Switches to `eventId`'s file (reads it; an unreadable file counts as empty).
    void open(Id eventId);
    Id eventId() const { return m_eventId; }

    // The bundle (nullptr when there is none), and the door's offline rule over it, indexed once
    // per bundle (shared/offlinedoor.h).
    const CheckinBundle* bundle() const { return m_door ? &m_door->bundle() : nullptr; }
    const OfflineDoor* door() const { return m_door ? &*m_door : nullptr; }
    // Each change is written at once; false when the file could not be written (the change is
    // kept in memory all the same).
    bool setBundle(CheckinBundle bundle);
    const QHash<Id, LocalEntry>& entries() const { return m_entries; }
    bool addEntry(Id ticketId, const LocalEntry& entry);
    const QList<OfflineScan>& pending() const { return m_pending; }
    bool addPending(const OfflineScan& scan);
    // Drops the first `count` pending scans (the server has answered them).
    bool dropPending(qsizetype count);

private:
    QString filePath() const;
    bool save() const;

    QString m_folder;
    Id m_eventId = 0;
    std::optional<OfflineDoor> m_door;
    QHash<Id, LocalEntry> m_entries;
    QList<OfflineScan> m_pending;
};

} // namespace bilheteria::client
