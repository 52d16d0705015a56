#include "client-term/ui/lineedit.h"

#include <curses.h>

namespace bilheteria::term {

namespace {

bool continuation(char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) == 0x80;
}

std::size_t codePoints(const std::string& text) {
    std::size_t count = 0;
    for (char ch : text)
        if (!continuation(ch)) ++count;
    return count;
}

} // namespace

void LineEdit::setText(std::string text) {
    m_text = std::move(text);
    m_cursor = m_text.size();
}

void LineEdit::clear() {
    m_text.clear();
    m_cursor = 0;
}

void LineEdit::wipe() {
    for (auto& ch : m_text)
        *static_cast<volatile char*>(&ch) = '\0';
    clear();
}

bool LineEdit::accepts(const std::string& character) const {
    const char ch = character.size() == 1 ? character[0] : '\0';
    const bool digit = ch >= '0' && ch <= '9';
    switch (m_accept) {
    case Accept::Any:
        return true;
    case Accept::Digits:
        return digit;
    case Accept::Amount:
        return digit || ch == ',' || ch == '.';
    case Accept::Expiry:
        return digit || ch == '/';
    }
    return false;
}

bool LineEdit::handle(const Key& key) {
    switch (key.code) {
    case 0:
        if (key.text.empty() || !accepts(key.text) || codePoints(m_text) >= m_maxLength)
            return !key.text.empty(); // a refused character is still the field's
        m_text.insert(m_cursor, key.text);
        m_cursor += key.text.size();
        return true;
    case KEY_BACKSPACE: {
        if (m_cursor == 0) return true;
        std::size_t start = m_cursor - 1;
        while (start > 0 && continuation(m_text[start]))
            --start;
        m_text.erase(start, m_cursor - start);
        m_cursor = start;
        return true;
    }
    case KEY_DC:
        if (m_cursor < m_text.size()) {
            std::size_t next = m_cursor + 1;
            while (next < m_text.size() && continuation(m_text[next]))
                ++next;
            m_text.erase(m_cursor, next - m_cursor);
        }
        return true;
    case KEY_LEFT:
        while (m_cursor > 0) {
            --m_cursor;
            if (!continuation(m_text[m_cursor])) break;
        }
        return true;
    case KEY_RIGHT:
        if (m_cursor < m_text.size()) {
            ++m_cursor;
            while (m_cursor < m_text.size() && continuation(m_text[m_cursor]))
                ++m_cursor;
        }
        return true;
    case KEY_HOME:
    case 1: // Ctrl-A
        m_cursor = 0;
        return true;
    case KEY_END:
    case 5: // Ctrl-E
        m_cursor = m_text.size();
        return true;
    case 21: // Ctrl-U: the whole line
        wipe();
        return true;
    default:
        return false;
    }
}

std::string LineEdit::shown() const {
    if (!m_secret) return m_text;
    std::string dots;
    for (std::size_t i = codePoints(m_text); i > 0; --i)
        dots += "\u2022"; // •
    return dots;
}

int LineEdit::cursorCells() const {
    if (m_secret) return static_cast<int>(codePoints(m_text.substr(0, m_cursor)));
    return cellsOf(std::string_view(m_text).substr(0, m_cursor));
}

void LineEdit::draw(Terminal& terminal, int row, int column, int width, bool focused) const {
    const std::string text = shown();
    // Scroll so the caret stays inside the field.
    const int caret = cursorCells();
    const int skip = caret >= width ? caret - width + 1 : 0;
    std::string visible = text;
    if (skip > 0) {
        int dropped = 0;
        std::size_t at = 0;
        while (at < visible.size() && dropped < skip) {
            const std::string one = firstCells(std::string_view(visible).substr(at), 1);
            at += one.empty() ? 1 : one.size();
            ++dropped;
        }
        visible = visible.substr(at);
    }
    terminal.fill(row, column, width, focused ? Look::Focus : Look::Dim);
    terminal.text(row, column, visible, focused ? Look::Focus : Look::Normal, width);
    if (focused) terminal.cursorAt(row, column + caret - skip);
}

} // namespace bilheteria::term
