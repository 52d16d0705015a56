// A QR code as lines of text, two modules per character cell with the half blocks ▀ ▄ █: what
// the confirmation screen draws and the plain-text ticket carries. The code is libqrencode's
// (error correction M, as the desktop client's tickets), with the four-module quiet zone a
// scanner needs.
#pragma once

#include <string>
#include <vector>

namespace bilheteria::term {

struct QrModules {
    int size = 0;           // modules per side, quiet zone included
    std::vector<bool> dark; // size * size, row by row
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)]; }
};

// Empty (size 0) when the text cannot be encoded. `onScreen`: error correction L instead of M
// (a screen is not creased or smudged, and a signed token then fits a 36-line terminal).
QrModules qrModules(const std::string& text, bool onScreen = false);

// `inkIsDark`: the characters' ink draws the dark modules (paper, or dark text on a light
// background); otherwise the ink draws the light ones (light text on a dark terminal).
std::vector<std::string> qrHalfBlocks(const QrModules& code, bool inkIsDark);

} // namespace bilheteria::term
