// "Best available": where in one row a block of `n` adjacent open seats sits best — the
// window nearest the row's centre. The desktop and terminal seat maps both ask it row by row,
// front rows and cheaper sections first, and offer the first row that has a block.
#pragma once

#include <functional>
#include <optional>

namespace bilheteria {

// The first seat (0-based, left to right) of the best block of `n` adjacent seats among a
// row's `count`, where `open(i)` says whether seat i can be chosen; nullopt when none fits.
std::optional<int> bestBlockInRow(int count, int n, const std::function<bool(int)>& open);

} // namespace bilheteria
