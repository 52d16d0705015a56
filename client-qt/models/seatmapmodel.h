// One event's seat map, without widgets: the event, every seat in compact arrays (a
// 100,000-seat stadium costs a few megabytes), a layout in abstract units (one seat pitch =
// 1.0; the view scales it), the selection with its running total, "best available", the
// current hold's seats ("mine"), and live updates from the event's stream. The view
// (ui/seatmapview) paints from here; the event page (ui/eventpage) turns the selection into
// HoldRequests.
//
// Loading follows docs/api.md "Seat maps": the event, the layout (kept by the ApiClient,
// revalidated by its version) and the packed states are read together, then the stream is
// opened at the states' position, so that it replays every change after them and goes on live;
// the map is shown once that replay is in (the stream's first section figures follow it).
// A dropped stream resumes from its last id; while it is down the map asks for the changes
// since its position (?since=) every few seconds; a reset (of either) reads the map again.
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QTimer>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/protocol.h"
#include "shared/seatmapformat.h"

namespace bilheteria::client {

class ApiClient;
class EventStream;
struct ApiError;

class SeatMapModel : public QObject {
    Q_OBJECT
public:
    // What a seat shows. Mine = held by the current hold (setMine); Selected = chosen here,
    // not held yet. The view gives each a different shape, never colour alone.
    enum class SeatLook : std::uint8_t { Free, Held, Sold, Selected, Mine };
    Q_ENUM(SeatLook)

    // Layout constants, in seat pitches: a seat is drawn kSeatSize wide in a 1.0 cell.
    static constexpr double kSeatSize = 0.8;

    struct Section {
        Id id = 0;
        QString name;
        SectionKind kind = SectionKind::Seated;
        Cents priceCents = 0;
        std::int64_t capacity = 0;
        std::int64_t available = 0; // from the server: neither sold nor under an active hold
        QRectF bounds;              // layout units; a general section is one box
        int firstRow = 0;           // into rows(); seated sections only
        int rowCount = 0;
        int firstSeat = 0; // seats of a section are contiguous
        int seatCount = 0;
    };
    struct Row {
        int section = 0;
        QString label;
        int firstSeat = 0; // the row's seats are [firstSeat, firstSeat + count), left to right
        int count = 0;
        float left = 0; // x of the first seat's cell
        float top = 0;
    };
    enum class ToggleResult { Selected, Deselected, NotFree, LimitReached };

    // `api` may be null: then the model is fed through setEventData() and apply*() (tests,
    // the benchmark).
    explicit SeatMapModel(ApiClient* api, QObject* parent = nullptr);
    ~SeatMapModel() override;

    // Reads the event and its seats, then opens the stream at their position. Keeps the selection
    // when the same event is loaded again (a reset), dropping seats that are no longer free.
    void load(Id eventId);
    void reload();
    // Closes the stream; the map stays as it was (shown again if the same event comes back).
    void close();
    // Forgets the event, its seats and the selection.
    void clear();
    bool isLoading() const { return m_loading; }
    bool isLive() const;
    // The stream position the seats are current to: the states', then the stream's ids and
    // the changes polled (0 before the first load).
    Id position() const;
    // How often the changes are polled while the stream is down (5 s).
    void setPollIntervalMs(int ms);

    // Replaces the event and seats (what load() does with the answers).
    void setEventData(Event event, const std::vector<Seat>& seats);
    bool hasEvent() const { return m_event.has_value(); }
    const Event& event() const { return *m_event; }
    Id eventId() const { return m_eventId; }
    QString currency() const;
    // The event's figures in Qt types, for the page's header (empty before the first load).
    QString eventName() const;
    QString venue() const;
    QDateTime startsAt() const;
    QDateTime saleStartsAt() const;
    QDateTime saleEndsAt() const;
    // Places left in the whole event: the sum of the sections' live figures.
    std::int64_t totalAvailable() const;

