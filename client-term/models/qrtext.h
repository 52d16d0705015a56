// A QR code (shared/qrcode.h) as lines of text, two modules per character cell with the half
// blocks ▀ ▄ █: what the confirmation screen draws and the plain-text ticket carries.
#pragma once

#include <string>
#include <vector>

#include "shared/qrcode.h"

namespace bilheteria::term {

// `inkIsDark`: the characters' ink draws the dark modules (paper, or dark text on a light
// background); otherwise the ink draws the light ones (light text on a dark terminal).
std::vector<std::string> qrHalfBlocks(const QrModules& code, bool inkIsDark);

} // namespace bilheteria::term
