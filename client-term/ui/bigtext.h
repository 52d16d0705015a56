// Large text for what a clerk must read from a step away: the change to hand back and the
// hold's countdown. Five lines tall, in full blocks; digits, ':', ',', '.', '-', "R$" and
// spaces (anything else is a space).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bilheteria::term {

// Five lines of equal width in cells.
std::vector<std::string> bigText(std::string_view text);

} // namespace bilheteria::term
