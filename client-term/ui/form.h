// Labelled fields one under the other, with a focus that Tab, Up and Down move: the sign-in
// and card forms.
#pragma once

#include <string>
#include <vector>

#include "client-term/ui/lineedit.h"
#include "client-term/ui/screen.h"

namespace bilheteria::term {

class Form {
public:
    struct Field {
        std::string label;
        LineEdit edit;
        bool visible = true;
    };

    // Returns the field's index.
    int add(std::string label, LineEdit edit);
    Field& field(int index) { return m_fields[static_cast<std::size_t>(index)]; }
    const std::string& text(int index) const {
        return m_fields[static_cast<std::size_t>(index)].edit.text();
    }
    int focus() const { return m_focus; }
    void setFocus(int index) { m_focus = index; }
    bool onLast() const;

    // Moves the focus (Tab, Down, Up, Shift-Tab) or edits the focused field; false when the
    // key is neither (Enter, Escape, F-keys are the screen's).
    bool handle(const Key& key);
    // Draws from `row` down; returns the row after the last field.
    int draw(Terminal& terminal, int row, int column, int labelWidth, int fieldWidth) const;

private:
    void step(int direction);

    std::vector<Field> m_fields;
    int m_focus = 0;
};

} // namespace bilheteria::term
