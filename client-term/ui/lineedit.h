// One line of typed text: an email, a password (shown as dots), a card number, an amount.
// Keeps the text as UTF-8 and a cursor by code point; knows nothing of curses so the fields'
// rules are tested alone.
#pragma once

#include <string>

#include "client-term/ui/terminal.h"

namespace bilheteria::term {

class LineEdit {
public:
    enum class Accept { Any, Digits, Amount, Expiry };

    explicit LineEdit(Accept accept = Accept::Any, std::size_t maxLength = 120, bool secret = false)
        : m_accept(accept)
        , m_maxLength(maxLength)
        , m_secret(secret) {}

    const std::string& text() const { return m_text; }
    void setText(std::string text);
    void clear();
    bool empty() const { return m_text.empty(); }
    // Overwrites the text in memory before dropping it (card numbers, CVCs, passwords).
    void wipe();

    // Edits by the key; false when the key is not an editing key (the screen handles it).
    bool handle(const Key& key);

    // What the field shows (dots for a secret) and where its cursor is, in cells.
    std::string shown() const;
    int cursorCells() const;

    // Draws the field at (row, column), `width` cells wide, with the caret when focused.
    void draw(Terminal& terminal, int row, int column, int width, bool focused) const;

private:
    bool accepts(const std::string& character) const;

    Accept m_accept;
    std::size_t m_maxLength;
    bool m_secret;
    std::string m_text;
    std::size_t m_cursor = 0; // a byte offset at a code point's start
};

} // namespace bilheteria::term
