#include "client-qt/models/seatmapmodel.h"

#include <QHash>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "client-qt/models/money.h"
#include "client-qt/net/apiclient.h"
#include "client-qt/net/eventstream.h"
#include "client-qt/net/qtconversion.h"
#include "shared/bestavailable.h"

namespace bilheteria::client {

namespace {

constexpr std::uint8_t kSelected = 1;
constexpr std::uint8_t kMine = 2;

// Layout, in seat pitches.
constexpr double kRowLabelMargin = 2.0; // room left of each row for its label
constexpr double kSectionHeader = 2.0;  // room above the rows for the section's name
constexpr double kSectionPadding = 1.0;
constexpr double kSectionGap = 4.0;
constexpr double kStageHeight = 4.0;
constexpr double kStageGap = 6.0;
// While the stream is down: longer than its usual reconnection (the server's 3 s), so that a
// quick reconnect, which replays from its last id, does without.
constexpr int kPollIntervalMs = 5000;
// Waiting this long for the stream's replay before showing the states anyway: a map that is
// not live is better than no map.
constexpr int kStreamWaitMs = 2000;

// A general-admission box grows with the square root of its capacity, within limits that
// keep it readable beside seated blocks.
QSizeF generalBoxSize(std::int64_t capacity, double widestSeated) {
    const double limit = std::max(20.0, widestSeated);
    const double side = std::clamp(std::sqrt(static_cast<double>(capacity)) * 0.8, 10.0, limit);
    return {side, side * 0.5};
}

} // namespace

SeatMapModel::SeatMapModel(ApiClient* api, QObject* parent)
    : QObject(parent)
    , m_api(api) {
    if (!m_api) return;
    m_stream = new EventStream(m_api, this);
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(kPollIntervalMs);
    connect(m_pollTimer, &QTimer::timeout, this, &SeatMapModel::poll);
    connect(m_stream, &EventStream::connectedChanged, this, [this](bool connected) {
        Q_EMIT liveChanged(connected);
        if (connected)
            m_pollTimer->stop();
        else if (m_eventId != 0 && m_event && !m_loading)
            m_pollTimer->start();
    });
    connect(m_stream, &EventStream::seatsChanged, this, &SeatMapModel::applySeatStates);
    connect(m_stream, &EventStream::availabilityChanged, this, &SeatMapModel::applyAvailability);
    connect(m_stream, &EventStream::orderChanged, this, &SeatMapModel::orderChanged);
    connect(m_stream, &EventStream::resetRequired, this, [this](const QString& reason) {
        reload();
        Q_EMIT resetApplied(reason);
    });
}

SeatMapModel::~SeatMapModel() = default;

void SeatMapModel::load(Id eventId) {
    if (eventId != m_eventId) {
        close();
        m_eventId = eventId;
    }
    // Another event's map must not stand in for this one while it loads.
    if (m_event && m_event->summary.id != eventId) clear();
    if (!m_api) return;
    setLoading(true);
    fetch();
}

void SeatMapModel::reload() {
    if (!m_api || m_eventId == 0) return;
    setLoading(true);
    fetch();
}

void SeatMapModel::close() {
    if (m_stream) m_stream->close();
    if (m_pollTimer) m_pollTimer->stop();
    ++m_fetchGeneration;
    m_fetchedSeats.reset();
    m_pendingSeats.clear();
    m_pendingAvailability.clear();
    setLoading(false);
    m_eventId = 0;
}

bool SeatMapModel::isLive() const {
    return m_stream && m_stream->isConnected();
}

Id SeatMapModel::position() const {
    const Id streamed = m_stream ? m_stream->lastEventId().toLongLong() : 0;
    return std::max(m_position, streamed);
}

void SeatMapModel::setPollIntervalMs(int ms) {
    if (m_pollTimer) m_pollTimer->setInterval(ms);
}

void SeatMapModel::setLoading(bool loading) {
    if (m_loading == loading) return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void SeatMapModel::fetch() {
    const int generation = ++m_fetchGeneration;
    const Id eventId = m_eventId;
    // The stream opens again at the new states' position: what the old one still sends
    // could be older than them.
    m_stream->close();
    m_pollTimer->stop();
    m_fetchedEvent.reset();
    m_fetchedLayout.reset();
    m_fetchedStates.reset();
    m_fetchedSeats.reset();
    m_pendingSeats.clear();
    m_pendingAvailability.clear();
    m_api->event(eventId, this, [this, generation](ApiResult<Event> result) {
        if (generation != m_fetchGeneration) return;
        if (!result) return fetchFailed(result.error());
        m_fetchedEvent = std::move(*result);
        finishFetch();
    });
    // The layout kept from an earlier load is only revalidated (304, no body).
    m_api->seatLayout(eventId, std::nullopt, this,
                      [this, generation](ApiResult<SeatLayout> result) {
                          if (generation != m_fetchGeneration) return;
                          if (!result) return fetchFailed(result.error());
                          m_fetchedLayout = std::move(*result);
                          finishFetch();
                      });
    m_api->seatStates(eventId, this, [this, generation](ApiResult<PackedSeatStates> result) {
        if (generation != m_fetchGeneration) return;
        if (!result) return fetchFailed(result.error());
        m_fetchedStates = std::move(*result);
        finishFetch();
    });
}

void SeatMapModel::fetchFailed(const ApiError& error) {
    ++m_fetchGeneration; // the other answers are no longer wanted
    m_fetchedSeats.reset();
    setLoading(false);
    Q_EMIT loadFailed(error.message());
}

void SeatMapModel::finishFetch() {
    if (!m_fetchedEvent || !m_fetchedLayout || !m_fetchedStates) return;
    if (m_fetchedLayout->version != m_fetchedStates->layoutVersion) {
        // The layout changed between the two reads: the one the states belong to, by its
        // immutable address.
        m_fetchedLayout.reset();
        const int generation = m_fetchGeneration;
        m_api->seatLayout(m_eventId, m_fetchedStates->layoutVersion, this,
                          [this, generation](ApiResult<SeatLayout> result) {
                              if (generation != m_fetchGeneration) return;
                              if (!result) return fetchFailed(result.error());
                              m_fetchedLayout = std::move(*result);
                              finishFetch();
                          });
        return;
    }
    auto seats = seatsOf(*m_fetchedLayout, *m_fetchedStates);
    if (!seats) {
        ApiError error;
        error.kind = ApiError::Kind::BadResponse;
        error.error = seats.error();
        return fetchFailed(error);
    }
    m_fetchedSeats = std::move(*seats);
    m_position = m_fetchedStates->position;
    m_layoutVersion = m_fetchedLayout->version;
    m_fetchedLayout.reset();
    m_fetchedStates.reset();
    // From the states' position: the stream replays every change after them (kept until the
    // map is shown, see applyAvailability), then goes on live.
    m_stream->open(m_eventId, QString::number(m_position));
    const int generation = m_fetchGeneration;
    QTimer::singleShot(kStreamWaitMs, this, [this, generation] {
        if (generation == m_fetchGeneration) showFetched();
    });
}

void SeatMapModel::showFetched() {
    if (!m_fetchedEvent || !m_fetchedSeats) return;
    const std::vector<Seat> seats = std::move(*m_fetchedSeats);
    m_fetchedSeats.reset();
    setEventData(std::move(*m_fetchedEvent), seats);
    m_fetchedEvent.reset();
    setLoading(false);
    // What the stream said meanwhile, in order.
    auto pendingSeats = std::move(m_pendingSeats);
    auto availability = std::move(m_pendingAvailability);
    m_pendingSeats.clear();
    m_pendingAvailability.clear();
    for (const auto& pending : pendingSeats)
        applySeatStates(pending.ids, pending.state);
    for (const auto& [sectionId, available] : availability)
        applyAvailability(sectionId, available);
    if (!isLive()) m_pollTimer->start(); // stopped as soon as the stream answers
}

void SeatMapModel::poll() {
    if (!m_api || m_loading || m_polling || isLive() || !m_event || m_eventId == 0) return;
    m_polling = true;
    const int generation = m_fetchGeneration;
    const Id since = position();
    m_api->seatStateChanges(
        m_eventId, since, this, [this, generation, since](ApiResult<SeatStateChanges> result) {
            m_polling = false;
            // A stream back meanwhile has replayed from its own id: these may be older.
            if (generation != m_fetchGeneration || isLive() || !result) return;
            if (result->reset || result->layoutVersion != m_layoutVersion) {
                reload();
                Q_EMIT resetApplied(toQString(result->reset.value_or("layout_changed")));
                return;
            }
            if (result->since != since) return;
            for (const auto& [state, ids] : result->seats)
                applySeatStates(QList<qint64>(ids.begin(), ids.end()), state);
            m_position = std::max(m_position, result->position);
            m_stream->resumeFrom(m_position);
        });
    // The changes carry no section figures: the event's.
    m_api->event(m_eventId, this, [this, generation](ApiResult<Event> result) {
        if (generation != m_fetchGeneration || isLive() || !result) return;
        for (const SectionInfo& section : result->sections)
            applyAvailability(section.id, section.available);
    });
}

QString SeatMapModel::currency() const {
    return m_event ? toQString(m_event->summary.currency) : QStringLiteral("BRL");
}

void SeatMapModel::clear() {
    m_event.reset();
    m_sections.clear();
    m_rows.clear();
    m_bounds = QRectF();
    m_stage = QRectF();
    for (auto* column : {&m_seatSection, &m_seatRow, &m_seatNumber, &m_byId})
        column->clear();
    m_seatIds.clear();
    m_seatState.clear();
    m_seatFlags.clear();
    m_seatX.clear();
    m_seatY.clear();
    m_selectedCount = 0;
    m_selectedSeatCents = 0;
    m_mineCount = 0;
    m_generalSection.reset();
    m_generalQuantity = 0;
    m_holdPending = false;
    Q_EMIT layoutChanged();
    Q_EMIT sectionsChanged();
    Q_EMIT selectionChanged();
}

QString SeatMapModel::eventName() const {
    return m_event ? toQString(m_event->summary.name) : QString();
}

QString SeatMapModel::venue() const {
    return m_event ? toQString(m_event->summary.venue) : QString();
}

QDateTime SeatMapModel::startsAt() const {
    return m_event ? toQDateTime(m_event->summary.startsAt) : QDateTime();
}

QDateTime SeatMapModel::saleStartsAt() const {
    return m_event ? toQDateTime(m_event->summary.saleStartsAt) : QDateTime();
}

QDateTime SeatMapModel::saleEndsAt() const {
    return m_event ? toQDateTime(m_event->summary.saleEndsAt) : QDateTime();
}

std::int64_t SeatMapModel::totalAvailable() const {
    std::int64_t total = 0;
    for (const Section& section : m_sections)
        total += section.available;
    return total;
}

void SeatMapModel::setEventData(Event event, const std::vector<Seat>& seats) {
    // A reload of the same event keeps what the person chose, as far as it is still free.
    const bool sameEvent = m_event && m_event->summary.id == event.summary.id;
    std::vector<Id> keptSelection;
    std::vector<Id> keptMine;
    if (sameEvent) {
        keptSelection = selectedSeatIds();
        for (std::size_t i = 0; i < m_seatFlags.size(); ++i)
            if (m_seatFlags[i] & kMine) keptMine.push_back(m_seatIds[i]);
    } else {
        m_generalSection.reset();
        m_generalQuantity = 0;
        m_holdPending = false;
    }
    m_eventId = event.summary.id;
    m_event = std::move(event);

    m_sections.clear();
    m_sections.reserve(m_event->sections.size());
    QHash<Id, int> sectionOf;
    for (const SectionInfo& info : m_event->sections) {
        Section section;
        section.id = info.id;
        section.name = toQString(info.name);
        section.kind = info.kind;
        section.priceCents = info.priceCents;
        section.capacity = info.capacity;
        section.available = info.available;
        sectionOf.insert(info.id, static_cast<int>(m_sections.size()));
        m_sections.push_back(std::move(section));
    }

    // The server lists seats by section, row and number (docs/api.md); sort only if some
    // other source does not, so rows and sections stay contiguous.
    const std::size_t count = seats.size();
    std::vector<std::int32_t> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::int32_t> sectionIndex(count);
    for (std::size_t i = 0; i < count; ++i)
        sectionIndex[i] = sectionOf.value(seats[i].sectionId, -1);
    if (!std::is_sorted(sectionIndex.begin(), sectionIndex.end()))
        std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
            return sectionIndex[static_cast<std::size_t>(a)] <
                   sectionIndex[static_cast<std::size_t>(b)];
        });

