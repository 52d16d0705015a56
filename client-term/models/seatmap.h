// An event's seat map as the terminal draws it, without curses: sections in the event's order,
// each seated section's rows with their seats left to right, a cursor that moves seat to seat,
// the selection, the seats of our own hold, and the live changes (the stream's `seats` and
// `availability` events). Every state has its own glyph, so the map reads without colour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/protocol.h"

namespace bilheteria::term {

enum class SeatLook { Free, Held, Sold, Ours, Selected };

// One character per look: '.' free, 'x' held, '#' sold, '@' ours, '*' selected.
char glyphOf(SeatLook look);

class SeatMap {
public:
    struct Row {
        Id sectionId = 0;
        std::string label;
        int firstSeat = 0; // the row's seats are [firstSeat, firstSeat + count) in seats()
        int count = 0;
    };
    struct Section {
        SectionInfo info;
        int firstRow = 0; // seated: its rows are [firstRow, firstRow + rowCount) in rows()
        int rowCount = 0;
    };

    void load(const Event& event, std::vector<Seat> seats);

    const Event& event() const { return m_event; }
    const std::vector<Section>& sections() const { return m_sections; }
    const std::vector<Row>& rows() const { return m_rows; }
    const std::vector<Seat>& seats() const { return m_seats; }
    SeatLook look(int seatIndex) const;
    // The widest row, in seats (the width a full drawing needs).
    int widestRow() const { return m_widestRow; }

    // The cursor: a seat index (-1 when the event has no numbered seats).
    int cursor() const { return m_cursor; }
    int cursorRow() const;
    void moveCursor(int dx, int dy);
    // Puts the cursor on the first seat of section `index` (Tab/PageDown go section by section).
    void cursorToSection(int index);
    int cursorSection() const;

    // Selects or unselects the seat under the cursor; false when it is not free.
    bool toggleAtCursor();
    bool isSelected(int seatIndex) const;
    std::vector<Id> selectedSeatIds() const;
    int selectedCount() const { return static_cast<int>(m_selected.size()); }
    Cents selectedTotal() const;
    void clearSelection();

    // Replaces the selection with the best block of `n` adjacent free seats: in `sectionId`,
    // or in the cheapest section that has one; front rows first. False when none fits.
    bool selectBestAvailable(std::optional<Id> sectionId, int n);

    // Our hold's seats (drawn as ours until the hold ends).
    void setOurs(const std::vector<Id>& seatIds);

    // Live changes; return the seats of the selection that another buyer just took.
    std::vector<Id> applySeats(const std::vector<Id>& seatIds, SeatState state);
    void applyAvailability(Id sectionId, std::int64_t available);
    // A stream `seats`/`availability` event's data; false when it cannot be read.
    bool applyStreamEvent(const std::string& type, const std::string& data,
                          std::vector<Id>* taken = nullptr);

    // The free seats of a section as the map knows them (the zoomed-out view shows these).
    std::int64_t freeSeats(Id sectionId) const;
    const Section* sectionById(Id sectionId) const;

private:
    Event m_event;
    std::vector<Section> m_sections;
    std::vector<Row> m_rows;
    std::vector<Seat> m_seats;
    std::vector<int> m_rowOfSeat;
    std::unordered_map<Id, int> m_indexOfSeat;
    std::vector<int> m_selected; // seat indexes, in selection order
    std::vector<bool> m_ours;
    int m_cursor = -1;
    int m_widestRow = 0;
};

} // namespace bilheteria::term
