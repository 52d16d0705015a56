#include "client-term/models/qrtext.h"

namespace bilheteria::term {

std::vector<std::string> qrHalfBlocks(const QrModules& code, bool inkIsDark) {
    std::vector<std::string> lines;
    for (int y = 0; y < code.size; y += 2) {
        std::string line;
        for (int x = 0; x < code.size; ++x) {
            const bool top = code.at(x, y) == inkIsDark;
            const bool bottom = y + 1 < code.size ? code.at(x, y + 1) == inkIsDark : !inkIsDark;
            if (top && bottom)
                line += "\u2588"; // █
            else if (top)
                line += "\u2580"; // ▀
            else if (bottom)
                line += "\u2584"; // ▄
            else
                line += ' ';
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace bilheteria::term
