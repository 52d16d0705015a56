// Small text helpers the protocol's rules need: lengths are counted in characters (code
// points) a person types, not in UTF-8 bytes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace bilheteria {

// The number of code points in valid UTF-8 text (continuation bytes are not counted).
inline std::size_t utf8Length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

} // namespace bilheteria
