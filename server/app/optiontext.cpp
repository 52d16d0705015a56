#include "server/app/optiontext.h"

#include <cmath>
#include <exception>

namespace bilheteria {

bool parseLimit(const std::string& text, RateLimit& limit) {
    if (text == "off" || text == "0") {
        limit = RateLimit{0, 0};
        return true;
    }
    const auto colon = text.find(':');
    if (colon == std::string::npos) return false;
    try {
        std::size_t used = 0;
        const double rate = std::stod(text.substr(0, colon), &used);
        if (used != colon) return false;
        const std::string burstText = text.substr(colon + 1);
        const double burst = std::stod(burstText, &used);
        // stod reads "nan" and "inf" too: neither makes a bucket.
        if (used != burstText.size() || !std::isfinite(rate) || !std::isfinite(burst) ||
            rate <= 0 || burst < 1)
            return false;
        limit = RateLimit{rate, burst};
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool parseListen(const std::string& text, std::string& host, int& port) {
    std::string portText;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return false;
        host = text.substr(1, close - 1);
        portText = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0) return false;
        host = text.substr(0, colon);
        portText = text.substr(colon + 1);
    }
    try {
        std::size_t used = 0;
        port = std::stoi(portText, &used);
        return used == portText.size() && port >= 0 && port <= 65535;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace bilheteria
