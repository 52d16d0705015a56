#include "shared/proofofwork.h"

#include <cstdint>

namespace bilheteria::proofofwork {

std::string hashedText(std::string_view challenge, std::string_view solution) {
    std::string text;
    text.reserve(challenge.size() + 1 + solution.size());
    text.append(challenge).append(1, ':').append(solution);
    return text;
}

bool hasLeadingZeroBits(std::string_view digest, int bits) {
    if (bits <= 0) return true;
    if (static_cast<std::size_t>(bits) > digest.size() * 8) return false;
    for (int bit = 0; bit < bits; ++bit) {
        const auto byte = static_cast<unsigned char>(digest[static_cast<std::size_t>(bit / 8)]);
        if (byte & (0x80u >> (bit % 8))) return false;
    }
    return true;
}

std::string solve(std::string_view challenge, int bits, const Sha256& sha256) {
    for (std::uint64_t counter = 0;; ++counter) {
        std::string candidate = std::to_string(counter);
        if (hasLeadingZeroBits(sha256(hashedText(challenge, candidate)), bits)) return candidate;
    }
}

} // namespace bilheteria::proofofwork
