#include "client-term/ui/form.h"

#include <curses.h>

namespace bilheteria::term {

int Form::add(std::string label, LineEdit edit) {
    m_fields.push_back({std::move(label), std::move(edit), true});
    return static_cast<int>(m_fields.size()) - 1;
}

bool Form::onLast() const {
    for (int i = static_cast<int>(m_fields.size()) - 1; i >= 0; --i)
        if (m_fields[static_cast<std::size_t>(i)].visible) return i == m_focus;
    return true;
}

void Form::step(int direction) {
    const int count = static_cast<int>(m_fields.size());
    for (int tries = 0; tries < count; ++tries) {
        m_focus = (m_focus + direction + count) % count;
        if (m_fields[static_cast<std::size_t>(m_focus)].visible) return;
    }
}

bool Form::handle(const Key& key) {
    if (key.code == '\t' || key.code == KEY_DOWN) {
        step(1);
        return true;
    }
    if (key.code == KEY_BTAB || key.code == KEY_UP) {
        step(-1);
        return true;
    }
    if (m_fields.empty()) return false;
    return m_fields[static_cast<std::size_t>(m_focus)].edit.handle(key);
}

int Form::draw(Terminal& terminal, int row, int column, int labelWidth, int fieldWidth) const {
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
        const Field& field = m_fields[i];
        if (!field.visible) continue;
        const bool focused = static_cast<int>(i) == m_focus;
        terminal.text(row, column, field.label, focused ? Look::Strong : Look::Normal, labelWidth);
        field.edit.draw(terminal, row, column + labelWidth, fieldWidth, focused);
        row += 2;
    }
    return row;
}

} // namespace bilheteria::term