    // --- Layout and seats (indices are positions in the arrays, 0..seatCount()-1) ---
    int seatCount() const { return static_cast<int>(m_seatIds.size()); }
    const std::vector<Section>& sections() const { return m_sections; }
    const std::vector<Row>& rows() const { return m_rows; }
    const Section* sectionById(Id sectionId) const;
    int sectionIndex(Id sectionId) const;
    QRectF bounds() const { return m_bounds; }
    QRectF stageRect() const { return m_stage; }
    Id seatId(int index) const { return m_seatIds[static_cast<std::size_t>(index)]; }
    int seatSection(int index) const { return m_seatSection[static_cast<std::size_t>(index)]; }
    int seatRow(int index) const { return m_seatRow[static_cast<std::size_t>(index)]; }
    int seatNumber(int index) const { return m_seatNumber[static_cast<std::size_t>(index)]; }
    SeatState seatState(int index) const {
        return static_cast<SeatState>(m_seatState[static_cast<std::size_t>(index)]);
    }
    SeatLook seatLook(int index) const;
    bool isSelected(int index) const;
    bool isMine(int index) const;
    // Top-left of the seat's cell, in layout units (the seat is kSeatSize wide inside it).
    QPointF seatPos(int index) const {
        return {m_seatX[static_cast<std::size_t>(index)], m_seatY[static_cast<std::size_t>(index)]};
    }
    QRectF seatRect(int index) const;
    // The seat index with that id, or -1.
    int indexOfSeat(Id seatId) const;
    // The seat whose cell contains `pos` (layout units), or -1. O(sections).
    int seatAt(QPointF pos) const;
    // The section (index) whose bounds contain `pos`, or -1.
    int sectionAt(QPointF pos) const;
    // Seat indices whose drawn squares intersect `rect`, row by row.
    std::vector<int> seatsIn(const QRectF& rect) const;
    // "Plateia, row B, seat 12 — R$ 250,00 — free": what a tooltip or a screen reader says.
    QString describeSeat(int index) const;

    // --- Selection ---
    // Buyers may not hold more than the event's max_tickets_per_customer: with this on, the
    // selection plus the seats already mine stays within it. Counter staff turn it off.
    void setCustomerLimitApplies(bool applies);
    // 0 when no limit applies.
    int ticketLimit() const;
    ToggleResult toggleSeat(int index);
    // Adds the free seats among `indices` (a rubber band), up to the limit; returns how many
    // were added.
    int selectSeats(const std::vector<int>& indices);
    void deselectSeat(int index);
    void clearSelection();
    // General admission: at most one section at a time (a new choice replaces it); quantity
    // 0 removes it. Clamped to the section's availability and the limit; returns the quantity
    // kept.
    std::int64_t setGeneralQuantity(Id sectionId, std::int64_t quantity);
    std::optional<Id> generalSection() const { return m_generalSection; }
    std::int64_t generalQuantity() const { return m_generalQuantity; }
    // Selected seat indices, in id order.
    std::vector<int> selectedSeats() const;
    std::vector<Id> selectedSeatIds() const;
    int selectedSeatCount() const { return m_selectedCount; }
    // Tickets in the selection: seats plus the general quantity.
    std::int64_t selectedTicketCount() const { return m_selectedCount + m_generalQuantity; }
    Cents selectedTotalCents() const;
    // The seats of the current hold (after a hold is made, or restored): drawn as mine.
    void setMine(const std::vector<Id>& seatIds);
    int mineCount() const { return m_mineCount; }
    // Between asking for a hold and its answer: our own seats turning "held" on the stream
    // are not someone else taking them. setMine() ends it; so does false (the hold failed),
    // which then drops from the selection what others took meanwhile.
    void setHoldPending(bool pending);
    bool isHoldPending() const { return m_holdPending; }

