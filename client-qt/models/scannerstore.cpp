#include "client-qt/models/scannerstore.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>
#include <nlohmann/json.hpp>

#include "client-qt/net/qtconversion.h"
#include "shared/jsonmapping.h"

namespace bilheteria::client {

using nlohmann::json;

ScannerStore::ScannerStore(const QString& folder)
    : m_folder(folder.isEmpty()
                   ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                         QStringLiteral("/door")
                   : folder) {
    QDir().mkpath(m_folder);
}

QString ScannerStore::scannerId() {
    QFile file(m_folder + QStringLiteral("/scanner-id"));
    if (file.open(QIODevice::ReadOnly)) {
        const QString id = QString::fromUtf8(file.readAll()).trimmed();
        if (!id.isEmpty()) return id;
        file.close();
    }
    const QString id = QStringLiteral("desk-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSaveFile out(file.fileName());
    if (out.open(QIODevice::WriteOnly)) {
        out.write(id.toUtf8());
        out.commit();
    }
    return id;
}

QString ScannerStore::filePath() const {
    return m_folder + QStringLiteral("/event-%1.json").arg(m_eventId);
}

void ScannerStore::open(Id eventId) {
    m_eventId = eventId;
    m_door.reset();
    m_entries.clear();
    m_pending.clear();
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly)) return;
    const QByteArray raw = file.readAll();
    const json saved = json::parse(raw.constBegin(), raw.constEnd(), nullptr, false);
    if (!saved.is_object()) return;
    // What cannot be read back is left out, never guessed: a scan the file lost is one the
    // server will not hear of, so the file is written whole, atomically (save()).
    if (saved.contains("bundle"))
        if (auto bundle = parseCheckinBundle(saved.at("bundle")))
            m_door.emplace(std::move(*bundle));
    for (const json& item : saved.value("entries", json::array())) {
        if (!item.is_object() || !item.contains("ticket_id")) continue;
        m_entries.insert(
            item.at("ticket_id").get<Id>(),
            LocalEntry{QDateTime::fromString(toQString(item.value("at", "")), Qt::ISODateWithMs),
                       toQString(item.value("gate", ""))});
    }
    if (saved.contains("pending")) {
        json request{{"scanner_id", "stored"}, {"scans", saved.at("pending")}};
        if (auto scans = parseSyncRequest(request))
            for (OfflineScan& scan : scans->scans)
                m_pending.append(std::move(scan));
    }
}

bool ScannerStore::setBundle(CheckinBundle bundle) {
    m_door.emplace(std::move(bundle));
    return save();
}

bool ScannerStore::addEntry(Id ticketId, const LocalEntry& entry) {
    m_entries.insert(ticketId, entry);
    return save();
}

bool ScannerStore::addPending(const OfflineScan& scan) {
    m_pending.append(scan);
    return save();
}

bool ScannerStore::dropPending(qsizetype count) {
    m_pending.remove(0, std::min(count, m_pending.size()));
    return save();
}

bool ScannerStore::save() const {
    if (m_eventId <= 0) return true;
    json out = json::object();
    if (m_door) out["bundle"] = toJson(m_door->bundle());
    json entries = json::array();
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        entries.push_back({{"ticket_id", it.key()},
                           {"at", it->at.toUTC().toString(Qt::ISODateWithMs).toStdString()},
                           {"gate", it->gate.toStdString()}});
    out["entries"] = std::move(entries);
    SyncRequest pending{"stored", {m_pending.cbegin(), m_pending.cend()}};
    out["pending"] = toJson(pending).at("scans");
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) return false;
    file.write(QByteArray::fromStdString(out.dump()));
    return file.commit();
}

} // namespace bilheteria::client