    m_seatIds.clear();
    m_seatSection.clear();
    m_seatRow.clear();
    m_seatNumber.clear();
    m_seatState.clear();
    m_seatIds.reserve(count);
    m_seatSection.reserve(count);
    m_seatRow.reserve(count);
    m_seatNumber.reserve(count);
    m_seatState.reserve(count);
    m_rows.clear();
    for (const std::int32_t at : order) {
        const Seat& seat = seats[static_cast<std::size_t>(at)];
        const int section = sectionIndex[static_cast<std::size_t>(at)];
        if (section < 0) continue; // a seat of a section the event does not list
        const int index = static_cast<int>(m_seatIds.size());
        Section& s = m_sections[static_cast<std::size_t>(section)];
        if (s.seatCount == 0) {
            s.firstSeat = index;
            s.firstRow = static_cast<int>(m_rows.size());
        }
        ++s.seatCount;
        if (m_rows.empty() || m_rows.back().section != section ||
            m_rows.back().label.toUtf8() != QByteArray::fromStdString(seat.row)) {
            Row row;
            row.section = section;
            row.label = toQString(seat.row);
            row.firstSeat = index;
            m_rows.push_back(std::move(row));
            ++s.rowCount;
        }
        ++m_rows.back().count;
        m_seatIds.push_back(seat.id);
        m_seatSection.push_back(section);
        m_seatRow.push_back(static_cast<std::int32_t>(m_rows.size() - 1));
        m_seatNumber.push_back(seat.number);
        m_seatState.push_back(static_cast<std::uint8_t>(seat.state));
    }
    m_seatFlags.assign(m_seatIds.size(), 0);
    m_byId.resize(m_seatIds.size());
    std::iota(m_byId.begin(), m_byId.end(), 0);
    m_idsAscending = std::is_sorted(m_seatIds.begin(), m_seatIds.end());
    if (!m_idsAscending)
        std::sort(m_byId.begin(), m_byId.end(), [this](std::int32_t a, std::int32_t b) {
            return m_seatIds[static_cast<std::size_t>(a)] < m_seatIds[static_cast<std::size_t>(b)];
        });