    // The best block of `n` adjacent free seats in one row, not selected yet: in `sectionId`
    // when given, otherwise in the cheapest seated section that has such a block. Within a
    // section, the front-most row wins (rows are listed front to back), then the block whose
    // centre is closest to the row's centre. Empty when there is none.
    std::vector<int> bestAvailable(std::optional<Id> sectionId, int n) const;
    // Replaces the seat selection with bestAvailable(); false (selection unchanged) when no
    // such block exists or it would pass the limit.
    bool selectBestAvailable(std::optional<Id> sectionId, int n);

    // The requests that hold the selection: the seats first (one request with every seat
    // id), then the general-admission section with its quantity. At most two.
    std::vector<HoldRequest> holdRequests() const;

    // --- Live updates (the stream's events; public for tests) ---
    void applySeatStates(const QList<qint64>& seatIds, SeatState state);
    void applyAvailability(Id sectionId, std::int64_t available);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loadFailed(const QString& message);
    // A new event or layout: everything changes.
    void layoutChanged();
    // Seats changed state or selection inside `layoutRect` (layout units): repaint that.
    void seatsChanged(const QRectF& layoutRect);
    // Availability or price figures of sections changed (the legend, the far view).
    void sectionsChanged();
    void selectionChanged();
    // Selected seats that someone else took meanwhile: they left the selection.
    void selectionTaken(const QList<qint64>& seatIds);
    // The general quantity was lowered to what is still available.
    void generalQuantityReduced(qint64 sectionId, qint64 quantity);
    // A selection step stopped at the ticket limit.
    void limitReached(int limit);
    void liveChanged(bool live);
    void orderChanged(qint64 orderId, const QString& status);
    // The stream asked for a reload (reason as the server gave it).
    void resetApplied(const QString& reason);

private:
    struct PendingSeats {
        QList<qint64> ids;
        SeatState state;
    };
    void fetch();
    void finishFetch();
    void showFetched();
    void fetchFailed(const ApiError& error);
    void poll();
    void buildLayout();
    void setLoading(bool loading);
    void setSelectedFlag(int index, bool selected);
    std::int64_t roomLeft() const; // tickets the limit still allows, or a large number

    ApiClient* m_api;
    EventStream* m_stream = nullptr;
    Id m_eventId = 0;
    bool m_loading = false;
    int m_fetchGeneration = 0;
    std::optional<Event> m_fetchedEvent;
    std::optional<SeatLayout> m_fetchedLayout;
    std::optional<PackedSeatStates> m_fetchedStates;
    // Decoded, waiting for the stream's replay (what it says meanwhile is kept, in order).
    std::optional<std::vector<Seat>> m_fetchedSeats;
    std::vector<PendingSeats> m_pendingSeats;
    std::vector<std::pair<Id, std::int64_t>> m_pendingAvailability;
    Id m_position = 0;
    std::string m_layoutVersion;
    QTimer* m_pollTimer = nullptr;
    bool m_polling = false; // a poll's answer is on its way

    std::optional<Event> m_event;
    std::vector<Section> m_sections;
    std::vector<Row> m_rows;
    QRectF m_bounds;
    QRectF m_stage;

    // The seats, struct of arrays.
    std::vector<Id> m_seatIds;
    std::vector<std::int32_t> m_seatSection;
    std::vector<std::int32_t> m_seatRow;
    std::vector<std::int32_t> m_seatNumber;
    std::vector<std::uint8_t> m_seatState; // SeatState
    std::vector<std::uint8_t> m_seatFlags; // kSelected | kMine
    std::vector<float> m_seatX;
    std::vector<float> m_seatY;
    // Seat indices sorted by id (identity when the server's ids ascend, as they do).
    std::vector<std::int32_t> m_byId;
    bool m_idsAscending = true;

    bool m_limitApplies = false;
    bool m_holdPending = false;
    int m_selectedCount = 0;
    Cents m_selectedSeatCents = 0;
    int m_mineCount = 0;
    std::optional<Id> m_generalSection;
    std::int64_t m_generalQuantity = 0;
};

} // namespace bilheteria::client
