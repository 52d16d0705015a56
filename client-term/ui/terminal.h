// The curses screen the app draws on: starts and ends ncurses (wide characters, the keypad,
// no echo, a timed read so countdowns tick), the colours (none when NO_COLOR is set: every
// look then has a bold, reverse, underline or dim of its own), and the few drawing calls the
// screens use. Sizes are in character cells; text is UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace bilheteria::term {

enum class Look {
    Normal,
    Title,  // the top bar
    Status, // the F-key line at the bottom
    Dim,    // secondary text
    Strong, // what to look at first
    Good,   // paid, admitted, free
    Bad,    // declined, expired, errors
    Warn,   // the last minute of a hold
    Focus,  // the line or field under the cursor
    SeatFree,
    SeatHeld,
    SeatSold,
    SeatOurs,
    SeatSelected,
    SeatCursor,
    QrCode, // dark modules as ink on a light background
};

// One key press: a character (UTF-8) or one of curses' KEY_* codes.
struct Key {
    int code = 0;     // KEY_* for function and cursor keys; 0 for a character
    std::string text; // the character typed, when code == 0
    bool none() const { return code == 0 && text.empty(); }
    bool is(char ch) const { return code == 0 && text.size() == 1 && text[0] == ch; }
};

class Terminal {
public:
    Terminal();
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    bool colour() const { return m_colour; }
    int width() const;
    int height() const;

    // Waits up to `timeoutMs` for a key; none() when it timed out. A resize comes as
    // KEY_RESIZE.
    Key read(int timeoutMs);

    void clear();
    void present();
    // Writes `text` at (row, column), cut at `maxColumns` cells (-1: to the right edge).
    void text(int row, int column, std::string_view text, Look look = Look::Normal,
              int maxColumns = -1);
    // Writes `text` wrapped at spaces into lines of `width` cells from (row, column); returns
    // how many lines it took.
    int paragraph(int row, int column, std::string_view text, Look look, int width);
    // Fills `count` cells of a row with spaces in `look` (bars, the focus line).
    void fill(int row, int column, int count, Look look);
    // Shows the text cursor at (row, column) once presented, or hides it (row < 0).
    void cursorAt(int row, int column);

private:
    int attributesOf(Look look) const;
    bool m_colour = false;
    int m_cursorRow = -1;
    int m_cursorColumn = 0;
};

// Cells a UTF-8 text takes (one per code point: names and the box-drawing glyphs here are
// one cell each).
int cellsOf(std::string_view text);
// The first `cells` cells of a UTF-8 text.
std::string firstCells(std::string_view text, int cells);

} // namespace bilheteria::term
