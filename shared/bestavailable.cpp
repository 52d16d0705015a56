#include "shared/bestavailable.h"

#include <algorithm>
#include <cmath>

namespace bilheteria {

std::optional<int> bestBlockInRow(int count, int n, const std::function<bool(int)>& open) {
    if (n <= 0) return std::nullopt;
    const double centre = count / 2.0;
    std::optional<int> best;
    double bestDistance = 0;
    int p = 0;
    while (p < count) {
        if (!open(p)) {
            ++p;
            continue;
        }
        int end = p;
        while (end < count && open(end))
            ++end;
        if (end - p >= n) {
            // The window of this run nearest the row's centre.
            const int start =
                std::clamp(static_cast<int>(std::lround(centre - n / 2.0)), p, end - n);
            const double distance = std::abs(start + n / 2.0 - centre);
            if (!best || distance < bestDistance) {
                best = start;
                bestDistance = distance;
            }
        }
        p = end;
    }
    return best;
}

} // namespace bilheteria
