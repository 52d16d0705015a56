#include "client-term/ui/terminal.h"

#include <climits>
#include <cstdlib>
#include <cwchar>

#include <curses.h>

namespace bilheteria::term {

namespace {

// Colour pairs, one per look that has a colour of its own.
enum Pair : short {
    kTitle = 1,
    kStatus,
    kDim,
    kGood,
    kBad,
    kWarn,
    kFocus,
    kFree,
    kHeld,
    kSold,
    kOurs,
    kSelected,
    kCursor,
    kQr,
};

// Decodes one code point of `text` at `at`; returns its byte length (1 for a broken byte).
std::size_t decode(std::string_view text, std::size_t at, wchar_t& out) {
    std::mbstate_t state{};
    const std::size_t length = std::mbrtowc(&out, text.data() + at, text.size() - at, &state);
    if (length == static_cast<std::size_t>(-1) || length == static_cast<std::size_t>(-2) ||
        length == 0) {
        out = L'?';
        return 1;
    }
    return length;
}

int widthOf(wchar_t ch) {
    const int width = ::wcwidth(ch);
    return width < 0 ? 1 : width;
}

} // namespace

int cellsOf(std::string_view text) {
    int cells = 0;
    for (std::size_t at = 0; at < text.size();) {
        wchar_t ch;
        at += decode(text, at, ch);
        cells += widthOf(ch);
    }
    return cells;
}

std::string firstCells(std::string_view text, int cells) {
    std::size_t at = 0;
    int used = 0;
    while (at < text.size()) {
        wchar_t ch;
        const std::size_t length = decode(text, at, ch);
        if (used + widthOf(ch) > cells) break;
        used += widthOf(ch);
        at += length;
    }
    return std::string(text.substr(0, at));
}

Terminal::Terminal() {
    initscr();
    raw(); // Ctrl-C reaches the app as a key: it asks before leaving a sale half done
    noecho();
    keypad(stdscr, TRUE);
    nonl();
    set_escdelay(25);
    curs_set(0);
    const char* noColor = std::getenv("NO_COLOR");
    m_colour = (noColor == nullptr || *noColor == '\0') && has_colors();
    if (m_colour) {
        start_color();
        use_default_colors();
        init_pair(kTitle, COLOR_WHITE, COLOR_BLUE);
        init_pair(kStatus, COLOR_BLACK, COLOR_CYAN);
        init_pair(kDim, COLOR_CYAN, -1);
        init_pair(kGood, COLOR_GREEN, -1);
        init_pair(kBad, COLOR_RED, -1);
        init_pair(kWarn, COLOR_YELLOW, -1);
        init_pair(kFocus, COLOR_BLACK, COLOR_WHITE);
        init_pair(kFree, COLOR_GREEN, -1);
        init_pair(kHeld, COLOR_YELLOW, -1);
        init_pair(kSold, COLOR_RED, -1);
        init_pair(kOurs, COLOR_CYAN, -1);
        init_pair(kSelected, COLOR_BLACK, COLOR_GREEN);
        init_pair(kCursor, COLOR_BLACK, COLOR_YELLOW);
        init_pair(kQr, COLOR_BLACK, COLOR_WHITE);
    }
}

Terminal::~Terminal() {
    endwin();
}

int Terminal::width() const {
    return COLS;
}

int Terminal::height() const {
    return LINES;
}

int Terminal::attributesOf(Look look) const {
    if (!m_colour) {
        // Without colour every look still differs: the map reads by its glyphs, and these
        // mark the cursor, the selection and the bars.
        switch (look) {
        case Look::Title:
        case Look::Status:
        case Look::Focus:
        case Look::SeatCursor:
            return A_REVERSE;
        case Look::Strong:
        case Look::Bad:
        case Look::SeatSelected:
        case Look::SeatOurs:
            return A_BOLD;
        case Look::Warn:
            return A_BOLD | A_UNDERLINE;
        case Look::Dim:
        case Look::SeatSold:
            return A_DIM;
        default:
            return A_NORMAL;
        }
    }
    switch (look) {
    case Look::Normal:
        return A_NORMAL;
    case Look::Title:
        return COLOR_PAIR(kTitle) | A_BOLD;
    case Look::Status:
        return COLOR_PAIR(kStatus);
    case Look::Dim:
        return COLOR_PAIR(kDim);
    case Look::Strong:
        return A_BOLD;
    case Look::Good:
        return COLOR_PAIR(kGood) | A_BOLD;
    case Look::Bad:
        return COLOR_PAIR(kBad) | A_BOLD;
    case Look::Warn:
        return COLOR_PAIR(kWarn) | A_BOLD;
    case Look::Focus:
        return COLOR_PAIR(kFocus);
    case Look::SeatFree:
        return COLOR_PAIR(kFree);
    case Look::SeatHeld:
        return COLOR_PAIR(kHeld);
    case Look::SeatSold:
        return COLOR_PAIR(kSold);
    case Look::SeatOurs:
        return COLOR_PAIR(kOurs) | A_BOLD;
    case Look::SeatSelected:
        return COLOR_PAIR(kSelected) | A_BOLD;
    case Look::SeatCursor:
        return COLOR_PAIR(kCursor) | A_BOLD;
    case Look::QrCode:
        return COLOR_PAIR(kQr);
    }
    return A_NORMAL;
}

Key Terminal::read(int timeoutMs) {
    timeout(timeoutMs);
    wint_t ch = 0;
    const int kind = get_wch(&ch);
    Key key;
    if (kind == ERR) return key;
    if (kind == KEY_CODE_YES) {
        key.code = static_cast<int>(ch);
        return key;
    }
    // Control characters the screens treat as keys.
    switch (ch) {
    case L'\r':
    case L'\n':
        key.code = KEY_ENTER;
        return key;
    case 27:
        key.code = 27; // Escape
        return key;
    case 127:
    case 8:
        key.code = KEY_BACKSPACE;
        return key;
    case L'\t':
        key.code = '\t';
        return key;
    default:
        break;
    }
    if (ch < 32) {
        key.code = static_cast<int>(ch); // Ctrl-<letter>
        return key;
    }
    std::mbstate_t state{};
    char buffer[MB_LEN_MAX];
    const std::size_t length = std::wcrtomb(buffer, static_cast<wchar_t>(ch), &state);
    if (length != static_cast<std::size_t>(-1)) key.text.assign(buffer, length);
    return key;
}

void Terminal::clear() {
    erase();
    m_cursorRow = -1;
}

void Terminal::present() {
    // The caret goes last: every write before moved curses' own position.
    if (m_cursorRow >= 0) {
        curs_set(1);
        move(m_cursorRow, m_cursorColumn);
    } else {
        curs_set(0);
    }
    refresh();
}

void Terminal::text(int row, int column, std::string_view text, Look look, int maxColumns) {
    if (row < 0 || row >= LINES || column >= COLS) return;
    const int room = COLS - column;
    const int cells = maxColumns < 0 ? room : std::min(room, maxColumns);
    if (cells <= 0) return;
    const std::string cut = firstCells(text, cells);
    attrset(attributesOf(look));
    mvaddstr(row, column, cut.c_str());
    attrset(A_NORMAL);
}

int Terminal::paragraph(int row, int column, std::string_view text, Look look, int width) {
    int lines = 0;
    while (!text.empty() && width > 0) {
        const std::string head = firstCells(text, width);
        std::string_view line = text.substr(0, head.size());
        if (line.size() < text.size()) {
            const auto space = line.rfind(' ');
            if (space != std::string_view::npos && space > 0) line = line.substr(0, space);
        }
        this->text(row + lines, column, line, look, width);
        ++lines;
        text.remove_prefix(line.size());
        while (!text.empty() && text.front() == ' ')
            text.remove_prefix(1);
    }
    return lines;
}

void Terminal::fill(int row, int column, int count, Look look) {
    if (row < 0 || row >= LINES) return;
    count = std::min(count, COLS - column);
    if (count <= 0) return;
    attrset(attributesOf(look));
    mvhline(row, column, ' ', count);
    attrset(A_NORMAL);
}

void Terminal::cursorAt(int row, int column) {
    m_cursorRow = row;
    m_cursorColumn = column;
}

} // namespace bilheteria::term