    buildLayout();

    m_selectedCount = 0;
    m_selectedSeatCents = 0;
    m_mineCount = 0;
    for (const Id id : keptMine) {
        const int index = indexOfSeat(id);
        if (index < 0) continue;
        m_seatFlags[static_cast<std::size_t>(index)] |= kMine;
        ++m_mineCount;
    }
    QList<qint64> lost;
    for (const Id id : keptSelection) {
        const int index = indexOfSeat(id);
        if (index >= 0 && seatState(index) == SeatState::Free && !isMine(index))
            setSelectedFlag(index, true);
        else if (!m_holdPending)
            lost.append(id);
    }
    if (m_generalSection) {
        const Section* section = sectionById(*m_generalSection);
        if (!section || section->kind != SectionKind::General) {
            m_generalSection.reset();
            m_generalQuantity = 0;
        } else if (!m_holdPending && m_generalQuantity > section->available) {
            m_generalQuantity = std::max<std::int64_t>(section->available, 0);
            Q_EMIT generalQuantityReduced(*m_generalSection, m_generalQuantity);
        }
    }
    Q_EMIT layoutChanged();
    Q_EMIT sectionsChanged();
    Q_EMIT selectionChanged();
    if (!lost.isEmpty()) Q_EMIT selectionTaken(lost);
}

