// The texts of `serve`'s options that CLI11 leaves as text (on the command line or in a --config
// file): HOST:PORT and RATE:BURST. Apart from serve.cpp so fuzz/fuzz_config.cpp reads them
// without a server.
#pragma once

#include <string>

#include "server/core/ratelimiter.h"

namespace bilheteria {

// Parses "RATE:BURST" (a positive finite rate, a finite burst of at least 1) or "off" into
// `limit`; false when the text is neither.
bool parseLimit(const std::string& text, RateLimit& limit);

// "HOST:PORT" or "[IPv6]:PORT", the port 0–65535; false when the text is neither.
bool parseListen(const std::string& text, std::string& host, int& port);

} // namespace bilheteria
