#include "shared/qrcode.h"

#include <memory>

#include <qrencode.h>

namespace bilheteria {

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

} // namespace bilheteria