void SeatMapModel::buildLayout() {
    // Each section's own size first: rows stacked front to back, each row centred; a general
    // box grows with its capacity but never past the widest seated block.
    double widestSeated = 0;
    for (Section& section : m_sections) {
        if (section.kind == SectionKind::General || section.rowCount == 0) continue;
        int widest = 0;
        for (int r = 0; r < section.rowCount; ++r)
            widest = std::max(widest, m_rows[static_cast<std::size_t>(section.firstRow + r)].count);
        section.bounds = QRectF(0, 0, kRowLabelMargin + widest + kSectionPadding * 2,
                                kSectionHeader + section.rowCount + kSectionPadding);
        widestSeated = std::max(widestSeated, section.bounds.width());
    }
    for (Section& section : m_sections)
        if (section.kind == SectionKind::General || section.rowCount == 0)
            section.bounds =
                QRectF(QPointF(0, 0), section.kind == SectionKind::General
                                          ? generalBoxSize(section.capacity, widestSeated)
                                          : QSizeF(10.0, 4.0));
    // Then the sections in the event's order, left to right on shelves about as wide as a
    // square arrangement would be, each shelf centred: a stage-facing bowl, roughly.
    double area = 0;
    double widest = 0;
    for (const Section& section : m_sections) {
        area += (section.bounds.width() + kSectionGap) * (section.bounds.height() + kSectionGap);
        widest = std::max(widest, section.bounds.width());
    }
    const double shelfWidth = std::max(widest, std::sqrt(area) * 1.4);
    double y = 0;
    std::size_t i = 0;
    while (i < m_sections.size()) {
        std::size_t end = i;
        double width = 0;
        double height = 0;
        while (end < m_sections.size()) {
            const double w = m_sections[end].bounds.width();
            if (end > i && width + kSectionGap + w > shelfWidth) break;
            width += (end > i ? kSectionGap : 0) + w;
            height = std::max(height, m_sections[end].bounds.height());
            ++end;
        }
        double x = (shelfWidth - width) / 2;
        for (; i < end; ++i) {
            m_sections[i].bounds.moveTopLeft(QPointF(x, y));
            x += m_sections[i].bounds.width() + kSectionGap;
        }
        y += height + kSectionGap;
    }
    // The stage keeps its proportions: a thin line in front of a stadium would be unreadable.
    const double stageHeight = std::max(kStageHeight, shelfWidth * 0.04);
    m_stage = QRectF(shelfWidth * 0.25, -kStageGap - stageHeight, shelfWidth * 0.5, stageHeight);

    // Seat positions from their rows.
    m_seatX.resize(m_seatIds.size());
    m_seatY.resize(m_seatIds.size());
    m_bounds = m_stage;
    for (const Section& section : m_sections) {
        m_bounds |= section.bounds;
        const double innerWidth = section.bounds.width() - kRowLabelMargin - kSectionPadding * 2;
        for (int r = 0; r < section.rowCount; ++r) {
            Row& row = m_rows[static_cast<std::size_t>(section.firstRow + r)];
            row.left =
                static_cast<float>(section.bounds.left() + kSectionPadding + kRowLabelMargin +
                                   std::floor((innerWidth - row.count) / 2));
            row.top = static_cast<float>(section.bounds.top() + kSectionHeader + r);
            for (int p = 0; p < row.count; ++p) {
                const auto index = static_cast<std::size_t>(row.firstSeat + p);
                m_seatX[index] = row.left + static_cast<float>(p);
                m_seatY[index] = row.top;
            }
        }
    }
}

