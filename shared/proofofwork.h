// The proof-of-work rule the server checks and every client solves (hashcash style): a
// solution solves a challenge at `bits` when SHA-256("challenge:solution") starts with `bits`
// zero bits. Hashing is left to each side's library (OpenSSL, QCryptographicHash); the rule and
// the counting solver are here once.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace bilheteria::proofofwork {

// The SHA-256 digest (32 raw bytes) of a text.
using Sha256 = std::function<std::string(std::string_view)>;

// The text whose digest is checked.
std::string hashedText(std::string_view challenge, std::string_view solution);
// Whether `digest` starts with `bits` zero bits (true for bits <= 0; false past its length).
bool hasLeadingZeroBits(std::string_view digest, int bits);
// Counts up from 0 until a number solves the challenge; returns it as text.
std::string solve(std::string_view challenge, int bits, const Sha256& sha256);

} // namespace bilheteria::proofofwork
