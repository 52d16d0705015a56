// A full-screen page of the terminal app (sign-in, events, seat map, checkout, ...): it draws
// itself in the area between the title bar and the message and F-key lines, takes the keys
// the shell does not, and ticks a few times a second (countdowns, the live stream, polling).
#pragma once

#include <string>
#include <vector>

#include "client-term/ui/terminal.h"

namespace bilheteria::term {

// The rectangle a screen may draw in.
struct Area {
    int top = 0;
    int left = 0;
    int height = 0;
    int width = 0;
    int bottom() const { return top + height; }
};

// One entry of the status line: the key ("F5", "Enter") and what it does.
struct Hint {
    std::string key;
    std::string label;
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual std::string title() const = 0;
    virtual std::vector<Hint> hints() const = 0;
    virtual void draw(Terminal& terminal, const Area& area) = 0;
    virtual void key(const Key& key) = 0;
    virtual void tick() {}
    // Called when the screen is on top again after the one above it closed.
    virtual void resumed() {}
};

} // namespace bilheteria::term
