// Large text for what a clerk must read from a step away: the change to hand back, the hold's
// countdown and the door's answer. Five lines tall, in full blocks (or another `ink`, one
// cell wide); digits, letters A-Z (lower case drawn as upper), ':', ',', '.', '-', '$', '!'
// and spaces (anything else is a space; accents are dropped: write "LIBERADO", not "LIBERAÇÃO").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bilheteria::term {

// Five lines of equal width in cells.
std::vector<std::string> bigText(std::string_view text, std::string_view ink = "\u2588");

} // namespace bilheteria::term