const SeatMapModel::Section* SeatMapModel::sectionById(Id sectionId) const {
    const int index = sectionIndex(sectionId);
    return index < 0 ? nullptr : &m_sections[static_cast<std::size_t>(index)];
}

int SeatMapModel::sectionIndex(Id sectionId) const {
    for (std::size_t i = 0; i < m_sections.size(); ++i)
        if (m_sections[i].id == sectionId) return static_cast<int>(i);
    return -1;
}

SeatMapModel::SeatLook SeatMapModel::seatLook(int index) const {
    const std::uint8_t flags = m_seatFlags[static_cast<std::size_t>(index)];
    if (flags & kMine) return SeatLook::Mine;
    if (flags & kSelected) return SeatLook::Selected;
    switch (seatState(index)) {
    case SeatState::Free:
        return SeatLook::Free;
    case SeatState::Held:
        return SeatLook::Held;
    case SeatState::Sold:
        return SeatLook::Sold;
    }
    return SeatLook::Free;
}

bool SeatMapModel::isSelected(int index) const {
    return m_seatFlags[static_cast<std::size_t>(index)] & kSelected;
}

bool SeatMapModel::isMine(int index) const {
    return m_seatFlags[static_cast<std::size_t>(index)] & kMine;
}

QRectF SeatMapModel::seatRect(int index) const {
    const double inset = (1.0 - kSeatSize) / 2;
    return QRectF(seatPos(index) + QPointF(inset, inset), QSizeF(kSeatSize, kSeatSize));
}

int SeatMapModel::indexOfSeat(Id seatId) const {
    if (m_idsAscending) {
        const auto it = std::lower_bound(m_seatIds.begin(), m_seatIds.end(), seatId);
        return it != m_seatIds.end() && *it == seatId ? static_cast<int>(it - m_seatIds.begin())
                                                      : -1;
    }
    const auto it =
        std::lower_bound(m_byId.begin(), m_byId.end(), seatId, [this](std::int32_t index, Id id) {
            return m_seatIds[static_cast<std::size_t>(index)] < id;
        });
    return it != m_byId.end() && m_seatIds[static_cast<std::size_t>(*it)] == seatId ? *it : -1;
}

int SeatMapModel::sectionAt(QPointF pos) const {
    for (std::size_t i = 0; i < m_sections.size(); ++i)
        if (m_sections[i].bounds.contains(pos)) return static_cast<int>(i);
    return -1;
}

int SeatMapModel::seatAt(QPointF pos) const {
    const int s = sectionAt(pos);
    if (s < 0) return -1;
    const Section& section = m_sections[static_cast<std::size_t>(s)];
    if (section.rowCount == 0) return -1;
    // Rows are one pitch apart from the first one: the row and the place follow by division.
    const Row& first = m_rows[static_cast<std::size_t>(section.firstRow)];
    const int r = static_cast<int>(std::floor(pos.y() - first.top));
    if (r < 0 || r >= section.rowCount) return -1;
    const Row& row = m_rows[static_cast<std::size_t>(section.firstRow + r)];
    const int p = static_cast<int>(std::floor(pos.x() - row.left));
    if (p < 0 || p >= row.count) return -1;
    return row.firstSeat + p;
}

