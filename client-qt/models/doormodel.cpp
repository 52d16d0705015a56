#include "client-qt/models/doormodel.h"

#include "client-qt/net/apiclient.h"
#include "client-qt/net/eventstream.h"
#include "client-qt/net/qtconversion.h"
#include "shared/offlinedoor.h"
#include "shared/ticketqr.h"

namespace bilheteria::client {

namespace {

constexpr int kDefaultProbeMs = 5'000;
// A sale or a refund moves availability; the bundle is read again this long after the last
// change, so a busy sale does not ask for it on every seat.
constexpr int kBundleRefreshMs = 3'000;
// Scans per sync request: far below the server's 10,000, and small enough for tokens in the
// default body limit.
constexpr qsizetype kSyncBatch = 500;

bool isToken(const QString& text) {
    return isTicketToken(text.toStdString());
}

QString detailText(const nlohmann::json& details, const char* key) {
    if (!details.is_object() || !details.contains(key) || !details.at(key).is_string()) return {};
    return toQString(details.at(key).get<std::string>());
}

} // namespace

DoorModel::DoorModel(ApiClient* api, ScannerStore* store, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_stream(std::make_unique<EventStream>(api)) {
    m_probe.setInterval(kDefaultProbeMs);
    connect(&m_probe, &QTimer::timeout, this, &DoorModel::probe);
    m_bundleRefresh.setSingleShot(true);
    m_bundleRefresh.setInterval(kBundleRefreshMs);
    connect(&m_bundleRefresh, &QTimer::timeout, this, &DoorModel::downloadBundle);
    connect(m_stream.get(), &EventStream::checkinChanged, this,
            [this](qint64 sectionId, qint64 admitted) {
                m_counts[sectionId].admitted = admitted;
                Q_EMIT countsChanged();
            });
    connect(m_stream.get(), &EventStream::availabilityChanged, this,
            &DoorModel::scheduleBundleRefresh);
    connect(m_stream.get(), &EventStream::resetRequired, this, &DoorModel::scheduleBundleRefresh);
}

DoorModel::~DoorModel() = default;

void DoorModel::setEvent(Id eventId) {
    ++m_generation;
    m_eventId = eventId;
    m_eventName.clear();
    m_sectionNames.clear();
    m_syncNotes.clear();
    m_lastVerdict.reset();
    m_stream->close();
    m_store->open(eventId);
    countFromBundle();
    Q_EMIT bundleChanged();
    Q_EMIT pendingChanged(pendingCount());
    if (eventId <= 0) return;
    m_stream->open(eventId);
    loadEvent();
    if (!m_offline) {
        downloadBundle();
        syncNow();
    }
}

void DoorModel::loadEvent() {
    const quint64 generation = m_generation;
    m_api->event(m_eventId, this, [this, generation](ApiResult<Event> event) {
        if (generation != m_generation || !event) return;
        m_eventName = toQString(event->summary.name);
        for (const SectionInfo& section : event->sections)
            m_sectionNames.insert(section.id, toQString(section.name));
        Q_EMIT eventLoaded();
    });
}

QString DoorModel::sectionName(Id sectionId) const {
    return m_sectionNames.value(sectionId, tr("Section %1").arg(sectionId));
}

QDateTime DoorModel::bundleTime() const {
    return hasBundle() ? toQDateTime(m_store->bundle()->generatedAt) : QDateTime();
}

void DoorModel::downloadBundle() {
    if (m_eventId <= 0) return;
    const quint64 generation = m_generation;
    m_api->checkinBundle(m_eventId, this, [this, generation](ApiResult<CheckinBundle> bundle) {
        if (generation != m_generation) return;
        if (!bundle) {
            if (bundle.error().kind == ApiError::Kind::Network) setOffline(true);
            Q_EMIT failed(bundle.error().message());
            return;
        }
        kept(m_store->setBundle(std::move(*bundle)));
        countFromBundle();
        Q_EMIT bundleChanged();
    });
}

void DoorModel::scheduleBundleRefresh() {
    if (!m_offline && m_eventId > 0) m_bundleRefresh.start();
}

void DoorModel::countFromBundle() {
    m_counts.clear();
    const OfflineDoor* door = m_store->door();
    if (door && door->bundle().tickets) {
        for (const BundleTicket& ticket : *door->bundle().tickets) {
            if (isVoidTicketStatus(ticket.status) || door->revoked(ticket.id)) continue;
            SectionCount& count = m_counts[ticket.sectionId];
            ++count.sold;
            // Let in here but not in the bundle yet (offline, or since it was read).
            if (ticket.status == "checked_in" || m_store->entries().contains(ticket.id))
                ++count.admitted;
        }
    }
    Q_EMIT countsChanged();
}

qint64 DoorModel::admittedCount() const {
    qint64 total = 0;
    for (const SectionCount& count : m_counts)
        total += count.admitted;
    return total;
}

qint64 DoorModel::soldCount() const {
    qint64 total = 0;
    for (const SectionCount& count : m_counts)
        total += count.sold;
    return total;
}

ScanVerdict DoorModel::verifyLocally(const QString& input) const {
    ScanVerdict verdict;
    verdict.offline = true;
    const OfflineDoor* door = m_store->door();
    if (!door) {
        verdict.kind = ScanVerdict::Kind::Failed;
        verdict.message = tr("This scanner has no check-in data for offline work: download it "
                             "while the server answers.");
        return verdict;
    }
    // The door's one offline rule (shared/offlinedoor.h); the store's entries are what this
    // scanner let in.
    const auto& entries = m_store->entries();
    const DoorVerdict local =
        door->verify(input.trimmed().toStdString(), m_eventId,
                     [&entries](Id ticketId) -> std::optional<EarlierAdmission> {
                         const auto entry = entries.constFind(ticketId);
                         if (entry == entries.cend()) return std::nullopt;
                         return EarlierAdmission{toTimePoint(entry->at), entry->gate.toStdString()};
                     });
    verdict.reason = toQString(local.reason);
    switch (local.kind) {
    case DoorVerdict::Kind::Forged: // shown here as unknown, with the verifier's reason
    case DoorVerdict::Kind::Unknown:
        verdict.kind = ScanVerdict::Kind::Unknown;
        return verdict;
    case DoorVerdict::Kind::Void:
        verdict.kind = ScanVerdict::Kind::Void;
        break;
    case DoorVerdict::Kind::AlreadyIn:
        verdict.kind = ScanVerdict::Kind::AlreadyIn;
        break;
    case DoorVerdict::Kind::Admit:
        verdict.kind = ScanVerdict::Kind::Admitted;
        break;
    }
    verdict.ticketId = local.ticketId.value_or(0);
    if (local.sectionId) verdict.section = sectionName(*local.sectionId);
    if (local.row) verdict.row = toQString(*local.row);
    verdict.number = local.number.value_or(0);
    if (verdict.kind == ScanVerdict::Kind::AlreadyIn) {
        // This scanner's own entry as kept (to the millisecond); none when the bundle listed the
        // ticket as checked in: when and where only the server knows.
        if (const auto entry = entries.constFind(verdict.ticketId); entry != entries.cend()) {
            verdict.at = entry->at;
            verdict.gate = entry->gate;
        }
    }
    return verdict;
}

void DoorModel::scan(const QString& input) {
    const QString text = input.trimmed();
    if (text.isEmpty()) return;
    if (m_eventId <= 0 || m_gate.isEmpty()) {
        ScanVerdict verdict;
        verdict.kind = ScanVerdict::Kind::Failed;
        verdict.message = tr("Choose the event and name the gate first.");
        finishScan(verdict);
        return;
    }
    if (m_offline) {
        scanOffline(text);
        return;
    }
    m_busy = true;
    Q_EMIT busyChanged(true);
    CheckinRequest request;
    (isToken(text) ? request.qr : request.code) = text.toStdString();
    request.gate = m_gate.toStdString();
    const quint64 generation = m_generation;
    m_api->checkIn(request, this, [this, text, generation](ApiResult<Checkin> checkin) {
        m_busy = false;
        Q_EMIT busyChanged(false);
        if (generation != m_generation) return;
        if (!checkin) {
            onOnlineFailure(text, checkin.error());
            return;
        }
        ScanVerdict verdict;
        verdict.kind = ScanVerdict::Kind::Admitted;
        verdict.ticketId = checkin->ticket.id;
        verdict.section = toQString(checkin->ticket.section);
        if (checkin->ticket.row) verdict.row = toQString(*checkin->ticket.row);
        verdict.number = checkin->ticket.number.value_or(0);
        // Kept, so a second scan here is refused even if the server is gone by then.
        kept(m_store->addEntry(verdict.ticketId, LocalEntry{toQDateTime(checkin->checkedInAt),
                                                            toQString(checkin->gate)}));
        ++m_counts[checkin->ticket.sectionId].admitted;
        Q_EMIT countsChanged();
        finishScan(verdict);
    });
}

void DoorModel::onOnlineFailure(const QString& text, const ApiError& error) {
    if (error.kind == ApiError::Kind::Network && hasBundle()) {
        // The server is gone: the scan is decided here, and so are the next ones until it is
        // back.
        setOffline(true);
        scanOffline(text);
        return;
    }
    ScanVerdict verdict;
    // The server refused it: the place, for the person at the gate, from what the scan says (a
    // token's claims, read but not needing to verify here; a code, from the bundle).
    if (isToken(text)) {
        if (const auto claims = readTicketToken(text.toStdString()); claims) {
            verdict.ticketId = claims->ticketId;
            verdict.section = sectionName(claims->sectionId);
            if (claims->row) verdict.row = toQString(*claims->row);
            verdict.number = claims->number.value_or(0);
        }
    } else if (const ScanVerdict local = verifyLocally(text); !local.section.isEmpty()) {
        verdict.ticketId = local.ticketId;
        verdict.section = local.section;
        verdict.row = local.row;
        verdict.number = local.number;
    }
    const auto& details = error.error.details;
    if (error.is(ErrorCode::AlreadyCheckedIn)) {
        verdict.kind = ScanVerdict::Kind::AlreadyIn;
        if (const auto at = parseRfc3339(detailText(details, "checked_in_at").toStdString()))
            verdict.at = toQDateTime(*at);
        verdict.gate = detailText(details, "gate");
    } else if (error.is(ErrorCode::TicketVoid)) {
        verdict.kind = ScanVerdict::Kind::Void;
        verdict.reason = detailText(details, "reason");
    } else if (error.is(ErrorCode::NotFound)) {
        verdict = ScanVerdict{};
        verdict.kind = ScanVerdict::Kind::Unknown;
    } else {
        verdict = ScanVerdict{};
        verdict.kind = ScanVerdict::Kind::Failed;
        verdict.message = error.kind == ApiError::Kind::Network
                              ? tr("The server cannot be reached and this scanner has no "
                                   "check-in data for offline work.")
                              : error.message();
    }
    finishScan(verdict);
}

void DoorModel::scanOffline(const QString& text) {
    ScanVerdict verdict = verifyLocally(text);
    if (verdict.kind == ScanVerdict::Kind::Admitted) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        OfflineScan scan;
        (isToken(text) ? scan.qr : scan.code) = text.toStdString();
        scan.gate = m_gate.toStdString();
        scan.scannedAt = toTimePoint(now);
        kept(m_store->addPending(scan) &&
             m_store->addEntry(verdict.ticketId, LocalEntry{now, m_gate}));
        countFromBundle();
        Q_EMIT pendingChanged(pendingCount());
    }
    finishScan(verdict);
}

void DoorModel::kept(bool written) {
    // The scans are in memory still; closing the app now would lose them. Say so.
    if (!written)
        Q_EMIT failed(tr("This scanner cannot write its data to %1: scans made offline are "
                         "lost if it closes before they are sent.")
                          .arg(m_store->folder()));
}

void DoorModel::finishScan(ScanVerdict verdict) {
    m_lastVerdict = verdict;
    Q_EMIT scanned(verdict);
}

void DoorModel::setWorkOffline(bool offline) {
    m_offlineByHand = offline;
    setOffline(offline);
}

void DoorModel::setOffline(bool offline) {
    // On its own, the scanner keeps asking whether the server is back; by hand it waits.
    if (offline && !m_offlineByHand)
        m_probe.start();
    else
        m_probe.stop();
    if (offline == m_offline) return;
    m_offline = offline;
    Q_EMIT offlineChanged(offline);
    if (!offline) {
        syncNow();
        downloadBundle();
    }
}

void DoorModel::probe() {
    const quint64 generation = m_generation;
    m_api->health(this, [this, generation](ApiResult<void> answer) {
        if (generation != m_generation || !answer || m_offlineByHand) return;
        setOffline(false);
    });
}

void DoorModel::syncNow() {
    if (m_syncing || m_offline || m_eventId <= 0 || m_store->pending().isEmpty()) return;
    m_syncing = true;
    SyncRequest request;
    request.scannerId = m_store->scannerId().toStdString();
    const auto& pending = m_store->pending();
    const qsizetype count = std::min(kSyncBatch, pending.size());
    request.scans.assign(pending.cbegin(), pending.cbegin() + count);
    const quint64 generation = m_generation;
    m_api->syncCheckins(
        m_eventId, request, this,
        [this, generation, request](ApiResult<std::vector<ScanResult>> results) {
            m_syncing = false;
            if (generation != m_generation) return;
            if (!results) {
                if (results.error().kind == ApiError::Kind::Network) setOffline(true);
                Q_EMIT failed(results.error().message());
                return;
            }
            QStringList notes;
            for (std::size_t i = 0; i < results->size() && i < request.scans.size(); ++i) {
                const ScanResult& result = (*results)[i];
                const OfflineScan& scan = request.scans[i];
                const QString when = QLocale().toString(
                    toQDateTime(scan.scannedAt).toLocalTime().time(), QLocale::ShortFormat);
                const QString ticket =
                    result.ticketId ? tr("Ticket %1").arg(*result.ticketId) : tr("A ticket");
                if (result.result == "duplicate") {
                    const QString first =
                        result.checkedInAt
                            ? QLocale().toString(toQDateTime(*result.checkedInAt).toLocalTime(),
                                                 QLocale::ShortFormat)
                            : QString();
                    notes.append(
                        tr("%1, let in here offline at %2: had already entered at %3 "
                           "through %4.")
                            .arg(ticket, when, first, toQString(result.gate.value_or(""))));
                } else if (result.result == "void") {
                    notes.append(tr("%1, let in here offline at %2: it was void (%3).")
                                     .arg(ticket, when, toQString(result.reason.value_or(""))));
                } else if (result.result == "not_found") {
                    notes.append(
                        tr("A scan let in here offline at %1 is not a ticket of this event.")
                            .arg(when));
                }
            }
            kept(m_store->dropPending(static_cast<qsizetype>(request.scans.size())));
            for (const QString& note : std::as_const(notes))
                m_syncNotes.prepend(note);
            Q_EMIT pendingChanged(pendingCount());
            Q_EMIT synced(static_cast<int>(request.scans.size()), notes);
            // The server has them now: its counts are the right ones.
            downloadBundle();
            syncNow();
        });
}

} // namespace bilheteria::client
