// A QR code's modules from libqrencode (error correction M, as the desktop client's tickets,
// or L on a screen), with the four-module quiet zone a scanner needs: what the ticket PDF
// (ticketpdf.h) draws and the terminal client turns into half blocks.
#pragma once

#include <string>
#include <vector>

namespace bilheteria {

struct QrModules {
    int size = 0;           // modules per side, quiet zone included
    std::vector<bool> dark; // size * size, row by row
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)]; }
};

// Empty (size 0) when the text cannot be encoded. `onScreen`: error correction L instead of M
// (a screen is not creased or smudged, and a signed token then fits a 36-line terminal).
QrModules qrModules(const std::string& text, bool onScreen = false);

} // namespace bilheteria