std::vector<int> SeatMapModel::seatsIn(const QRectF& rect) const {
    // A seat counts when its drawn square (not its whole cell) meets the rectangle:
    // p + inset < right and p + 1 - inset > left, likewise for rows.
    const double inset = (1.0 - kSeatSize) / 2;
    const auto firstAfter = [](double x) { return static_cast<int>(std::floor(x)) + 1; };
    const auto lastBefore = [](double x) { return static_cast<int>(std::ceil(x)) - 1; };
    std::vector<int> out;
    for (const Section& section : m_sections) {
        if (section.rowCount == 0 || !section.bounds.intersects(rect)) continue;
        const Row& first = m_rows[static_cast<std::size_t>(section.firstRow)];
        const int r0 = std::max(0, firstAfter(rect.top() - first.top - 1 + inset));
        const int r1 =
            std::min(section.rowCount - 1, lastBefore(rect.bottom() - first.top - inset));
        for (int r = r0; r <= r1; ++r) {
            const Row& row = m_rows[static_cast<std::size_t>(section.firstRow + r)];
            const int p0 = std::max(0, firstAfter(rect.left() - row.left - 1 + inset));
            const int p1 = std::min(row.count - 1, lastBefore(rect.right() - row.left - inset));
            for (int p = p0; p <= p1; ++p)
                out.push_back(row.firstSeat + p);
        }
    }
    return out;
}

QString SeatMapModel::describeSeat(int index) const {
    const Section& section = m_sections[static_cast<std::size_t>(seatSection(index))];
    const Row& row = m_rows[static_cast<std::size_t>(seatRow(index))];
    QString look;
    switch (seatLook(index)) {
    case SeatLook::Free:
        look = tr("free");
        break;
    case SeatLook::Held:
        look = tr("held by someone");
        break;
    case SeatLook::Sold:
        look = tr("sold");
        break;
    case SeatLook::Selected:
        look = tr("selected");
        break;
    case SeatLook::Mine:
        look = tr("held for you");
        break;
    }
    return tr("%1, row %2, seat %3 — %4 — %5")
        .arg(section.name, row.label)
        .arg(seatNumber(index))
        .arg(formatMoney(section.priceCents, currency()), look);
}

void SeatMapModel::setCustomerLimitApplies(bool applies) {
    m_limitApplies = applies;
}

int SeatMapModel::ticketLimit() const {
    return m_limitApplies && m_event ? m_event->maxTicketsPerCustomer : 0;
}

std::int64_t SeatMapModel::roomLeft() const {
    const int limit = ticketLimit();
    if (limit <= 0) return std::numeric_limits<std::int64_t>::max() / 4;
    return std::max<std::int64_t>(0, limit - m_mineCount - selectedTicketCount());
}

void SeatMapModel::setSelectedFlag(int index, bool selected) {
    std::uint8_t& flags = m_seatFlags[static_cast<std::size_t>(index)];
    if (static_cast<bool>(flags & kSelected) == selected) return;
    const Cents price = m_sections[static_cast<std::size_t>(seatSection(index))].priceCents;
    if (selected) {
        flags |= kSelected;
        ++m_selectedCount;
        m_selectedSeatCents += price;
    } else {
        flags &= static_cast<std::uint8_t>(~kSelected);
        --m_selectedCount;
        m_selectedSeatCents -= price;
    }
}

SeatMapModel::ToggleResult SeatMapModel::toggleSeat(int index) {
    if (index < 0 || index >= seatCount()) return ToggleResult::NotFree;
    if (isSelected(index)) {
        deselectSeat(index);
        return ToggleResult::Deselected;
    }
    if (seatState(index) != SeatState::Free || isMine(index)) return ToggleResult::NotFree;
    if (roomLeft() < 1) {
        Q_EMIT limitReached(ticketLimit());
        return ToggleResult::LimitReached;
    }
    setSelectedFlag(index, true);
    Q_EMIT seatsChanged(seatRect(index));
    Q_EMIT selectionChanged();
    return ToggleResult::Selected;
}

int SeatMapModel::selectSeats(const std::vector<int>& indices) {
    int added = 0;
    QRectF dirty;
    for (const int index : indices) {
        if (index < 0 || index >= seatCount() || isSelected(index) || isMine(index) ||
            seatState(index) != SeatState::Free)
            continue;
        if (roomLeft() < 1) {
            Q_EMIT limitReached(ticketLimit());
            break;
        }
        setSelectedFlag(index, true);
        dirty |= seatRect(index);
        ++added;
    }
    if (added > 0) {
        Q_EMIT seatsChanged(dirty);
        Q_EMIT selectionChanged();
    }
    return added;
}

void SeatMapModel::deselectSeat(int index) {
    if (index < 0 || index >= seatCount() || !isSelected(index)) return;
    setSelectedFlag(index, false);
    Q_EMIT seatsChanged(seatRect(index));
    Q_EMIT selectionChanged();
}

