#include "client-term/models/qrtext.h"

#include <memory>

#include <qrencode.h>

namespace bilheteria::term {

namespace {
constexpr int kQuietZone = 4;
} // namespace

QrModules qrModules(const std::string& text, bool onScreen) {
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.c_str(), 0, onScreen ? QR_ECLEVEL_L : QR_ECLEVEL_M, QR_MODE_8, 1),
        &QRcode_free);
    QrModules modules;
    if (!code) return modules;
    const int width = code->width;
    modules.size = width + 2 * kQuietZone;
    modules.dark.assign(static_cast<std::size_t>(modules.size * modules.size), false);
    for (int y = 0; y < width; ++y)
        for (int x = 0; x < width; ++x)
            if (code->data[y * width + x] & 1) // bit 0: a dark module
                modules.dark[static_cast<std::size_t>((y + kQuietZone) * modules.size + x +
                                                      kQuietZone)] = true;
    return modules;
}

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