void SeatMapModel::clearSelection() {
    QRectF dirty;
    for (std::size_t i = 0; i < m_seatFlags.size(); ++i)
        if (m_seatFlags[i] & kSelected) {
            m_seatFlags[i] &= static_cast<std::uint8_t>(~kSelected);
            dirty |= seatRect(static_cast<int>(i));
        }
    m_selectedCount = 0;
    m_selectedSeatCents = 0;
    m_generalSection.reset();
    m_generalQuantity = 0;
    if (!dirty.isNull()) Q_EMIT seatsChanged(dirty);
    Q_EMIT selectionChanged();
}

std::int64_t SeatMapModel::setGeneralQuantity(Id sectionId, std::int64_t quantity) {
    const Section* section = sectionById(sectionId);
    if (!section || section->kind != SectionKind::General) return 0;
    // The new choice replaces the old one, so the old quantity is room again.
    const std::int64_t before = m_generalQuantity;
    m_generalQuantity = 0;
    std::int64_t kept =
        std::clamp<std::int64_t>(quantity, 0, std::max<std::int64_t>(0, section->available));
    if (kept > roomLeft()) {
        kept = roomLeft();
        Q_EMIT limitReached(ticketLimit());
    }
    if (kept > 0) {
        m_generalSection = sectionId;
        m_generalQuantity = kept;
    } else {
        m_generalSection.reset();
    }
    if (kept != before || quantity == 0) Q_EMIT selectionChanged();
    return kept;
}

std::vector<int> SeatMapModel::selectedSeats() const {
    std::vector<int> out;
    out.reserve(static_cast<std::size_t>(m_selectedCount));
    for (const std::int32_t index : m_byId)
        if (m_seatFlags[static_cast<std::size_t>(index)] & kSelected) out.push_back(index);
    return out;
}

std::vector<Id> SeatMapModel::selectedSeatIds() const {
    std::vector<Id> out;
    for (const int index : selectedSeats())
        out.push_back(seatId(index));
    return out;
}

Cents SeatMapModel::selectedTotalCents() const {
    Cents total = m_selectedSeatCents;
    if (m_generalSection)
        if (const Section* section = sectionById(*m_generalSection))
            total += section->priceCents * m_generalQuantity;
    return total;
}

void SeatMapModel::setMine(const std::vector<Id>& seatIds) {
    QRectF dirty;
    for (std::size_t i = 0; i < m_seatFlags.size(); ++i)
        if (m_seatFlags[i] & kMine) {
            m_seatFlags[i] &= static_cast<std::uint8_t>(~kMine);
            dirty |= seatRect(static_cast<int>(i));
        }
    m_mineCount = 0;
    bool selectionMoved = false;
    for (const Id id : seatIds) {
        const int index = indexOfSeat(id);
        if (index < 0) continue;
        if (isSelected(index)) {
            setSelectedFlag(index, false); // held now: no longer a mere choice
            selectionMoved = true;
        }
        m_seatFlags[static_cast<std::size_t>(index)] |= kMine;
        ++m_mineCount;
        dirty |= seatRect(index);
    }
    m_holdPending = false;
    if (!dirty.isNull()) Q_EMIT seatsChanged(dirty);
    if (selectionMoved) Q_EMIT selectionChanged();
}

void SeatMapModel::setHoldPending(bool pending) {
    if (m_holdPending == pending) return;
    m_holdPending = pending;
    if (pending) return;
    // The hold failed or was withdrawn: what others took meanwhile leaves the selection now.
    QList<qint64> lost;
    QRectF dirty;
    for (const int index : selectedSeats())
        if (seatState(index) != SeatState::Free) {
            setSelectedFlag(index, false);
            lost.append(seatId(index));
            dirty |= seatRect(index);
        }
    if (m_generalSection)
        if (const Section* section = sectionById(*m_generalSection);
            section && m_generalQuantity > section->available) {
            m_generalQuantity = std::max<std::int64_t>(section->available, 0);
            if (m_generalQuantity == 0) m_generalSection.reset();
            Q_EMIT generalQuantityReduced(section->id, m_generalQuantity);
            Q_EMIT selectionChanged();
        }
    if (lost.isEmpty()) return;
    Q_EMIT seatsChanged(dirty);
    Q_EMIT selectionChanged();
    Q_EMIT selectionTaken(lost);
}

std::vector<int> SeatMapModel::bestAvailable(std::optional<Id> sectionId, int n) const {
    if (n <= 0) return {};
    std::vector<int> candidates;
    if (sectionId) {
        const int index = sectionIndex(*sectionId);
        if (index >= 0) candidates.push_back(index);
    } else {
        for (std::size_t i = 0; i < m_sections.size(); ++i)
            candidates.push_back(static_cast<int>(i));
        std::stable_sort(candidates.begin(), candidates.end(), [this](int a, int b) {
            return m_sections[static_cast<std::size_t>(a)].priceCents <
                   m_sections[static_cast<std::size_t>(b)].priceCents;
        });
    }
    const auto open = [this](int index) {
        return m_seatFlags[static_cast<std::size_t>(index)] == 0 &&
               seatState(index) == SeatState::Free;
    };
    for (const int s : candidates) {
        const Section& section = m_sections[static_cast<std::size_t>(s)];
        for (int r = 0; r < section.rowCount; ++r) {
            const Row& row = m_rows[static_cast<std::size_t>(section.firstRow + r)];
            const auto start =
                bestBlockInRow(row.count, n, [&](int p) { return open(row.firstSeat + p); });
            if (start) {
                std::vector<int> out(static_cast<std::size_t>(n));
                std::iota(out.begin(), out.end(), row.firstSeat + *start);
                return out;
            }
        }
    }
    return {};
}

bool SeatMapModel::selectBestAvailable(std::optional<Id> sectionId, int n) {
    // Seats already chosen are given back first: the block replaces them.
    const std::vector<int> previous = selectedSeats();
    for (const int index : previous)
        setSelectedFlag(index, false);
    const std::vector<int> block = bestAvailable(sectionId, n);
    const bool fits = static_cast<std::int64_t>(block.size()) <= roomLeft();
    if (block.empty() || !fits) {
        for (const int index : previous)
            setSelectedFlag(index, true);
        if (!block.empty()) Q_EMIT limitReached(ticketLimit());
        return false;
    }
    QRectF dirty;
    for (const int index : previous)
        dirty |= seatRect(index);
    for (const int index : block) {
        setSelectedFlag(index, true);
        dirty |= seatRect(index);
    }
    Q_EMIT seatsChanged(dirty);
    Q_EMIT selectionChanged();
    return true;
}

std::vector<HoldRequest> SeatMapModel::holdRequests() const {
    std::vector<HoldRequest> out;
    if (m_selectedCount > 0) out.push_back(HoldRequest{selectedSeatIds(), std::nullopt, 0});
    if (m_generalSection && m_generalQuantity > 0)
        out.push_back(HoldRequest{{}, m_generalSection, m_generalQuantity});
    return out;
}

void SeatMapModel::applySeatStates(const QList<qint64>& seatIds, SeatState state) {
    if (m_fetchedSeats) {
        m_pendingSeats.push_back(PendingSeats{seatIds, state});
        return;
    }
    QRectF dirty;
    QList<qint64> lost;
    for (const qint64 id : seatIds) {
        const int index = indexOfSeat(id);
        if (index < 0) continue;
        auto& stored = m_seatState[static_cast<std::size_t>(index)];
        const bool wasMine = isMine(index);
        if (stored == static_cast<std::uint8_t>(state) && !(wasMine && state == SeatState::Free))
            continue;
        stored = static_cast<std::uint8_t>(state);
        dirty |= seatRect(index);
        if (state == SeatState::Free && wasMine) {
            // The hold ended (released or expired): the seat is nobody's now.
            m_seatFlags[static_cast<std::size_t>(index)] &= static_cast<std::uint8_t>(~kMine);
            --m_mineCount;
        }
        // While our own hold is on its way, our chosen seats turn held by it: not a loss.
        if (state != SeatState::Free && isSelected(index) && !m_holdPending) {
            setSelectedFlag(index, false);
            lost.append(id);
        }
    }
    if (dirty.isNull()) return;
    Q_EMIT seatsChanged(dirty);
    if (lost.isEmpty()) return;
    Q_EMIT selectionChanged();
    Q_EMIT selectionTaken(lost);
}

void SeatMapModel::applyAvailability(Id sectionId, std::int64_t available) {
    if (m_fetchedSeats) {
        // The stream's first figures come right after its replay: the map is current now.
        m_pendingAvailability.emplace_back(sectionId, available);
        showFetched();
        return;
    }
    const int index = sectionIndex(sectionId);
    if (index < 0) return;
    Section& section = m_sections[static_cast<std::size_t>(index)];
    if (section.available == available) return;
    section.available = available;
    Q_EMIT sectionsChanged();
    if (m_generalSection == sectionId && m_generalQuantity > available && !m_holdPending) {
        m_generalQuantity = std::max<std::int64_t>(available, 0);
        if (m_generalQuantity == 0) m_generalSection.reset();
        Q_EMIT generalQuantityReduced(sectionId, m_generalQuantity);
        Q_EMIT selectionChanged();
    }
}

} // namespace bilheteria::client
